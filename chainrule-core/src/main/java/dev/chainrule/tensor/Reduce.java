package dev.chainrule.tensor;

import java.util.Arrays;

/**
 * Reduction kernels: sum, product, maximum and minimum over chosen axes, and the stable
 * log-sum-exp built from them. The walk is the one of {@link Broadcasting#reduceTo}: the input
 * is read once in row-major order, and each element is combined into the result position that
 * the kept-dims shape (stride 0 on reduced axes) gives it; when the last axis is reduced the
 * inner loop accumulates into a local.
 */
final class Reduce {
    static final int SUM = 0;
    static final int PROD = 1;
    static final int MAX = 2;
    static final int MIN = 3;
    private static final String[] NAMES = {"sum", "prod", "max", "min"};

    private Reduce() {}

    /**
     * Reduces along {@code axes} (any order, negatives allowed, {@code null} for all).
     * Maximum and minimum propagate NaN and reject an empty reduction; the empty sum is 0 and
     * the empty product 1.
     */
    static Tensor reduce(Tensor x, int[] axes, boolean keepDims, int kind) {
        if (x.shape.length == 0 && (axes == null || axes.length == 0)) {
            return x;
        }
        int[] normalised = Axes.normalise(axes, x.shape.length, NAMES[kind]);
        if (normalised.length == 0) {
            return x;
        }
        int[] kept = Axes.kept(x.shape, normalised);
        int[] resultShape = keepDims ? kept : Axes.dropped(x.shape, normalised);
        if ((kind == MAX || kind == MIN) && Axes.count(x.shape, normalised) == 0) {
            throw new IllegalArgumentException(
                    NAMES[kind] + ": cannot reduce tensor of shape " + Shape.toString(x.shape)
                            + " over axes " + Arrays.toString(normalised)
                            + " because they hold no elements; an empty " + NAMES[kind]
                            + " has no value");
        }
        double[] result = new double[Shape.size(kept)];
        Arrays.fill(result, identity(kind));
        if (result.length == 1) {
            result[0] = combineAll(kind, x.data, result[0]);
        } else if (x.data.length > 0) {
            walk(x, kept, result, kind);
        }
        return new Tensor(resultShape, result);
    }

    private static double identity(int kind) {
        switch (kind) {
            case SUM:
                return 0.0;
            case PROD:
                return 1.0;
            case MAX:
                return Double.NEGATIVE_INFINITY;
            default:
                return Double.POSITIVE_INFINITY;
        }
    }

    private static double combineAll(int kind, double[] data, double start) {
        double accumulator = start;
        switch (kind) {
            case SUM:
                for (double value : data) {
                    accumulator += value;
                }
                return accumulator;
            case PROD:
                for (double value : data) {
                    accumulator *= value;
                }
                return accumulator;
            case MAX:
                for (double value : data) {
                    accumulator = Math.max(accumulator, value);
                }
                return accumulator;
            default:
                for (double value : data) {
                    accumulator = Math.min(accumulator, value);
                }
                return accumulator;
        }
    }

    private static double combine(int kind, double accumulator, double value) {
        switch (kind) {
            case SUM:
                return accumulator + value;
            case PROD:
                return accumulator * value;
            case MAX:
                return Math.max(accumulator, value);
            default:
                return Math.min(accumulator, value);
        }
    }

    private static void walk(Tensor x, int[] kept, double[] result, int kind) {
        int[] shape = x.shape;
        int rank = shape.length;
        int[] targetStrides = Shape.broadcastStrides(kept, shape);
        int[] counter = new int[rank];
        int position = 0;
        double[] data = x.data;
        int inner = shape[rank - 1];
        int innerStride = targetStrides[rank - 1];
        for (int in = 0; in < data.length; in += inner) {
            if (innerStride == 0) {
                double accumulator = result[position];
                for (int i = 0; i < inner; i++) {
                    accumulator = combine(kind, accumulator, data[in + i]);
                }
                result[position] = accumulator;
            } else if (kind == SUM) {
                for (int i = 0; i < inner; i++) {
                    result[position + i] += data[in + i];
                }
            } else {
                for (int i = 0; i < inner; i++) {
                    result[position + i] = combine(kind, result[position + i], data[in + i]);
                }
            }
            for (int axis = rank - 2; axis >= 0; axis--) {
                counter[axis]++;
                position += targetStrides[axis];
                if (counter[axis] < shape[axis]) {
                    break;
                }
                position -= targetStrides[axis] * shape[axis];
                counter[axis] = 0;
            }
        }
    }

    /**
     * {@code m + ln(sum(e^(x - m)))} with m the maximum (taken as 0 where it is infinite, so
     * all -inf gives -inf and any +inf gives +inf, never NaN from inf - inf). Over trailing
     * axes (the whole tensor, the last axis) the groups are contiguous and
     * {@link SoftmaxKernels} does it in two passes with no temporaries, giving the same doubles.
     */
    static Tensor logsumexp(Tensor x, int[] axes, boolean keepDims) {
        if (x.shape.length == 0 && (axes == null || axes.length == 0)) {
            return x;
        }
        int[] normalised = Axes.normalise(axes, x.shape.length, "logsumexp");
        if (normalised.length == 0) {
            return x;
        }
        int[] kept = Axes.kept(x.shape, normalised);
        int[] resultShape = keepDims ? kept : Axes.dropped(x.shape, normalised);
        if (Axes.count(x.shape, normalised) == 0) {
            // ln of the empty sum, ln 0, as -inf for every reduced group (NumPy's
            // logaddexp.reduce of nothing): no maximum to shift by is needed or exists.
            double[] empty = new double[Shape.size(resultShape)];
            Arrays.fill(empty, Double.NEGATIVE_INFINITY);
            return new Tensor(resultShape, empty);
        }
        if (SoftmaxKernels.reducesTrailingAxes(x.shape, normalised)) {
            return SoftmaxKernels.logsumexp(x, normalised, resultShape);
        }
        double[] shift = reduce(x, normalised, true, MAX).data.clone();
        for (int i = 0; i < shift.length; i++) {
            if (Double.isInfinite(shift[i])) {
                shift[i] = 0.0;
            }
        }
        Tensor shiftTensor = new Tensor(kept, shift);
        double[] exponentials = x.sub(shiftTensor).data;
        for (int i = 0; i < exponentials.length; i++) {
            exponentials[i] = Math.exp(exponentials[i]);
        }
        Tensor sums = reduce(new Tensor(x.shape, exponentials), normalised, true, SUM);
        double[] result = sums.data;
        for (int i = 0; i < result.length; i++) {
            result[i] = shift[i] + Math.log(result[i]);
        }
        return new Tensor(resultShape, result);
    }
}
