package dev.chainrule.fit.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.Var;
import dev.chainrule.tensor.Tensor;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every optimizer minimises the Rosenbrock function {@code (1 - x)^2 + 100 (y - x^2)^2} from
 * the classic start (-1.2, 1); the minimum is 0 at (1, 1), at the end of a long curved valley.
 */
class RosenbrockTest {
    private final Parameter x = new Parameter("x", Tensor.scalar(-1.2));
    private final Parameter y = new Parameter("y", Tensor.scalar(1.0));
    private final List<Parameter> parameters = List.of(x, y);

    private Var rosenbrock() {
        Var a = x.var();
        Var b = y.var();
        return a.rsub(1.0).square().add(b.sub(a.square()).square().mul(100));
    }

    static Stream<Arguments> firstOrderOptimizers() {
        // Rates and step counts chosen so each method reaches the valley's end: the valley's
        // curvature (about 1000 across, 1 along) limits plain gradient steps to about 1e-3.
        return Stream.of(
                Arguments.of("sgd with momentum",
                        (Function<List<Parameter>, Optimizer>) p ->
                                new Sgd(p, 1e-3, 0.9, false, 0.0), 20_000),
                Arguments.of("sgd with Nesterov momentum",
                        (Function<List<Parameter>, Optimizer>) p ->
                                new Sgd(p, 1e-3, 0.9, true, 0.0), 20_000),
                Arguments.of("adam",
                        (Function<List<Parameter>, Optimizer>) p -> Adam.adam(p, 0.02), 20_000),
                Arguments.of("adamw with zero decay",
                        (Function<List<Parameter>, Optimizer>) p -> Adam.adamW(p, 0.02, 0.0),
                        20_000));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("firstOrderOptimizers")
    void firstOrderOptimizerReachesTheMinimum(String label,
            Function<List<Parameter>, Optimizer> factory, int steps) {
        Optimizer optimizer = factory.apply(parameters);

        for (int i = 0; i < steps; i++) {
            optimizer.step(this::rosenbrock);
        }

        assertEquals(1.0, x.value().item(), 1e-3, label + ": x");
        assertEquals(1.0, y.value().item(), 2e-3, label + ": y");
    }

    @Test
    void lbfgsReachesTheMinimumToOneInAHundredMillionInUnderAHundredIterations() {
        Lbfgs lbfgs = new Lbfgs(parameters);

        Lbfgs.Result result = lbfgs.minimize(this::rosenbrock, 100, 1e-10);

        assertTrue(result.iterations() < 100, "iterations: " + result.iterations());
        assertEquals(1.0, x.value().item(), 1e-8);
        assertEquals(1.0, y.value().item(), 1e-8);
        assertTrue(result.loss() < 1e-16, "loss " + result.loss());
    }

    @Test
    void lbfgsStepReturnsTheLossBeforeTheStepAndLowersIt() {
        Lbfgs lbfgs = new Lbfgs(parameters);
        // f(-1.2, 1) = 2.2^2 + 100 (1 - 1.44)^2 = 4.84 + 19.36 = 24.2
        double before = lbfgs.step(this::rosenbrock);

        assertEquals(24.2, before, 1e-12);
        assertTrue(rosenbrock().item() < before);
    }

    @Test
    void clippingBoundsTheFirstStepOfPlainGradientDescent() {
        // The gradient at the start is (-215.6, -88), norm 232.9; clipped to 1 the step is
        // rate * g / |g|, so x moves by 0.1 * 215.6 / 232.9.
        Sgd sgd = new Sgd(parameters, 0.1);
        sgd.clipGradientNorm(1.0);

        sgd.step(this::rosenbrock);

        double norm = Math.hypot(215.6, 88.0);
        assertEquals(-1.2 + 0.1 * 215.6 / norm, x.value().item(), 1e-12);
        assertEquals(1.0 + 0.1 * 88.0 / norm, y.value().item(), 1e-12);
    }
}
