package dev.chainrule.tensor;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Matrix products over row-major arrays, optionally transposing either operand, batched over
 * broadcast leading axes.
 *
 * <p>The plain kernel runs in i-p-j order: row i of the result accumulates
 * {@code a[i][p] * b[p][:]}, so the innermost loop walks rows of b and a row of the result
 * with unit stride (the JIT vectorises it), and b stays in cache for every i. Four values of
 * p are handled per pass over the row of the result, which cuts its loads and stores by four
 * (about 25% faster at [10000, 64] x [64, 64] than one at a time). When b is larger than
 * about 128 KiB the p loop is cut into blocks whose rows of b fit in cache. A product with a
 * single column is a dot product per row instead.
 *
 * <p>The product {@code a^T b} (a reverse rule's {@code A^T G}) runs in p-i-j order over the
 * stored a, again with a unit-stride inner loop, so no transpose of a is made. For
 * {@code a b^T}, b is copied transposed first: that costs one pass over b, small next to the
 * product itself unless a has a single row.
 *
 * <p>Threads: a product of at least {@link #PARALLEL_WORK} multiply-adds is cut into bands of
 * rows of the result, computed in parallel on the common fork-join pool (the caller's thread
 * takes part). Each element is still summed in the same order, so the result is the same to
 * the last bit however many threads run. The system property {@code chainrule.threads} caps
 * the number of bands (1 turns threading off).
 *
 * <p>Limitations: no blocking over i or j, so products of matrices much larger than the cache
 * (thousands squared) run well below the machine's peak; a packed, register-blocked kernel or
 * a BLAS binding would close that gap. The engine's workloads (layers of a few hundred units
 * over many rows) stay within the cache-friendly case.
 */
final class MatrixKernels {
    /** Rows of b (of n doubles each) per block: about 128 KiB of b. */
    private static final int BLOCK_BYTES = 128 * 1024;

    /** Multiply-adds from which a product is worth splitting across threads (about 1 ms). */
    static final long PARALLEL_WORK = 1L << 21;

    /** Fewest rows of the result per band, so a band is never a sliver. */
    private static final int MIN_BAND_ROWS = 16;

    private static final int THREADS = Math.max(1, Integer.getInteger("chainrule.threads",
            Runtime.getRuntime().availableProcessors()));

    private MatrixKernels() {}

    /**
     * {@code op(a) op(b)} where op transposes the last two axes when its flag is set. Leading
     * axes broadcast as in NumPy's matmul; both operands have rank at least 2.
     */
    static Tensor multiply(Tensor a, boolean transposeA, Tensor b, boolean transposeB) {
        int rankA = a.shape.length;
        int rankB = b.shape.length;
        if (rankA < 2 || rankB < 2) {
            throw new IllegalArgumentException(
                    "matmul: kernel needs operands of rank >= 2, got shapes "
                            + Shape.toString(a.shape) + " and " + Shape.toString(b.shape));
        }
        int m = a.shape[rankA - (transposeA ? 1 : 2)];
        int k = a.shape[rankA - (transposeA ? 2 : 1)];
        int kB = b.shape[rankB - (transposeB ? 1 : 2)];
        int n = b.shape[rankB - (transposeB ? 2 : 1)];
        if (k != kB && !transposeA && !transposeB) {
            throw misaligned(a.shape, b.shape);
        }
        if (k != kB) {
            throw new IllegalArgumentException(
                    "matmul: shapes " + Shape.toString(a.shape) + (transposeA ? "^T" : "")
                            + " and " + Shape.toString(b.shape) + (transposeB ? "^T" : "")
                            + " do not align: the first has " + k + " columns but the second "
                            + kB + " rows");
        }
        int[] batchA = Arrays.copyOf(a.shape, rankA - 2);
        int[] batchB = Arrays.copyOf(b.shape, rankB - 2);
        int[] batch = batchShape(a.shape, b.shape, batchA, batchB);
        int[] shape = Arrays.copyOf(batch, batch.length + 2);
        shape[batch.length] = m;
        shape[batch.length + 1] = n;
        double[] result = new double[Shape.size(shape)];
        if (result.length == 0) {
            return new Tensor(shape, result);
        }
        double[] bData = b.data;
        if (transposeB) {
            bData = transposeLastTwo(b.data, Shape.size(batchB), n, k);
        }
        double[] aData = a.data;
        boolean aTransposed = transposeA;
        if (transposeA && transposeB) {
            aData = transposeLastTwo(a.data, Shape.size(batchA), k, m);
            aTransposed = false;
        }
        int batches = Shape.size(batch);
        int[] stridesA = Shape.broadcastStrides(batchA, batch);
        int[] stridesB = Shape.broadcastStrides(batchB, batch);
        int[] counter = new int[batch.length];
        int matrixA = m * k;
        int matrixB = k * n;
        for (int index = 0; index < batches; index++) {
            int offsetA = 0;
            int offsetB = 0;
            for (int axis = 0; axis < batch.length; axis++) {
                offsetA += counter[axis] * stridesA[axis];
                offsetB += counter[axis] * stridesB[axis];
            }
            int offsetC = index * m * n;
            inBands(aTransposed, aData, offsetA * matrixA, bData, offsetB * matrixB, result,
                    offsetC, m, k, n);
            for (int axis = batch.length - 1; axis >= 0; axis--) {
                if (++counter[axis] < batch[axis]) {
                    break;
                }
                counter[axis] = 0;
            }
        }
        return new Tensor(shape, result);
    }

    /** The error for operands whose inner extents differ, naming both shapes. */
    static IllegalArgumentException misaligned(int[] a, int[] b) {
        int inner = a[a.length - 1];
        int other = b.length == 1 ? b[0] : b[b.length - 2];
        return new IllegalArgumentException(
                "matmul: shapes " + Shape.toString(a) + " and " + Shape.toString(b)
                        + " do not align: the first operand's last extent (" + inner
                        + ") must equal the second operand's "
                        + (b.length == 1 ? "length" : "second-to-last extent") + " (" + other
                        + ")");
    }

    /** Broadcast of the batch axes; the error names the operands' full shapes. */
    private static int[] batchShape(int[] lhs, int[] rhs, int[] batchLhs, int[] batchRhs) {
        try {
            return Shape.broadcast(batchLhs, batchRhs, "matmul");
        } catch (IllegalArgumentException error) {
            throw new IllegalArgumentException(
                    "matmul: shapes " + Shape.toString(lhs) + " and " + Shape.toString(rhs)
                            + " have batch axes " + Shape.toString(batchLhs) + " and "
                            + Shape.toString(batchRhs) + " that do not broadcast together;"
                            + " each pair of aligned batch extents must be equal or 1",
                    error);
        }
    }

    /** The shape of {@code lhs matmul rhs} with NumPy's 1-D rules; checks alignment. */
    static int[] productShape(int[] lhs, int[] rhs) {
        if (lhs.length == 0 || rhs.length == 0) {
            throw new IllegalArgumentException(
                    "matmul: shapes " + Shape.toString(lhs) + " and " + Shape.toString(rhs)
                            + ": scalars have no matrix product; use mul");
        }
        if (lhs[lhs.length - 1] != (rhs.length == 1 ? rhs[0] : rhs[rhs.length - 2])) {
            throw misaligned(lhs, rhs);
        }
        int[] batchLhs = Arrays.copyOf(lhs, Math.max(0, lhs.length - 2));
        int[] batchRhs = Arrays.copyOf(rhs, Math.max(0, rhs.length - 2));
        int[] batch = batchShape(lhs, rhs, batchLhs, batchRhs);
        int[] result = Arrays.copyOf(batch, batch.length + 2);
        int rank = batch.length;
        if (lhs.length >= 2) {
            result[rank++] = lhs[lhs.length - 2];
        }
        if (rhs.length >= 2) {
            result[rank++] = rhs[rhs.length - 1];
        }
        return Arrays.copyOf(result, rank);
    }

    /**
     * One product {@code c += op(a) b}, cut into bands of rows of c computed in parallel when it
     * is large enough. A band of rows [i0, i1) needs rows i0.. of a (columns i0.. when a is
     * stored transposed, whose row stride stays m) and the same rows of c.
     */
    private static void inBands(boolean aTransposed, double[] a, int offsetA, double[] b,
            int offsetB, double[] c, int offsetC, int m, int k, int n) {
        long work = (long) m * k * n;
        int bands = work < PARALLEL_WORK ? 1 : Math.min(THREADS, m / MIN_BAND_ROWS);
        if (bands <= 1) {
            band(aTransposed, a, offsetA, b, offsetB, c, offsetC, m, k, n, 0, m);
            return;
        }
        IntStream.range(0, bands).parallel().forEach(index -> {
            int first = (int) ((long) m * index / bands);
            int last = (int) ((long) m * (index + 1) / bands);
            band(aTransposed, a, offsetA, b, offsetB, c, offsetC, m, k, n, first, last);
        });
    }

    private static void band(boolean aTransposed, double[] a, int offsetA, double[] b,
            int offsetB, double[] c, int offsetC, int m, int k, int n, int first, int last) {
        if (aTransposed) {
            transposedTimesPlain(a, offsetA + first, m, b, offsetB, c, offsetC + first * n,
                    last - first, k, n);
        } else {
            plain(a, offsetA + first * k, b, offsetB, c, offsetC + first * n, last - first, k,
                    n);
        }
    }

    /**
     * c[m,n] += a[m,k] b[k,n], i-p-j order, p blocked so the rows of b stay in cache, and p
     * unrolled by four so each pass over a row of c does four multiply-adds per load and store.
     */
    static void plain(double[] a, int offsetA, double[] b, int offsetB, double[] c, int offsetC,
            int m, int k, int n) {
        if (n == 1) {
            matrixTimesVector(a, offsetA, b, offsetB, c, offsetC, m, k);
            return;
        }
        int block = Math.max(4, BLOCK_BYTES / (8 * Math.max(1, n)) / 4 * 4);
        for (int p0 = 0; p0 < k; p0 += block) {
            int p1 = Math.min(k, p0 + block);
            for (int i = 0; i < m; i++) {
                int rowA = offsetA + i * k;
                int rowC = offsetC + i * n;
                int p = p0;
                for (; p + 3 < p1; p += 4) {
                    int rowB = offsetB + p * n;
                    accumulateFour(c, rowC, a[rowA + p], a[rowA + p + 1], a[rowA + p + 2],
                            a[rowA + p + 3], b, rowB, n);
                }
                for (; p < p1; p++) {
                    accumulateOne(c, rowC, a[rowA + p], b, offsetB + p * n, n);
                }
            }
        }
    }

    /**
     * c[m,n] += a[k,m]^T b[k,n], p-i-j order over the stored a, p unrolled by four as in
     * {@link #plain}. Row p of the stored a starts at {@code offsetA + p * strideA}, so a band
     * of columns of a (rows of c) can be passed with the full row stride.
     */
    static void transposedTimesPlain(double[] a, int offsetA, int strideA, double[] b,
            int offsetB, double[] c, int offsetC, int m, int k, int n) {
        if (n == 1) {
            for (int p = 0; p < k; p++) {
                accumulateOne(c, offsetC, b[offsetB + p], a, offsetA + p * strideA, m);
            }
            return;
        }
        int p = 0;
        for (; p + 3 < k; p += 4) {
            int rowA = offsetA + p * strideA;
            int rowB = offsetB + p * n;
            for (int i = 0; i < m; i++) {
                accumulateFour(c, offsetC + i * n, a[rowA + i], a[rowA + strideA + i],
                        a[rowA + 2 * strideA + i], a[rowA + 3 * strideA + i], b, rowB, n);
            }
        }
        for (; p < k; p++) {
            int rowA = offsetA + p * strideA;
            int rowB = offsetB + p * n;
            for (int i = 0; i < m; i++) {
                accumulateOne(c, offsetC + i * n, a[rowA + i], b, rowB, n);
            }
        }
    }

    /**
     * c[m] += a[m,k] b[k]: one dot product per row, with four partial sums so the additions
     * do not wait on each other (the i-p-j loop would run an inner loop of length 1).
     */
    private static void matrixTimesVector(double[] a, int offsetA, double[] b, int offsetB,
            double[] c, int offsetC, int m, int k) {
        for (int i = 0; i < m; i++) {
            int rowA = offsetA + i * k;
            double sum0 = 0;
            double sum1 = 0;
            double sum2 = 0;
            double sum3 = 0;
            int p = 0;
            for (; p + 3 < k; p += 4) {
                sum0 += a[rowA + p] * b[offsetB + p];
                sum1 += a[rowA + p + 1] * b[offsetB + p + 1];
                sum2 += a[rowA + p + 2] * b[offsetB + p + 2];
                sum3 += a[rowA + p + 3] * b[offsetB + p + 3];
            }
            for (; p < k; p++) {
                sum0 += a[rowA + p] * b[offsetB + p];
            }
            c[offsetC + i] += (sum0 + sum1) + (sum2 + sum3);
        }
    }

    /** c[rowC + j] += s0 b[rowB + j] + s1 b[rowB + n + j] + s2 ... + s3 ..., for j < n. */
    private static void accumulateFour(double[] c, int rowC, double s0, double s1, double s2,
            double s3, double[] b, int rowB, int n) {
        int b1 = rowB + n;
        int b2 = b1 + n;
        int b3 = b2 + n;
        for (int j = 0; j < n; j++) {
            c[rowC + j] += s0 * b[rowB + j] + s1 * b[b1 + j] + s2 * b[b2 + j] + s3 * b[b3 + j];
        }
    }

    /** c[rowC + j] += s b[rowB + j], for j < n. */
    private static void accumulateOne(double[] c, int rowC, double s, double[] b, int rowB,
            int n) {
        for (int j = 0; j < n; j++) {
            c[rowC + j] += s * b[rowB + j];
        }
    }

    /** A copy of {@code count} stacked [rows, columns] matrices, each transposed. */
    static double[] transposeLastTwo(double[] data, int count, int rows, int columns) {
        double[] result = new double[data.length];
        int matrix = rows * columns;
        for (int b = 0; b < count; b++) {
            int base = b * matrix;
            for (int r = 0; r < rows; r++) {
                for (int col = 0; col < columns; col++) {
                    result[base + col * rows + r] = data[base + r * columns + col];
                }
            }
        }
        return result;
    }
}
