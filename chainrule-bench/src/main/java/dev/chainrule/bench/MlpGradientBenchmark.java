package dev.chainrule.bench;

import dev.chainrule.autodiff.Derivatives;
import dev.chainrule.autodiff.GradMode;
import dev.chainrule.autodiff.Var;
import dev.chainrule.tensor.Tensor;
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
 * The tensor path: mean squared error of an MLP 1-64-64-1 with tanh on 10,000 points, and its
 * gradient with respect to all six parameter tensors. {@link #engineLoss} is the engine's own
 * primal (nothing recorded), {@link #engineGradient} its loss plus reverse sweep, and
 * {@link #handWrittenGradient} the same forward and backward written out in plain Java loops:
 * the targets are gradient/loss at most 4 and engine/hand-written at most 2.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MlpGradientBenchmark {
    static final int POINTS = 10_000;
    static final int HIDDEN = 64;

    Tensor x;
    Tensor y;
    Tensor[] parameters;

    @Setup
    public void setUp() {
        x = Tensor.linspace(-3, 3, POINTS).reshape(POINTS, 1);
        y = x.map(Math::sin);
        parameters = new Tensor[] {
            Tensor.randomNormal(1, 0, 1.0, 1, HIDDEN),
            Tensor.zeros(HIDDEN),
            Tensor.randomNormal(2, 0, 1.0 / Math.sqrt(HIDDEN), HIDDEN, HIDDEN),
            Tensor.zeros(HIDDEN),
            Tensor.randomNormal(3, 0, 1.0 / Math.sqrt(HIDDEN), HIDDEN, 1),
            Tensor.zeros(1)
        };
    }

    static Var loss(Var input, Var target, Var[] p) {
        Var h1 = input.matmul(p[0]).add(p[1]).tanh();
        Var h2 = h1.matmul(p[2]).add(p[3]).tanh();
        Var prediction = h2.matmul(p[4]).add(p[5]);
        return prediction.sub(target).square().mean();
    }

    @Benchmark
    public double engineLoss() {
        try (GradMode.Scope scope = GradMode.noGrad()) {
            Var[] p = new Var[parameters.length];
            for (int i = 0; i < p.length; i++) {
                p[i] = Var.constant(parameters[i]);
            }
            return loss(Var.constant(x), Var.constant(y), p).item();
        }
    }

    @Benchmark
    public Tensor[] engineGradient() {
        return Derivatives.valueAndGrad(
                p -> loss(Var.constant(x), Var.constant(y), p), parameters).gradients();
    }

    @Benchmark
    public double[][] handWrittenGradient() {
        return HandWrittenMlp.lossAndGradient(x.toArray(), y.toArray(), flat(parameters));
    }

    static double[][] flat(Tensor[] tensors) {
        double[][] arrays = new double[tensors.length][];
        for (int i = 0; i < tensors.length; i++) {
            arrays[i] = tensors[i].toArray();
        }
        return arrays;
    }
}
