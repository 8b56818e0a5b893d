package dev.chainrule.fit.optim;

import java.util.List;

/**
 * Adam (Kingma and Ba, 2015, Algorithm 1), and AdamW, its variant with decoupled weight decay
 * (Loshchilov and Hutter, 2019, Algorithm 2). With step count t:
 * <pre>
 *   g = grad (+ weightDecay * x for Adam's L2 form)
 *   m = beta1 m + (1 - beta1) g           v = beta2 v + (1 - beta2) g^2
 *   x = x - rate * (m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + epsilon)
 *   x = x - rate * weightDecay * x        (AdamW only, applied to the value before the step)
 * </pre>
 */
public final class Adam extends FirstOrderOptimizer {
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;
    private final boolean decoupled;
    private final double[][] firstMoment;
    private final double[][] secondMoment;

    /**
     * @param beta1 decay of the first-moment estimate, in [0, 1)
     * @param beta2 decay of the second-moment estimate, in [0, 1)
     * @param epsilon added to the root of the second moment, > 0
     * @param weightDecay >= 0; added to the gradient (L2) unless {@code decoupled}
     * @param decoupled apply weight decay directly to the values (AdamW)
     * @throws IllegalArgumentException for values out of range
     */
    public Adam(List<Parameter> parameters, double learningRate, double beta1, double beta2,
            double epsilon, double weightDecay, boolean decoupled) {
        super(parameters, learningRate);
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException(
                    "adam: beta1 and beta2 must be in [0, 1), got " + beta1 + " and " + beta2);
        }
        if (!(epsilon > 0) || !(weightDecay >= 0)) {
            throw new IllegalArgumentException(
                    "adam: epsilon must be > 0 and weight decay >= 0, got " + epsilon + " and "
                            + weightDecay);
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.weightDecay = weightDecay;
        this.decoupled = decoupled;
        this.firstMoment = zerosLikeParameters();
        this.secondMoment = zerosLikeParameters();
    }

    /** Adam with the paper's defaults: beta1 0.9, beta2 0.999, epsilon 1e-8, no decay. */
    public static Adam adam(List<Parameter> parameters, double learningRate) {
        return new Adam(parameters, learningRate, 0.9, 0.999, 1e-8, 0.0, false);
    }

    /** AdamW with Adam's defaults and decoupled weight decay. */
    public static Adam adamW(List<Parameter> parameters, double learningRate,
            double weightDecay) {
        return new Adam(parameters, learningRate, 0.9, 0.999, 1e-8, weightDecay, true);
    }

    @Override
    protected void update(int index, double[] values, double[] grad) {
        double rate = learningRate();
        double correction1 = 1 - Math.pow(beta1, steps());
        double correction2 = 1 - Math.pow(beta2, steps());
        double[] m = firstMoment[index];
        double[] v = secondMoment[index];
        for (int j = 0; j < values.length; j++) {
            double g = decoupled ? grad[j] : grad[j] + weightDecay * values[j];
            m[j] = beta1 * m[j] + (1 - beta1) * g;
            v[j] = beta2 * v[j] + (1 - beta2) * g * g;
            if (decoupled) {
                values[j] -= rate * weightDecay * values[j];
            }
            double mHat = m[j] / correction1;
            double vHat = v[j] / correction2;
            values[j] -= rate * mHat / (Math.sqrt(vHat) + epsilon);
        }
    }
}
