package dev.chainrule.fit.nn;

/**
 * Called by {@link Trainer} after every epoch, on the training thread; the library never prints,
 * so progress bars and logs are the listener's job.
 */
@FunctionalInterface
public interface TrainingListener {
    void onEpoch(EpochReport report);

    /** A listener that ignores every report. */
    static TrainingListener none() {
        return report -> { };
    }
}
