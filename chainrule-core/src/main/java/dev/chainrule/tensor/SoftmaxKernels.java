package dev.chainrule.tensor;

import java.util.Arrays;

/**
 * One- and two-pass kernels for log-sum-exp and its gradient, the softmax, when the reduced
 * axes are the trailing ones (the whole tensor, or the last axis): each reduced group is then
 * a contiguous run of the row-major data, read in the same order as the general walk of
 * {@link Reduce} reads it, so the results are the very same doubles as the general path's,
 * without its temporaries (a shifted copy, an array of exponentials, a kept-dims maximum).
 */
public final class SoftmaxKernels {
    private SoftmaxKernels() {}

    /**
     * Whether the normalised, sorted {@code axes} are the trailing axes of {@code shape}, so
     * that each reduced group is contiguous and these kernels apply.
     */
    public static boolean reducesTrailingAxes(int[] shape, int[] axes) {
        for (int i = 0; i < axes.length; i++) {
            if (axes[i] != shape.length - axes.length + i) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code m + ln(sum(e^(x - m)))} over each contiguous group of trailing axes, with m the
     * group's maximum taken as 0 where it is infinite (as {@link Reduce#logsumexp}); two
     * passes per group, no temporaries.
     */
    static Tensor logsumexp(Tensor x, int[] axes, int[] resultShape) {
        double[] data = x.data;
        int groupSize = Axes.count(x.shape, axes);
        double[] result = new double[Shape.size(resultShape)];
        for (int group = 0; group < result.length; group++) {
            int start = group * groupSize;
            double shift = maximum(data, start, groupSize);
            if (Double.isInfinite(shift)) {
                shift = 0.0;
            }
            double sum = 0.0;
            for (int i = start; i < start + groupSize; i++) {
                sum += Math.exp(data[i] - shift);
            }
            result[group] = shift + Math.log(sum);
        }
        return new Tensor(resultShape, result);
    }

    /**
     * The first-order reverse rule of log-sum-exp over trailing {@code axes}, fused:
     * {@code g * softmax(x)} with g the adjoint of each group (exactly 0 where g is 0, as
     * {@link ElementwiseKernels#mulNoNan}). The softmax is formed as the composed rule forms
     * it, e^(x - m) / sum e^(x - m) with m the group's maximum (0 where it is not finite),
     * and, in a group whose maximum is +inf, 1 at its +inf elements and 0 elsewhere before
     * normalising; so the doubles are the composed rule's, NaN and infinities included.
     *
     * @throws IllegalArgumentException when the axes are not the trailing ones or the adjoint
     *     does not have one element per group
     */
    public static Tensor logsumexpChain(Tensor incoming, Tensor x, int[] axes) {
        if (!reducesTrailingAxes(x.shape, axes)) {
            throw new IllegalArgumentException(
                    "logsumexp: the fused rule needs the trailing axes of shape "
                            + Shape.toString(x.shape) + ", got axes " + Arrays.toString(axes)
                            + "; use the composed rule for other axes");
        }
        double[] g = incoming.data;
        double[] data = x.data;
        int groupSize = Axes.count(x.shape, axes);
        int groups = groupSize == 0 ? g.length : data.length / groupSize;
        if (g.length != groups) {
            throw new IllegalArgumentException(
                    "logsumexp: the incoming adjoint has shape " + Shape.toString(incoming.shape)
                            + " but the reduction of shape " + Shape.toString(x.shape)
                            + " over axes " + Arrays.toString(axes) + " has " + groups
                            + " groups");
        }
        double[] result = new double[data.length];
        for (int group = 0; group < groups && groupSize > 0; group++) {
            int start = group * groupSize;
            int end = start + groupSize;
            double maximum = maximum(data, start, groupSize);
            double sum = 0.0;
            if (maximum == Double.POSITIVE_INFINITY) {
                for (int i = start; i < end; i++) {
                    result[i] = data[i] == Double.POSITIVE_INFINITY ? 1.0 : 0.0;
                    sum += result[i];
                }
            } else {
                double shift = Double.isFinite(maximum) ? maximum : 0.0;
                for (int i = start; i < end; i++) {
                    result[i] = Math.exp(data[i] - shift);
                    sum += result[i];
                }
            }
            double adjoint = g[group];
            for (int i = start; i < end; i++) {
                result[i] = adjoint == 0 ? 0.0 : adjoint * (result[i] / sum);
            }
        }
        return new Tensor(x.shape, result);
    }

    /** Math.max over the run, from -inf, in order (NaN propagates). */
    private static double maximum(double[] data, int start, int length) {
        double maximum = Double.NEGATIVE_INFINITY;
        for (int i = start; i < start + length; i++) {
            maximum = Math.max(maximum, data[i]);
        }
        return maximum;
    }
}
