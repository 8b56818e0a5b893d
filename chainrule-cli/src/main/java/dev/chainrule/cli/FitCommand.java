package dev.chainrule.cli;

import dev.chainrule.autodiff.GradMode;
import dev.chainrule.autodiff.Var;
import dev.chainrule.cli.data.DataReader;
import dev.chainrule.cli.data.DataTable;
import dev.chainrule.cli.fit.FitJson;
import dev.chainrule.cli.fit.FitPlot;
import dev.chainrule.cli.fit.FitReport;
import dev.chainrule.cli.mlp.MlpFit;
import dev.chainrule.cli.mlp.MlpOptions;
import dev.chainrule.fit.FitResult;
import dev.chainrule.fit.IterationListener;
import dev.chainrule.fit.LevenbergMarquardt;
import dev.chainrule.fit.ModelProblem;
import dev.chainrule.fit.NonFiniteModelException;
import dev.chainrule.formula.Formula;
import dev.chainrule.formula.FormulaException;
import dev.chainrule.tensor.Tensor;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code chainrule fit}: fits a formula to a data file by least squares with exact Jacobians,
 * prints the parameters with uncertainties, and optionally writes JSON and a plot.
 *
 * <p>Columns of the file are matched to the formula's variables by name; every other variable
 * is a parameter. Exit codes: 0 converged, 1 stopped without converging (the results are still
 * printed, marked as not converged) or an output file could not be written, 2 bad input
 * (arguments, formula, data file, a starting point where the model is not finite).
 */
@Command(
        name = "fit",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = {
            "Fit a formula to a data file by least squares (Levenberg-Marquardt with exact"
                    + " Jacobians). Columns are matched to the formula's variables by name;"
                    + " every other variable is a parameter.",
            "",
            "Example: chainrule fit examples/nist/Misra1a.csv --model \"b1*(1-exp(-b2*x))\""
                    + " --start b1=500,b2=1e-4 --plot misra1a.png",
            "",
            "Or fit a neural network when no formula is known: chainrule fit"
                    + " examples/curves/sine.csv --mlp 32,32 --plot sine.png"
        },
        footer = {
            "",
            "Exit codes: 0 converged, 1 did not converge (results still printed) or an output"
                    + " file could not be written, 2 bad input."
        })
