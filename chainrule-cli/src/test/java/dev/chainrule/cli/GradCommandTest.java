package dev.chainrule.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class GradCommandTest {
    // Hand-derived values against the engine: same formula by another route.
    private static final double RTOL = 1e-12;
    private static final double ATOL = 1e-14;

    /** Exit code, stdout and stderr of one run of the command line. */
    record Run(int exitCode, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    private static void assertClose(double expected, JsonNode actual, String label) {
        assertTrue(actual.isNumber(), label + " is not a number: " + actual);
        double value = actual.asDouble();
        assertTrue(Math.abs(expected - value) <= ATOL + RTOL * Math.abs(expected),
                label + ": expected " + expected + " but was " + value);
    }

    @Nested
    class Arguments {
        @Test
        void optionsParseIntoTheCommandObject() {
            GradCommand command = new GradCommand();
            new CommandLine(command).parseArgs("sin(x*y)+x^3", "--at", "x=1,y=2", "--wrt",
                    "x,y", "--order", "2", "--json");
            assertEquals("sin(x*y)+x^3", command.formula);
            assertEquals("x=1,y=2", command.at);
            assertEquals(List.of("x", "y"), command.wrt);
            assertEquals(2, command.order);
            assertTrue(command.json);
        }

        @Test
        void defaultsAreOrderOneTextAndAllVariables() {
            GradCommand command = new GradCommand();
            new CommandLine(command).parseArgs("x^2", "--at", "x=3");
            assertEquals(1, command.order);
            assertFalse(command.json);
            assertEquals(null, command.wrt);
        }

        @Test
        void pointParsesInOrderWithSpacesAndScientificNumbers() {
            assertEquals(List.of("x", "y"), List.copyOf(
                    FormulaPoint.parsePoint(" x = 1.5e0 , y=-2").keySet()));
            assertEquals(-2.0, FormulaPoint.parsePoint("x=1.5,y=-2").get("y"));
        }
    }

    @Test
    void sineOfProductPlusCubeGivesHandDerivedValueGradientAndHessian() throws Exception {
        Run run = run("grad", "sin(x*y)+x^3", "--at", "x=1,y=2", "--order", "2", "--json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode json = new ObjectMapper().readTree(run.out());
        double x = 1;
        double y = 2;
        // f = sin(xy) + x^3
        assertClose(Math.sin(x * y) + x * x * x, json.get("value"), "value");
        // df/dx = y cos(xy) + 3x^2, df/dy = x cos(xy)
        assertClose(y * Math.cos(x * y) + 3 * x * x, json.at("/gradient/x"), "df/dx");
        assertClose(x * Math.cos(x * y), json.at("/gradient/y"), "df/dy");
        // d2f/dx2 = -y^2 sin(xy) + 6x, d2f/dxdy = cos(xy) - xy sin(xy), d2f/dy2 = -x^2 sin(xy)
        assertClose(-y * y * Math.sin(x * y) + 6 * x, json.at("/hessian/x/x"), "d2f/dx2");
        double mixed = Math.cos(x * y) - x * y * Math.sin(x * y);
        assertClose(mixed, json.at("/hessian/x/y"), "d2f/dxdy");
        assertClose(mixed, json.at("/hessian/y/x"), "d2f/dydx");
        assertClose(-x * x * Math.sin(x * y), json.at("/hessian/y/y"), "d2f/dy2");
        assertEquals("sin(x*y)+x^3", json.get("formula").asText());
        assertEquals(1, json.at("/at/x").asInt());
        assertTrue(json.at("/derivatives/x").isTextual());
    }

    @Test
    void jsonHasExactlyTheDocumentedFieldsAndNumbersRoundTrip() throws Exception {
        Run run = run("grad", "x^2*exp(x)", "--at", "x=1.5", "--json");
        JsonNode json = new ObjectMapper().readTree(run.out());
        Iterator<String> fields = json.fieldNames();
        List<String> names = new java.util.ArrayList<>();
        fields.forEachRemaining(names::add);
        assertEquals(List.of("formula", "at", "value", "gradient", "derivatives"), names);
        // The text of each number parses back to exactly the engine's double.
        double exact = Math.exp(1.5) * 2.25;
        assertEquals(exact, Double.parseDouble(json.get("value").asText()));
        assertEquals("x^2*exp(x) + 2*x*exp(x)", json.at("/derivatives/x").asText());
    }

    @Test
    void derivativeIsRestrictedByWrt() throws Exception {
        Run run = run("grad", "x*y", "--at", "x=3,y=4", "--wrt", "y", "--json");
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertEquals(List.of("y"), List.copyOf(iterable(json.get("gradient").fieldNames())));
        assertEquals("x", json.at("/derivatives/y").asText());
        assertEquals(3.0, json.at("/gradient/y").asDouble());
    }

    private static List<String> iterable(Iterator<String> names) {
        List<String> list = new java.util.ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }

    @Test
    void textOutputShowsValueGradientAndSymbolicDerivative() {
        Run run = run("grad", "x^2*exp(x)", "--at", "x=1.5");
        assertEquals(0, run.exitCode());
        assertTrue(run.out().contains("value = 10.083800408260645"), run.out());
        assertTrue(run.out().contains("d/dx = 23.52886761927484    (x^2*exp(x) + 2*x*exp(x))"),
                run.out());
    }

    @Test
    void formulaOfTenThousandTermsGivesItsDerivativesNotAStackOverflow() throws Exception {
        String formula = String.join("+", Collections.nCopies(10_000, "x*y"));
        Run run = run("grad", formula, "--at", "x=0.5,y=3", "--order", "2", "--json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertEquals(15_000.0, json.get("value").asDouble(), 1e-9);
        assertEquals(30_000.0, json.at("/gradient/x").asDouble(), 1e-9);
        assertEquals(5_000.0, json.at("/gradient/y").asDouble(), 1e-9);
        assertEquals(10_000.0, json.at("/hessian/x/y").asDouble(), 1e-9);
    }

    @Test
    void recursionThatOverflowsEvenTheLargeStackIsReportedAsTooLong() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> LargeStack.call(GradCommandTest::bottomless, 1L << 20));
        assertTrue(error.getMessage().startsWith("the formula is too long or too deeply nested"),
                error.getMessage());
    }

    private static int bottomless() {
        return bottomless() + 1;
    }

    @Test
    void infinityIsAcceptedAsInfInAnyCase() throws Exception {
        Run run = run("grad", "exp(-x)+atan(y)", "--at", "x=inf,y=-INF", "--json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertEquals("Infinity", json.at("/at/x").asText());
        assertEquals("-Infinity", json.at("/at/y").asText());
        assertEquals(-Math.PI / 2, json.get("value").asDouble(), 1e-15);
    }

    @Nested
    class BadInput {
        @Test
        void badFormulaExitsTwoWithCaretAndNoStackTrace() {
            Run run = run("grad", "x*(y+1", "--at", "x=1,y=2");
            assertEquals(2, run.exitCode());
            assertEquals("chainrule grad: formula error at column 7: expected ')' to close the"
                    + " '(' at column 3 but the formula ended\n  x*(y+1\n        ^\n",
                    run.err());
            assertEquals("", run.out());
        }

        @Test
        void pointMissingAVariableNamesIt() {
            Run run = run("grad", "x*y", "--at", "x=1");
            assertEquals(2, run.exitCode());
            assertEquals("chainrule grad: --at gives no value for y; add y=VALUE\n", run.err());
        }

        @Test
        void pointNamingAnUnknownVariableSuggestsTheClosest() {
            Run run = run("grad", "alpha*x", "--at", "alpa=1,x=2");
            assertEquals(2, run.exitCode());
            assertEquals("chainrule grad: --at names 'alpa', which is not a variable of alpha*x;"
                    + " did you mean alpha?\n", run.err());
        }

        @Test
        void wrtNamingAnUnknownVariableIsRejected() {
            Run run = run("grad", "x^2", "--at", "x=1", "--wrt", "z");
            assertEquals(2, run.exitCode());
            assertTrue(run.err().startsWith("chainrule grad: --wrt names 'z'"), run.err());
        }

        @Test
        void valueThatIsNotANumberIsRejected() {
            Run run = run("grad", "x^2", "--at", "x=abc");
            assertEquals(2, run.exitCode());
            assertEquals("chainrule grad: --at: value 'abc' of x is not a number; write for"
                    + " example x=1.5, x=-2e-3 or x=inf\n", run.err());
        }

        @Test
        void notANumberAsThePointIsRejected() {
            Run run = run("grad", "x+1", "--at", "x=nan");
            assertEquals(2, run.exitCode());
            assertEquals("chainrule grad: --at: x=nan is not a point to differentiate at; give"
                    + " a number, e.g. x=1.5\n", run.err());
            assertEquals("", run.out());
        }

        @Test
        void numberTooLargeForADoubleIsRejectedNotMadeInfinite() {
            Run run = run("grad", "x+1", "--at", "x=1e400");
            assertEquals(2, run.exitCode());
            assertTrue(run.err().contains("value '1e400' of x is too large for a double"),
                    run.err());
        }

        @Test
        void orderThreeIsRejected() {
            Run run = run("grad", "x^2", "--at", "x=1", "--order", "3");
            assertEquals(2, run.exitCode());
            assertEquals("chainrule grad: --order must be 1 or 2, not 3\n", run.err());
        }

        @Test
        void overflowIsReportedAsTooLargeNotAsOutsideTheDomain() {
            Run run = run("grad", "exp(x)", "--at", "x=1000");
            assertEquals(2, run.exitCode());
            assertEquals("chainrule grad: exp(x) is Infinity at x=1000: too large for a double"
                    + " there, or a pole (as 1/x at x=0), so exp(x) has no finite value at"
                    + " this point\n", run.err());
        }

        @Test
        void infiniteCoordinateIsNamedAsTheCauseOfAnInfiniteValue() {
            Run run = run("grad", "x+1", "--at", "x=inf");
            assertEquals(2, run.exitCode());
            assertEquals("chainrule grad: x is Infinity at x=Infinity: the point itself is not"
                    + " finite, and neither is x+1\n", run.err());
        }

        @Test
        void pointOutsideTheDomainShowsNaNAndNamesTheStepThatFailed() throws Exception {
            Run run = run("grad", "1 + log(x)", "--at", "x=-1", "--json");
            assertEquals(2, run.exitCode());
            assertEquals("chainrule grad: log(x) is NaN at x=-1: the point is outside the"
                    + " domain of 1 + log(x)\n", run.err());
            JsonNode json = new ObjectMapper().readTree(run.out());
            assertEquals("NaN", json.get("value").asText());
            assertTrue(json.get("value").isTextual());
        }

        @Test
        void infiniteDerivativeIsShownNotHidden() throws Exception {
            // sqrt'(0) = +inf by the engine's convention; the value 0 is inside the domain.
            Run run = run("grad", "sqrt(x)", "--at", "x=0", "--json");
            assertEquals(0, run.exitCode(), run.err());
            JsonNode json = new ObjectMapper().readTree(run.out());
            assertEquals("Infinity", json.at("/gradient/x").asText());
        }

        @Test
        void missingAtIsAUsageError() {
            Run run = run("grad", "x^2");
            assertEquals(2, run.exitCode());
            assertTrue(run.err().contains("--at"), run.err());
        }
    }
}
