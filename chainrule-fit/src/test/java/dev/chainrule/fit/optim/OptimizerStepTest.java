package dev.chainrule.fit.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.Var;
import dev.chainrule.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Single steps worked out by hand on f(w) = sum(w^2) / 2, whose gradient is w itself. */
class OptimizerStepTest {
    private final Parameter weights = new Parameter("w", Tensor.vector(2.0, -4.0));

    private Var halfSquaredNorm() {
        return weights.var().square().sum().mul(0.5);
    }

    @Test
    void plainGradientDescentStepsAgainstTheGradient() {
        Sgd sgd = new Sgd(List.of(weights), 0.25);

        double loss = sgd.step(this::halfSquaredNorm);

        // f = (4 + 16) / 2 = 10; w - 0.25 w = 0.75 w
        assertEquals(10.0, loss, 1e-15);
        assertTrue(weights.value().allClose(Tensor.vector(1.5, -3.0), 1e-15, 0));
    }

    @Test
    void momentumAndNesterovDifferFromTheSecondStepOn() {
        Parameter other = new Parameter("v", Tensor.vector(2.0, -4.0));
        Sgd classical = new Sgd(List.of(weights), 0.1, 0.5, false, 0.0);
        Sgd nesterov = new Sgd(List.of(other), 0.1, 0.5, true, 0.0);

        classical.step(this::halfSquaredNorm);
        nesterov.step(() -> other.var().square().sum().mul(0.5));

        // classical: v = g = 2, w = 2 - 0.1 * 2 = 1.8
        // Nesterov: v = 2, w = 2 - 0.1 (g + 0.5 v) = 2 - 0.1 * 3 = 1.7
        assertEquals(1.8, weights.value().getFlat(0), 1e-15);
        assertEquals(1.7, other.value().getFlat(0), 1e-15);
    }

    @Test
    void adamFirstStepMovesEachEntryByTheLearningRate() {
        Adam adam = Adam.adam(List.of(weights), 0.01);

        adam.step(this::halfSquaredNorm);

        // Bias-corrected m = g and v = g^2, so the step is 0.01 g / (|g| + 1e-8).
        assertEquals(2.0 - 0.01 * 2 / (2 + 1e-8), weights.value().getFlat(0), 1e-15);
        assertEquals(-4.0 + 0.01 * 4 / (4 + 1e-8), weights.value().getFlat(1), 1e-15);
    }

    @Test
    void adamWDecaysTheWeightsBesideTheAdamStep() {
        Adam adamW = Adam.adamW(List.of(weights), 0.01, 0.5);

        adamW.step(this::halfSquaredNorm);

        // w (1 - 0.01 * 0.5) - 0.01 g / (|g| + 1e-8)
        assertEquals(2.0 * 0.995 - 0.01 * 2 / (2 + 1e-8), weights.value().getFlat(0), 1e-15);
    }

    @Test
    void aParameterTheLossIgnoresGetsAZeroGradientAndStays() {
        Parameter unused = new Parameter("unused", Tensor.scalar(3.0));
        Sgd sgd = new Sgd(List.of(weights, unused), 0.1);

        sgd.step(this::halfSquaredNorm);

        assertEquals(3.0, unused.value().item(), 0.0);
    }

    @Test
    void aNonFiniteLossStopsTheStepAndLeavesTheParameters() {
        Sgd sgd = new Sgd(List.of(weights), 0.1);
        Tensor before = weights.value();

        ArithmeticException error = assertThrows(ArithmeticException.class,
                () -> sgd.step(() -> weights.var().sum().mul(Double.POSITIVE_INFINITY)));

        assertTrue(error.getMessage().startsWith("optimizer: the loss is -Infinity"),
                error.getMessage());
        assertSame(before, weights.value());
    }

    @Test
    void aZeroLearningRateIsRejected() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new Sgd(List.of(weights), 0.0));

        assertEquals("optimizer: learning rate must be positive and finite, got 0.0",
                error.getMessage());
    }
}
