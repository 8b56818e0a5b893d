package dev.chainrule.fit.nn;

import dev.chainrule.tensor.Tensor;
import java.util.Arrays;

/**
 * A per-column affine change of units, {@code z = (x - mean) / scale}, so every column enters
 * training centred with unit spread. Columns that do not vary get scale 1 (they are only
 * centred). Immutable.
 */
public final class Standardization {
    private final double[] mean;
    private final double[] scale;

    /**
     * @throws IllegalArgumentException when lengths differ or a scale is not positive and finite
     */
    public Standardization(double[] mean, double[] scale) {
        if (mean.length != scale.length) {
            throw new IllegalArgumentException(
                    "standardization: " + mean.length + " means but " + scale.length
                            + " scales");
        }
        for (int i = 0; i < scale.length; i++) {
            if (!(scale[i] > 0) || Double.isInfinite(scale[i]) || !Double.isFinite(mean[i])) {
                throw new IllegalArgumentException(
                        "standardization: column " + i + " has mean " + mean[i] + " and scale "
                                + scale[i] + "; the scale must be positive and both finite");
            }
        }
        this.mean = mean.clone();
        this.scale = scale.clone();
    }

    /** The identity for {@code columns} columns: mean 0, scale 1. */
    public static Standardization identity(int columns) {
        double[] ones = new double[columns];
        Arrays.fill(ones, 1.0);
        return new Standardization(new double[columns], ones);
    }

    /** Column means and population standard deviations of the given rows of a matrix. */
    public static Standardization fit(Tensor matrix, int[] rows) {
        int columns = matrix.shape(1);
        double[] mean = new double[columns];
        double[] scale = new double[columns];
        for (int row : rows) {
            for (int column = 0; column < columns; column++) {
                mean[column] += matrix.get(row, column);
            }
        }
        for (int column = 0; column < columns; column++) {
            mean[column] /= rows.length;
        }
        for (int row : rows) {
            for (int column = 0; column < columns; column++) {
                double deviation = matrix.get(row, column) - mean[column];
                scale[column] += deviation * deviation;
            }
        }
        for (int column = 0; column < columns; column++) {
            double deviation = Math.sqrt(scale[column] / rows.length);
            scale[column] = deviation > 0 && Double.isFinite(deviation) ? deviation : 1.0;
        }
        return new Standardization(mean, scale);
    }

    public int columns() {
        return mean.length;
    }

    public double[] mean() {
        return mean.clone();
    }

    public double[] scale() {
        return scale.clone();
    }

    /** {@code (x - mean) / scale} for a {@code [rows, columns]} matrix. */
    public Tensor apply(Tensor matrix) {
        requireColumns(matrix);
        return matrix.sub(Tensor.vector(mean)).div(Tensor.vector(scale));
    }

    /** {@code z * scale + mean}: undoes {@link #apply}. */
    public Tensor invert(Tensor matrix) {
        requireColumns(matrix);
        return matrix.mul(Tensor.vector(scale)).add(Tensor.vector(mean));
    }

    private void requireColumns(Tensor matrix) {
        if (matrix.rank() != 2 || matrix.shape(1) != mean.length) {
            throw new IllegalArgumentException(
                    "standardization: expected a matrix with " + mean.length + " columns, got"
                            + " shape " + Arrays.toString(matrix.shape()));
        }
    }
}
