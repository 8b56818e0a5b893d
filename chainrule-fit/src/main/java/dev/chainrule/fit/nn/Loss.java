package dev.chainrule.fit.nn;

import dev.chainrule.autodiff.Var;
import dev.chainrule.tensor.Tensor;
import java.util.Arrays;
import java.util.function.BiFunction;

/**
 * A scalar measure of how far predictions are from targets, averaged over the batch so that its
 * size does not change the scale of gradients. All forms are numerically stable: the
 * cross-entropies work on logits and never take the log of a probability that may round to 0.
 */
public interface Loss {
    /**
     * The mean loss of a batch.
     *
     * @param prediction the model's output, {@code [batch, outputs]}
     * @param target what it should be; its shape depends on the loss (see each factory)
     * @throws IllegalArgumentException when the shapes do not fit together
     */
    Var apply(Var prediction, Tensor target);

    /** Short name for reports, for example {@code "mse"}. */
    String name();

    /** Mean squared error {@code mean((p - t)^2)}; target of the prediction's shape. */
    static Loss meanSquaredError() {
        return named("mse", (prediction, target) -> {
            requireSameShape("mse", prediction, target);
            return prediction.sub(Var.constant(target)).square().mean();
        });
    }

    /** Mean absolute error {@code mean|p - t|}; its derivative at a zero residual is 0. */
    static Loss meanAbsoluteError() {
        return named("mae", (prediction, target) -> {
            requireSameShape("mae", prediction, target);
            return prediction.sub(Var.constant(target)).abs().mean();
        });
    }

    /**
     * Huber loss: {@code r^2 / 2} for residuals {@code |r| <= delta}, {@code delta (|r| -
     * delta / 2)} beyond, so large errors count linearly (Huber, 1964).
     *
     * @throws IllegalArgumentException when delta is not positive and finite
     */
    static Loss huber(double delta) {
        if (!(delta > 0) || Double.isInfinite(delta)) {
            throw new IllegalArgumentException("huber: delta must be positive, got " + delta);
        }
        return named("huber", (prediction, target) -> {
            requireSameShape("huber", prediction, target);
            Var residual = prediction.sub(Var.constant(target)).abs();
            Var quadratic = residual.square().mul(0.5);
            Var linear = residual.sub(delta / 2).mul(delta);
            return Var.where(residual.le(delta), quadratic, linear).mean();
        });
    }

    /**
     * Binary cross-entropy of logits {@code z} against labels {@code t} in [0, 1]:
     * {@code -t ln sigmoid(z) - (1 - t) ln(1 - sigmoid(z)) = softplus(z) - t z}, which the
     * stable softplus keeps finite for any z.
     */
    static Loss binaryCrossEntropyWithLogits() {
        return named("bce", (prediction, target) -> {
            requireSameShape("binary cross-entropy", prediction, target);
            return prediction.softplus().sub(prediction.mul(Var.constant(target))).mean();
        });
    }

    /**
     * Softmax cross-entropy of logits {@code [batch, classes]} against class indices
     * {@code [batch]} or {@code [batch, 1]} (whole numbers from 0), or against rows of class
     * probabilities {@code [batch, classes]}: {@code -mean_rows sum_k t_k logSoftmax(z)_k}.
     *
     * @throws IllegalArgumentException when an index is not a whole number in range
     */
    static Loss softmaxCrossEntropy() {
        return named("cross_entropy", (prediction, target) -> {
            int[] shape = prediction.shape();
            if (shape.length != 2) {
                throw new IllegalArgumentException(
                        "cross-entropy: logits must be [batch, classes], got "
                                + Arrays.toString(shape));
            }
            boolean indices = target.rank() == 1
                    || target.rank() == 2 && target.shape(1) == 1 && shape[1] > 1;
            Tensor probabilities = indices ? oneHot(target, shape[1]) : target;
            requireSameShape("cross-entropy", prediction, probabilities);
            Var logProbabilities = prediction.logSoftmax(1);
            return logProbabilities.mul(Var.constant(probabilities)).sum().mul(-1.0 / shape[0]);
        });
    }

    /**
     * Rows of zeros with a 1 at each class index.
     *
     * @throws IllegalArgumentException when an index is not a whole number in
     *     {@code [0, classes)}
     */
    static Tensor oneHot(Tensor indices, int classes) {
        int rows = indices.size();
        double[] data = new double[rows * classes];
        for (int row = 0; row < rows; row++) {
            double index = indices.getFlat(row);
            if (index != Math.rint(index) || index < 0 || index >= classes) {
                throw new IllegalArgumentException(
                        "cross-entropy: target " + index + " in row " + row + " is not a class"
                                + " index in 0.." + (classes - 1));
            }
            data[row * classes + (int) index] = 1.0;
        }
        return Tensor.of(new int[] {rows, classes}, data);
    }

    private static void requireSameShape(String loss, Var prediction, Tensor target) {
        if (!target.hasShape(prediction.shape())) {
            throw new IllegalArgumentException(
                    loss + ": prediction has shape " + Arrays.toString(prediction.shape())
                            + " but target has shape " + Arrays.toString(target.shape()));
        }
    }

    private static Loss named(String name, BiFunction<Var, Tensor, Var> rule) {
        return new Loss() {
            @Override
            public Var apply(Var prediction, Tensor target) {
                return rule.apply(prediction, target);
            }

            @Override
            public String name() {
                return name;
            }
        };
    }
}
