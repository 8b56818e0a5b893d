package dev.chainrule.fit.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.Var;
import dev.chainrule.fit.optim.Parameter;
import dev.chainrule.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Shapes, parameter lists, initialisation and the trained-model helpers. */
class ModulesTest {
    @Test
    void linearLayerComputesXTimesWPlusB() {
        Linear linear = new Linear("l", 2, 1, Initializer.GLOROT, 1);
        linear.weight().set(Tensor.matrix(new double[] {2}, new double[] {-1}));
        linear.bias().set(Tensor.vector(0.5));

        Tensor output = linear.forward(Var.constant(Tensor.matrix(new double[] {3, 4}))).value();

        // 3 * 2 + 4 * (-1) + 0.5
        assertEquals(2.5, output.get(0, 0), 1e-15);
    }

    @Test
    void linearLayerRejectsAnInputOfTheWrongWidth() {
        Linear linear = new Linear("layer1", 3, 2, Initializer.GLOROT, 1);

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> linear.forward(Var.constant(Tensor.zeros(5, 4))));

        assertEquals("linear layer layer1.weight: input has shape [5, 4] but the layer takes"
                + " [batch, 3]", error.getMessage());
    }

    @Test
    void mlpListsWeightAndBiasOfEachLayerInOrder() {
        Mlp mlp = new Mlp(new int[] {2, 5, 3}, Activation.RELU, Activation.IDENTITY, 1);

        List<String> names = mlp.parameters().stream().map(Parameter::name).toList();

        assertEquals(List.of("layer1.weight", "layer1.bias", "layer2.weight", "layer2.bias"),
                names);
        assertEquals(2 * 5 + 5 + 5 * 3 + 3, mlp.parameterCount());
        assertEquals(List.of(3), List.of(mlp.forward(Var.constant(Tensor.zeros(7, 2)))
                .shape()[1]));
    }

    @Test
    void theSameSeedGivesTheSameInitialWeights() {
        Mlp first = new Mlp(new int[] {1, 4, 1}, Activation.TANH, Activation.IDENTITY, 9);
        Mlp second = new Mlp(new int[] {1, 4, 1}, Activation.TANH, Activation.IDENTITY, 9);

        for (int i = 0; i < first.parameters().size(); i++) {
            // Exactness is the point: seeded initialisation repeats bit for bit.
            assertEquals(first.parameters().get(i).value(), second.parameters().get(i).value());
        }
    }

    @Test
    void glorotWeightsStayWithinTheirLimit() {
        Tensor weights = Initializer.GLOROT.weights(30, 20, 4);

        // a = sqrt(6 / (30 + 20))
        double limit = Math.sqrt(6.0 / 50);
        for (double value : weights.toArray()) {
            assertTrue(Math.abs(value) <= limit, "weight " + value);
        }
    }

    @Test
    void heWeightsHaveTheirStandardDeviation() {
        double[] values = Initializer.HE.weights(200, 200, 4).toArray();

        double sumOfSquares = 0;
        for (double value : values) {
            sumOfSquares += value * value;
        }
        // sqrt(2 / 200) = 0.1; 40,000 draws estimate it within about 0.4% (1 sigma).
        assertEquals(0.1, Math.sqrt(sumOfSquares / values.length), 0.002);
    }

    @Test
    void standardizationRoundTripsAndLeavesConstantColumnsUnscaled() {
        Tensor matrix = Tensor.matrix(new double[] {1, 5}, new double[] {3, 5});
        Standardization scaling = Standardization.fit(matrix, new int[] {0, 1});

        Tensor scaled = scaling.apply(matrix);

        assertTrue(scaled.allClose(Tensor.matrix(new double[] {-1, 0}, new double[] {1, 0}),
                1e-15, 0));
        assertTrue(scaling.invert(scaled).allClose(matrix, 1e-15, 0));
        assertEquals(1.0, scaling.scale()[1], 0.0);
    }

    @Test
    void metricsOfAPerfectAndOfAMeanPrediction() {
        double[] actual = {1, 2, 3, 4};

        assertEquals(0.0, Metrics.rootMeanSquaredError(actual, actual), 0.0);
        assertEquals(1.0, Metrics.rSquared(actual, actual), 1e-15);
        assertEquals(0.0, Metrics.rSquared(new double[] {2.5, 2.5, 2.5, 2.5}, actual), 1e-15);
        assertEquals(0.75, Metrics.accuracy(new int[] {1, 0, 1, 1}, new int[] {1, 0, 1, 0}),
                1e-15);
    }
}
