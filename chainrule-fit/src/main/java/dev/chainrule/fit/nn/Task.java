package dev.chainrule.fit.nn;

import java.util.Locale;

/** What a network learns: numbers (regression) or class labels (classification). */
public enum Task {
    /** Real-valued targets, standardised for training, mean squared error by default. */
    REGRESS,

    /**
     * Class indices 0..K-1: with two classes one logit and binary cross-entropy, with more one
     * logit per class and softmax cross-entropy.
     */
    CLASSIFY;

    /** The lower-case name used on the command line and in saved models. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @throws IllegalArgumentException naming the valid choices
     */
    public static Task parse(String name) {
        for (Task task : values()) {
            if (task.label().equalsIgnoreCase(name.trim())) {
                return task;
            }
        }
        throw new IllegalArgumentException(
                "unknown task \"" + name + "\"; choose regress or classify");
    }

    /** Network outputs needed for this task with the given number of classes or targets. */
    public int outputsFor(int targetsOrClasses) {
        return this == CLASSIFY && targetsOrClasses == 2 ? 1 : targetsOrClasses;
    }
}
