package dev.chainrule.bench;

import dev.chainrule.autodiff.Var;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The scalar path, micrograd style: one number per node. The chain {@code y <- tanh(w*y + b)}
 * repeated {@code steps} times (three primitives per step), value plus the derivatives with
 * respect to w, b and the starting y. Divide a result by {@code 3 * steps} for nanoseconds per
 * primitive operation. {@link #handWritten} does the same work as plain Java: the speed limit.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ScalarChainBenchmark {
    @Param({"20000"})
    public int steps;

    private static final double W = 0.9;
    private static final double B = 0.1;
    private static final double Y0 = 0.5;

    /** Derivatives of the final y with respect to (w, b, y0), and the final y. */
    @Benchmark
    public double[] engine() {
        Var w = Var.variable(W);
        Var b = Var.variable(B);
        Var y0 = Var.variable(Y0);
        Var y = y0;
        for (int i = 0; i < steps; i++) {
            y = w.mul(y).add(b).tanh();
        }
        y.backward();
        return new double[] {w.grad().item(), b.grad().item(), y0.grad().item(), y.item()};
    }

    /** The same value and derivatives with the chain rule written out by hand. */
    @Benchmark
    public double[] handWritten() {
        double[] ys = new double[steps + 1];
        ys[0] = Y0;
        for (int i = 0; i < steps; i++) {
            ys[i + 1] = Math.tanh(W * ys[i] + B);
        }
        double adjointY = 1.0;
        double gradW = 0;
        double gradB = 0;
        for (int i = steps - 1; i >= 0; i--) {
            // y' = tanh(u), u = w*y + b: du = adjointY * (1 - y'^2)
            double adjointU = adjointY * (1 - ys[i + 1] * ys[i + 1]);
            gradW += adjointU * ys[i];
            gradB += adjointU;
            adjointY = adjointU * W;
        }
        return new double[] {gradW, gradB, adjointY, ys[steps]};
    }
}
