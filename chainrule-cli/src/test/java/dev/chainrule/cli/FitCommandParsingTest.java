package dev.chainrule.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Arguments of {@code chainrule fit} parsed into the command object, without running it. */
class FitCommandParsingTest {
    private static FitCommand parse(String... args) {
        FitCommand command = new FitCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void startValuesAreReadInOrderFromOneCommaList() {
        FitCommand command = parse("data.csv", "--model", "b1*(1-exp(-b2*x))",
                "--start", "b1=500,b2=1e-4");

        assertEquals(Path.of("data.csv"), command.data);
        assertEquals("b1*(1-exp(-b2*x))", command.model);
        assertEquals(Map.of("b1", "500", "b2", "1e-4"), command.start);
        assertEquals(java.util.List.of("b1", "b2"), java.util.List.copyOf(command.start.keySet()));
    }

    @Test
    void defaultsAreResponseYNoWeightsAndAThousandIterations() {
        FitCommand command = parse("data.csv", "--model", "a*x");

        assertEquals("y", command.response);
        assertNull(command.weights);
        assertNull(command.sigma);
        assertFalse(command.dropNonFinite);
        assertFalse(command.progress);
        assertEquals(1000, command.maxIterations);
        assertTrue(command.bounds.isEmpty());
    }

    @Test
    void boundsAndOutputsAreRead() {
        FitCommand command = parse("d.txt", "--model", "a*exp(-b*x)", "--bound", "b=0:inf",
                "--bound", "a=:10", "--json", "out.json", "--plot", "out.svg", "--y", "log(y)",
                "--sigma", "s", "--drop-nonfinite", "--max-iterations", "50", "--progress");

        assertEquals(Map.of("b", "0:inf", "a", ":10"), command.bounds);
        assertEquals(Path.of("out.json"), command.json);
        assertEquals(Path.of("out.svg"), command.plot);
        assertEquals("log(y)", command.response);
        assertEquals("s", command.sigma);
        assertTrue(command.dropNonFinite);
        assertTrue(command.progress);
        assertEquals(50, command.maxIterations);
    }

    @Test
    void mlpTakesThePlaceOfTheModel() {
        // Without --model and --mlp the command fails when run (exit 2, tested end to end in
        // MlpCommandsTest), since picocli cannot require one of an option and a mixin's option.
        FitCommand command = parse("data.csv", "--mlp", "32,32");

        assertNull(command.model);
        assertTrue(command.mlp.requested());
    }

    @Test
    void numbersAcceptInfinityAndRejectText() {
        assertEquals(Double.POSITIVE_INFINITY, FitCommand.parseNumber("inf", "--bound b"));
        assertEquals(Double.NEGATIVE_INFINITY, FitCommand.parseNumber("-inf", "--bound b"));
        assertEquals(1e-4, FitCommand.parseNumber("1e-4", "--start b2"), 0.0);
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> FitCommand.parseNumber("1e-4x", "--start b2"));
        assertEquals("--start b2: \"1e-4x\" is not a number", error.getMessage());
    }
}
