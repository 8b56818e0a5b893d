package dev.chainrule.fit.optim;

import dev.chainrule.autodiff.Var;
import java.util.Arrays;
import java.util.List;

/** Shared steps of optimizers: checking the loss, one backward sweep, reading gradients. */
final class Evaluation {
    private Evaluation() {}

    /** The loss as a number, after checking that it is one finite scalar. */
    static double checkedLoss(Var loss) {
        if (loss.value().size() != 1) {
            throw new IllegalArgumentException(
                    "optimizer: the objective returned shape " + Arrays.toString(loss.shape())
                            + "; it must return a single number (reduce with sum() or mean())");
        }
        double value = loss.item();
        if (!Double.isFinite(value)) {
            throw new ArithmeticException(
                    "optimizer: the loss is " + value + "; lower the learning rate, clip"
                            + " gradients, or check the data for extreme values");
        }
        return value;
    }

    /**
     * Sweeps backward from the loss and returns each parameter's gradient as an array (zeros
     * for parameters the loss does not depend on).
     *
     * @throws ArithmeticException when a gradient has a NaN or infinite entry
     */
    static double[][] backwardGrads(Var loss, List<Parameter> parameters) {
        if (loss.requiresGrad()) {
            loss.backward();
        }
        double[][] grads = new double[parameters.size()][];
        for (int i = 0; i < grads.length; i++) {
            Parameter parameter = parameters.get(i);
            grads[i] = parameter.grad().toArray();
            for (int j = 0; j < grads[i].length; j++) {
                if (!Double.isFinite(grads[i][j])) {
                    throw new ArithmeticException(
                            "optimizer: gradient of parameter " + parameter.name() + " has "
                                    + grads[i][j] + " at position " + j + "; lower the learning"
                                    + " rate or clip gradients");
                }
            }
        }
        return grads;
    }
}
