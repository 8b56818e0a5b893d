package dev.chainrule.fit;

import java.util.Arrays;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.QRDecomposition;

/**
 * The least-squares problem linearised at one point, in the compact form the
 * Levenberg-Marquardt step needs: {@code J = Q R} with R upper triangular (n by n), the
 * rotated residuals {@code Q^T f} (n values), and the sum of squares {@code f^T f}. Holding R
 * instead of {@code J^T J} keeps the condition number of J, not its square.
 *
 * <p>Immutable: the arrays are copied in and out. The factor comes from a Householder QR of the
 * augmented matrix {@code [J f]} (EJML), so {@code Q^T f} is produced by the same reflections
 * as R, never by forming Q.
 */
public final class Linearization {
    /** Rows per block when factorising tall Jacobians (4096 rows of 10 columns: 320 KB). */
    private static final int BLOCK_ROWS = 4096;

    private final int parameterCount;
    private final double[] r;
    private final double[] qtf;
    private final double sumOfSquares;
    private final int observationCount;

    private Linearization(int parameterCount, double[] r, double[] qtf, double sumOfSquares,
            int observationCount) {
        this.parameterCount = parameterCount;
        this.r = r;
        this.qtf = qtf;
        this.sumOfSquares = sumOfSquares;
        this.observationCount = observationCount;
    }

    /**
     * Factorises a Jacobian given by columns.
     *
     * @param jacobianColumns {@code jacobianColumns[j][i] = d residual_i / d parameter_j}, all of
     *     the residuals' length; not modified
     * @param residuals the residual vector f; not modified
     * @throws IllegalArgumentException when there are fewer residuals than parameters, or the
     *     columns' lengths differ from the residuals'
     */
    public static Linearization of(double[][] jacobianColumns, double[] residuals) {
        int m = residuals.length;
        int n = jacobianColumns.length;
        if (m < n) {
            throw new IllegalArgumentException("linearize: " + m + " residuals for " + n
                    + " parameters; least squares needs at least as many rows as parameters");
        }
        for (int j = 0; j < n; j++) {
            if (jacobianColumns[j].length != m) {
                throw new IllegalArgumentException("linearize: Jacobian column " + j + " has "
                        + jacobianColumns[j].length + " rows, residuals " + m);
            }
        }
        double sumOfSquares = 0.0;
        for (double residual : residuals) {
            sumOfSquares += residual * residual;
        }

        // Tall data are factorised in blocks of rows whose triangular factors are then stacked
        // and factorised again: the same R and Q^T f, with each block small enough for the
        // cache.
        int blockRows = Math.max(BLOCK_ROWS, n + 1);
        int blocks = (m + blockRows - 1) / blockRows;
        DMatrixRMaj stacked = new DMatrixRMaj(blocks == 1 ? m : blocks * (n + 1), n + 1);
        int stackedRow = 0;
        for (int start = 0; start < m; start += blockRows) {
            int rows = Math.min(blockRows, m - start);
            DMatrixRMaj block = new DMatrixRMaj(rows, n + 1);
            double[] data = block.data;
            for (int i = 0; i < rows; i++) {
                int rowStart = i * (n + 1);
                for (int j = 0; j < n; j++) {
                    data[rowStart + j] = jacobianColumns[j][start + i];
                }
                data[rowStart + n] = residuals[start + i];
            }
            if (blocks == 1) {
                return factor(block, n, sumOfSquares, m);
            }
            DMatrixRMaj r = triangularFactor(block);
            for (int i = 0; i < r.numRows; i++) {
                for (int j = 0; j <= n; j++) {
                    stacked.set(stackedRow, j, r.get(i, j));
                }
                stackedRow++;
            }
        }
        stacked.reshape(stackedRow, n + 1, true);
        return factor(stacked, n, sumOfSquares, m);
    }

