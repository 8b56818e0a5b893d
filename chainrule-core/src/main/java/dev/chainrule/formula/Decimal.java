package dev.chainrule.formula;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Writes doubles with the fewest significant digits that read back as the same double.
 *
 * <p>Why not {@link Double#toString}: before JDK 19 it sometimes writes more digits than needed
 * (JDK-4511638), and this project targets 17. Here the exact binary value is rounded to 1, 2,
 * ... 17 significant digits until it parses back unchanged, which 17 digits always do.
 */
public final class Decimal {
    private static final RoundingMode[] ROUNDINGS = {
        RoundingMode.HALF_EVEN, RoundingMode.UP, RoundingMode.DOWN
    };

    private Decimal() {}

    /**
     * The shortest decimal that parses back to {@code value}: plain notation for magnitudes
     * from 1e-6 up to 1e16 ({@code 23.528925}, {@code 100}, {@code -0.001}), scientific
     * beyond ({@code 1.5E-7}, {@code 2E+20}); {@code NaN}, {@code Infinity} and
     * {@code -Infinity} for the non-finite values; {@code -0} keeps its sign.
     */
    public static String shortest(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "Infinity" : "-Infinity";
        }
        if (value == 0) {
            return 1 / value < 0 ? "-0" : "0";
        }
        BigDecimal exact = new BigDecimal(value);
        for (int digits = 1; digits <= 17; digits++) {
            // The nearest decimal of this many digits first; at a power of two the interval
            // that rounds to the value is twice as wide above it as below, so the neighbour
            // on the far side may read back when the nearest does not.
            for (RoundingMode mode : ROUNDINGS) {
                BigDecimal rounded = exact.round(new MathContext(digits, mode));
                if (rounded.doubleValue() == value) {
                    return render(rounded.stripTrailingZeros());
                }
            }
        }
        return render(exact.round(MathContext.DECIMAL64).stripTrailingZeros());
    }

    private static String render(BigDecimal decimal) {
        int exponent = decimal.precision() - decimal.scale() - 1;
        if (exponent >= -6 && exponent < 16) {
            return decimal.toPlainString();
        }
        return decimal.toString();
    }
}
