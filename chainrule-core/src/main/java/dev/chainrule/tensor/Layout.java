package dev.chainrule.tensor;

import java.util.Arrays;

/**
 * Kernels that move elements without arithmetic (apart from the sums of a scatter): permuting
 * axes, slicing, zero-padding, gathering and scattering along an axis, and concatenation.
 *
 * <p>Every kernel along one axis views the tensor as {@code [outer, extent, inner]}, where
 * {@code outer} is the product of the extents before the axis and {@code inner} of those after
 * it, so each moved piece is one contiguous run of {@code inner} elements (a single
 * {@code System.arraycopy}).
 */
final class Layout {
    private Layout() {}

    private static int outer(int[] shape, int axis) {
        int outer = 1;
        for (int i = 0; i < axis; i++) {
            outer *= shape[i];
        }
        return outer;
    }

    private static int inner(int[] shape, int axis) {
        int inner = 1;
        for (int i = axis + 1; i < shape.length; i++) {
            inner *= shape[i];
        }
        return inner;
    }

    private static int[] withExtent(int[] shape, int axis, int extent) {
        int[] result = shape.clone();
        result[axis] = extent;
        return result;
    }

    static Tensor permute(Tensor x, int[] order) {
        int rank = x.shape.length;
        boolean[] seen = new boolean[rank];
        boolean valid = order.length == rank;
        for (int i = 0; valid && i < rank; i++) {
            valid = order[i] >= 0 && order[i] < rank && !seen[order[i]];
            if (valid) {
                seen[order[i]] = true;
            }
        }
        if (!valid) {
            throw new IllegalArgumentException(
                    "permute: order " + Arrays.toString(order) + " is not a permutation of the"
                            + " axes 0.." + (rank - 1) + " of shape " + Shape.toString(x.shape)
                            + "; list every axis exactly once");
        }
        int[] shape = new int[rank];
        int[] ownStrides = Shape.strides(x.shape);
        int[] strides = new int[rank];
        boolean identity = true;
        for (int i = 0; i < rank; i++) {
            shape[i] = x.shape[order[i]];
            strides[i] = ownStrides[order[i]];
            identity &= order[i] == i;
        }
        if (identity) {
            return x;
        }
        double[] result = new double[x.data.length];
        if (result.length == 0) {
            return new Tensor(shape, result);
        }
        int[] counter = new int[rank];
        int base = 0;
        int inner = shape[rank - 1];
        int innerStride = strides[rank - 1];
        double[] data = x.data;
        for (int out = 0; out < result.length; out += inner) {
            for (int i = 0, in = base; i < inner; i++, in += innerStride) {
                result[out + i] = data[in];
            }
            for (int axis = rank - 2; axis >= 0; axis--) {
                counter[axis]++;
                base += strides[axis];
                if (counter[axis] < shape[axis]) {
                    break;
                }
                base -= strides[axis] * shape[axis];
                counter[axis] = 0;
            }
        }
        return new Tensor(shape, result);
    }

    /** Elements {@code start..end-1} along an already normalised axis; bounds are checked. */
    static Tensor slice(Tensor x, int axis, int start, int end) {
        int extent = x.shape[axis];
        if (start < 0 || end > extent || start > end) {
            throw new IllegalArgumentException(
                    "slice: range [" + start + ", " + end + ") is outside axis " + axis
                            + " of shape " + Shape.toString(x.shape) + "; need 0 <= start <= end"
                            + " <= " + extent);
        }
        int outer = outer(x.shape, axis);
        int inner = inner(x.shape, axis);
        int length = end - start;
        double[] result = new double[outer * length * inner];
        for (int o = 0; o < outer; o++) {
            System.arraycopy(x.data, (o * extent + start) * inner, result, o * length * inner,
                    length * inner);
        }
        return new Tensor(withExtent(x.shape, axis, length), result);
    }

