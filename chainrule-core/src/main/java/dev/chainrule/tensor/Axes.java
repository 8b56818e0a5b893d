package dev.chainrule.tensor;

import java.util.Arrays;

/**
 * Static helpers for the axes of a reduction: normalising a list of axes (negative ones count
 * from the end) and the shapes a reduction leaves with and without kept dimensions.
 *
 * <p>Methods here never modify their arguments.
 */
public final class Axes {
    private Axes() {}

    /**
     * The axes to reduce, each in {@code [0, rank)}, sorted, without repeats; {@code null} means
     * every axis.
     *
     * @param operation named in the error, for example {@code "sum"}
     * @throws IllegalArgumentException when an axis is out of range or repeated
     */
    public static int[] normalise(int[] axes, int rank, String operation) {
        if (axes == null) {
            int[] all = new int[rank];
            for (int axis = 0; axis < rank; axis++) {
                all[axis] = axis;
            }
            return all;
        }
        int[] result = new int[axes.length];
        for (int i = 0; i < axes.length; i++) {
            result[i] = Shape.axis(axes[i], rank, operation);
        }
        Arrays.sort(result);
        for (int i = 1; i < result.length; i++) {
            if (result[i] == result[i - 1]) {
                throw new IllegalArgumentException(
                        operation + ": axis " + result[i] + " appears twice in axes "
                                + Arrays.toString(axes) + "; list each axis once");
            }
        }
        return result;
    }

    /** The shape with every reduced axis set to extent 1 (the keep-dims result shape). */
    public static int[] kept(int[] shape, int[] normalisedAxes) {
        int[] result = shape.clone();
        for (int axis : normalisedAxes) {
            result[axis] = 1;
        }
        return result;
    }

    /** The shape with every reduced axis removed. */
    public static int[] dropped(int[] shape, int[] normalisedAxes) {
        int[] result = new int[shape.length - normalisedAxes.length];
        int next = 0;
        int position = 0;
        for (int axis = 0; axis < shape.length; axis++) {
            if (next < normalisedAxes.length && normalisedAxes[next] == axis) {
                next++;
            } else {
                result[position++] = shape[axis];
            }
        }
        return result;
    }

    /** Number of elements that each reduced result combines. */
    public static int count(int[] shape, int[] normalisedAxes) {
        long count = 1;
        for (int axis : normalisedAxes) {
            count *= shape[axis];
        }
        return (int) count;
    }
}
