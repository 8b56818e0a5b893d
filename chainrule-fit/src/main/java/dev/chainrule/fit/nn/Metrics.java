package dev.chainrule.fit.nn;

/** Goodness-of-fit numbers on the data's own scale. */
public final class Metrics {
    private Metrics() {}

    /** Root mean squared error {@code sqrt(mean((p - t)^2))}; NaN for empty arrays. */
    public static double rootMeanSquaredError(double[] predicted, double[] actual) {
        requireSameLength(predicted, actual);
        double sum = 0;
        for (int i = 0; i < actual.length; i++) {
            double residual = predicted[i] - actual[i];
            sum += residual * residual;
        }
        return Math.sqrt(sum / actual.length);
    }

    /**
     * Coefficient of determination {@code 1 - SS_res / SS_tot}; 1 is a perfect fit, 0 no
     * better than the mean, and it is NaN when the actual values do not vary.
     */
    public static double rSquared(double[] predicted, double[] actual) {
        requireSameLength(predicted, actual);
        double mean = 0;
        for (double value : actual) {
            mean += value;
        }
        mean /= actual.length;
        double residualSum = 0;
        double totalSum = 0;
        for (int i = 0; i < actual.length; i++) {
            residualSum += (predicted[i] - actual[i]) * (predicted[i] - actual[i]);
            totalSum += (actual[i] - mean) * (actual[i] - mean);
        }
        return totalSum == 0 ? Double.NaN : 1 - residualSum / totalSum;
    }

    /** Share of equal entries; NaN for empty arrays. */
    public static double accuracy(int[] predicted, int[] actual) {
        if (predicted.length != actual.length) {
            throw new IllegalArgumentException(
                    "accuracy: " + predicted.length + " predictions for " + actual.length
                            + " labels");
        }
        int correct = 0;
        for (int i = 0; i < actual.length; i++) {
            if (predicted[i] == actual[i]) {
                correct++;
            }
        }
        return (double) correct / actual.length;
    }

    private static void requireSameLength(double[] predicted, double[] actual) {
        if (predicted.length != actual.length) {
            throw new IllegalArgumentException(
                    "metrics: " + predicted.length + " predictions for " + actual.length
                            + " actual values");
        }
    }
}
