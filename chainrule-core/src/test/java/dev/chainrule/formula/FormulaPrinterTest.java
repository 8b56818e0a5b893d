package dev.chainrule.formula;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.Derivatives;
import dev.chainrule.autodiff.Var;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FormulaPrinterTest {
    // Printed formulas may reorder terms and factors, so values agree up to rounding.
    private static final double RTOL = 1e-12;
    private static final double ATOL = 1e-14;

    private static void assertClose(double expected, double actual, String label) {
        assertTrue(Math.abs(expected - actual) <= ATOL + RTOL * Math.abs(expected),
                label + ": expected " + expected + " but was " + actual);
    }

    /** A formula bound at a point, with leaf names for the printer. */
    private static final class Bound {
        final Map<String, Var> bindings = new LinkedHashMap<>();
        final Map<Var, String> names = new IdentityHashMap<>();
        final Map<String, Double> values = new LinkedHashMap<>();

        Bound(Formula formula, Random random) {
            for (String variable : formula.variables()) {
                double value = 0.3 + 1.5 * random.nextDouble();
                Var var = Var.variable(value);
                bindings.put(variable, var);
                names.put(var, variable);
                values.put(variable, value);
            }
        }

        double evaluate(String text) {
            Formula formula = Formula.parse(text);
            Map<String, Var> fresh = new LinkedHashMap<>();
            for (String variable : formula.variables()) {
                fresh.put(variable, Var.constant(values.get(variable)));
            }
            return formula.evaluate(fresh).item();
        }
    }

    @Nested
    class Simplification {
        @ParameterizedTest(name = "{0} prints as {1}")
        @CsvSource(delimiter = '|', value = {
            "x*1 + 0| x",
            "0*x + y| y",
            "x*x| x^2",
            "x^2*x| x^3",
            "x*2| 2*x",
            "2*(3*x)| 6*x",
            "--x| x",
            "x + -y| x - y",
            "x - -y| x + y",
            "x^1| x",
            "x^0 + y| y + 1",
            "2*3 + x| x + 6",
            "2^-1*x| 0.5*x",
            "x*y + x*y| 2*x*y",
            "3*x - x| 2*x",
            "x - (y - z)| x - (y - z)",
            "(x^y)^z| (x^y)^z",
            "x^y^z| x^y^z",
            "(-x)^2| (-x)^2",
            "-x^2| -x^2",
            "x/(y*z)| x/(y*z)",
            "exp(0)*x| x",
            "x*(-1)| -x",
            "x*-y*2| -2*x*y",
            "exp(x)*x| x*exp(x)",
            "x*(1/y)| x/y",
            "y*x*2*y| 2*x*y^2",
            "x - 1 + 1| x",
            "x/y/y| x/y^2",
            "x/y^2/y| x/y^3",
            "x/(y*z)/(y*z)| x/(y*z)^2",
            "2*x*(1/y/(x + 1))| 2*x/y/(x + 1)",
            "x*(y/z)| x*y/z",
            "-x/y/y| -x/y^2",
        })
        void parsedFormulasPrintSimplified(String text, String expected) {
            assertEquals(expected, FormulaPrinter.print(Formula.parse(text)));
        }

        @Test
        void derivativeOfSquareTimesExpPrintsAsTheProductRule() {
            // d/dx x^2 e^x = x^2 e^x + 2x e^x
            Formula formula = Formula.parse("x^2*exp(x)");
            Var x = Var.variable(1.5);
            Var output = formula.evaluate(Map.of("x", x));
            Var derivative = Derivatives.grad(output, Var.constant(1.0), true, x)[0];
            assertEquals("x^2*exp(x) + 2*x*exp(x)",
                    FormulaPrinter.print(derivative, Map.of(x, "x")));
        }

        @Test
        void derivativeOfAQuotientDividesByTheSquareOnce() {
            // d/dy x/y = -x/y^2, and d/dy log(1+x^2)/sqrt(y) = -0.5 log(1+x^2) / y^1.5
            Var x = Var.variable(1.5);
            Var y = Var.variable(2.0);
            Map<String, Var> point = Map.of("x", x, "y", y);
            Map<Var, String> names = Map.of(x, "x", y, "y");
            Var quotient = Formula.parse("x/y").evaluate(point);
            assertEquals("-x/y^2", FormulaPrinter.print(
                    Derivatives.grad(quotient, Var.constant(1.0), true, y)[0], names));
            Var logRoot = Formula.parse("log(1+x^2)/sqrt(y)").evaluate(point);
            assertEquals("-0.5*log(x^2 + 1)/sqrt(y)^3", FormulaPrinter.print(
                    Derivatives.grad(logRoot, Var.constant(1.0), true, y)[0], names));
        }

        @Test
        void unnamedScalarLeavesPrintAsTheirValues() {
            Var x = Var.variable(2.0);
            Var y = x.mul(Var.variable(0.25)).add(1.0);
            assertEquals("0.25*x + 1", FormulaPrinter.print(y, Map.of(x, "x")));
        }

        @Test
        void nonFiniteConstantsPrintAsExpressionsThatParseBackToThem() {
            Var x = Var.variable(2.0);
            Var y = x.mul(Var.constant(Double.POSITIVE_INFINITY))
                    .add(Var.constant(Double.NaN));
            assertEquals("(1/0)*x + (0/0)", FormulaPrinter.print(y, Map.of(x, "x")));
        }
    }

    @Nested
    class RoundTrip {
        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {
            "x^2*exp(x)",
            "x*y - y/(x + 1) + 2^-x",
            "tanh(x*y)^3 / (1 + x^2)",
            "pow(x, y) + x^y - (x - y)^-2",
            "max(x, y)*min(x, 2*y) - x",
            "exp(-x/y)*x*x*x + 1e-3*y",
            "pi*x + e^y - 77.6E0",
            "x - (y - (x - y)) / (x*y/(x + y))",
            "exp(x) + log(y) + ln(x*y) + log10(x)",
            "sqrt(x*y) + sin(x)*cos(y) + tan(x)",
            "asin(x/2) + acos(y/2) + atan(x) + atan2(y, x)",
            "sinh(x) + cosh(y) + tanh(x*y) + sigmoid(x - y)",
            "relu(x - 1) + softplus(x - y) + abs(x - y) + erf(x*y)",
            "log(1 + x^2)/sqrt(y) + x/(y*x)",
        })
        void printedFormulaAndItsDerivativesParseBackToTheSameValues(String text) {
            Formula formula = Formula.parse(text);
            Random random = new Random(7);
            for (int trial = 0; trial < 5; trial++) {
                Bound bound = new Bound(formula, random);
                Var output = formula.evaluate(bound.bindings);
                String printed = FormulaPrinter.print(output, bound.names);
                assertClose(output.item(), bound.evaluate(printed), text + " printed " + printed);

                for (Map.Entry<String, Var> leaf : bound.bindings.entrySet()) {
                    Var derivative = Derivatives.grad(output, Var.constant(1.0), true,
                            leaf.getValue())[0];
                    String symbolic = FormulaPrinter.print(derivative, bound.names);
                    assertClose(derivative.item(), bound.evaluate(symbolic),
                            "d/d" + leaf.getKey() + " of " + text + " printed " + symbolic);
                }
            }
        }
    }
}
