package dev.chainrule.tensor;

import java.util.Arrays;

/**
 * Static helpers for tensor shapes: sizes, row-major strides and NumPy broadcasting.
 *
 * <p>A shape is an {@code int[]} of non-negative extents; the empty array is the shape of a
 * scalar. Methods here never modify their arguments.
 */
public final class Shape {
    static final int[] SCALAR = new int[0];

    private Shape() {}

    /** Number of elements of a tensor of this shape (1 for a scalar). */
    public static int size(int[] shape) {
        long size = 1;
        for (int extent : shape) {
            size *= extent;
        }
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "shape " + Arrays.toString(shape) + " has " + size
                            + " elements, more than a Java array can hold");
        }
        return (int) size;
    }

    /** Row-major strides: the distance in the data array between neighbours along each axis. */
    public static int[] strides(int[] shape) {
        int[] strides = new int[shape.length];
        int stride = 1;
        for (int axis = shape.length - 1; axis >= 0; axis--) {
            strides[axis] = stride;
            stride *= shape[axis];
        }
        return strides;
    }

    /**
     * The NumPy broadcast of two shapes: axes are aligned from the right and each pair must be
     * equal or contain a 1.
     *
     * @param operation named in the error message, for example {@code "add"}
     * @throws IllegalArgumentException naming both shapes when they cannot be broadcast
     */
    public static int[] broadcast(int[] lhs, int[] rhs, String operation) {
        if (Arrays.equals(lhs, rhs)) {
            return lhs;
        }
        int rank = Math.max(lhs.length, rhs.length);
        int[] result = new int[rank];
        for (int i = 0; i < rank; i++) {
            int l = extentFromRight(lhs, rank - 1 - i);
            int r = extentFromRight(rhs, rank - 1 - i);
            if (l != r && l != 1 && r != 1) {
                throw new IllegalArgumentException(
                        operation + ": shapes " + Arrays.toString(lhs) + " and "
                                + Arrays.toString(rhs)
                                + " cannot be broadcast together (axis " + i + " of the result"
                                + " would need " + l + " and " + r
                                + "; each pair of aligned extents must be equal or 1)");
            }
            result[i] = l == 1 ? r : l;
        }
        return result;
    }

    /** Whether {@code from} broadcasts to exactly {@code to}. */
    public static boolean broadcastsTo(int[] from, int[] to) {
        if (from.length > to.length) {
            return false;
        }
        for (int i = 0; i < from.length; i++) {
            int f = from[from.length - 1 - i];
            if (f != 1 && f != to[to.length - 1 - i]) {
                return false;
            }
        }
        return true;
    }

    private static int extentFromRight(int[] shape, int positionFromRight) {
        int index = shape.length - 1 - positionFromRight;
        return index >= 0 ? shape[index] : 1;
    }

    /**
     * Strides of {@code shape} seen through a broadcast to {@code target}: axes that are
     * broadcast get stride 0, and missing leading axes are added with stride 0.
     */
    static int[] broadcastStrides(int[] shape, int[] target) {
        int[] own = strides(shape);
        int[] result = new int[target.length];
        int offset = target.length - shape.length;
        for (int axis = 0; axis < shape.length; axis++) {
            result[axis + offset] = shape[axis] == 1 ? 0 : own[axis];
        }
        return result;
    }

    /**
     * Normalises an axis that may be negative (counting from the end) and checks its range.
     *
     * @throws IllegalArgumentException when the axis is outside {@code [-rank, rank)}
     */
    public static int axis(int axis, int rank, String operation) {
        int normalised = axis < 0 ? axis + rank : axis;
        if (rank == 0) {
            throw new IllegalArgumentException(
                    operation + ": axis " + axis + " does not exist: a scalar (rank 0) has no"
                            + " axes; reshape it to [1] first");
        }
        if (normalised < 0 || normalised >= rank) {
            throw new IllegalArgumentException(
                    operation + ": axis " + axis + " is out of range for a tensor of rank "
                            + rank + " (use 0.." + (rank - 1) + " or -" + rank + "..-1)");
        }
        return normalised;
    }

    /** Readable form of a shape, such as {@code [2, 3]}. */
    public static String toString(int[] shape) {
        return Arrays.toString(shape);
    }

    static int[] checkedCopy(int[] shape) {
        int[] copy = shape.clone();
        for (int extent : copy) {
            if (extent < 0) {
                throw new IllegalArgumentException(
                        "shape " + Arrays.toString(shape) + " has a negative extent");
            }
        }
        return copy;
    }
}
