package dev.chainrule.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Sweeps stay exact when threads share leaves, and faulty custom rules are named. */
class SweepSafetyTest {
    @Test
    void threadsSharingOneLeafEachGetExactGradients() throws Exception {
        // Model weights shared by all threads; each thread differentiates its own loss
        // sum((w * k)^2) with respect to w, whose gradient is 2 k^2 w.
        Var weights = Var.variable(Tensor.vector(1, -2, 3, 0.5));
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                double k = t + 1;
                results.add(pool.submit(() -> sweepManyTimes(weights, k)));
            }
            for (Future<String> result : results) {
                assertEquals("", result.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static String sweepManyTimes(Var weights, double k) {
        for (int repeat = 0; repeat < 2000; repeat++) {
            Var scaled = weights.mul(k);
            Var loss = scaled.mul(scaled).add(scaled.mul(0.0)).sum();
            double[] gradient = Derivatives.grad(loss, weights)[0].value().toArray();
            double[] w = weights.value().toArray();
            for (int i = 0; i < w.length; i++) {
                double expected = 2 * k * k * w[i];
                if (Math.abs(gradient[i] - expected) > 1e-12 * Math.abs(expected)) {
                    return "k=" + k + " element " + i + ": expected " + expected + " got "
                            + gradient[i];
                }
            }
        }
        return "";
    }

    /** A primitive whose rules return the wrong things, to check the sweeps' messages. */
    private static final class Faulty extends Primitive {
        private final boolean shortVjp;

        Faulty(boolean shortVjp) {
            super("faulty");
            this.shortVjp = shortVjp;
        }

        @Override
        public Tensor forward(Tensor[] in) {
            return in[0].add(in[1]);
        }

        @Override
        public Var[] vjp(Var grad, Var out, Var[] in) {
            return shortVjp ? new Var[] {grad} : new Var[] {grad, grad};
        }

        @Override
        public Var jvp(Var[] tangents, Var out, Var[] in) {
            return Var.constant(0.0);
        }
    }

    @Test
    void reverseRuleReturningTooFewEntriesIsNamedInTheError() {
        Var x = Var.variable(1.0);
        Var y = new Faulty(true).apply(x, x);
        IllegalStateException error = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(error.getMessage().startsWith(
                "vjp of op 'faulty' returned 1 entries for 2 inputs"), error.getMessage());
    }

    @Test
    void forwardRuleReturningTheWrongShapeIsNamedInTheError() {
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> Derivatives.jvp(v -> new Faulty(false).apply(v, v),
                        Tensor.vector(1, 2, 3), Tensor.vector(1, 0, 0)));
        assertTrue(error.getMessage().startsWith(
                "jvp of op 'faulty' returned shape [] for an output of shape [3]"),
                error.getMessage());
    }
}
