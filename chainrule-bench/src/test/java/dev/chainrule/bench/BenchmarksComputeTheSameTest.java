package dev.chainrule.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chainrule.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * A benchmark pair is only a fair comparison when both sides compute the same numbers: these
 * tests check that the engine and the hand-written version agree (no timing here).
 */
class BenchmarksComputeTheSameTest {
    private static final double RELATIVE = 1e-9;

    @Test
    void scalarChainEngineMatchesHandWrittenDerivatives() {
        ScalarChainBenchmark benchmark = new ScalarChainBenchmark();
        benchmark.steps = 2000;
        double[] engine = benchmark.engine();
        double[] hand = benchmark.handWritten();
        for (int i = 0; i < hand.length; i++) {
            assertEquals(hand[i], engine[i], RELATIVE * Math.max(1, Math.abs(hand[i])),
                    "entry " + i);
        }
    }

    @Test
    void mlpEngineGradientMatchesHandWrittenGradient() {
        MlpGradientBenchmark benchmark = new MlpGradientBenchmark();
        benchmark.setUp();
        Tensor[] engine = benchmark.engineGradient();
        double[][] hand = benchmark.handWrittenGradient();
        assertEquals(hand[0][0], benchmark.engineLoss(), 1e-12);
        for (int p = 0; p < engine.length; p++) {
            double[] expected = hand[p + 1];
            for (int i = 0; i < expected.length; i++) {
                double allowance = 1e-12 + RELATIVE * Math.abs(expected[i]);
                assertEquals(expected[i], engine[p].getFlat(i), allowance,
                        "parameter " + p + " element " + i);
            }
        }
    }

    @Test
    void mlpAdamStepsOfEngineAndHandWrittenVersionStayTogether() {
        MlpBenchmark benchmark = new MlpBenchmark();
        benchmark.setUp();

        for (int step = 0; step < 3; step++) {
            double engineLoss = benchmark.engineAdamStep();
            double handLoss = benchmark.handWrittenAdamStep();
            assertEquals(handLoss, engineLoss, RELATIVE * handLoss, "loss before step " + step);
        }

        for (int p = 0; p < benchmark.handWritten.weights.length; p++) {
            double[] expected = benchmark.handWritten.weights[p];
            Tensor engine = benchmark.network.parameters().get(p).value();
            for (int i = 0; i < expected.length; i++) {
                double allowance = 1e-12 + RELATIVE * Math.abs(expected[i]);
                assertEquals(expected[i], engine.getFlat(i), allowance,
                        "parameter " + p + " element " + i + " after three steps");
            }
        }
    }
}
