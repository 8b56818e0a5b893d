package dev.chainrule.cli.mlp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chainrule.cli.AtomicFiles;
import dev.chainrule.cli.Main;
import dev.chainrule.cli.data.DataReader;
import dev.chainrule.cli.data.DataTable;
import dev.chainrule.cli.fit.FitPlot;
import dev.chainrule.fit.nn.Activation;
import dev.chainrule.fit.nn.Dataset;
import dev.chainrule.fit.nn.EpochReport;
import dev.chainrule.fit.nn.Metrics;
import dev.chainrule.fit.nn.Mlp;
import dev.chainrule.fit.nn.NetworkModel;
import dev.chainrule.fit.nn.Task;
import dev.chainrule.fit.nn.Trainer;
import dev.chainrule.fit.nn.TrainingListener;
import dev.chainrule.fit.nn.TrainingResult;
import dev.chainrule.fit.optim.OptimizerKind;
import dev.chainrule.tensor.Tensor;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.stream.Collectors;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * {@code chainrule fit DATA --mlp SIZES}: trains a multilayer perceptron on columns of a data
 * file and reports training and validation loss, RMSE and R^2 (or accuracy for
 * {@code --task classify}); optionally saves the model, a JSON summary, a plot of the fit and a
 * plot of the losses. Results go to stdout, progress and warnings to stderr.
 */
public final class MlpFit {
    /** Options of the fit command that formula and network fits share. */
    public record SharedOptions(Path data, String response, boolean dropNonFinite, Path json,
            Path plot, boolean progress) {}

    /** More distinct labels than this suggest a continuous column given to classify. */
    static final int MAX_CLASSES = 100;

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final MlpOptions options;

    public MlpFit(MlpOptions options) {
        this.options = options;
    }

