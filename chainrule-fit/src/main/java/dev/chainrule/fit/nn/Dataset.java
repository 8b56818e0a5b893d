package dev.chainrule.fit.nn;

import dev.chainrule.tensor.Tensor;
import java.util.Arrays;

/**
 * Examples for training: an input matrix {@code [rows, inputs]} and a target matrix
 * {@code [rows, targets]}, row i of one belonging to row i of the other. Immutable.
 *
 * <p>For classification the target matrix has one column of class indices 0, 1, ..., K - 1.
 *
 * <p>Limitations: the whole set lives in memory as two tensors. Training reads it only through
 * {@link #rows} and {@link #batch}, so a partitioned source (for example one partition per Spark
 * executor, summing per-partition gradients) could stand behind the same two calls; that is not
 * written yet.
 */
public final class Dataset {
    private final Tensor inputs;
    private final Tensor targets;
    private final double[] inputData;
    private final double[] targetData;

    /**
     * @throws IllegalArgumentException when the tensors are not matrices with the same number of
     *     rows, when there are no rows, or when a value is NaN or infinite (naming row and
     *     column)
     */
    public Dataset(Tensor inputs, Tensor targets) {
        if (inputs.rank() != 2 || targets.rank() != 2 || inputs.shape(0) != targets.shape(0)) {
            throw new IllegalArgumentException(
                    "dataset: inputs " + Arrays.toString(inputs.shape()) + " and targets "
                            + Arrays.toString(targets.shape()) + " must be matrices with the"
                            + " same number of rows");
        }
        if (inputs.shape(0) == 0) {
            throw new IllegalArgumentException("dataset: there are no rows");
        }
        this.inputs = inputs;
        this.targets = targets;
        this.inputData = inputs.toArray();
        this.targetData = targets.toArray();
        requireFinite("input", inputData, inputs.shape(1));
        requireFinite("target", targetData, targets.shape(1));
    }

    private static void requireFinite(String kind, double[] data, int columns) {
        for (int i = 0; i < data.length; i++) {
            if (!Double.isFinite(data[i])) {
                throw new IllegalArgumentException(
                        "dataset: " + kind + " column " + i % columns + " of row " + i / columns
                                + " is " + data[i] + "; remove or fix the row");
            }
        }
    }

    public int rows() {
        return inputs.shape(0);
    }

    public int inputColumns() {
        return inputs.shape(1);
    }

    public int targetColumns() {
        return targets.shape(1);
    }

    public Tensor inputs() {
        return inputs;
    }

    public Tensor targets() {
        return targets;
    }

    /** The inputs of the given rows, in that order, as {@code [rows.length, inputs]}. */
    public Tensor inputBatch(int[] rows) {
        return gather(inputData, inputColumns(), rows);
    }

    /** The targets of the given rows, in that order, as {@code [rows.length, targets]}. */
    public Tensor targetBatch(int[] rows) {
        return gather(targetData, targetColumns(), rows);
    }

    /** The subset of the given rows, in that order. */
    public Dataset batch(int[] rows) {
        return new Dataset(inputBatch(rows), targetBatch(rows));
    }

    private static Tensor gather(double[] data, int columns, int[] rows) {
        double[] result = new double[rows.length * columns];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(data, rows[i] * columns, result, i * columns, columns);
        }
        return Tensor.of(new int[] {rows.length, columns}, result);
    }
}