    /** Zeros around {@code x} along an axis: {@code before} in front, {@code after} behind. */
    static Tensor pad(Tensor x, int axis, int before, int after) {
        int extent = x.shape[axis];
        int padded = before + extent + after;
        int outer = outer(x.shape, axis);
        int inner = inner(x.shape, axis);
        double[] result = new double[outer * padded * inner];
        for (int o = 0; o < outer; o++) {
            System.arraycopy(x.data, o * extent * inner, result, (o * padded + before) * inner,
                    extent * inner);
        }
        return new Tensor(withExtent(x.shape, axis, padded), result);
    }

    static void checkIndices(int[] shape, int axis, int[] indices, String operation) {
        int extent = shape[axis];
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] < 0 || indices[i] >= extent) {
                throw new IllegalArgumentException(
                        operation + ": index " + indices[i] + " at position " + i
                                + " is outside axis " + axis + " of shape "
                                + Shape.toString(shape) + " (valid: 0.." + (extent - 1) + ")");
            }
        }
    }

    /** The slices at {@code indices} along an axis, in that order; indices are checked. */
    static Tensor gather(Tensor x, int axis, int[] indices) {
        checkIndices(x.shape, axis, indices, "gather");
        int extent = x.shape[axis];
        int outer = outer(x.shape, axis);
        int inner = inner(x.shape, axis);
        int count = indices.length;
        double[] result = new double[outer * count * inner];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < count; i++) {
                System.arraycopy(x.data, (o * extent + indices[i]) * inner, result,
                        (o * count + i) * inner, inner);
            }
        }
        return new Tensor(withExtent(x.shape, axis, count), result);
    }

    /**
     * Gather's adjoint: a tensor with {@code extent} along the axis, zero except that slice
     * {@code i} of {@code x} is added at {@code indices[i]} (repeated indices add up).
     */
    static Tensor scatterAdd(Tensor x, int axis, int[] indices, int extent) {
        int count = indices.length;
        if (x.shape[axis] != count) {
            throw new IllegalArgumentException(
                    "scatterAdd: axis " + axis + " of shape " + Shape.toString(x.shape)
                            + " has extent " + x.shape[axis] + " but " + count
                            + " indices were given");
        }
        int[] shape = withExtent(x.shape, axis, extent);
        checkIndices(shape, axis, indices, "scatterAdd");
        int outer = outer(x.shape, axis);
        int inner = inner(x.shape, axis);
        double[] result = new double[outer * extent * inner];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < count; i++) {
                int from = (o * count + i) * inner;
                int to = (o * extent + indices[i]) * inner;
                for (int j = 0; j < inner; j++) {
                    result[to + j] += x.data[from + j];
                }
            }
        }
        return new Tensor(shape, result);
    }

    /**
     * Joins tensors along an axis; all must have the same rank and agree on every other axis.
     *
     * @param axis may be negative
     */
    static Tensor concat(int axis, Tensor[] parts) {
        if (parts.length == 0) {
            throw new IllegalArgumentException("concat: no tensors given; pass at least one");
        }
        int[] first = parts[0].shape;
        if (first.length == 0) {
            throw new IllegalArgumentException(
                    "concat: scalars have no axis to join along; use stack");
        }
        int normalised = Shape.axis(axis, first.length, "concat");
        int total = 0;
        for (int p = 0; p < parts.length; p++) {
            int[] shape = parts[p].shape;
            boolean compatible = shape.length == first.length;
            for (int i = 0; compatible && i < shape.length; i++) {
                compatible = i == normalised || shape[i] == first[i];
            }
            if (!compatible) {
                throw new IllegalArgumentException(
                        "concat: part " + p + " has shape " + Shape.toString(shape)
                                + " but part 0 has shape " + Shape.toString(first)
                                + "; along axis " + normalised + " all parts must have the same"
                                + " rank and agree on every other axis");
            }
            total += shape[normalised];
        }
        int outer = outer(first, normalised);
        int inner = inner(first, normalised);
        double[] result = new double[outer * total * inner];
        int offset = 0;
        for (Tensor part : parts) {
            int run = part.shape[normalised] * inner;
            for (int o = 0; o < outer; o++) {
                System.arraycopy(part.data, o * run, result, o * total * inner + offset, run);
            }
            offset += run;
        }
        return new Tensor(withExtent(first, normalised, total), result);
    }
}
