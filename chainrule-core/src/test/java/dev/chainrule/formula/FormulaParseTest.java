package dev.chainrule.formula;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.Derivatives;
import dev.chainrule.autodiff.Var;
import dev.chainrule.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FormulaParseTest {
    private static final double TOLERANCE = 1e-12;

    /** Value of a formula of x and y at x = 2, y = 3. */
    private static double valueAt(String text) {
        Var x = Var.variable(2.0);
        Var y = Var.variable(3.0);
        return Formula.parse(text).evaluate(Map.of("x", x, "y", y)).item();
    }

    private static void assertClose(double expected, double actual) {
        assertTrue(Math.abs(expected - actual) <= TOLERANCE * (1 + Math.abs(expected)),
                "expected " + expected + " but was " + actual);
    }

    @Nested
    class PrecedenceAndAssociativity {
        @ParameterizedTest(name = "{0} = {1}")
        @CsvSource(delimiter = ';', value = {
            "1 + 2 * 3; 7",
            "(1 + 2) * 3; 9",
            "8 / 4 / 2; 1",
            "8 - 4 - 2; 2",
            "2 ^ 3 ^ 2; 512",
            "(2 ^ 3) ^ 2; 64",
            "-x^2; -4",
            "(-x)^2; 4",
            "2^-1; 0.5",
            "2^-1^2; 0.5",
            "-2*3; -6",
            "x*-y; -6",
            "--x; 2",
            "+x; 2",
            "2 * x ^ 2 + 1; 9",
            "x/y*y; 2",
            "-x^2^-1; -1.4142135623730951",
            "77.6E0; 77.6",
            ".5 + 1e-3; 0.501",
            "1E+2 * x; 200",
            "pi; 3.141592653589793",
            "e; 2.718281828459045",
            "2*pi*x; 12.566370614359172",
        })
        void operatorsFollowPrecedenceAndAssociativity(String text, double expected) {
            assertClose(expected, valueAt(text));
        }

        @Test
        void exponentNamedLikeAVariableIsNotMistakenForScientificNotation() {
            Var e1 = Var.variable(5.0);
            Formula formula = Formula.parse("2*e1");
            assertEquals(List.of("e1"), formula.variables());
            assertClose(10.0, formula.evaluate(Map.of("e1", e1)).item());
        }
    }

    @Nested
    class EveryFunction {
        @ParameterizedTest(name = "{0} = {1}")
        @CsvSource(delimiter = '|', value = {
            "exp(0.5)| 1.6487212707001282",
            "log(2)| 0.6931471805599453",
            "ln(2)| 0.6931471805599453",
            "log10(1000)| 3",
            "sqrt(2)| 1.4142135623730951",
            "sin(0.5)| 0.479425538604203",
            "cos(0.5)| 0.8775825618903728",
            "tan(0.5)| 0.5463024898437905",
            "asin(0.5)| 0.5235987755982989",
            "acos(0.5)| 1.0471975511965979",
            "atan(0.5)| 0.4636476090008061",
            "atan2(1, -1)| 2.356194490192345",
            "sinh(0.5)| 0.5210953054937474",
            "cosh(0.5)| 1.1276259652063807",
            "tanh(0.5)| 0.46211715726000974",
            "sigmoid(0)| 0.5",
            "relu(-2) + relu(3)| 3",
            "softplus(0)| 0.6931471805599453",
            "abs(-2.5)| 2.5",
            // erf(0.5), from the series 2/sqrt(pi) * sum (-1)^n x^(2n+1) / (n! (2n+1))
            "erf(0.5)| 0.5204998778130465",
            "pow(2, 10)| 1024",
            "min(x, y)| 2",
            "max(x, y)| 3",
        })
        void everyFunctionComputesItsValue(String text, double expected) {
            assertClose(expected, valueAt(text));
        }
    }

    @Nested
    class Variables {
        @Test
        void variablesAreListedInOrderOfFirstAppearanceWithoutFunctionsOrConstants() {
            Formula formula = Formula.parse("b1*(1-exp(-b2*x)) + pi*e + b1 + y_2");
            assertEquals(List.of("b1", "b2", "x", "y_2"), formula.variables());
        }

        @Test
        void missingBindingIsNamedWithTheGivenOnes() {
            Formula formula = Formula.parse("x*y");
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> formula.evaluate(Map.of("x", Var.variable(1.0))));
            assertEquals("formula x*y: no value given for variable 'y' (given: x)",
                    error.getMessage());
        }

        @Test
        void tensorBindingsEvaluateElementwiseWithBroadcasting() {
            Var x = Var.variable(Tensor.vector(0.0, 1.0, 2.0));
            Var a = Var.variable(3.0);
            Var result = Formula.parse("a*x^2 + 1").evaluate(Map.of("x", x, "a", a));
            assertTrue(result.value().allClose(Tensor.vector(1.0, 4.0, 13.0), 1e-12, 0.0));
        }

        @Test
        void textIsKeptAsGiven() {
            assertEquals(" x + 1 ", Formula.parse(" x + 1 ").text());
        }
    }

    @Nested
    class DeepNesting {
        @Test
        void formulaNestedUpToTheLimitParsesEvaluatesAndPrintsItsDerivative() {
            int levels = Parser.MAX_NESTING - 1;
            Formula formula = Formula.parse("sin(".repeat(levels) + "x" + ")".repeat(levels));
            Var x = Var.variable(0.5);
            Var value = formula.evaluate(Map.of("x", x));
            Var derivative = Derivatives.grad(value, Var.constant(1.0),
                    true, x)[0];
            String printed = FormulaPrinter.print(derivative, Map.of(x, "x"));
            assertTrue(printed.startsWith("cos("), printed);
            assertTrue(value.item() > 0 && value.item() < 0.5, "value " + value.item());
        }
    }

    @Nested
    class Errors {
        private FormulaException errorOf(String text) {
            return assertThrows(FormulaException.class, () -> Formula.parse(text));
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "x*(y+1| 6| expected ')' to close the '(' at column 3 but the formula ended",
            "x*(y+1 2| 7| expected ')' to close the '(' at column 3 but found '2'",
            "x +| 3| expected a number, a variable, a function call or '(' but the formula"
                    + " ended",
            "x + * 2| 4| expected a number, a variable, a function call or '(' but found '*'",
            "2x| 1| expected an operator (+ - * / ^) or the end of the formula but found 'x';"
                    + " write '*' to multiply",
            "x)+1| 1| unmatched ')': no '(' is open here",
            "x $ y| 2| expected an operator (+ - * / ^) or the end of the formula but found"
                    + " '$'",
            "sine(x)| 0| unknown function 'sine'; closest known: sin, sinh, asin",
            "expp(x)| 0| unknown function 'expp'; closest known: exp",
            "foo(x)| 0| unknown function 'foo'; known functions: exp, log, ln, log10, sqrt, sin,"
                    + " cos, tan, asin, acos, atan, atan2, sinh, cosh, tanh, sigmoid, relu,"
                    + " softplus, abs, erf, pow, min, max",
            "lg(x)| 0| unknown function 'lg'; closest known: log, ln",
            "pi(2)| 0| 'pi' is a constant, not a function; write pi*(...) to multiply",
            "sin + 1| 0| 'sin' is a function; call it with its arguments, as in sin(x)",
            "atan2(x)| 0| function atan2 takes 2 arguments but was given 1",
            "exp(x, y)| 0| function exp takes 1 argument but was given 2",
            "max(x y)| 6| expected ',' or ')' to close the '(' of max at column 4 but found 'y'",
            "x + .| 4| expected digits after '.', as in .5",
            "1.2.3| 3| a number has at most one '.', and none in its exponent but found '.'",
            "1e5.5| 3| a number has at most one '.', and none in its exponent but found '.'",
            "2**3| 2| '**' is not an operator; write ^ for a power, as in 2^3",
            "x^^2| 2| '^^' is not an operator; write a single ^ for a power, as in x^2",
            "sin()| 0| function sin takes 1 argument but was given none",
            "atan2( )| 0| function atan2 takes 2 arguments but was given none",
            "1e400*x| 0| the number 1e400 is too large for a double (the largest is about"
                    + " 1.8e308)",
            "x+1e-400| 2| the number 1e-400 is too small for a double and would read as 0 (the"
                    + " smallest is about 4.9e-324); write 0 if 0 is meant",
            "x*\u0663| 2| expected a number, a variable, a function call or '(' but found"
                    + " '\u0663' (U+0663)",
            "x+\uFF11| 2| expected a number, a variable, a function call or '(' but found"
                    + " '\uFF11' (U+FF11)",
            "x \u2212 1| 2| expected an operator (+ - * / ^) or the end of the formula but"
                    + " found '\u2212' (U+2212); type '-' instead",
            "x\u00B2| 1| expected an operator (+ - * / ^) or the end of the formula but found"
                    + " '\u00B2' (U+00B2); type ^2 instead",
            "\uD835\uDC65+1| 0| expected a number, a variable, a function call or '(' but"
                    + " found '\uD835\uDC65' (U+1D465)",
        })
        void errorsSayWhatWasExpectedAndWhere(String text, int position, String reason) {
            FormulaException error = errorOf(text);
            assertEquals(reason, error.reason());
            assertEquals(position, error.position());
        }

        @Test
        void messageShowsTheFormulaWithACaretUnderTheColumn() {
            FormulaException error = errorOf("x*(y+1");
            assertEquals("formula error at column 7: expected ')' to close the '(' at column 3"
                    + " but the formula ended\n  x*(y+1\n        ^", error.getMessage());
        }

        @Test
        void emptyFormulaAsksForAnExpression() {
            FormulaException error = errorOf("  ");
            assertEquals("the formula is empty; write an expression such as 2*x+1",
                    error.reason());
            assertEquals(0, error.position());
        }

        @ParameterizedTest(name = "{0} levels of {1}")
        @CsvSource({"5000, '(', ')'", "300, 'sin(', ')'", "5000, '-', ''", "5000, 'x^', ''"})
        void nestingBeyondTheLimitIsAFormulaErrorNotAStackOverflow(int levels, String open,
                String close) {
            String text = open.repeat(levels) + "x" + close.repeat(levels);
            FormulaException error = errorOf(text);
            assertTrue(error.reason().startsWith("the formula nests more than "
                    + Parser.MAX_NESTING + " levels deep"), error.reason());
        }

        @Test
        void noBreakSpaceIsReadAsASpace() {
            assertClose(5, valueAt("x\u00A0+\u00A0y"));
        }

        @Test
        void tinyAndHugeNumbersThatADoubleHoldsAreRead() {
            assertClose(4.9e-324, valueAt("4.9e-324"));
            assertClose(1.7e308, valueAt("1.7e308"));
            assertClose(0, valueAt("0e-999 + 0.000"));
        }

        @Test
        void formulaErrorIsAnIllegalArgumentException() {
            assertTrue(errorOf("(") instanceof IllegalArgumentException);
        }
    }
}
