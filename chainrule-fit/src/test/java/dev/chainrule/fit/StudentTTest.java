package dev.chainrule.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class StudentTTest {
    /** Same formula by another route: closed forms exist for 1 and 2 degrees of freedom. */
    private static final double CLOSED_FORM = 1e-12;

    @Test
    void quantileWithOneDegreeOfFreedomIsTheCauchyQuantile() {
        // nu = 1 is the Cauchy distribution: t = tan(pi (p - 1/2)).
        double expected = Math.tan(Math.PI * (0.975 - 0.5));
        assertEquals(expected, StudentT.quantile(0.975, 1), CLOSED_FORM * expected);
    }

    @Test
    void quantileWithTwoDegreesOfFreedomMatchesClosedForm() {
        // nu = 2: t = (2p - 1) sqrt(2 / (4 p (1 - p))).
        double p = 0.975;
        double expected = (2 * p - 1) * Math.sqrt(2 / (4 * p * (1 - p)));
        assertEquals(expected, StudentT.quantile(p, 2), CLOSED_FORM * expected);
    }

    @Test
    void quantileWithTwelveDegreesOfFreedomMatchesTables() {
        // Reference value t(0.975, 12) = 2.17881282966723 from R's qt(0.975, 12).
        assertEquals(2.17881282966723, StudentT.quantile(0.975, 12), 1e-11);
    }

    @Test
    void quantileWithManyDegreesOfFreedomApproachesTheNormalQuantile() {
        // t(0.975, nu) = z + (z^3 + z) / (4 nu) + O(1/nu^2), z = 1.959963984540054.
        double z = 1.959963984540054;
        double nu = 1e6;
        assertEquals(z + (z * z * z + z) / (4 * nu), StudentT.quantile(0.975, nu), 1e-8);
    }

    @Test
    void quantileIsAntisymmetric() {
        assertEquals(-StudentT.quantile(0.9, 5), StudentT.quantile(0.1, 5), 1e-13);
    }

    @Test
    void cdfAtZeroIsOneHalf() {
        assertEquals(0.5, StudentT.cdf(0.0, 7), 1e-15);
    }

    @Test
    void quantileRejectsProbabilityOutsideTheOpenInterval() {
        IllegalArgumentException error =
                assertThrows(IllegalArgumentException.class, () -> StudentT.quantile(1.0, 3));
        assertEquals("StudentT.quantile: probability 1.0 is not in (0, 1)", error.getMessage());
    }
}
