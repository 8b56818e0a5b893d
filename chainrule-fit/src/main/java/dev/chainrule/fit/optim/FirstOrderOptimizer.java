package dev.chainrule.fit.optim;

import dev.chainrule.autodiff.Var;
import dev.chainrule.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * The common shape of gradient methods: evaluate the loss, sweep backward once, optionally clip
 * the gradient by its global norm, then let the subclass update each parameter's values in
 * place in a plain array, which becomes the parameter's new tensor.
 */
public abstract class FirstOrderOptimizer implements Optimizer {
    private final List<Parameter> parameters;
    private double learningRate;
    private double maxGradientNorm = Double.POSITIVE_INFINITY;
    private long steps;

    protected FirstOrderOptimizer(List<Parameter> parameters, double learningRate) {
        if (parameters.isEmpty()) {
            throw new IllegalArgumentException("optimizer: the parameter list is empty");
        }
        this.parameters = List.copyOf(parameters);
        setLearningRate(learningRate);
    }

    @Override
    public final List<Parameter> parameters() {
        return parameters;
    }

    @Override
    public final double learningRate() {
        return learningRate;
    }

    @Override
    public final void setLearningRate(double rate) {
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException(
                    "optimizer: learning rate must be positive and finite, got " + rate);
        }
        learningRate = rate;
    }

    /**
     * Scales each step's gradient down to this Euclidean norm (over all parameters together)
     * when it is longer; infinity, the default, never clips.
     *
     * @return this optimizer
     * @throws IllegalArgumentException when the norm is not positive
     */
    public final FirstOrderOptimizer clipGradientNorm(double maxNorm) {
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException(
                    "optimizer: maximum gradient norm must be positive, got " + maxNorm);
        }
        maxGradientNorm = maxNorm;
        return this;
    }

    /** Number of completed steps; Adam's bias correction counts them from 1. */
    public final long steps() {
        return steps;
    }

    @Override
    public final double step(Objective objective) {
        for (Parameter parameter : parameters) {
            parameter.zeroGrad();
        }
        Var loss = objective.loss();
        double value = Evaluation.checkedLoss(loss);

        double[][] grads = Evaluation.backwardGrads(loss, parameters);
        GradientClipping.clipByNorm(grads, maxGradientNorm);

        steps++;
        for (int i = 0; i < parameters.size(); i++) {
            Parameter parameter = parameters.get(i);
            double[] values = parameter.value().toArray();
            update(i, values, grads[i]);
            parameter.set(Tensor.of(parameter.shape(), values));
        }
        return value;
    }

    /**
     * Updates one parameter's values in place.
     *
     * @param index position of the parameter in {@link #parameters()}, to find its state
     * @param values the current values, row-major; modified
     * @param grad the (clipped) gradient of the same length; not modified
     */
    protected abstract void update(int index, double[] values, double[] grad);

    /** Zero arrays shaped like the parameters, for per-parameter state. */
    protected final double[][] zerosLikeParameters() {
        double[][] state = new double[parameters.size()][];
        for (int i = 0; i < state.length; i++) {
            state[i] = new double[parameters.get(i).size()];
        }
        return state;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(learningRate=" + learningRate + ", parameters="
                + Arrays.toString(parameters.stream().map(Parameter::name).toArray()) + ")";
    }
}
