package dev.chainrule.formula;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DecimalTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "1.5| 1.5",
        "100| 100",
        "-0.001| -0.001",
        "0.1| 0.1",
        "23.52886761927484| 23.52886761927484",
        "1e20| 1E+20",
        "1.5e-7| 1.5E-7",
        "0| 0",
        "-0.0| -0",
        "NaN| NaN",
        "Infinity| Infinity",
        "-Infinity| -Infinity",
    })
    void writesTheShortestDecimal(double value, String expected) {
        assertEquals(expected, Decimal.shortest(value));
    }

    @Test
    void writesFewerDigitsThanJdk17DoubleToStringWhereThatIsLong() {
        // On JDK 17 Double.toString gives 6.8479835487449702E18 for this value; 15 digits do.
        double value = 6.84798354874497E18;
        assertEquals("6.84798354874497E+18", Decimal.shortest(value));
    }

    @Test
    void powerOfTwoUsesTheFarNeighbourWhenTheNearestDoesNotReadBack() {
        // 2^-1017: the nearest 16-digit decimal lies below, outside the narrower lower half
        // of the rounding interval; the 16-digit one above reads back.
        double value = Math.scalb(1.0, -1017);
        assertEquals("7.120236347223045E-307", Decimal.shortest(value));
        assertEquals(value, Double.parseDouble(Decimal.shortest(value)));
    }

    @Test
    void everyWrittenValueParsesBackExactly() {
        Random random = new Random(11);
        for (int i = 0; i < 20_000; i++) {
            double value = Double.longBitsToDouble(random.nextLong());
            if (Double.isNaN(value)) {
                continue;
            }
            String text = Decimal.shortest(value);
            assertEquals(Double.doubleToLongBits(value),
                    Double.doubleToLongBits(Double.parseDouble(text)), text);
        }
    }
}
