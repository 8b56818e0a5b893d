package dev.chainrule.fit.optim;

import java.util.List;

/**
 * Updates a list of {@link Parameter}s to lower an {@link Objective}. Implementations keep
 * their state (momentum, moment estimates, curvature pairs) between steps, so one optimizer
 * serves one list of parameters for a whole run. Not thread-safe.
 */
public interface Optimizer {
    /**
     * One update of the parameters.
     *
     * @return the loss at the parameters as they were before the update
     * @throws IllegalArgumentException when the objective does not return a single number
     * @throws ArithmeticException when the loss or a gradient is NaN or infinite, naming the
     *     parameter; the parameters are then left unchanged
     */
    double step(Objective objective);

    /** The parameters this optimizer updates, in order. */
    List<Parameter> parameters();

    double learningRate();

    /**
     * Sets the rate for the following steps (schedules call this once per epoch).
     *
     * @throws IllegalArgumentException when the rate is not positive and finite
     */
    void setLearningRate(double rate);
}
