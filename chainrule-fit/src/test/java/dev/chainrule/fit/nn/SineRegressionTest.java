package dev.chainrule.fit.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.fit.optim.OptimizerKind;
import dev.chainrule.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A small network learns sin(x) on [-pi, pi] from 200 evenly spaced points. */
class SineRegressionTest {
    @Test
    void lbfgsFitsTheSineToRmseBelowOneHundredth() {
        Tensor x = Tensor.linspace(-Math.PI, Math.PI, 200).reshape(200, 1);
        Tensor y = x.map(Math::sin);
        Dataset data = new Dataset(x, y);
        Mlp network = new Mlp(new int[] {1, 16, 16, 1}, Activation.TANH, Activation.IDENTITY, 1);

        long start = System.nanoTime();
        TrainingResult result = new Trainer()
                .optimizer(OptimizerKind.LBFGS)
                .epochs(300)
                .seed(1)
                .fit(network, data, Task.REGRESS,
                        new Trainer.ColumnNames(List.of("x"), List.of("y"), List.of()),
                        TrainingListener.none());
        double seconds = (System.nanoTime() - start) / 1e9;

        double rmse = Metrics.rootMeanSquaredError(result.model().output(x).toArray(),
                y.toArray());
        assertTrue(rmse < 0.01, "rmse " + rmse + " after " + result.epochs() + " epochs, "
                + seconds + " s, " + result.stopReason());
    }
}
