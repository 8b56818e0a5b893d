package dev.chainrule.fit.optim;

import java.util.List;

/**
 * Stochastic gradient descent, optionally with momentum (heavy ball) or Nesterov momentum in
 * the form of Sutskever, Martens, Dahl and Hinton (2013), as most libraries write it:
 * <pre>
 *   g = grad + weightDecay * x
 *   v = momentum * v + g
 *   x = x - rate * v                      (classical momentum)
 *   x = x - rate * (g + momentum * v)     (Nesterov)
 * </pre>
 * With momentum 0 this is plain gradient descent.
 */
public final class Sgd extends FirstOrderOptimizer {
    private final double momentum;
    private final boolean nesterov;
    private final double weightDecay;
    private final double[][] velocity;

    /** Plain gradient descent. */
    public Sgd(List<Parameter> parameters, double learningRate) {
        this(parameters, learningRate, 0.0, false, 0.0);
    }

    /**
     * @param momentum in [0, 1)
     * @param nesterov use the Nesterov look-ahead form (needs momentum > 0)
     * @param weightDecay L2 penalty coefficient added to the gradient, >= 0
     * @throws IllegalArgumentException for values out of range
     */
    public Sgd(List<Parameter> parameters, double learningRate, double momentum,
            boolean nesterov, double weightDecay) {
        super(parameters, learningRate);
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("sgd: momentum must be in [0, 1), got "
                    + momentum);
        }
        if (nesterov && momentum == 0) {
            throw new IllegalArgumentException("sgd: Nesterov momentum needs momentum > 0");
        }
        if (!(weightDecay >= 0)) {
            throw new IllegalArgumentException("sgd: weight decay must be >= 0, got "
                    + weightDecay);
        }
        this.momentum = momentum;
        this.nesterov = nesterov;
        this.weightDecay = weightDecay;
        this.velocity = zerosLikeParameters();
    }

    @Override
    protected void update(int index, double[] values, double[] grad) {
        double rate = learningRate();
        double[] v = velocity[index];
        for (int j = 0; j < values.length; j++) {
            double g = grad[j] + weightDecay * values[j];
            v[j] = momentum * v[j] + g;
            values[j] -= rate * (nesterov ? g + momentum * v[j] : v[j]);
        }
    }
}
