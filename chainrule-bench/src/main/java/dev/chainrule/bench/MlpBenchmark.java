package dev.chainrule.bench;

import dev.chainrule.autodiff.Var;
import dev.chainrule.fit.nn.Activation;
import dev.chainrule.fit.nn.Loss;
import dev.chainrule.fit.nn.Mlp;
import dev.chainrule.fit.optim.Adam;
import dev.chainrule.fit.optim.Parameter;
import dev.chainrule.tensor.Tensor;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One full-batch Adam step (loss, gradient, update) of an MLP 1-64-64-1 with tanh on 10,000
 * points of sin(x) + 1/2: {@link #engineAdamStep} with the library's {@link Mlp}, mean squared
 * error and {@link Adam}; {@link #handWrittenAdamStep} with the forward and backward pass of
 * {@link HandWrittenMlp} and the Adam update written out in plain Java. Both start from the
 * same weights and, step for step, compute the same numbers (checked by
 * {@code BenchmarksComputeTheSameTest}). The target: the engine within 1.5 times the
 * hand-written step; PyTorch 1.13 (CPU, float64, 2 threads) takes about 30 ms.
 *
 * <p>The state trains on across invocations; every step costs the same work whatever the
 * weights, so the timing does not depend on how far training has gone.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MlpBenchmark {
    static final int POINTS = 10_000;
    static final int HIDDEN = 64;
    static final double LEARNING_RATE = 1e-3;

    Var inputs;
    Tensor targets;
    Mlp network;
    Adam adam;
    HandWrittenAdam handWritten;

    @Setup
    public void setUp() {
        Tensor x = Tensor.linspace(-Math.PI, Math.PI, POINTS).reshape(POINTS, 1);
        // Shifted by 1/2: with sin alone the network is odd at the start and the gradients of
        // the first biases vanish by symmetry, and Adam would scale their rounding noise up to
        // full steps, so the two versions could not be compared number for number.
        targets = x.map(value -> Math.sin(value) + 0.5);
        inputs = Var.constant(x);
        network = new Mlp(new int[] {1, HIDDEN, HIDDEN, 1}, Activation.TANH,
                Activation.IDENTITY, 1);
        adam = Adam.adam(network.parameters(), LEARNING_RATE);
        handWritten = new HandWrittenAdam(x.toArray(), targets.toArray(),
                network.parameters(), LEARNING_RATE);
    }

    /** The engine's step; returns the loss before the update. */
    @Benchmark
    public double engineAdamStep() {
        return adam.step(() -> Loss.meanSquaredError().apply(network.forward(inputs), targets));
    }

    /** The hand-written step; returns the loss before the update. */
    @Benchmark
    public double handWrittenAdamStep() {
        return handWritten.step();
    }

    /** Adam (Kingma and Ba, 2015, Algorithm 1) over the gradient of {@link HandWrittenMlp}. */
    static final class HandWrittenAdam {
        private final double[] x;
        private final double[] y;
        private final double rate;
        final double[][] weights;
        private final double[][] firstMoment;
        private final double[][] secondMoment;
        private int steps;

        HandWrittenAdam(double[] x, double[] y, List<Parameter> initial, double rate) {
            this.x = x;
            this.y = y;
            this.rate = rate;
            this.weights = new double[initial.size()][];
            this.firstMoment = new double[initial.size()][];
            this.secondMoment = new double[initial.size()][];
            for (int p = 0; p < weights.length; p++) {
                weights[p] = initial.get(p).value().toArray();
                firstMoment[p] = new double[weights[p].length];
                secondMoment[p] = new double[weights[p].length];
            }
        }

        double step() {
            double[][] lossAndGradient = HandWrittenMlp.lossAndGradient(x, y, weights);
            steps++;
            double correction1 = 1 - Math.pow(0.9, steps);
            double correction2 = 1 - Math.pow(0.999, steps);
            for (int p = 0; p < weights.length; p++) {
                double[] w = weights[p];
                double[] g = lossAndGradient[p + 1];
                double[] m = firstMoment[p];
                double[] v = secondMoment[p];
                for (int j = 0; j < w.length; j++) {
                    m[j] = 0.9 * m[j] + 0.1 * g[j];
                    v[j] = 0.999 * v[j] + 0.001 * g[j] * g[j];
                    w[j] -= rate * (m[j] / correction1) / (Math.sqrt(v[j] / correction2) + 1e-8);
                }
            }
            return lossAndGradient[0][0];
        }
    }
}
