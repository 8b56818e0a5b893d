package dev.chainrule.fit.optim;

/**
 * The learning rate as a function of the epoch (counted from 0). Training loops ask once per
 * epoch and pass the answer to {@link Optimizer#setLearningRate}.
 */
@FunctionalInterface
public interface LearningRateSchedule {
    double rate(int epoch);

    /** The same rate throughout. */
    static LearningRateSchedule constant(double rate) {
        return epoch -> rate;
    }

    /**
     * Step decay: {@code rate * factor^floor(epoch / every)}.
     *
     * @throws IllegalArgumentException when every < 1 or factor is not in (0, 1]
     */
    static LearningRateSchedule step(double rate, int every, double factor) {
        if (every < 1 || !(factor > 0 && factor <= 1)) {
            throw new IllegalArgumentException(
                    "step schedule: needs every >= 1 and factor in (0, 1], got every=" + every
                            + ", factor=" + factor);
        }
        return epoch -> rate * Math.pow(factor, epoch / every);
    }

    /**
     * Cosine annealing without restarts (Loshchilov and Hutter, 2017): from {@code rate} at
     * epoch 0 down to {@code minimum} at epoch {@code epochs - 1},
     * {@code minimum + (rate - minimum)(1 + cos(pi e / (epochs - 1))) / 2}; after that it stays
     * at the minimum.
     *
     * @throws IllegalArgumentException when epochs < 1 or minimum is outside (0, rate] (a rate
     *     of 0 would stop training, and optimizers reject it)
     */
    static LearningRateSchedule cosine(double rate, int epochs, double minimum) {
        if (epochs < 1 || !(minimum > 0 && minimum <= rate)) {
            throw new IllegalArgumentException(
                    "cosine schedule: needs epochs >= 1 and 0 < minimum <= rate, got epochs="
                            + epochs + ", minimum=" + minimum + ", rate=" + rate);
        }
        return epoch -> {
            if (epochs == 1 || epoch >= epochs - 1) {
                return epochs == 1 && epoch == 0 ? rate : minimum;
            }
            double progress = (double) epoch / (epochs - 1);
            return minimum + (rate - minimum) * (1 + Math.cos(Math.PI * progress)) / 2;
        };
    }
}
