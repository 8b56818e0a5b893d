package dev.chainrule.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class MainTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void misspelledCommandIsNamedWithASuggestionAndExitCodeTwo() {
        int code = run("fitt", "data.csv");

        assertEquals(Main.BAD_INPUT, code);
        assertTrue(err.toString().startsWith("chainrule: unknown command 'fitt'; did you mean"
                + " fit? The commands are help, fit, predict, grad, explain, gradbench."),
                err.toString());
    }

    @Test
    void unrelatedWordGetsNoSuggestionButTheListOfCommands() {
        int code = run("frobnicate");

        assertEquals(Main.BAD_INPUT, code);
        assertTrue(err.toString().startsWith("chainrule: unknown command 'frobnicate'. The"
                + " commands are"), err.toString());
    }

    @Test
    void formulaStartingWithMinusIsTakenAsTheFormulaNotAnOption() {
        int code = run("grad", "-x^2", "--at", "x=3", "--json");

        assertEquals(Main.OK, code, err.toString());
        assertTrue(out.toString().contains("\"value\" : -9"), out.toString());
        assertTrue(out.toString().contains("\"x\" : -6"), out.toString());
    }
}
