package dev.chainrule.explain;

import dev.chainrule.formula.Decimal;
import dev.chainrule.tensor.Tensor;
import java.math.BigDecimal;
import java.math.MathContext;

/**
 * How reports write numbers and tensors: rounded to {@link #DIGITS} significant digits so
 * tables stay readable (the JSON form carries exact values), NaN and infinities as such.
 */
final class Values {
    static final int DIGITS = 8;

    /** Tensors with more elements than this are summarised by their shape and first elements. */
    private static final int SHOWN_ELEMENTS = 6;

    private Values() {}

    static String format(Tensor value) {
        if (value == null) {
            return "-";
        }
        if (value.size() == 1) {
            return number(value.item());
        }
        StringBuilder text = new StringBuilder("[");
        int shown = Math.min(value.size(), SHOWN_ELEMENTS);
        for (int i = 0; i < shown; i++) {
            text.append(i > 0 ? ", " : "").append(number(value.getFlat(i)));
        }
        if (shown < value.size()) {
            text.append(", ... (").append(value.size()).append(" elements, shape ")
                    .append(java.util.Arrays.toString(value.shape())).append(')');
        }
        return text.append(']').toString();
    }

    static String format(Double value) {
        return value == null ? "-" : number(value);
    }

    static String number(double value) {
        if (!Double.isFinite(value) || value == 0) {
            return Decimal.shortest(value);
        }
        double rounded = new BigDecimal(value).round(new MathContext(DIGITS)).doubleValue();
        return Decimal.shortest(rounded);
    }
}
