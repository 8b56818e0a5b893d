package dev.chainrule.fit.nn;

/**
 * Progress after one epoch: losses in the standardised units training works in (so they are
 * comparable across data sets), and the learning rate used.
 *
 * @param epoch the epoch just finished, from 1
 * @param epochs the planned number of epochs
 * @param trainingLoss loss over the whole training part
 * @param validationLoss loss over the validation part, NaN without one
 * @param learningRate the rate used in this epoch
 */
public record EpochReport(int epoch, int epochs, double trainingLoss, double validationLoss,
        double learningRate) {}