    /**
     * Runs the fit and writes the requested files.
     *
     * @return {@link Main#OK}, or {@link Main#FAILED} when the loss became NaN or infinite
     * @throws IllegalArgumentException for bad options or data (the caller exits with 2)
     * @throws IOException when an output file cannot be written
     */
    public int run(SharedOptions shared, PrintWriter out, PrintWriter err) throws IOException {
        // Output paths are checked before training, so a typo does not cost a whole run.
        checkOutput(options.save, "--save", ".json");
        checkOutput(shared.json(), "--json", ".json");
        checkOutput(shared.plot(), "--plot", ".png", ".svg");
        checkOutput(options.lossPlot, "--loss-plot", ".png", ".svg");
        Task task = Task.parse(options.task);
        Activation activation = Activation.parse(options.activation);
        OptimizerKind optimizer = OptimizerKind.parse(options.optimizer);
        Problem problem = Problem.read(shared, options.inputs, task, err);

        int[] sizes = layerSizes(problem, task);
        Mlp network = new Mlp(sizes, activation, Activation.IDENTITY, options.seed);
        Trainer trainer = trainer(optimizer, problem.data.rows());

        long start = System.nanoTime();
        TrainingResult result;
        try (Progress progress = new Progress(shared.progress(), options.epochs, err)) {
            try {
                result = trainer.fit(network, problem.data, task, problem.names(), progress);
            } catch (ArithmeticException e) {
                err.println("chainrule fit: training failed: " + e.getMessage());
                return Main.FAILED;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;

        Summary summary = Summary.of(result, problem, task);
        String description = describe(sizes, activation, network.parameterCount());
        if (AtomicFiles.isStandardOutput(shared.json())) {
            out.print(json(task, sizes, result, summary, seconds));
        } else {
            out.print(report(shared, description, optimizer, result, summary, seconds));
        }
        out.flush();

        if (options.save != null) {
            String text = ModelFile.toJson(result.model());
            AtomicFiles.writeText(options.save, text);
        }
        if (shared.json() != null && !AtomicFiles.isStandardOutput(shared.json())) {
            String text = json(task, sizes, result, summary, seconds);
            AtomicFiles.writeText(shared.json(), text);
        }
        if (shared.plot() != null) {
            FitPlot.write(shared.plot(), MlpPlot.series(result.model(), problem.table,
                    problem.inputNames, problem.response, problem.targetValues(), task,
                    description));
        }
        if (options.lossPlot != null) {
            LossPlot.write(options.lossPlot, "loss of " + description, result.trainingLosses(),
                    result.validationLosses());
        }
        return Main.OK;
    }

    /**
     * @throws IllegalArgumentException when the file's directory does not exist or (for plots)
     *     the name has none of the given endings
     */
    private static void checkOutput(Path file, String option, String... endings) {
        if (file == null || option.equals("--json") && AtomicFiles.isStandardOutput(file)) {
            return;
        }
        Path directory = file.toAbsolutePath().getParent();
        if (directory == null || !Files.isDirectory(directory)) {
            throw new IllegalArgumentException(
                    option + " " + file + ": the directory " + directory + " does not exist");
        }
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(
                    option + " " + file + " is a directory; give the name of a file");
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (endings.length > 1 && Arrays.stream(endings).noneMatch(name::endsWith)) {
            throw new IllegalArgumentException(
                    option + " " + file + ": the file name must end in "
                            + String.join(" or ", endings));
        }
    }

    private int[] layerSizes(Problem problem, Task task) {
        int[] sizes = new int[options.hidden.size() + 2];
        sizes[0] = problem.inputNames.size();
        for (int i = 0; i < options.hidden.size(); i++) {
            int width = options.hidden.get(i);
            if (width < 1) {
                throw new IllegalArgumentException(
                        "--mlp: layer widths must be at least 1, got " + options.hidden);
            }
            sizes[i + 1] = width;
        }
        sizes[sizes.length - 1] = task == Task.CLASSIFY
                ? task.outputsFor(problem.classLabels.size()) : 1;
        return sizes;
    }

    private Trainer trainer(OptimizerKind optimizer, int rows) {
        boolean holdsOut = Math.round(options.validation * rows) > 0;
        if (options.patience != null && options.patience > 0 && !holdsOut) {
            throw new IllegalArgumentException(
                    "--patience " + options.patience + " needs a validation part; set"
                            + " --validation above 0 (" + rows + " rows)");
        }
        int patience = options.patience != null ? options.patience : holdsOut ? 100 : 0;
        if (optimizer == OptimizerKind.LBFGS
                && (options.clip != null || options.weightDecay != 0.0)) {
            throw new IllegalArgumentException((options.clip != null ? "--clip" : "--weight-decay")
                    + " does not work with --optimizer lbfgs (the default), which would ignore"
                    + " it; use --optimizer adam, adamw or sgd");
        }
        if (optimizer == OptimizerKind.LBFGS && options.batch > 0 && options.batch < rows) {
            throw new IllegalArgumentException(
                    "--batch " + options.batch + " does not work with --optimizer lbfgs, which"
                            + " needs the full batch; use --optimizer adam for mini-batches");
        }
        Trainer trainer = new Trainer()
                .optimizer(optimizer)
                .epochs(options.epochs)
                .batchSize(options.batch)
                .validationFraction(options.validation)
                .patience(patience)
                .seed(options.seed)
                .schedule(Trainer.Schedule.parse(options.schedule))
                .weightDecay(options.weightDecay);
        if (options.learningRate != null) {
            trainer.learningRate(options.learningRate);
        }
        if (options.clip != null) {
            trainer.maxGradientNorm(options.clip);
        }
        return trainer;
    }

    private static String describe(int[] sizes, Activation activation, int parameters) {
        String layers = Arrays.stream(sizes).mapToObj(Integer::toString)
                .collect(Collectors.joining("-"));
        return "layers " + layers + ", " + activation.label() + ", " + parameters
                + " parameters";
    }

    private String report(SharedOptions shared, String description, OptimizerKind optimizer,
            TrainingResult result, Summary summary, double seconds) {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "%s ~ mlp(%s): %s; data %s%n",
                summary.response, String.join(", ", summary.inputs), description,
                shared.data()));
        text.append(String.format(Locale.ROOT,
                "%s, %d epochs (%s; kept epoch %d), seed %d, %.2f s%n%n", optimizer.label(),
                result.epochs(), stopText(result.stopReason()), result.bestEpoch(),
                options.seed, seconds));
        text.append(String.format(Locale.ROOT, "%-10s %14s %14s%n", "", "training",
                "validation"));
        text.append(row("rows", result.trainingRows().length, result.validationRows().length));
        text.append(row("loss", summary.trainingLoss, summary.validationLoss));
        if (summary.task == Task.REGRESS) {
            text.append(row("rmse", summary.training.rmse, summary.validation.rmse));
            text.append(row("r^2", summary.training.rSquared, summary.validation.rSquared));
        } else {
            text.append(row("accuracy", summary.training.accuracy, summary.validation.accuracy));
        }
        text.append(String.format(Locale.ROOT, "%nloss: %s in standardised units%n",
                summary.task == Task.REGRESS ? "mean squared error" : "cross-entropy"));
        return text.toString();
    }

