package dev.chainrule.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chainrule.cli.GradCommandTest.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ExplainCommandTest {
    @TempDir
    Path directory;

    @Test
    void formulaOfTenThousandTermsIsExplainedNotAStackOverflow() throws Exception {
        String formula = String.join("+", Collections.nCopies(10_000, "x"));
        Run run = GradCommandTest.run("explain", formula, "--at", "x=2", "--format", "json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertEquals(20_000.0, json.get("value").asDouble(), 1e-9);
    }

    @Test
    void optionsParseIntoTheCommandObject() {
        ExplainCommand command = new ExplainCommand();
        new CommandLine(command).parseArgs("x^2*exp(x)", "--at", "x=1.5", "--wrt", "x",
                "--format", "markdown", "--dot", "g.dot", "--svg", "g.svg");
        assertEquals("x^2*exp(x)", command.formula);
        assertEquals("x=1.5", command.at);
        assertEquals(List.of("x"), command.wrt);
        assertEquals(ExplainCommand.Format.markdown, command.format);
        assertEquals(Path.of("g.dot"), command.dotFile);
        assertEquals(Path.of("g.svg"), command.svgFile);
    }

    @Test
    void formatDefaultsToText() {
        ExplainCommand command = new ExplainCommand();
        new CommandLine(command).parseArgs("x", "--at", "x=1");
        assertEquals(ExplainCommand.Format.text, command.format);
    }

    @Test
    void squareTimesExpPrintsTablesAndTheDerivative() {
        Run run = GradCommandTest.run("explain", "x^2*exp(x)", "--at", "x=1.5");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("Forward pass"), run.out());
        assertTrue(run.out().contains("Backward pass"), run.out());
        assertTrue(run.out().contains("sum of path products = 23.528868"), run.out());
        assertTrue(run.out().contains("d/dx = x^2*exp(x) + 2*x*exp(x) = 23.528868"), run.out());
    }

    @Test
    void jsonFormatGivesExactAdjointsAndPaths() throws Exception {
        Run run = GradCommandTest.run("explain", "x*y + x", "--at", "x=3,y=4", "--format",
                "json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode json = new ObjectMapper().readTree(run.out());
        // d/dx (xy + x) = y + 1 = 5, d/dy = x = 3
        assertEquals(5.0, json.at("/paths/byVariable/x/total").asDouble());
        assertEquals(5.0, json.at("/paths/byVariable/x/backward").asDouble());
        assertEquals(3.0, json.at("/paths/byVariable/y/total").asDouble());
        assertEquals(3, json.at("/paths/count").asInt());
        assertEquals("y + 1", json.at("/derivatives/x").asText());
        assertEquals("v1", json.at("/nodes/0/id").asText());
    }

    @Test
    void wrtHoldsTheOtherVariablesConstant() throws Exception {
        Run run = GradCommandTest.run("explain", "x*y", "--at", "x=3,y=4", "--wrt", "y",
                "--format", "json");
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertEquals(List.of("y"), List.copyOf(iterable(json.get("derivatives"))));
        // x is held constant at its value, so it appears as that value.
        assertEquals("3", json.at("/derivatives/y").asText());
        assertTrue(json.at("/nodes/0/adjoint").isNull(), json.at("/nodes/0").toString());
    }

    private static List<String> iterable(JsonNode object) {
        List<String> names = new java.util.ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void markdownFormatWritesPipeTables() {
        Run run = GradCommandTest.run("explain", "x^2*exp(x)", "--at", "x=1.5", "--format",
                "markdown");
        assertTrue(run.out().contains("| node | operation | inputs | value |"), run.out());
    }

    @Test
    void picturesAreWrittenAsFilesAndNoTemporaryFileRemains() throws Exception {
        Path dot = directory.resolve("graph.dot");
        Path svg = directory.resolve("graph.svg");
        Run run = GradCommandTest.run("explain", "x^2*exp(x)", "--at", "x=1.5", "--dot",
                dot.toString(), "--svg", svg.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(Files.readString(dot).startsWith("digraph explanation {"));
        DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(svg.toFile());
        try (Stream<Path> files = Files.list(directory)) {
            assertEquals(2, files.count());
        }
    }

    @Test
    void svgInAMissingFolderExitsOneNamingTheFolderAndLeavesNoFile() {
        Path folder = directory.resolve("no-such-directory");
        Path missing = folder.resolve("graph.svg");
        Run run = GradCommandTest.run("explain", "x^2", "--at", "x=1", "--svg",
                missing.toString());
        assertEquals(1, run.exitCode(), "README: an output file not written is exit code 1");
        assertEquals("chainrule explain: cannot write " + missing + ": the folder " + folder
                + " does not exist; create it or write elsewhere\n", run.err());
        assertFalse(Files.exists(missing));
    }

    @Test
    void dotGivenAFolderSaysSoWithoutATemporaryName() {
        Run run = GradCommandTest.run("explain", "x^2", "--at", "x=1", "--dot",
                directory.toString());
        assertEquals(1, run.exitCode());
        assertEquals("chainrule explain: cannot write " + directory + ": it is a folder; give"
                + " the name of a file in it\n", run.err());
    }

    @Test
    void picturesAreReadableByOthersLikeAnyNewFile() throws Exception {
        Path svg = directory.resolve("graph.svg");
        Run run = GradCommandTest.run("explain", "x^2", "--at", "x=1", "--svg", svg.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("rw-r--r--", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(svg)));
    }

    @Test
    void badFormulaExitsTwo() {
        Run run = GradCommandTest.run("explain", "sine(x)", "--at", "x=1");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("unknown function 'sine'; closest known: sin"),
                run.err());
    }

    @Test
    void pointOutsideTheDomainIsReportedAfterTheTables() {
        Run run = GradCommandTest.run("explain", "log(x)", "--at", "x=-1");
        assertEquals(2, run.exitCode());
        assertTrue(run.out().contains("NaN"), run.out());
        assertEquals("chainrule explain: log(x) is NaN at x=-1: the point is outside the domain"
                + " of log(x)\n", run.err());
    }
}
