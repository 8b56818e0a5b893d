package dev.chainrule.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.fit.FitResult;
import dev.chainrule.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The fit benchmark's engine and hand-written Jacobians agree, and its fit converges. */
class FitBenchmarkComputesTheSameTest {
    @Test
    void engineJacobianMatchesHandWrittenJacobian() {
        FitBenchmark benchmark = new FitBenchmark();
        benchmark.rows = 2000;
        benchmark.setUp();

        Tensor[] engine = benchmark.engineJacobian();
        double[][] hand = benchmark.handWrittenJacobian();

        for (int k = 0; k < hand.length; k++) {
            for (int i = 0; i < hand[k].length; i++) {
                double allowance = 1e-14 + 1e-12 * Math.abs(hand[k][i]);
                assertEquals(hand[k][i], engine[k].getFlat(i), allowance,
                        "column " + k + " row " + i);
            }
        }
    }

    @Test
    void wholeFitRecoversTheGeneratingParameters() {
        FitBenchmark benchmark = new FitBenchmark();
        benchmark.rows = 2000;
        benchmark.setUp();

        FitResult fit = benchmark.wholeFit();

        assertTrue(fit.converged(), fit.reason().toString());
        assertEquals(FitBenchmark.A, fit.value("a"), 0.01);
        assertEquals(FitBenchmark.B, fit.value("b"), 0.01);
        assertEquals(FitBenchmark.C, fit.value("c"), 0.01);
    }
}