    private static String stopText(TrainingResult.StopReason reason) {
        return switch (reason) {
            case EPOCHS_DONE -> "all epochs run";
            case EARLY_STOPPING -> "stopped early";
            case CONVERGED -> "converged";
        };
    }

    private static String row(String label, double training, double validation) {
        return String.format(Locale.ROOT, "%-10s %14s %14s%n", label, number(training),
                number(validation));
    }

    private static String number(double value) {
        if (Double.isNaN(value)) {
            return "-";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e9) {
            return Long.toString((long) value);
        }
        return String.format(Locale.ROOT, "%.6g", value);
    }

    private String json(Task task, int[] sizes, TrainingResult result, Summary summary,
            double seconds) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("task", task.label());
        Arrays.stream(sizes).forEach(root.putArray("layers")::add);
        root.put("epochs", result.epochs());
        root.put("train_loss", summary.trainingLoss);
        putNumber(root, "validation_loss", summary.validationLoss);
        Scores reported = summary.reported();
        if (task == Task.REGRESS) {
            putNumber(root, "rmse", reported.rmse);
            putNumber(root, "r_squared", reported.rSquared);
        } else {
            putNumber(root, "accuracy", reported.accuracy);
        }
        root.put("seconds", seconds);
        return JSON.writeValueAsString(root) + "\n";
    }

    // JSON has no NaN: a missing value (no validation part) is written as null.
    private static void putNumber(ObjectNode node, String field, double value) {
        if (Double.isFinite(value)) {
            node.put(field, value);
        } else {
            node.putNull(field);
        }
    }

    /** RMSE and R^2, or accuracy, of one part of the data; NaN where not applicable. */
    record Scores(double rmse, double rSquared, double accuracy) {}

    /** The numbers a report shows, in the data's own units. */
    private record Summary(Task task, String response, List<String> inputs, double trainingLoss,
            double validationLoss, Scores training, Scores validation) {

        static Summary of(TrainingResult result, Problem problem, Task task) {
            NetworkModel model = result.model();
            return new Summary(task, problem.response, problem.inputNames,
                    result.trainingLoss(), result.validationLoss(),
                    metrics(model, problem, result.trainingRows(), task),
                    metrics(model, problem, result.validationRows(), task));
        }

        /** The validation numbers when there is a validation part, else the training ones. */
        Scores reported() {
            boolean hasValidation = task == Task.REGRESS ? !Double.isNaN(validation.rmse)
                    : !Double.isNaN(validation.accuracy);
            return hasValidation ? validation : training;
        }

        private static Scores metrics(NetworkModel model, Problem problem, int[] rows,
                Task task) {
            if (rows.length == 0) {
                return new Scores(Double.NaN, Double.NaN, Double.NaN);
            }
            Dataset part = problem.data.batch(rows);
            double[] actual = part.targets().toArray();
            if (task == Task.CLASSIFY) {
                int[] labels = Arrays.stream(actual).mapToInt(value -> (int) value).toArray();
                return new Scores(Double.NaN, Double.NaN,
                        Metrics.accuracy(model.classify(part.inputs()),
                                labels));
            }
            double[] predicted = model.output(part.inputs()).toArray();
            return new Scores(Metrics.rootMeanSquaredError(predicted,
                    actual), Metrics.rSquared(predicted, actual), Double.NaN);
        }
    }

    /** The data of a network fit, read and checked. */
    record Problem(DataTable table, List<String> inputNames, String response,
            List<String> classLabels, Dataset data) {

        static Problem read(SharedOptions shared, List<String> chosenInputs, Task task,
                PrintWriter err) {
            DataTable table;
            try {
                table = DataReader.read(shared.data());
            } catch (IOException e) {
                throw new IllegalArgumentException(
                        "cannot read " + shared.data() + ": " + e.getMessage());
            }
            String response = shared.response();
            if (!table.has(response)) {
                throw new IllegalArgumentException(
                        "with --mlp, --y names a column; '" + response + "' is not a column of "
                                + shared.data() + ", whose columns are "
                                + String.join(", ", table.names()));
            }
            List<String> inputs = chosenInputs != null ? List.copyOf(chosenInputs)
                    : table.names().stream().filter(name -> !name.equals(response)).toList();
            if (new java.util.HashSet<>(inputs).size() < inputs.size()) {
                throw new IllegalArgumentException("--x " + String.join(",", inputs)
                        + " names a column more than once; list each input column once");
            }
            for (String input : inputs) {
                table.column(input, "--x");
                if (input.equals(response)) {
                    throw new IllegalArgumentException(
                            "--x lists " + input + ", which is also the --y column");
                }
            }
            if (inputs.isEmpty()) {
                throw new IllegalArgumentException(
                        shared.data() + " has no column besides " + response + " to use as"
                                + " input");
            }
            List<String> used = new ArrayList<>(inputs);
            used.add(response);
            if (shared.dropNonFinite()) {
                int before = table.rowCount();
                table = table.dropNonFinite(used);
                if (table.rowCount() < before) {
                    err.println("chainrule fit: dropped " + (before - table.rowCount()) + " of "
                            + before + " rows with NaN or infinite values");
                }
            } else {
                table.requireFinite(used);
            }
            if (table.rowCount() < 2) {
                throw new IllegalArgumentException(
                        shared.data() + " has " + table.rowCount() + " usable rows; a network"
                                + " fit needs at least 2");
            }

            int rows = table.rowCount();
            Tensor inputMatrix = InputColumns.matrix(table, inputs);
            double[] responseValues = table.column(response, "--y");
            List<String> classLabels = List.of();
            double[] targets = responseValues;
            if (task == Task.CLASSIFY) {
                // Adding 0.0 turns -0.0 into 0.0: Double.compareTo would keep them as two
                // classes, both labelled "0".
                for (int row = 0; row < responseValues.length; row++) {
                    responseValues[row] += 0.0;
                }
                TreeSet<Double> distinct = new TreeSet<>();
                Arrays.stream(responseValues).forEach(distinct::add);
                if (distinct.size() < 2) {
                    throw new IllegalArgumentException(
                            "--task classify: column " + response + " holds only one class ("
                                    + label(distinct.first()) + "); it needs at least two");
                }
                if (distinct.size() > MAX_CLASSES) {
                    throw new IllegalArgumentException(
                            "--task classify: column " + response + " holds " + distinct.size()
                                    + " different values, more than " + MAX_CLASSES
                                    + " classes; for a measured quantity use --task regress");
                }
                List<Double> ordered = new ArrayList<>(distinct);
                classLabels = ordered.stream().map(Problem::label).toList();
                targets = Arrays.stream(responseValues).map(ordered::indexOf).toArray();
            }
            Dataset data = new Dataset(inputMatrix, Tensor.of(new int[] {rows, 1}, targets));
            return new Problem(table, inputs, response, classLabels, data);
        }

        Trainer.ColumnNames names() {
            return new Trainer.ColumnNames(inputNames, List.of(response), classLabels);
        }

        double[] targetValues() {
            return table.column(response, "--y");
        }

        /** A class label as text: whole numbers without a decimal point. */
        static String label(double value) {
            return value == Math.rint(value) && Math.abs(value) < 1e15
                    ? Long.toString((long) value) : Double.toString(value);
        }
    }

    /**
     * A progress bar on stderr (me.tongfei:progressbar) with epoch, loss and validation loss:
     * drawn in place on a terminal, as plain lines with {@code --progress} otherwise, and not at
     * all without a terminal or the option.
     */
    private static final class Progress implements TrainingListener, AutoCloseable {
        private final ProgressBar bar;

        Progress(boolean requested, int epochs, PrintWriter err) {
            if (System.console() != null) {
                bar = new ProgressBarBuilder().setTaskName("fit").setInitialMax(epochs)
                        .setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
            } else if (requested) {
                bar = new ProgressBarBuilder().setTaskName("fit").setInitialMax(epochs)
                        .setStyle(ProgressBarStyle.ASCII)
                        .setConsumer(new DelegatingProgressBarConsumer(line -> {
                            err.println(line.strip());
                            err.flush();
                        })).build();
            } else {
                bar = null;
            }
        }

        @Override
        public void onEpoch(EpochReport report) {
            if (bar == null) {
                return;
            }
            bar.stepTo(report.epoch());
            bar.setExtraMessage(String.format(Locale.ROOT, " loss %.3e val %.3e",
                    report.trainingLoss(), report.validationLoss()));
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
            }
        }
    }
}
