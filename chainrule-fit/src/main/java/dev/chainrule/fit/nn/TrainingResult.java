package dev.chainrule.fit.nn;

import java.util.List;

/**
 * Outcome of {@link Trainer#fit}.
 *
 * @param model the trained model, holding the parameters of the best epoch when early stopping
 *     was on, otherwise of the last
 * @param epochs epochs run
 * @param bestEpoch the epoch whose parameters the model holds
 * @param trainingLoss final training loss (standardised units)
 * @param validationLoss final validation loss, NaN without a validation part
 * @param stopReason why training ended
 * @param trainingLosses training loss after each epoch
 * @param validationLosses validation loss after each epoch (NaN entries without validation)
 * @param trainingRows indices of the rows used for training
 * @param validationRows indices of the rows held out for validation (may be empty)
 */
public record TrainingResult(NetworkModel model, int epochs, int bestEpoch, double trainingLoss,
        double validationLoss, StopReason stopReason, List<Double> trainingLosses,
        List<Double> validationLosses, int[] trainingRows, int[] validationRows) {

    /** Why a run ended. */
    public enum StopReason {
        /** All planned epochs ran. */
        EPOCHS_DONE,
        /** The validation loss stopped improving for the configured patience. */
        EARLY_STOPPING,
        /** L-BFGS: the gradient vanished or no lower loss could be found (a minimum). */
        CONVERGED
    }
}
