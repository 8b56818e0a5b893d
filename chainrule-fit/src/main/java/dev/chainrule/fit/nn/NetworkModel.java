package dev.chainrule.fit.nn;

import dev.chainrule.autodiff.GradMode;
import dev.chainrule.autodiff.Var;
import dev.chainrule.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * A trained network with everything needed to use it on raw data: the standardisation of its
 * inputs, the inverse standardisation of its outputs (regression), the class labels
 * (classification), and the column names it was trained on.
 *
 * <p>The network's parameters are shared, not copied: do not keep training the network while
 * using the model from another thread.
 */
public final class NetworkModel {
    private final Task task;
    private final Mlp network;
    private final Standardization inputScaling;
    private final Standardization targetScaling;
    private final List<String> inputNames;
    private final List<String> targetNames;
    private final List<String> classLabels;

    /**
     * @param targetScaling undone on regression outputs; the identity for classification
     * @param inputNames one per input column
     * @param targetNames one per target column (regression) or the label column (classify)
     * @param classLabels the label of each class index (classification), else empty
     * @throws IllegalArgumentException when the sizes do not agree with the network
     */
    public NetworkModel(Task task, Mlp network, Standardization inputScaling,
            Standardization targetScaling, List<String> inputNames, List<String> targetNames,
            List<String> classLabels) {
        int[] sizes = network.sizes();
        int outputs = sizes[sizes.length - 1];
        int expectedOutputs = task == Task.CLASSIFY
                ? task.outputsFor(classLabels.size()) : targetNames.size();
        if (inputScaling.columns() != sizes[0] || inputNames.size() != sizes[0]
                || targetScaling.columns() != outputs || expectedOutputs != outputs) {
            throw new IllegalArgumentException(
                    "network model: layers " + Arrays.toString(sizes) + " do not fit "
                            + inputNames.size() + " input names, " + inputScaling.columns()
                            + " input scalings, " + targetScaling.columns()
                            + " output scalings, " + targetNames.size() + " target names and "
                            + classLabels.size() + " class labels");
        }
        this.task = task;
        this.network = network;
        this.inputScaling = inputScaling;
        this.targetScaling = targetScaling;
        this.inputNames = List.copyOf(inputNames);
        this.targetNames = List.copyOf(targetNames);
        this.classLabels = List.copyOf(classLabels);
    }

    public Task task() {
        return task;
    }

    public Mlp network() {
        return network;
    }

    public Standardization inputScaling() {
        return inputScaling;
    }

    public Standardization targetScaling() {
        return targetScaling;
    }

    public List<String> inputNames() {
        return inputNames;
    }

    public List<String> targetNames() {
        return targetNames;
    }

    public List<String> classLabels() {
        return classLabels;
    }

    /**
     * The network's output for raw inputs {@code [rows, inputs]}, without recording: for
     * regression in the targets' original units, for classification the logits.
     *
     * @throws IllegalArgumentException when the inputs have the wrong number of columns
     */
    public Tensor output(Tensor inputs) {
        if (inputs.rank() != 2 || inputs.shape(1) != inputScaling.columns()) {
            throw new IllegalArgumentException(
                    "predict: inputs have shape " + Arrays.toString(inputs.shape())
                            + " but the model takes " + inputScaling.columns() + " columns ("
                            + String.join(", ", inputNames) + ")");
        }
        Tensor raw;
        try (GradMode.Scope scope = GradMode.noGrad()) {
            raw = network.forward(Var.constant(inputScaling.apply(inputs))).value();
        }
        return task == Task.REGRESS ? targetScaling.invert(raw) : raw;
    }

    /**
     * Class probabilities {@code [rows, classes]} for a classifier.
     *
     * @throws IllegalStateException for a regression model
     */
    public Tensor probabilities(Tensor inputs) {
        requireClassifier();
        Tensor logits = output(inputs);
        int rows = logits.shape(0);
        int classes = classLabels.size();
        double[] result = new double[rows * classes];
        for (int row = 0; row < rows; row++) {
            if (classes == 2) {
                double p = sigmoid(logits.get(row, 0));
                result[row * 2] = 1 - p;
                result[row * 2 + 1] = p;
                continue;
            }
            double largest = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < classes; k++) {
                largest = Math.max(largest, logits.get(row, k));
            }
            double total = 0;
            for (int k = 0; k < classes; k++) {
                result[row * classes + k] = Math.exp(logits.get(row, k) - largest);
                total += result[row * classes + k];
            }
            for (int k = 0; k < classes; k++) {
                result[row * classes + k] /= total;
            }
        }
        return Tensor.of(new int[] {rows, classes}, result);
    }

    /**
     * The most probable class index of each row (the lower index on ties).
     *
     * @throws IllegalStateException for a regression model
     */
    public int[] classify(Tensor inputs) {
        return mostProbable(probabilities(inputs));
    }

    /**
     * The index of the largest entry of each row of {@link #probabilities}' result (the first
     * at ties), for callers that already hold the probabilities.
     */
    public static int[] mostProbable(Tensor probabilities) {
        int rows = probabilities.shape(0);
        int classes = probabilities.shape(1);
        int[] result = new int[rows];
        for (int row = 0; row < rows; row++) {
            int best = 0;
            for (int k = 1; k < classes; k++) {
                if (probabilities.get(row, k) > probabilities.get(row, best)) {
                    best = k;
                }
            }
            result[row] = best;
        }
        return result;
    }

    private void requireClassifier() {
        if (task != Task.CLASSIFY) {
            throw new IllegalStateException(
                    "this model was trained for regression; it has no classes");
        }
    }

    // 1 / (1 + e^-z), written so that e^x never overflows.
    private static double sigmoid(double z) {
        if (z >= 0) {
            return 1 / (1 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1 + e);
    }
}
