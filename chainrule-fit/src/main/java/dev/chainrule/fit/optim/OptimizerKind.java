package dev.chainrule.fit.optim;

import java.util.List;
import java.util.Locale;

/** The optimizers by name, for configuration and the command line. */
public enum OptimizerKind {
    /** {@link Sgd}, with the configured momentum (Nesterov when momentum > 0). */
    SGD,
    /** {@link Adam} with L2 weight decay. */
    ADAM,
    /** {@link Adam} with decoupled weight decay. */
    ADAMW,
    /** {@link Lbfgs}: full batch only. */
    LBFGS;

    /** The lower-case name. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The kind of a name, ignoring case; {@code nesterov} is another name for {@link #SGD},
     * whose momentum is Nesterov's.
     *
     * @throws IllegalArgumentException naming the valid choices
     */
    public static OptimizerKind parse(String name) {
        if (name.trim().equalsIgnoreCase("nesterov")) {
            return SGD;
        }
        for (OptimizerKind kind : values()) {
            if (kind.label().equalsIgnoreCase(name.trim())) {
                return kind;
            }
        }
        throw new IllegalArgumentException(
                "unknown optimizer \"" + name + "\"; choose lbfgs, adam, adamw or sgd (also"
                        + " called nesterov)");
    }

    /** A fresh optimizer of this kind for the given parameters. */
    public Optimizer create(List<Parameter> parameters, double learningRate, double momentum,
            double weightDecay) {
        return switch (this) {
            case SGD -> new Sgd(parameters, learningRate, momentum, momentum > 0, weightDecay);
            case ADAM -> new Adam(parameters, learningRate, 0.9, 0.999, 1e-8, weightDecay, false);
            case ADAMW -> Adam.adamW(parameters, learningRate, weightDecay);
            case LBFGS -> {
                Lbfgs lbfgs = new Lbfgs(parameters);
                lbfgs.setLearningRate(learningRate);
                yield lbfgs;
            }
        };
    }

    /** A learning rate that usually works with standardised data. */
    public double defaultLearningRate() {
        return switch (this) {
            case SGD -> 0.01;
            case ADAM, ADAMW -> 0.01;
            case LBFGS -> 1.0;
        };
    }
}
