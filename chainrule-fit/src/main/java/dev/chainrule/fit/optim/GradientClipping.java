package dev.chainrule.fit.optim;

/** Gradient clipping by global norm (Pascanu, Mikolov and Bengio, 2013). */
public final class GradientClipping {
    private GradientClipping() {}

    /**
     * Scales all gradients by one factor so that their joint Euclidean norm is at most
     * {@code maxNorm}; leaves them unchanged when already shorter (or when maxNorm is infinite).
     *
     * @param grads one array per parameter; modified in place
     * @return the norm before clipping
     */
    public static double clipByNorm(double[][] grads, double maxNorm) {
        double norm = norm(grads);
        if (norm > maxNorm) {
            double scale = maxNorm / norm;
            for (double[] grad : grads) {
                for (int j = 0; j < grad.length; j++) {
                    grad[j] *= scale;
                }
            }
        }
        return norm;
    }

    /** The Euclidean norm of all entries together, scaled so that it does not overflow. */
    public static double norm(double[][] grads) {
        double largest = 0;
        for (double[] grad : grads) {
            for (double entry : grad) {
                largest = Math.max(largest, Math.abs(entry));
            }
        }
        if (largest == 0 || Double.isInfinite(largest)) {
            return largest;
        }
        double sum = 0;
        for (double[] grad : grads) {
            for (double entry : grad) {
                double scaled = entry / largest;
                sum += scaled * scaled;
            }
        }
        return largest * Math.sqrt(sum);
    }
}
