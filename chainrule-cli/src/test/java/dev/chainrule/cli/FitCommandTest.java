package dev.chainrule.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code chainrule fit} end to end through {@link Main#run} on temporary files. */
class FitCommandTest {
    private static final Path MISRA1A = Path.of("..", "examples", "nist", "Misra1a.csv");
    private static final String MISRA_MODEL = "b1*(1-exp(-b2*x))";

    @TempDir
    Path directory;

    /** Exit code with what went to stdout and stderr. */
    record Outcome(int exitCode, String out, String err) {}

    private static Outcome run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Outcome(code, out.toString(), err.toString());
    }

    private static Outcome fit(Path data, String model, String... more) {
        List<String> args = new ArrayList<>(List.of("fit", data.toString(), "--model", model));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    private Path file(String name, String content) throws IOException {
        Path path = directory.resolve(name);
        Files.writeString(path, content);
        return path;
    }

    @Test
    void misra1aFitPrintsCertifiedValuesAndWritesJsonAndPlot() throws IOException {
        Path json = directory.resolve("misra1a.json");
        Path png = directory.resolve("misra1a.png");

        Outcome outcome = fit(MISRA1A, MISRA_MODEL, "--start", "b1=500,b2=1e-4",
                "--json", json.toString(), "--plot", png.toString());

        assertEquals(0, outcome.exitCode(), outcome.err());
        assertTrue(outcome.out().contains("converged"), outcome.out());
        assertTrue(outcome.out().contains("238.9421292"), outcome.out());
        assertTrue(outcome.out().contains("2.707007524"), outcome.out());
        JsonNode result = new ObjectMapper().readTree(json.toFile());
        assertEquals(238.94212918, result.at("/parameters/b1/value").asDouble(), 1e-6);
        assertEquals(12, result.get("dof").asInt());
        assertTrue(result.get("converged").asBoolean());
        assertEquals(-0.99877619, result.at("/correlation/b1/b2").asDouble(), 1e-6);
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(900, image.getWidth());
    }

    @Test
    void svgPlotIsWritten() throws IOException {
        Path svg = directory.resolve("fit.svg");

        Outcome outcome = fit(MISRA1A, MISRA_MODEL, "--start", "b1=500,b2=1e-4",
                "--plot", svg.toString());

        assertEquals(0, outcome.exitCode(), outcome.err());
        assertTrue(Files.readString(svg).contains("<svg"));
    }

    @Test
    void whitespaceFileWithoutHeaderNamesColumnsXAndY() throws IOException {
        Path data = file("line.txt", "# x y\n1 3.1\n2\t4.9\n3   7.0  # a note\n4 9.1\n");

        Outcome outcome = fit(data, "a*x+b", "--start", "a=1,b=0");

        assertEquals(0, outcome.exitCode(), outcome.err());
        assertTrue(outcome.out().contains("4 rows, 2 degrees of freedom"), outcome.out());
    }

    @Test
    void nonNumericCellIsReportedWithFileLineColumnAndText() throws IOException {
        Path data = file("bad.csv", "x,y\n# comment\n1,2\n\n2,n/a\n");

        Outcome outcome = fit(data, "a*x", "--start", "a=1");

        assertEquals(2, outcome.exitCode());
        assertEquals("chainrule fit: value \"n/a\" in column y (column 2), line 5 of " + data
                + " is not a number; fix the cell or remove the row\n", outcome.err());
    }

    @Test
    void missingResponseColumnListsTheColumnsThatExist() throws IOException {
        Path data = file("d.csv", "x,y\n1,2\n2,3\n");

        Outcome outcome = fit(data, "a*x", "--start", "a=1", "--y", "z");

        assertEquals(2, outcome.exitCode());
        assertEquals("chainrule fit: the response's column 'z' is not in " + data
                + "; its columns are x, y\n", outcome.err());
    }

    @Test
    void nanCellIsRejectedUnlessDropped() throws IOException {
        Path data = file("nan.csv", "x,y\n1,2.1\n2,NaN\n3,5.9\n4,8.2\n");

        Outcome rejected = fit(data, "a*x+b", "--start", "a=1,b=0");
        Outcome dropped = fit(data, "a*x+b", "--start", "a=1,b=0", "--drop-nonfinite");

        assertEquals(2, rejected.exitCode());
        assertEquals("chainrule fit: value NaN in column y, line 3 of " + data
                + " is not finite; remove the row or pass --drop-nonfinite\n", rejected.err());
        assertEquals(0, dropped.exitCode(), dropped.err());
        assertEquals("chainrule fit: dropped 1 of 4 rows with NaN or infinite values\n",
                dropped.err());
    }

    @Test
    void rowsOfWeightZeroAreNotCountedAsDegreesOfFreedom() throws IOException {
        Path data = file("w.csv", "x,y,w\n1,9,0\n2,1,0\n3,7.1,1\n4,9.0,1\n5,10.8,1\n");

        Outcome outcome = fit(data, "a*x+b", "--start", "a=1,b=0", "--weights", "w");

        assertEquals(0, outcome.exitCode(), outcome.err());
        assertTrue(outcome.out().contains("(3 rows, 1 degrees of freedom)"), outcome.out());
        assertEquals("chainrule fit: 2 of 5 rows have weight 0; they do not count as"
                + " observations or degrees of freedom\n", outcome.err());
    }

    @Test
    void allWeightsZeroIsBadInputNotAnExactFit() throws IOException {
        Path data = file("w.csv", "x,y,w\n1,9,0\n2,1,0\n3,7.1,0\n");

        Outcome outcome = fit(data, "a*x+b", "--start", "a=1,b=0", "--weights", "w");

        assertEquals(2, outcome.exitCode(), outcome.out());
        assertEquals("chainrule fit: only 0 of 3 rows of " + data + " have a non-zero weight"
                + " in column w, fewer than the model's 2 parameters\n", outcome.err());
    }

    @Test
    void responseColumnNamedEIsTheColumnNotTheConstant() throws IOException {
        Path data = file("e.csv", "x,e\n1,2\n2,4\n3,6.1\n");

        // Least squares through the origin: a = sum(x*e) / sum(x^2) = 28.3 / 14.
        Outcome outcome = fit(data, "a*x", "--start", "a=1", "--y", "e");

        assertEquals(0, outcome.exitCode(), outcome.err());
        assertTrue(outcome.out().contains("a                2.021428571"), outcome.out());
    }

    @Test
    void responseColumnWhoseNameIsNoFormulaIsUsedAsTheColumn() throws IOException {
        Path data = file("mm.csv", "x,y (mm)\n1,2\n2,4\n3,6.1\n");

        Outcome outcome = fit(data, "a*x", "--start", "a=1", "--y", "y (mm)");

        assertEquals(0, outcome.exitCode(), outcome.err());
        assertTrue(outcome.out().contains("a                2.021428571"), outcome.out());
    }

    @Test
    void modelNamingAColumnCalledEIsRefusedBecauseEIsTheConstant() throws IOException {
        Path data = file("e.csv", "e,y\n1,2\n2,4\n3,6.1\n");

        Outcome outcome = fit(data, "a*e", "--start", "a=1");

        assertEquals(2, outcome.exitCode(), outcome.out());
        assertEquals("chainrule fit: --model a*e: " + data + " has a column named e, but in a"
                + " formula e is the constant 2.718281828459045; rename the column (for the"
                + " constant with such a column, write exp(1))\n", outcome.err());
    }

    @Test
    void startOutsideItsBoundIsBadInputNamingTheOptions() {
        Outcome outcome = fit(MISRA1A, MISRA_MODEL, "--start", "b1=500,b2=1e-4", "--bound",
                "b1=0:100");

        assertEquals(2, outcome.exitCode(), outcome.out());
        assertEquals("chainrule fit: the starting value b1=500 is outside --bound b1=0:100;"
                + " give a starting value inside the bounds with --start\n", outcome.err());
    }

    @Test
    void zeroIterationLimitIsBadInputNamingTheOption() {
        Outcome outcome = fit(MISRA1A, MISRA_MODEL, "--start", "b1=500,b2=1e-4",
                "--max-iterations", "0");

        assertEquals(2, outcome.exitCode(), outcome.out());
        assertEquals("chainrule fit: --max-iterations 0: the limit must be at least 1\n",
                outcome.err());
    }

    @Test
    void constantModelIsBadInputSayingItNamesNoVariables() {
        Outcome outcome = fit(MISRA1A, "5");

        assertEquals(2, outcome.exitCode(), outcome.out());
        assertEquals("chainrule fit: the model 5 has no parameters: it names no variables at"
                + " all; write one, such as a in a*x\n", outcome.err());
    }

    @Test
    void dropNonFiniteAlsoDropsRowsWhereTheResponseFormulaIsNaN() throws IOException {
        Path data = file("log.csv", "x,y\n1,2.7\n2,-1\n3,20.1\n4,54.6\n");

        Outcome rejected = fit(data, "a*x", "--start", "a=1", "--y", "log(y)");
        Outcome dropped = fit(data, "a*x", "--start", "a=1", "--y", "log(y)",
                "--drop-nonfinite");

        assertEquals(2, rejected.exitCode());
        assertEquals("chainrule fit: the response log(y) is NaN at line 3 of " + data
                + "; remove the row, pass --drop-nonfinite or choose another response\n",
                rejected.err());
        assertEquals(0, dropped.exitCode(), dropped.err());
        assertEquals("chainrule fit: dropped 1 of 4 rows where the response log(y) is NaN or"
                + " infinite\n", dropped.err());
        assertTrue(dropped.out().contains("(3 rows, 2 degrees of freedom)"), dropped.out());
    }

    @Test
    void jsonDashPrintsOnlyTheJsonOnStdoutAndWritesNoFileNamedDash() throws IOException {
        Outcome outcome = fit(MISRA1A, MISRA_MODEL, "--start", "b1=500,b2=1e-4", "--json", "-");

        assertEquals(0, outcome.exitCode(), outcome.err());
        JsonNode result = new ObjectMapper().readTree(outcome.out());
        assertEquals(238.94212918, result.at("/parameters/b1/value").asDouble(), 1e-6);
        assertFalse(Files.exists(Path.of("-")));
    }

    @Test
    void errorFromTheFittingLibraryIsPrefixedOnce() throws IOException {
        Path data = file("huge.csv", "x,y\n1,2e300\n2,3e300\n3,4.5e300\n");

        Outcome outcome = fit(data, "a*x+b", "--start", "a=1,b=0");

        assertEquals(2, outcome.exitCode(), outcome.out());
        assertTrue(outcome.err().startsWith("chainrule fit: the sum of squared residuals at the"
                + " start overflows"), outcome.err());
    }

    @Test
    void sigmaTooSmallToSquareIsReportedWithItsLine() throws IOException {
        Path data = file("s.csv", "x,y,s\n1,2,0.1\n2,3,1e-200\n3,4.5,0.1\n");

        Outcome outcome = fit(data, "a*x+b", "--start", "a=1,b=0", "--sigma", "s");

        assertEquals(2, outcome.exitCode(), outcome.out());
        assertEquals("chainrule fit: sigma 1.0E-200 in column s, line 3 of " + data + " is so"
                + " small that its weight 1/sigma^2 overflows; rescale the column\n",
                outcome.err());
    }

    @Test
    void spacesAfterCommasInStartAndBoundAreAllowed() {
        Outcome outcome = fit(MISRA1A, MISRA_MODEL, "--start", "b1=500, b2=1e-4", "--bound",
                "b1=0:1000, b2=0:1");

        assertEquals(0, outcome.exitCode(), outcome.err());
        assertTrue(outcome.out().contains("238.9421292"), outcome.out());
    }

    @Test
    void jsonOverTheDataFileIsRefusedAndTheDataKept() throws IOException {
        String text = "x,y\n1,2\n2,3.9\n3,6.2\n";
        Path data = file("d.csv", text);

        Outcome outcome = fit(data, "a*x", "--start", "a=1", "--json", data.toString());

        assertEquals(2, outcome.exitCode(), outcome.out());
        assertEquals("chainrule fit: --json " + data + " is an input of this command and would"
                + " be overwritten; choose another file name\n", outcome.err());
        assertEquals(text, Files.readString(data));
    }

    @Test
    void correlationTableStaysAlignedWithLongParameterNames() {
        Outcome outcome = fit(MISRA1A, "amplitude_long*(1-exp(-rate_constant*x))", "--start",
                "amplitude_long=500,rate_constant=1e-4");

        assertEquals(0, outcome.exitCode(), outcome.err());
        assertTrue(outcome.out().endsWith("Correlation\n"
                + "                amplitude_long   rate_constant\n"
                + "amplitude_long          1.0000         -0.9988\n"
                + "rate_constant          -0.9988          1.0000\n"), outcome.out());
    }

    @Test
    void fewerRowsThanParametersIsBadInput() throws IOException {
        Path data = file("short.csv", "x,y\n1,2\n2,3\n");

        Outcome outcome = fit(data, "a+b*x+c*x*x", "--start", "a=1,b=1,c=1");

        assertEquals(2, outcome.exitCode());
        assertEquals("chainrule fit: " + data + " has 2 rows but the model has 3 parameters"
                + " (a, b, c); a fit needs at least as many rows as parameters\n",
                outcome.err());
    }

    @Test
    void badFormulaShowsThePosition() {
        Outcome outcome = fit(MISRA1A, "b1*(1-exp(-b2*x)", "--start", "b1=500,b2=1e-4");

        assertEquals(2, outcome.exitCode());
        assertTrue(outcome.err().startsWith("chainrule fit: --model: formula error at column"),
                outcome.err());
        assertTrue(outcome.err().contains("^"), outcome.err());
    }

    @Test
    void startForUnknownParameterIsBadInput() {
        Outcome outcome = fit(MISRA1A, MISRA_MODEL, "--start", "b1=500,b3=1");

        assertEquals(2, outcome.exitCode());
        assertEquals("chainrule fit: --start names b3, which is not a parameter of the model;"
                + " its parameters are b1, b2\n", outcome.err());
    }

    @Test
    void parameterWithoutStartWarnsAndStartsAtOne() throws IOException {
        Path data = file("d.csv", "x,y\n1,2\n2,4.1\n3,5.9\n");

        Outcome outcome = fit(data, "a*x");

        assertEquals(0, outcome.exitCode(), outcome.err());
        assertEquals("chainrule fit: warning: parameter a has no starting value, using 1 (set"
                + " it with --start a=VALUE; the columns of " + data + " are x, y)\n",
                outcome.err());
    }

    @Test
    void modelNotFiniteAtTheStartNamesLineAndParameters() throws IOException {
        Path data = file("d.csv", "x,y\n1,0.1\n2,0.2\n3,0.4\n");

        Outcome outcome = fit(data, "log(b-x)", "--start", "b=2.5");

        assertEquals(2, outcome.exitCode());
        assertEquals("chainrule fit: at the starting point b=2.5, the model is NaN at line 4 of "
                + data + " (data row 3); choose other starting values with --start\n",
                outcome.err());
    }

    @Test
    void boundHoldsParameterAndBadBoundIsRejected() throws IOException {
        Path json = directory.resolve("bounded.json");
        Outcome bounded = fit(MISRA1A, MISRA_MODEL, "--start", "b1=200,b2=5e-4",
                "--bound", "b1=0:230", "--json", json.toString());
        Outcome reversed = fit(MISRA1A, MISRA_MODEL, "--start", "b1=3,b2=1e-4",
                "--bound", "b1=5:1");

        assertTrue(new ObjectMapper().readTree(json.toFile())
                .at("/parameters/b1/value").asDouble() <= 230.0, bounded.out());
        assertEquals(2, reversed.exitCode());
        assertEquals("chainrule fit: --bound b1: lower bound 5 is above upper bound 1\n",
                reversed.err());
    }

    @Test
    void iterationLimitGivesExitCodeOneAndMarksTheResult() {
        Outcome outcome = fit(MISRA1A, MISRA_MODEL, "--start", "b1=500,b2=1e-4",
                "--max-iterations", "2");

        assertEquals(1, outcome.exitCode());
        assertTrue(outcome.out().contains("NOT CONVERGED"), outcome.out());
    }

    @Test
    void plotWithUnknownExtensionIsRejectedBeforeFitting() {
        Outcome outcome = fit(MISRA1A, MISRA_MODEL, "--plot", "fit.gif");

        assertEquals(2, outcome.exitCode());
        assertEquals("chainrule fit: --plot fit.gif: the file name must end in .png or .svg\n",
                outcome.err());
    }

    @Test
    void progressGoesToStderrOneLinePerIteration() {
        Outcome outcome = fit(MISRA1A, MISRA_MODEL, "--start", "b1=500,b2=1e-4", "--progress");

        assertEquals(0, outcome.exitCode());
        assertTrue(outcome.err().startsWith("fit: iteration    0  sum of squares"),
                outcome.err());
        assertFalse(outcome.out().contains("iteration    0"));
    }

    @Test
    void constantSigmaKeepsParametersAndScalesTheResidualDeviation() throws IOException {
        Path data = file("s.csv", "x,y,s\n1,2.1,2\n2,3.9,2\n3,6.2,2\n4,7.9,2\n");
        Path plain = directory.resolve("plain.json");
        Path weighted = directory.resolve("weighted.json");

        fit(data, "a*x+b", "--start", "a=1,b=0", "--json", plain.toString());
        Outcome outcome = fit(data, "a*x+b", "--start", "a=1,b=0", "--sigma", "s",
                "--json", weighted.toString());

        assertEquals(0, outcome.exitCode(), outcome.err());
        JsonNode expected = new ObjectMapper().readTree(plain.toFile());
        JsonNode actual = new ObjectMapper().readTree(weighted.toFile());
        assertEquals(expected.at("/parameters/a/value").asDouble(),
                actual.at("/parameters/a/value").asDouble(), 1e-12);
        assertEquals(expected.get("residual_sd").asDouble() / 2,
                actual.get("residual_sd").asDouble(), 1e-12);
        assertEquals(expected.at("/parameters/a/stderr").asDouble(),
                actual.at("/parameters/a/stderr").asDouble(), 1e-12);
    }

    @Test
    void productOfParametersIsReportedAsNotIdentifiable() throws IOException {
        Path data = file("d.csv", "x,y\n1,2.1\n2,3.9\n3,6.2\n4,7.9\n");

        Outcome outcome = fit(data, "a*b*x", "--start", "a=1,b=1");

        assertEquals(0, outcome.exitCode(), outcome.err());
        assertTrue(outcome.out().contains("Not identifiable: a, b: the data do not determine"
                + " them separately"), outcome.out());
    }

    @Test
    void failedWriteLeavesTheExistingFileUntouched() throws IOException {
        Path target = file("kept.json", "old");

        assertTrue(assertThrowsIo(() -> AtomicFiles.write(target, out -> {
            out.write("partial".getBytes());
            throw new IOException("disk full");
        })));

        assertEquals("old", Files.readString(target));
        try (var files = Files.list(directory)) {
            assertEquals(1, files.count(), "no temporary file is left behind");
        }
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private static boolean assertThrowsIo(IoAction action) {
        try {
            action.run();
            return false;
        } catch (IOException e) {
            return e.getMessage().endsWith(": disk full");
        }
    }
}
