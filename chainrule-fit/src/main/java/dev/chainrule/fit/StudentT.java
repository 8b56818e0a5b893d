package dev.chainrule.fit;

/**
 * Student's t distribution: the distribution function and its inverse, for confidence
 * intervals.
 *
 * <p>Method: for t >= 0, {@code P(T <= t) = 1 - I_x(nu/2, 1/2) / 2} with
 * {@code x = nu / (nu + t^2)} (Abramowitz and Stegun 26.7.1 with 26.5.27), where I is the
 * regularized incomplete beta function, evaluated by its continued fraction (A&S 26.5.8) with
 * the modified Lentz algorithm, using the symmetry {@code I_x(a,b) = 1 - I_{1-x}(b,a)} where
 * that converges faster. The log-gamma function uses Lanczos' approximation with g = 7 and nine
 * coefficients (relative error below 1e-15). The quantile is found by bisection on the
 * distribution function to the last bit, which is slow by numerical-library standards (a few
 * hundred microseconds) but simple and exact enough for once-per-fit use. Accuracy: about 13
 * significant digits up to thousands of degrees of freedom, about 9 for millions (where the
 * log-gamma differences lose digits).
 */
public final class StudentT {
    private static final double[] LANCZOS = {
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
        -176.61502916214059, 12.507343278686905, -0.13857109526572012,
        9.9843695780195716e-6, 1.5056327351493116e-7
    };
    private static final double TINY = 1e-300;

    private StudentT() {}

    /**
     * {@code P(T <= t)} for Student's t with {@code degreesOfFreedom} degrees of freedom.
     *
     * @throws IllegalArgumentException for degrees of freedom below 1 or a NaN t
     */
    public static double cdf(double t, double degreesOfFreedom) {
        requireDegreesOfFreedom(degreesOfFreedom);
        if (Double.isNaN(t)) {
            throw new IllegalArgumentException("StudentT.cdf: t is NaN");
        }
        if (Double.isInfinite(t)) {
            return t > 0 ? 1.0 : 0.0;
        }
        double x = degreesOfFreedom / (degreesOfFreedom + t * t);
        double tail = 0.5 * regularizedBeta(x, degreesOfFreedom / 2.0, 0.5);
        return t >= 0 ? 1.0 - tail : tail;
    }

    /**
     * The t with {@code P(T <= t) = probability}: for example {@code quantile(0.975, 12)} is
     * 2.1788128296...
     *
     * @throws IllegalArgumentException for a probability outside (0, 1) or degrees of freedom
     *     below 1
     */
    public static double quantile(double probability, double degreesOfFreedom) {
        requireDegreesOfFreedom(degreesOfFreedom);
        if (!(probability > 0.0 && probability < 1.0)) {
            throw new IllegalArgumentException(
                    "StudentT.quantile: probability " + probability + " is not in (0, 1)");
        }
        if (probability < 0.5) {
            return -quantile(1.0 - probability, degreesOfFreedom);
        }
        double low = 0.0;
        double high = 1.0;
        while (cdf(high, degreesOfFreedom) < probability) {
            low = high;
            high *= 2.0;
        }
        for (int i = 0; i < 200 && high - low > Math.ulp(high); i++) {
            double middle = 0.5 * (low + high);
            if (cdf(middle, degreesOfFreedom) < probability) {
                low = middle;
            } else {
                high = middle;
            }
        }
        return 0.5 * (low + high);
    }

    /** I_x(a, b) for 0 <= x <= 1, a, b > 0. */
    static double regularizedBeta(double x, double a, double b) {
        if (x <= 0.0) {
            return 0.0;
        }
        if (x >= 1.0) {
            return 1.0;
        }
        // x^a (1-x)^b / (a B(a,b)) is the factor in front of the continued fraction.
        double logFront = a * Math.log(x) + b * Math.log1p(-x)
                + logGamma(a + b) - logGamma(a) - logGamma(b);
        if (x < (a + 1.0) / (a + b + 2.0)) {
            return Math.exp(logFront) * continuedFraction(x, a, b) / a;
        }
        return 1.0 - Math.exp(logFront) * continuedFraction(1.0 - x, b, a) / b;
    }

    /**
     * The continued fraction of A&S 26.5.8, 1/(1+ d1/(1+ d2/(1+ ...))), with
     * d_{2k+1} = -(a+k)(a+b+k) x / ((a+2k)(a+2k+1)) and d_{2k} = k(b-k) x / ((a+2k-1)(a+2k)),
     * by the modified Lentz algorithm.
     */
    private static double continuedFraction(double x, double a, double b) {
        double c = 1.0;
        double d = 1.0 - (a + b) * x / (a + 1.0);
        d = 1.0 / (Math.abs(d) < TINY ? TINY : d);
        double result = d;
        for (int k = 1; k < 1_000_000; k++) {
            double even = k * (b - k) * x / ((a + 2 * k - 1) * (a + 2 * k));
            d = 1.0 + even * d;
            c = 1.0 + even / c;
            d = 1.0 / (Math.abs(d) < TINY ? TINY : d);
            c = Math.abs(c) < TINY ? TINY : c;
            result *= d * c;
            double odd = -(a + k) * (a + b + k) * x / ((a + 2 * k) * (a + 2 * k + 1));
            d = 1.0 + odd * d;
            c = 1.0 + odd / c;
            d = 1.0 / (Math.abs(d) < TINY ? TINY : d);
            c = Math.abs(c) < TINY ? TINY : c;
            double factor = d * c;
            result *= factor;
            if (Math.abs(factor - 1.0) < 1e-16) {
                break;
            }
        }
        return result;
    }

    /** ln Gamma(z) for z > 0 by Lanczos' approximation , with the reflection formula below 1/2. */
    static double logGamma(double z) {
        if (z < 0.5) {
            // Gamma(z) Gamma(1-z) = pi / sin(pi z)
            return Math.log(Math.PI / Math.sin(Math.PI * z)) - logGamma(1.0 - z);
        }
        double shifted = z - 1.0;
        double sum = LANCZOS[0];
        for (int i = 1; i < LANCZOS.length; i++) {
            sum += LANCZOS[i] / (shifted + i);
        }
        double t = shifted + 7.5;
        return 0.5 * Math.log(2 * Math.PI) + (shifted + 0.5) * Math.log(t) - t + Math.log(sum);
    }

    private static void requireDegreesOfFreedom(double degreesOfFreedom) {
        if (!(degreesOfFreedom >= 1.0) || Double.isInfinite(degreesOfFreedom)) {
            throw new IllegalArgumentException("StudentT: degrees of freedom "
                    + degreesOfFreedom + " must be a finite number of at least 1");
        }
    }
}