    /**
     * Combines the linearizations of disjoint parts of the rows (partitions) into the
     * linearization of all rows: the triangular factors, stacked, are factorised again (the
     * "tall skinny QR" reduction). The result equals, up to rounding and the signs of R's rows,
     * the linearization of the whole problem.
     *
     * @throws IllegalArgumentException when the parts are empty or differ in parameter count
     */
    public static Linearization stack(List<Linearization> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("stack: no linearizations to combine");
        }
        int n = parts.get(0).parameterCount;
        DMatrixRMaj stacked = new DMatrixRMaj(n * parts.size(), n + 1);
        double sumOfSquares = 0.0;
        int observations = 0;
        for (int k = 0; k < parts.size(); k++) {
            Linearization part = parts.get(k);
            if (part.parameterCount != n) {
                throw new IllegalArgumentException("stack: part " + k + " has "
                        + part.parameterCount + " parameters, part 0 has " + n);
            }
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    stacked.set(k * n + i, j, part.r[i * n + j]);
                }
                stacked.set(k * n + i, n, part.qtf[i]);
            }
            sumOfSquares += part.sumOfSquares;
            observations += part.observationCount;
        }
        return factor(stacked, n, sumOfSquares, observations);
    }

    /** The compact triangular factor of a matrix, min(rows, columns) by columns. */
    private static DMatrixRMaj triangularFactor(DMatrixRMaj matrix) {
        QRDecomposition<DMatrixRMaj> qr =
                DecompositionFactory_DDRM.qr(matrix.numRows, matrix.numCols);
        // EJML's Householder QR reports failure when a column is zero below the diagonal (a
        // parameter without effect, or residuals that are already zero), but it then uses the
        // identity for that reflection, so the factor is still valid: the result is ignored.
        qr.decompose(matrix);
        return qr.getR(null, true);
    }

    private static Linearization factor(DMatrixRMaj augmented, int n, double sumOfSquares,
            int observations) {
        DMatrixRMaj rAugmented = triangularFactor(augmented);
        double[] r = new double[n * n];
        double[] qtf = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                r[i * n + j] = rAugmented.get(i, j);
            }
            qtf[i] = rAugmented.get(i, n);
        }
        return new Linearization(n, r, qtf, sumOfSquares, observations);
    }

    /** Number of parameters n. */
    public int parameterCount() {
        return parameterCount;
    }

    /** Number of observations the linearization covers. */
    public int observationCount() {
        return observationCount;
    }

    /** The upper-triangular factor R, row-major n by n (a copy). */
    public double[] r() {
        return r.clone();
    }

    /** The rotated residuals {@code Q^T f}, n values (a copy). */
    public double[] qtf() {
        return qtf.clone();
    }

    /** The sum of squared residuals {@code f^T f}. */
    public double sumOfSquares() {
        return sumOfSquares;
    }

    /** Euclidean norms of the Jacobian's columns, read from R (orthogonal Q keeps them). */
    public double[] columnNorms() {
        double[] norms = new double[parameterCount];
        for (int j = 0; j < parameterCount; j++) {
            double sum = 0.0;
            for (int i = 0; i <= j; i++) {
                sum += r[i * parameterCount + j] * r[i * parameterCount + j];
            }
            norms[j] = Math.sqrt(sum);
        }
        return norms;
    }

    /** R v, for the solver's predicted reduction. */
    double[] multiplyR(double[] vector) {
        double[] result = new double[parameterCount];
        for (int i = 0; i < parameterCount; i++) {
            for (int j = i; j < parameterCount; j++) {
                result[i] += r[i * parameterCount + j] * vector[j];
            }
        }
        return result;
    }

    /** R^T v: with v = Q^T f this is the gradient half J^T f. */
    double[] multiplyRTranspose(double[] vector) {
        double[] result = new double[parameterCount];
        for (int i = 0; i < parameterCount; i++) {
            for (int j = i; j < parameterCount; j++) {
                result[j] += r[i * parameterCount + j] * vector[i];
            }
        }
        return result;
    }

    /** Q^T f without a copy, for the solver, which does not modify it. */
    double[] qtfView() {
        return qtf;
    }

    @Override
    public String toString() {
        return "Linearization[n=" + parameterCount + ", rows=" + observationCount
                + ", sumOfSquares=" + sumOfSquares + ", qtf=" + Arrays.toString(qtf) + "]";
    }
}
