package dev.chainrule.fit.nn;

import dev.chainrule.tensor.Tensor;

/**
 * How the weights of a linear layer start: random values whose spread keeps the variance of
 * signals roughly constant from layer to layer. Biases always start at zero.
 */
public enum Initializer {
    /**
     * Uniform on {@code [-a, a]} with {@code a = sqrt(6 / (fanIn + fanOut))}: Glorot and
     * Bengio (2010), "Understanding the difficulty of training deep feedforward neural
     * networks". Suits tanh, sigmoid and linear layers.
     */
    GLOROT {
        @Override
        public Tensor weights(int fanIn, int fanOut, long seed) {
            double limit = Math.sqrt(6.0 / (fanIn + fanOut));
            return Tensor.randomUniform(seed, -limit, limit, fanIn, fanOut);
        }
    },

    /**
     * Normal with mean 0 and standard deviation {@code sqrt(2 / fanIn)}: He, Zhang, Ren and
     * Sun (2015), "Delving deep into rectifiers". Suits relu layers, which zero half their
     * inputs.
     */
    HE {
        @Override
        public Tensor weights(int fanIn, int fanOut, long seed) {
            return Tensor.randomNormal(seed, 0.0, Math.sqrt(2.0 / fanIn), fanIn, fanOut);
        }
    };

    /** A {@code [fanIn, fanOut]} weight matrix drawn from a generator seeded with {@code seed}. */
    public abstract Tensor weights(int fanIn, int fanOut, long seed);

    /** The usual choice for an activation: He for relu, Glorot otherwise. */
    public static Initializer suitedTo(Activation activation) {
        return activation == Activation.RELU ? HE : GLOROT;
    }
}
