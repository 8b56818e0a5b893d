package dev.chainrule.fit.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.fit.optim.OptimizerKind;
import dev.chainrule.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Training loop: classification, reproducibility, early stopping, settings that conflict. */
class TrainerTest {
    private static final Trainer.ColumnNames REGRESSION_NAMES =
            new Trainer.ColumnNames(List.of("x"), List.of("y"), List.of());

    private static Dataset noisyLine(long seed) {
        Tensor x = Tensor.linspace(-1, 1, 60).reshape(60, 1);
        Tensor noise = Tensor.randomNormal(seed, 0.0, 0.3, 60, 1);
        return new Dataset(x, x.mul(3.0).add(noise));
    }

    @Test
    void twoMoonsAreClassifiedWithAtLeast97PercentAccuracy() {
        Dataset moons = TwoMoons.generate(150, 0.1, 42);
        Mlp network = new Mlp(new int[] {2, 16, 16, 1}, Activation.TANH, Activation.IDENTITY, 3);

        TrainingResult result = new Trainer()
                .optimizer(OptimizerKind.LBFGS)
                .epochs(200)
                .validationFraction(0.2)
                .seed(5)
                .fit(network, moons, Task.CLASSIFY,
                        new Trainer.ColumnNames(List.of("x", "y"), List.of("moon"),
                                List.of("upper", "lower")),
                        TrainingListener.none());

        int[] labels = new int[moons.rows()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (int) moons.targets().getFlat(i);
        }
        int[] predicted = result.model().classify(moons.inputs());
        double accuracy = Metrics.accuracy(predicted, labels);
        assertTrue(accuracy >= 0.97, "accuracy " + accuracy);
    }

    @Test
    void miniBatchAdamWithTheSameSeedRepeatsExactly() {
        List<Double> first = trainWithSeed(9).trainingLosses();
        List<Double> second = trainWithSeed(9).trainingLosses();
        List<Double> other = trainWithSeed(10).trainingLosses();

        // Exactness is the point here: the same seed must replay the same arithmetic.
        assertEquals(first, second);
        assertNotEquals(first, other);
    }

    private static TrainingResult trainWithSeed(long seed) {
        Mlp network = new Mlp(new int[] {1, 8, 1}, Activation.TANH, Activation.IDENTITY, seed);
        return new Trainer()
                .optimizer(OptimizerKind.ADAM)
                .batchSize(16)
                .epochs(20)
                .validationFraction(0.25)
                .seed(seed)
                .fit(network, noisyLine(1), Task.REGRESS, REGRESSION_NAMES,
                        TrainingListener.none());
    }

    @Test
    void earlyStoppingKeepsTheBestEpochOfAnOverfittingNetwork() {
        // A wide network on 60 noisy points of a line overfits: validation loss turns up.
        Mlp network = new Mlp(new int[] {1, 64, 64, 1}, Activation.TANH, Activation.IDENTITY, 2);
        List<EpochReport> reports = new ArrayList<>();

        TrainingResult result = new Trainer()
                .optimizer(OptimizerKind.LBFGS)
                .epochs(2000)
                .validationFraction(0.3)
                .patience(20)
                .seed(4)
                .fit(network, noisyLine(2), Task.REGRESS, REGRESSION_NAMES, reports::add);

        assertEquals(TrainingResult.StopReason.EARLY_STOPPING, result.stopReason());
        assertEquals(result.bestEpoch() + 20, result.epochs());
        assertEquals(result.epochs(), reports.size());
        double bestValidation = reports.stream().mapToDouble(EpochReport::validationLoss)
                .min().orElseThrow();
        assertEquals(bestValidation, result.validationLoss(), 0.0);
    }

    @Test
    void regressionPredictionsComeBackInTheTargetsUnits() {
        // y = 1000 + 50 x: standardisation must be undone for predictions to match.
        Tensor x = Tensor.linspace(0, 10, 40).reshape(40, 1);
        Tensor y = x.mul(50.0).add(1000.0);
        Mlp network = new Mlp(new int[] {1, 1}, Activation.IDENTITY, Activation.IDENTITY, 1);

        TrainingResult result = new Trainer().optimizer(OptimizerKind.LBFGS).epochs(50)
                .fit(network, new Dataset(x, y), Task.REGRESS, REGRESSION_NAMES,
                        TrainingListener.none());

        assertTrue(result.model().output(x).allClose(y, 1e-9, 1e-9));
    }

    @Test
    void lbfgsWithMiniBatchesIsRejected() {
        Mlp network = new Mlp(new int[] {1, 4, 1}, Activation.TANH, Activation.IDENTITY, 1);
        Trainer trainer = new Trainer().optimizer(OptimizerKind.LBFGS).batchSize(10);

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> trainer.fit(network, noisyLine(1), Task.REGRESS, REGRESSION_NAMES,
                        TrainingListener.none()));

        assertTrue(error.getMessage().startsWith("training: L-BFGS needs the full batch"));
    }

    @Test
    void earlyStoppingWithoutValidationIsRejected() {
        Mlp network = new Mlp(new int[] {1, 4, 1}, Activation.TANH, Activation.IDENTITY, 1);
        Trainer trainer = new Trainer().patience(5);

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> trainer.fit(network, noisyLine(1), Task.REGRESS, REGRESSION_NAMES,
                        TrainingListener.none()));

        assertEquals("training: early stopping (patience 5) needs a validation part; set a"
                + " validation fraction above 0", error.getMessage());
    }

    @Test
    void threeBlobsAreSeparatedWithSoftmaxCrossEntropy() {
        // Three well-separated Gaussian blobs centred at (0, 3), (3, 0) and (-3, -3).
        double[][] centres = {{0, 3}, {3, 0}, {-3, -3}};
        int rows = 90;
        Tensor noise = Tensor.randomNormal(8, 0.0, 0.5, rows, 2);
        double[] inputs = new double[rows * 2];
        double[] labels = new double[rows];
        for (int i = 0; i < rows; i++) {
            labels[i] = i % 3;
            inputs[2 * i] = centres[i % 3][0] + noise.get(i, 0);
            inputs[2 * i + 1] = centres[i % 3][1] + noise.get(i, 1);
        }
        Dataset blobs = new Dataset(Tensor.of(new int[] {rows, 2}, inputs),
                Tensor.of(new int[] {rows, 1}, labels));
        Mlp network = new Mlp(new int[] {2, 8, 3}, Activation.RELU, Activation.IDENTITY, 2);

        TrainingResult result = new Trainer().optimizer(OptimizerKind.ADAM).epochs(200)
                .batchSize(30).seed(3)
                .fit(network, blobs, Task.CLASSIFY, new Trainer.ColumnNames(List.of("a", "b"),
                        List.of("blob"), List.of("north", "east", "south-west")),
                        TrainingListener.none());

        int[] actual = new int[rows];
        for (int i = 0; i < rows; i++) {
            actual[i] = (int) labels[i];
        }
        assertEquals(1.0, Metrics.accuracy(result.model().classify(blobs.inputs()), actual),
                0.0);
        Tensor probabilities = result.model().probabilities(blobs.inputs());
        for (int i = 0; i < rows; i++) {
            double total = probabilities.get(i, 0) + probabilities.get(i, 1)
                    + probabilities.get(i, 2);
            assertEquals(1.0, total, 1e-12, "row " + i);
        }
    }
}
