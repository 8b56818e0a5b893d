package dev.chainrule.fit.nn;

import dev.chainrule.autodiff.Var;
import dev.chainrule.fit.optim.Parameter;
import java.util.List;
import java.util.Locale;

/**
 * Elementwise nonlinearities, usable as parameter-free layers. Each is an engine primitive or a
 * short composition of them, so its derivative comes from the engine's rules (and follows their
 * conventions, such as relu'(0) = 0).
 */
public enum Activation implements Module {
    /** The identity: the output layer of a regression network. */
    IDENTITY {
        @Override
        public Var forward(Var input) {
            return input;
        }
    },

    TANH {
        @Override
        public Var forward(Var input) {
            return input.tanh();
        }
    },

    /** {@code max(x, 0)}. */
    RELU {
        @Override
        public Var forward(Var input) {
            return input.relu();
        }
    },

    /** {@code 1 / (1 + e^-x)}, in the engine's stable form. */
    SIGMOID {
        @Override
        public Var forward(Var input) {
            return input.sigmoid();
        }
    },

    /**
     * The exact Gaussian error linear unit {@code x Phi(x) = x (1 + erf(x / sqrt 2)) / 2}
     * (Hendrycks and Gimpel, 2016), not the tanh approximation.
     */
    GELU {
        @Override
        public Var forward(Var input) {
            return input.mul(input.mul(INVERSE_SQRT_2).erf().add(1.0)).mul(0.5);
        }
    },

    /** {@code ln(1 + e^x)}, in the engine's stable form. */
    SOFTPLUS {
        @Override
        public Var forward(Var input) {
            return input.softplus();
        }
    };

    private static final double INVERSE_SQRT_2 = 1.0 / Math.sqrt(2.0);

    @Override
    public List<Parameter> parameters() {
        return List.of();
    }

    /** The lower-case name used on the command line and in saved models. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The activation with this name, ignoring case.
     *
     * @throws IllegalArgumentException naming the valid choices when there is none
     */
    public static Activation parse(String name) {
        for (Activation activation : values()) {
            if (activation.label().equalsIgnoreCase(name.trim())) {
                return activation;
            }
        }
        throw new IllegalArgumentException(
                "unknown activation \"" + name + "\"; choose one of identity, tanh, relu,"
                        + " sigmoid, gelu, softplus");
    }
}
