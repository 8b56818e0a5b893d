package dev.chainrule.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Large products run in bands of rows on several threads; each element is summed in the same
 * order as on one thread, so the results must be identical to the last bit. The reference
 * computes one row at a time, far below the threading threshold.
 */
class MatrixKernelsTest {
    private static final int ROWS = 3001;
    private static final int INNER = 37;
    private static final int COLUMNS = 45;

    @Test
    void threadedProductEqualsRowByRowProductBitForBit() {
        Tensor a = Tensor.randomNormal(1, 0, 1, ROWS, INNER);
        Tensor b = Tensor.randomNormal(2, 0, 1, INNER, COLUMNS);
        assertTrue((long) ROWS * INNER * COLUMNS >= MatrixKernels.PARALLEL_WORK);

        double[] whole = a.matmul(b).toArray();

        double[] rowByRow = new double[ROWS * COLUMNS];
        for (int i = 0; i < ROWS; i++) {
            Tensor row = a.slice(0, i, i + 1);
            System.arraycopy(row.matmul(b).toArray(), 0, rowByRow, i * COLUMNS, COLUMNS);
        }
        assertArrayEquals(rowByRow, whole, 0.0);
    }

    @Test
    void threadedTransposedProductEqualsColumnByColumnProductBitForBit() {
        // a^T g with a of shape [ROWS, INNER]: the reverse rule's product for a weight matrix.
        Tensor a = Tensor.randomNormal(3, 0, 1, COLUMNS, ROWS);
        Tensor g = Tensor.randomNormal(4, 0, 1, COLUMNS, INNER);

        double[] whole = Tensor.matmul(a, true, g, false).toArray();

        double[] byRow = new double[ROWS * INNER];
        for (int i = 0; i < ROWS; i++) {
            Tensor column = a.slice(1, i, i + 1);
            double[] product = Tensor.matmul(column, true, g, false).toArray();
            System.arraycopy(product, 0, byRow, i * INNER, INNER);
        }
        assertArrayEquals(byRow, whole, 0.0);
    }
}
