package dev.chainrule.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chainrule.tensor.Tensor;
import org.junit.jupiter.api.Test;

class LinearizationTest {
    private static final long SEED = 7L;

    /** Checks R^T R = J^T J and R^T (Q^T f) = J^T f, the identities the solver relies on. */
    private static void assertFactorOf(double[][] columns, double[] f, Linearization lin) {
        int n = columns.length;
        double[] r = lin.r();
        double[] qtf = lin.qtf();
        for (int a = 0; a < n; a++) {
            double expectedGradient = 0.0;
            double actualGradient = 0.0;
            for (int i = 0; i < f.length; i++) {
                expectedGradient += columns[a][i] * f[i];
            }
            for (int k = 0; k < n; k++) {
                actualGradient += r[k * n + a] * qtf[k];
            }
            assertEquals(expectedGradient, actualGradient, 1e-9 * f.length, "(J^T f)[" + a + "]");
            for (int b = 0; b < n; b++) {
                double expected = 0.0;
                double actual = 0.0;
                for (int i = 0; i < f.length; i++) {
                    expected += columns[a][i] * columns[b][i];
                }
                for (int k = 0; k < n; k++) {
                    actual += r[k * n + a] * r[k * n + b];
                }
                assertEquals(expected, actual, 1e-9 * f.length, "(J^T J)[" + a + "][" + b + "]");
            }
        }
    }

    private static double[][] randomColumns(int n, int m) {
        double[][] columns = new double[n][];
        for (int j = 0; j < n; j++) {
            columns[j] = Tensor.randomNormal(SEED + j, 0.0, 1.0, m).toArray();
        }
        return columns;
    }

    @Test
    void tallJacobianFactoredInBlocksKeepsTheNormalEquations() {
        // 10,001 rows: two full blocks of 4096 and a remainder, so the stacking path is used.
        double[][] columns = randomColumns(3, 10_001);
        double[] f = Tensor.randomNormal(SEED - 1, 0.0, 1.0, 10_001).toArray();

        Linearization lin = Linearization.of(columns, f);

        assertFactorOf(columns, f, lin);
        double sumOfSquares = 0.0;
        for (double value : f) {
            sumOfSquares += value * value;
        }
        assertEquals(sumOfSquares, lin.sumOfSquares(), 1e-12 * sumOfSquares);
        assertEquals(10_001, lin.observationCount());
    }

    @Test
    void remainderBlockShorterThanTheParameterCountIsHandled() {
        // 4098 rows with 4 parameters: the last block has 2 rows, fewer than 5 columns.
        double[][] columns = randomColumns(4, 4098);
        double[] f = Tensor.randomNormal(SEED - 2, 0.0, 1.0, 4098).toArray();

        assertFactorOf(columns, f, Linearization.of(columns, f));
    }

    @Test
    void zeroColumnGivesAZeroColumnInR() {
        double[][] columns = {{1, 2, 3}, {0, 0, 0}};
        double[] f = {1, 0, -1};

        Linearization lin = Linearization.of(columns, f);

        assertEquals(0.0, lin.columnNorms()[1], 0.0);
        assertFactorOf(columns, f, lin);
    }
}
