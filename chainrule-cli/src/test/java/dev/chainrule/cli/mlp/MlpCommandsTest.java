package dev.chainrule.cli.mlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chainrule.cli.Main;
import dev.chainrule.fit.nn.NetworkModel;
import dev.chainrule.tensor.Tensor;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End-to-end runs of {@code chainrule fit --mlp} and {@code chainrule predict} on temp files. */
class MlpCommandsTest {
    @TempDir
    Path directory;

    private record Run(int exitCode, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    private Path sineFile() throws IOException {
        StringBuilder text = new StringBuilder("x,y\n");
        for (int i = 0; i < 100; i++) {
            double x = -Math.PI + 2 * Math.PI * i / 99;
            text.append(x).append(',').append(Math.sin(x)).append('\n');
        }
        return Files.writeString(directory.resolve("sine.csv"), text);
    }

    @Test
    void mlpFitReportsLossesAndWritesModelJsonAndPlots() throws IOException {
        Path data = sineFile();
        Path model = directory.resolve("model.json");
        Path json = directory.resolve("fit.json");

        Run result = run("fit", data.toString(), "--mlp", "8", "--epochs", "150", "--save",
                model.toString(), "--json", json.toString(), "--plot",
                directory.resolve("fit.png").toString(), "--loss-plot",
                directory.resolve("loss.svg").toString());

        assertEquals(Main.OK, result.exitCode(), result.err());
        assertTrue(result.out().contains("y ~ mlp(x): layers 1-8-1, tanh, 25 parameters"),
                result.out());
        assertTrue(result.out().contains("rmse"), result.out());
        JsonNode summary = new ObjectMapper().readTree(json.toFile());
        assertEquals("regress", summary.get("task").textValue());
        assertEquals(List.of(1, 8, 1), List.of(summary.get("layers").get(0).intValue(),
                summary.get("layers").get(1).intValue(), summary.get("layers").get(2).intValue()));
        assertTrue(summary.get("rmse").doubleValue() < 0.05, summary.toString());
        assertTrue(summary.get("r_squared").doubleValue() > 0.99, summary.toString());
        assertTrue(Files.size(directory.resolve("fit.png")) > 0);
        assertTrue(Files.readString(directory.resolve("loss.svg")).contains("<svg"));
        assertTrue(Files.exists(model));
    }

    @Test
    void savedModelPredictsExactlyWhatTheLoadedModelComputes() throws IOException {
        Path data = sineFile();
        Path model = directory.resolve("model.json");
        run("fit", data.toString(), "--mlp", "6,6", "--epochs", "40", "--save",
                model.toString());
        Path points = Files.writeString(directory.resolve("points.csv"), "x\n-1\n0.25\n2\n");
        Path output = directory.resolve("predictions.csv");

        Run result = run("predict", model.toString(), points.toString(), "-o",
                output.toString());

        assertEquals(Main.OK, result.exitCode(), result.err());
        NetworkModel loaded = ModelFile.read(model);
        double[] expected = loaded.output(Tensor.of(new int[] {3, 1}, -1, 0.25, 2)).toArray();
        List<String> lines = Files.readAllLines(output);
        assertEquals("x,predicted_y", lines.get(0));
        for (int row = 0; row < 3; row++) {
            double written = Double.parseDouble(lines.get(row + 1).split(",")[1]);
            // Exactness is the point: the CSV holds round-trip representations of the doubles.
            assertEquals(expected[row], written, 0.0);
        }
    }

    @Test
    void modelSurvivesAJsonRoundTripBitForBit() throws IOException {
        Path data = sineFile();
        Path model = directory.resolve("model.json");
        run("fit", data.toString(), "--mlp", "5", "--epochs", "30", "--save", model.toString());
        NetworkModel first = ModelFile.read(model);

        NetworkModel second = ModelFile.parse(ModelFile.toJson(first), "copy");

        Tensor grid = Tensor.linspace(-4, 4, 33).reshape(33, 1);
        assertEquals(first.output(grid), second.output(grid));
    }

    @Test
    void classifierReportsAccuracyAndPredictsLabels() throws IOException {
        StringBuilder text = new StringBuilder("a,b,side\n");
        Random random = new Random(3);
        for (int i = 0; i < 120; i++) {
            double a = random.nextGaussian();
            double b = random.nextGaussian();
            text.append(String.format(Locale.ROOT, "%.6f,%.6f,%d%n", a, b, a + b > 0 ? 7 : 4));
        }
        Path data = Files.writeString(directory.resolve("sides.csv"), text);
        Path model = directory.resolve("classifier.json");
        Path json = directory.resolve("classifier-fit.json");

        Run fit = run("fit", data.toString(), "--mlp", "4", "--task", "classify", "--y",
                "side", "--epochs", "100", "--save", model.toString(), "--json",
                json.toString());
        Run predict = run("predict", model.toString(),
                Files.writeString(directory.resolve("new.csv"), "a,b\n2,2\n-2,-2\n").toString());

        assertEquals(Main.OK, fit.exitCode(), fit.err());
        assertTrue(fit.out().contains("accuracy"), fit.out());
        JsonNode summary = new ObjectMapper().readTree(json.toFile());
        assertTrue(summary.get("accuracy").doubleValue() >= 0.9, summary.toString());
        assertFalse(summary.has("rmse"));
        assertEquals(Main.OK, predict.exitCode(), predict.err());
        List<String> lines = predict.out().lines().toList();
        assertEquals("a,b,predicted_side,p_4,p_7", lines.get(0));
        assertTrue(lines.get(1).startsWith("2.0,2.0,7,"), lines.get(1));
        assertTrue(lines.get(2).startsWith("-2.0,-2.0,4,"), lines.get(2));
    }

    @Test
    void modelOfAnotherVersionIsRejectedWithExitCodeTwo() throws IOException {
        Path model = Files.writeString(directory.resolve("v2.json"),
                "{\"format\": \"chainrule-mlp\", \"version\": 2}");
        Path points = Files.writeString(directory.resolve("points.csv"), "x\n1\n");

        Run result = run("predict", model.toString(), points.toString());

        assertEquals(Main.BAD_INPUT, result.exitCode());
        assertEquals("chainrule predict: model file " + model + ": format version 2 is not"
                + " supported; this chainrule reads version 1 (refit the model with this"
                + " version)\n", result.err());
    }

    @Test
    void damagedModelFileIsRejectedWithItsPosition() throws IOException {
        Path data = sineFile();
        Path model = directory.resolve("model.json");
        run("fit", data.toString(), "--mlp", "3", "--epochs", "5", "--save", model.toString());
        String text = Files.readString(model, StandardCharsets.UTF_8);
        Files.writeString(model, text.substring(0, text.length() / 2));
        Path points = Files.writeString(directory.resolve("points.csv"), "x\n1\n");
        Path output = directory.resolve("out.csv");

        Run result = run("predict", model.toString(), points.toString(), "-o",
                output.toString());

        assertEquals(Main.BAD_INPUT, result.exitCode());
        assertTrue(result.err().startsWith("chainrule predict: model file " + model
                + " is damaged: not valid JSON at line "), result.err());
        assertFalse(Files.exists(output));
    }

    @Test
    void lbfgsWithMiniBatchesIsABadInput() throws IOException {
        Run result = run("fit", sineFile().toString(), "--mlp", "4", "--batch", "10");

        assertEquals(Main.BAD_INPUT, result.exitCode());
        assertEquals("chainrule fit: --batch 10 does not work with --optimizer lbfgs, which"
                + " needs the full batch; use --optimizer adam for mini-batches\n", result.err());
    }

    @Test
    void fitWithoutModelOrMlpSaysWhatToGive() throws IOException {
        Run result = run("fit", sineFile().toString());

        assertEquals(Main.BAD_INPUT, result.exitCode());
        assertEquals("chainrule fit: give a formula with --model FORMULA, or fit a neural"
                + " network with --mlp SIZES\n", result.err());
    }

    @Test
    void adamWithMiniBatchesAndTheSameSeedPrintsTheSameNumbers() throws IOException {
        Path data = sineFile();
        String[] args = {"fit", data.toString(), "--mlp", "8", "--optimizer", "adam",
            "--batch", "16", "--epochs", "20", "--seed", "7"};

        String first = run(args).out().replaceAll("\\d+\\.\\d+ s", "");
        String second = run(args).out().replaceAll("\\d+\\.\\d+ s", "");

        assertEquals(first, second);
    }

    @Test
    void aPlotInAMissingDirectoryIsRejectedBeforeTraining() throws IOException {
        Path plot = directory.resolve("missing").resolve("fit.png");

        Run result = run("fit", sineFile().toString(), "--mlp", "4", "--plot", plot.toString());

        assertEquals(Main.BAD_INPUT, result.exitCode());
        assertEquals("chainrule fit: --plot " + plot + ": the directory " + plot.getParent()
                + " does not exist\n", result.err());
        assertEquals("", result.out());
    }

    @Test
    void predictDataWithoutTheModelsInputColumnIsBadInputNamingTheColumns() throws IOException {
        Path model = directory.resolve("model.json");
        run("fit", sineFile().toString(), "--mlp", "3", "--epochs", "5", "--save",
                model.toString());
        Path points = Files.writeString(directory.resolve("points.csv"), "z\n1\n");

        Run result = run("predict", model.toString(), points.toString());

        assertEquals(Main.BAD_INPUT, result.exitCode(), result.err());
        assertEquals("chainrule predict: the model's input column 'x' is not in " + points
                + "; its columns are z\n", result.err());
    }

    @Test
    void predictNaNInputSuggestsOnlyWhatPredictCanDo() throws IOException {
        Path model = directory.resolve("model.json");
        run("fit", sineFile().toString(), "--mlp", "3", "--epochs", "5", "--save",
                model.toString());
        Path points = Files.writeString(directory.resolve("points.csv"), "x\n1\nNaN\n");

        Run result = run("predict", model.toString(), points.toString());

        assertEquals(Main.BAD_INPUT, result.exitCode(), result.err());
        assertEquals("chainrule predict: value NaN in column x, line 3 of " + points
                + " is not finite; remove the row to predict the others\n", result.err());
    }

    @Test
    void formulaFitOptionWithMlpIsRefusedInsteadOfIgnored() throws IOException {
        Path data = Files.writeString(directory.resolve("w.csv"), "x,y,w\n1,2,1\n2,3,1\n");

        Run result = run("fit", data.toString(), "--mlp", "4", "--weights", "w");

        assertEquals(Main.BAD_INPUT, result.exitCode(), result.out());
        assertEquals("chainrule fit: --weights applies only to a formula fit (--model) and"
                + " would be ignored with --mlp; remove it\n", result.err());
    }

    @Test
    void networkOptionWithModelIsRefusedInsteadOfIgnored() throws IOException {
        Path model = directory.resolve("model.json");

        Run result = run("fit", sineFile().toString(), "--model", "a*sin(b*x)", "--start",
                "a=1,b=1", "--save", model.toString());

        assertEquals(Main.BAD_INPUT, result.exitCode(), result.out());
        assertEquals("chainrule fit: --save applies only to a network fit (--mlp) and would be"
                + " ignored with --model; remove it\n", result.err());
        assertFalse(Files.exists(model));
    }

    @Test
    void weightDecayWithLbfgsIsRefusedInsteadOfIgnored() throws IOException {
        Run result = run("fit", sineFile().toString(), "--mlp", "4", "--weight-decay", "0.01");

        assertEquals(Main.BAD_INPUT, result.exitCode(), result.out());
        assertEquals("chainrule fit: --weight-decay does not work with --optimizer lbfgs (the"
                + " default), which would ignore it; use --optimizer adam, adamw or sgd\n",
                result.err());
    }

    @Test
    void predictOutputInAMissingDirectoryIsBadInputBeforeAnyWork() throws IOException {
        Path output = directory.resolve("missing").resolve("p.csv");
        Path points = Files.writeString(directory.resolve("points.csv"), "x\n1\n");

        Run result = run("predict", directory.resolve("model.json").toString(),
                points.toString(), "-o", output.toString());

        assertEquals(Main.BAD_INPUT, result.exitCode());
        assertEquals("chainrule predict: -o " + output + ": the directory "
                + output.getParent() + " does not exist\n", result.err());
    }

    @Test
    void predictVersionPrintsTheVersionLikeTheTopCommand() {
        Run predict = run("predict", "--version");

        assertEquals(Main.OK, predict.exitCode());
        assertEquals(run("--version").out(), predict.out());
        assertTrue(predict.out().startsWith("chainrule "), predict.out());
    }

    @Test
    void labelsZeroAndMinusZeroAreOneClass() throws IOException {
        StringBuilder text = new StringBuilder("a,b,label\n");
        Random random = new Random(5);
        for (int i = 0; i < 60; i++) {
            double a = random.nextGaussian();
            String label = a > 0 ? "1" : i % 2 == 0 ? "0" : "-0";
            text.append(String.format(Locale.ROOT, "%.6f,%.6f,%s%n", a, random.nextGaussian(),
                    label));
        }
        Path data = Files.writeString(directory.resolve("labels.csv"), text);
        Path model = directory.resolve("classifier.json");

        Run fit = run("fit", data.toString(), "--mlp", "3", "--task", "classify", "--y",
                "label", "--epochs", "20", "--save", model.toString());

        assertEquals(Main.OK, fit.exitCode(), fit.err());
        assertTrue(fit.out().contains("layers 2-3-1,"), fit.out());
        assertEquals(List.of("0", "1"), ModelFile.read(model).classLabels());
    }

    @Test
    void inputColumnListedTwiceIsBadInput() throws IOException {
        Run result = run("fit", sineFile().toString(), "--mlp", "4", "--x", "x,x");

        assertEquals(Main.BAD_INPUT, result.exitCode(), result.out());
        assertEquals("chainrule fit: --x x,x names a column more than once; list each input"
                + " column once\n", result.err());
    }

    @Test
    void jsonDashAndOutputDashGoToStdout() throws IOException {
        Path model = directory.resolve("model.json");
        Run fit = run("fit", sineFile().toString(), "--mlp", "3", "--epochs", "5", "--json",
                "-", "--save", model.toString());
        Path points = Files.writeString(directory.resolve("points.csv"), "x\n1\n");

        Run predict = run("predict", model.toString(), points.toString(), "-o", "-");

        assertEquals(Main.OK, fit.exitCode(), fit.err());
        assertEquals(5, new ObjectMapper().readTree(fit.out()).get("epochs").asInt());
        assertEquals(Main.OK, predict.exitCode(), predict.err());
        assertTrue(predict.out().startsWith("x,predicted_y\n1.0,"), predict.out());
        assertFalse(Files.exists(Path.of("-")));
    }
}