public final class FitCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DATA",
            description = "CSV file with a header row, or whitespace-separated text (#"
                    + " comments). Without a header the columns are x, y (x1, x2, ..., y for"
                    + " more).")
    Path data;

    @Option(names = "--model", paramLabel = "FORMULA",
            description = "The model, e.g. \"b1*(1-exp(-b2*x))\" (or --mlp for a network).")
    String model;

    @Mixin
    MlpOptions mlp = new MlpOptions();

    @Option(names = "--start", split = ",", paramLabel = "NAME=VALUE",
            description = "Starting values, e.g. b1=500,b2=1e-4. A parameter without one"
                    + " starts at 1 (with a warning).")
    Map<String, String> start = new LinkedHashMap<>();

    @Option(names = "--bound", split = ",", paramLabel = "NAME=LOW:HIGH",
            description = "Bounds, e.g. b2=0:inf (inf, -inf or empty for none).")
    Map<String, String> bounds = new LinkedHashMap<>();

    @Option(names = "--y", paramLabel = "COLUMN|FORMULA", defaultValue = "y",
            description = "The response: a column or a formula of columns, e.g. \"log(y)\""
                    + " (default: ${DEFAULT-VALUE}).")
    String response;

    @Option(names = "--weights", paramLabel = "COLUMN",
            description = "Column of weights w (weighted least squares: sum of w*r^2).")
    String weights;

    @Option(names = "--sigma", paramLabel = "COLUMN",
            description = "Column of measurement errors sigma (weights 1/sigma^2).")
    String sigma;

    @Option(names = "--drop-nonfinite",
            description = "Drop rows with NaN or infinite values (or where the --y formula is"
                    + " NaN or infinite) instead of rejecting the file.")
    boolean dropNonFinite;

    @Option(names = "--json", paramLabel = "FILE",
            description = "Write the results as JSON; with - as FILE, print the JSON on stdout"
                    + " instead of the table.")
    Path json;

    @Option(names = "--plot", paramLabel = "FILE",
            description = "Plot data, fit and residuals to a .png or .svg file.")
    Path plot;

    @Option(names = "--progress",
            description = "Show progress on stderr (shown anyway on a terminal).")
    boolean progress;

    @Option(names = "--max-iterations", paramLabel = "N", defaultValue = "1000",
            description = "Iteration limit (default: ${DEFAULT-VALUE}).")
    int maxIterations;

    @Option(names = "--verbose", description = "Print stack traces of errors.")
    boolean verbose;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            return run(out, err);
        } catch (IOException | RuntimeException e) {
            return Failure.report(err, "chainrule fit", e, verbose);
        }
    }

    /** Options that only a formula fit uses. */
    private static final List<String> FORMULA_ONLY =
            List.of("--start", "--bound", "--weights", "--sigma", "--max-iterations");

    private int run(PrintWriter out, PrintWriter err) throws IOException {
        AtomicFiles.refuseInputAsOutput(json, "--json", data);
        AtomicFiles.refuseInputAsOutput(plot, "--plot", data);
        AtomicFiles.refuseInputAsOutput(mlp.save(), "--save", data);
        AtomicFiles.refuseInputAsOutput(mlp.lossPlot(), "--loss-plot", data);
        if (mlp.requested()) {
            if (model != null) {
                throw new IllegalArgumentException("give either --model or --mlp, not both");
            }
            refuseOptions(FORMULA_ONLY, "a formula fit (--model)", "--mlp");
            return new MlpFit(mlp).run(new MlpFit.SharedOptions(data, response, dropNonFinite,
                    json, plot, progress), out, err);
        }
        if (model == null) {
            throw new IllegalArgumentException("give a formula with --model FORMULA, or fit a"
                    + " neural network with --mlp SIZES");
        }
        refuseOptions(networkOnlyOptions(), "a network fit (--mlp)", "--model");
        FitSetup setup = prepare(err);
        boolean showProgress = progress || System.console() != null;
        IterationListener listener = showProgress ? iteration -> err.println(String.format(
                Locale.ROOT, "fit: iteration %4d  sum of squares %.10g  damping %.3g",
                iteration.iteration(), iteration.sumOfSquares(), iteration.damping()))
                : iteration -> { };
        FitResult fit;
        try {
            fit = new LevenbergMarquardt(setup.options).fit(setup.problem, setup.start, listener);
        } catch (NonFiniteModelException e) {
            throw new IllegalArgumentException(nonFiniteMessage(e, setup));
        }

        if (AtomicFiles.isStandardOutput(json)) {
            out.print(FitJson.toJson(model, response, fit));
        } else {
            out.print(FitReport.toText(model, response, data.toString(), fit));
        }
        out.flush();
        if (json != null && !AtomicFiles.isStandardOutput(json)) {
            String text = FitJson.toJson(model, response, fit);
            AtomicFiles.writeText(json, text);
        }
        if (plot != null) {
            FitPlot.write(plot, plotSeries(setup, fit));
        }
        return fit.converged() ? Main.OK : Main.FAILED;
    }

    /**
     * Refuses options of the other kind of fit, which would otherwise be ignored without a
     * word (a --weights column even became a network input).
     */
    /** The options of the network mixin other than --mlp itself, read from picocli's model. */
    private List<String> networkOnlyOptions() {
        return spec.mixins().get("mlp").options().stream()
                .map(option -> option.longestName())
                .filter(name -> !name.equals("--mlp"))
                .toList();
    }

    private void refuseOptions(List<String> options, String belongsTo, String chosen) {
        picocli.CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        for (String option : options) {
            if (parsed != null && parsed.hasMatchedOption(option)) {
                throw new IllegalArgumentException(option + " applies only to " + belongsTo
                        + " and would be ignored with " + chosen + "; remove it");
            }
        }
    }

    /** Everything the solver needs, checked; bad input throws IllegalArgumentException. */
    FitSetup prepare(PrintWriter err) {
        Formula modelFormula = parse("--model", model);
        // A --y that is not a formula may still be a column name, such as "y (mm)".
        Formula responseFormula = null;
        IllegalArgumentException responseError = null;
        try {
            responseFormula = parse("--y", response);
        } catch (IllegalArgumentException e) {
            responseError = e;
        }
        checkOutput(json, "--json");
        checkOutput(plot, "--plot");
        if (plot != null && !plot.toString().toLowerCase(Locale.ROOT).matches(".*\\.(png|svg)")) {
            throw new IllegalArgumentException("--plot " + plot + ": the file name must end in"
                    + " .png or .svg");
        }
        if (weights != null && sigma != null) {
            throw new IllegalArgumentException("give either --weights or --sigma, not both");
        }
        DataTable table;
        try {
            table = DataReader.read(data);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + data + ": " + e.getMessage());
        }

        List<String> parameters = new ArrayList<>();
        Set<String> used = new LinkedHashSet<>();
        for (String variable : modelFormula.variables()) {
            (table.has(variable) ? used : parameters).add(variable);
        }
        // A column named like a constant (e, pi) would silently be the constant in a formula.
        boolean responseIsColumn = table.has(response);
        if (!responseIsColumn && responseError != null) {
            throw responseError;
        }
        refuseShadowedColumns(table, "--model", model);
        if (!responseIsColumn) {
            refuseShadowedColumns(table, "--y", response);
        }
        for (String variable : responseIsColumn ? List.of(response)
                : responseFormula.variables()) {
            table.column(variable, "the response's");
            used.add(variable);
        }
        for (String column : new String[] {weights, sigma}) {
            if (column != null) {
                table.column(column, column.equals(weights) ? "the weights'" : "the sigma");
                used.add(column);
            }
        }
        if (parameters.isEmpty() && modelFormula.variables().isEmpty()) {
            throw new IllegalArgumentException("the model " + model + " has no parameters: it"
                    + " names no variables at all; write one, such as a in a*x");
        }
        if (parameters.isEmpty()) {
            throw new IllegalArgumentException("the model " + model + " has no parameters: all"
                    + " its variables (" + String.join(", ", modelFormula.variables())
                    + ") are columns of " + data);
        }

        List<String> usedColumns = List.copyOf(used);
        if (dropNonFinite) {
            int before = table.rowCount();
            table = table.dropNonFinite(usedColumns);
            if (table.rowCount() < before) {
                err.println("chainrule fit: dropped " + (before - table.rowCount()) + " of "
                        + before + " rows with NaN or infinite values");
            }
            if (!responseIsColumn) {
                table = dropNonFiniteResponse(responseFormula, table, usedColumns, err);
            }
        } else {
            table.requireFinite(usedColumns);
        }
        if (table.rowCount() < parameters.size()) {
            throw new IllegalArgumentException(data + " has " + table.rowCount() + " rows but"
                    + " the model has " + parameters.size() + " parameters ("
                    + String.join(", ", parameters) + "); a fit needs at least as many rows as"
                    + " parameters");
        }

        start = trimmedKeys(start);
        bounds = trimmedKeys(bounds);
        double[] startValues = startValues(parameters, table, err);
        if (maxIterations < 1) {
            throw new IllegalArgumentException("--max-iterations " + maxIterations + ": the"
                    + " limit must be at least 1");
        }
        LevenbergMarquardt.Options options =
                LevenbergMarquardt.Options.defaults().withMaxIterations(maxIterations);
        if (!bounds.isEmpty()) {
            double[][] box = bounds(parameters);
            for (int j = 0; j < parameters.size(); j++) {
                if (startValues[j] < box[0][j] || startValues[j] > box[1][j]) {
                    String name = parameters.get(j);
                    throw new IllegalArgumentException("the starting value " + name + "="
                            + (start.containsKey(name) ? start.get(name) : "1 (the default)")
                            + " is outside --bound " + name + "=" + bounds.get(name)
                            + "; give a starting value inside the bounds with --start");
                }
            }
            options = options.withBounds(box[0], box[1]);
        }

        Map<String, Var> columns = new HashMap<>();
        for (String name : usedColumns) {
            columns.put(name, Var.constant(Tensor.vector(table.column(name, "the model's"))));
        }
        Tensor y;
        if (responseIsColumn) {
            y = Tensor.vector(table.column(response, "the response's"));
        } else {
            try (GradMode.Scope scope = GradMode.noGrad()) {
                y = responseFormula.evaluate(columns).value().broadcastTo(table.rowCount());
            }
        }
        requireFiniteResponse(y, table);
        Tensor weightValues = weightValues(table);
        if (weightValues != null) {
            reportZeroWeights(weightValues, parameters.size(), table.rowCount(), err);
        }
        ModelProblem problem = ModelProblem.of(parameters, values -> {
            Map<String, Var> bindings = new HashMap<>(columns);
            for (int j = 0; j < values.length; j++) {
                bindings.put(parameters.get(j), values[j]);
            }
            return modelFormula.evaluate(bindings);
        }, y, weightValues);
        return new FitSetup(table, problem, parameters, startValues, options, modelFormula,
                columns, y);
    }

    /**
     * In formulas {@code e} and {@code pi} are constants, so a data column of that name cannot
     * be used there; a formula that names one would quietly use the constant instead.
     */
    private void refuseShadowedColumns(DataTable table, String option, String text) {
        for (String constant : List.of("e", "pi")) {
            boolean named = java.util.regex.Pattern.compile(
                    "(?<![A-Za-z0-9_.])" + constant + "(?![A-Za-z0-9_(])").matcher(text).find();
            if (named && table.has(constant)) {
                throw new IllegalArgumentException(option + " " + text + ": " + data
                        + " has a column named " + constant + ", but in a formula " + constant
                        + " is the constant " + (constant.equals("e") ? Math.E : Math.PI)
                        + "; rename the column (for the constant with such a column, write "
                        + (constant.equals("e") ? "exp(1)" : "4*atan(1)") + ")");
            }
        }
    }

    /** With --drop-nonfinite, also the rows where a response formula is NaN or infinite. */
    private DataTable dropNonFiniteResponse(Formula responseFormula, DataTable table,
            List<String> usedColumns, PrintWriter err) {
        Map<String, Var> columns = new HashMap<>();
        for (String name : usedColumns) {
            columns.put(name, Var.constant(Tensor.vector(table.column(name, "the model's"))));
        }
        Tensor y;
        try (GradMode.Scope scope = GradMode.noGrad()) {
            y = responseFormula.evaluate(columns).value().broadcastTo(table.rowCount());
        }
        boolean[] keep = new boolean[table.rowCount()];
        int dropped = 0;
        for (int row = 0; row < keep.length; row++) {
            keep[row] = Double.isFinite(y.getFlat(row));
            dropped += keep[row] ? 0 : 1;
        }
        if (dropped == 0) {
            return table;
        }
        err.println("chainrule fit: dropped " + dropped + " of " + keep.length + " rows where"
                + " the response " + response + " is NaN or infinite");
        return table.keepRows(keep);
    }

    static void checkOutput(Path file, String option) {
        if (file == null || AtomicFiles.isStandardOutput(file)) {
            return;
        }
        Path directory = file.toAbsolutePath().getParent();
        if (directory == null || !java.nio.file.Files.isDirectory(directory)) {
            throw new IllegalArgumentException(option + " " + file + ": the directory "
                    + directory + " does not exist");
        }
        if (java.nio.file.Files.isDirectory(file)) {
            throw new IllegalArgumentException(option + " " + file + " is a directory; give the"
                    + " name of a file");
        }
    }

    private Formula parse(String option, String text) {
        try {
            return Formula.parse(text);
        } catch (FormulaException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage());
        }
    }

    /** "b1=500, b2=1e-4" splits into " b2"; the space is not part of the name. */
    private static Map<String, String> trimmedKeys(Map<String, String> entries) {
        Map<String, String> trimmed = new LinkedHashMap<>();
        entries.forEach((key, value) -> trimmed.put(key.trim(), value));
        return trimmed;
    }

    private double[] startValues(List<String> parameters, DataTable table, PrintWriter err) {
        for (String name : start.keySet()) {
            if (!parameters.contains(name)) {
                throw new IllegalArgumentException("--start names " + name + ", which is not a"
                        + " parameter of the model; its parameters are "
                        + String.join(", ", parameters)
                        + (table.has(name) ? " (" + name + " is a data column)" : ""));
            }
        }
        double[] values = new double[parameters.size()];
        for (int j = 0; j < parameters.size(); j++) {
            String name = parameters.get(j);
            String text = start.get(name);
            if (text == null) {
                values[j] = 1.0;
                err.println("chainrule fit: warning: parameter " + name + " has no starting"
                        + " value, using 1 (set it with --start " + name + "=VALUE; the columns"
                        + " of " + data + " are " + String.join(", ", table.names()) + ")");
            } else {
                values[j] = parseNumber(text, "--start " + name);
            }
        }
        return values;
    }

    private double[][] bounds(List<String> parameters) {
        double[] lower = new double[parameters.size()];
        double[] upper = new double[parameters.size()];
        Arrays.fill(lower, Double.NEGATIVE_INFINITY);
        Arrays.fill(upper, Double.POSITIVE_INFINITY);
        for (Map.Entry<String, String> bound : bounds.entrySet()) {
            int j = parameters.indexOf(bound.getKey());
            if (j < 0) {
                throw new IllegalArgumentException("--bound names " + bound.getKey()
                        + ", which is not a parameter of the model; its parameters are "
                        + String.join(", ", parameters));
            }
            String[] ends = bound.getValue().split(":", -1);
            if (ends.length != 2) {
                throw new IllegalArgumentException("--bound " + bound.getKey() + "="
                        + bound.getValue() + " is not of the form LOW:HIGH (e.g. 0:inf)");
            }
            String where = "--bound " + bound.getKey();
            lower[j] = ends[0].isBlank() ? Double.NEGATIVE_INFINITY : parseNumber(ends[0], where);
            upper[j] = ends[1].isBlank() ? Double.POSITIVE_INFINITY : parseNumber(ends[1], where);
            if (!(lower[j] <= upper[j])) {
                throw new IllegalArgumentException(where + ": lower bound " + ends[0]
                        + " is above upper bound " + ends[1]);
            }
        }
        return new double[][] {lower, upper};
    }

    /** A number as typed on the command line: Java syntax, plus inf, -inf. */
    static double parseNumber(String text, String where) {
        String trimmed = text.trim().toLowerCase(Locale.ROOT);
        switch (trimmed) {
            case "inf", "+inf", "infinity" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-inf", "-infinity" -> {
                return Double.NEGATIVE_INFINITY;
            }
            default -> {
                try {
                    if (trimmed.isEmpty() || trimmed.matches(".*[a-df-z].*")) {
                        throw new NumberFormatException(trimmed);
                    }
                    return Double.parseDouble(trimmed);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(where + ": \"" + text + "\" is not a"
                            + " number");
                }
            }
        }
    }

    private void requireFiniteResponse(Tensor y, DataTable table) {
        for (int row = 0; row < table.rowCount(); row++) {
            if (!Double.isFinite(y.getFlat(row))) {
                throw new IllegalArgumentException("the response " + response + " is "
                        + y.getFlat(row) + " at line " + table.line(row) + " of " + data
                        + "; remove the row, pass --drop-nonfinite or choose another response");
            }
        }
    }

    private Tensor weightValues(DataTable table) {
        if (weights == null && sigma == null) {
            return null;
        }
        double[] values = weights != null ? table.column(weights, "the weights'")
                : table.column(sigma, "the sigma");
        for (int row = 0; row < values.length; row++) {
            if (sigma != null) {
                if (!(values[row] > 0)) {
                    throw new IllegalArgumentException("sigma " + values[row] + " in column "
                            + sigma + ", line " + table.line(row) + " of " + data
                            + " is not positive");
                }
                double sigmaValue = values[row];
                values[row] = 1.0 / (sigmaValue * sigmaValue);
                if (Double.isInfinite(values[row])) {
                    throw new IllegalArgumentException("sigma " + sigmaValue + " in column "
                            + sigma + ", line " + table.line(row) + " of " + data + " is so"
                            + " small that its weight 1/sigma^2 overflows; rescale the"
                            + " column");
                }
            } else if (!(values[row] >= 0)) {
                throw new IllegalArgumentException("weight " + values[row] + " in column "
                        + weights + ", line " + table.line(row) + " of " + data
                        + " is negative");
            }
        }
        return Tensor.vector(values);
    }

    /** Rows of weight 0 do not count as observations; say so, and refuse too few others. */
    private void reportZeroWeights(Tensor weightValues, int parameterCount, int rows,
            PrintWriter err) {
        int zeros = 0;
        for (double weight : weightValues.toArray()) {
            zeros += weight == 0.0 ? 1 : 0;
        }
        if (rows - zeros < parameterCount) {
            throw new IllegalArgumentException("only " + (rows - zeros) + " of " + rows
                    + " rows of " + data + " have a non-zero weight in column " + weights
                    + ", fewer than the model's " + parameterCount + " parameters");
        }
        if (zeros > 0) {
            err.println("chainrule fit: " + zeros + " of " + rows + " rows have weight 0; they"
                    + " do not count as observations or degrees of freedom");
        }
    }

    private String nonFiniteMessage(NonFiniteModelException e, FitSetup setup) {
        String what = e.parameter() == null ? "the model is " + e.value()
                : "the derivative of the model with respect to " + e.parameter() + " is "
                        + e.value();
        return "at the starting point " + setup.problem.describe(setup.start) + ", " + what
                + " at line " + setup.table.line(e.row()) + " of " + data + " (data row "
                + (e.row() + 1) + "); choose other starting values with --start";
    }

    private FitPlot.Series plotSeries(FitSetup setup, FitResult fit) {
        List<String> predictors = new ArrayList<>();
        for (String variable : setup.modelFormula.variables()) {
            if (setup.table.has(variable)) {
                predictors.add(variable);
            }
        }
        double[] y = setup.y.toArray();
        double[] residuals = new double[y.length];
        double[] predicted = setup.problem.predict(fit.values());
        for (int i = 0; i < y.length; i++) {
            residuals[i] = y[i] - predicted[i];
        }
        String title = response + " ~ " + model;
        if (predictors.size() != 1) {
            // Several predictors (or none): no single x axis, so plot against the row number
            // and draw the fitted values as a line through the rows.
            double[] rows = new double[y.length];
            Arrays.setAll(rows, i -> i + 1);
            return new FitPlot.Series(title, "row", response, rows, y, rows, predicted,
                    residuals);
        }
        String xName = predictors.get(0);
        double[] x = setup.table.column(xName, "the plot's");
        double low = Arrays.stream(x).min().orElse(0);
        double high = Arrays.stream(x).max().orElse(1);
        int points = 400;
        double[] grid = new double[points];
        Arrays.setAll(grid, k -> low + (high - low) * k / (points - 1));
        double[] curve;
        try (GradMode.Scope scope = GradMode.noGrad()) {
            Map<String, Var> bindings = new HashMap<>();
            bindings.put(xName, Var.constant(Tensor.vector(grid)));
            for (int j = 0; j < setup.parameters.size(); j++) {
                bindings.put(setup.parameters.get(j), Var.constant(fit.values()[j]));
            }
            curve = setup.modelFormula.evaluate(bindings).value().broadcastTo(points).toArray();
        }
        return new FitPlot.Series(title, xName, response, x, y, grid, curve, residuals);
    }

    /** The checked inputs of a fit. */
    record FitSetup(DataTable table, ModelProblem problem, List<String> parameters,
            double[] start, LevenbergMarquardt.Options options, Formula modelFormula,
            Map<String, Var> columns, Tensor y) {}
}
