package dev.chainrule.fit;

import dev.chainrule.autodiff.Derivatives;
import dev.chainrule.autodiff.GradMode;
import dev.chainrule.autodiff.Var;
import dev.chainrule.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A least-squares problem held in memory: a model built with engine operations over whole
 * data columns, a response column and optional weights. Residual i is
 * {@code sqrt(w_i) * (model_i - y_i)}.
 *
 * <p>The model is a function from the parameters (scalar vars, in the order of
 * {@link #parameterNames()}) to a var of the response's shape, or of a shape that broadcasts to
 * it; data columns enter it as constants it captures. The Jacobian comes from one forward-mode
 * sweep over one recording of the model, with one unit direction per parameter: exact
 * derivatives, never finite differences.
 *
 * <p>Immutable and safe to share between threads if the model function is.
 */
public final class ModelProblem implements LeastSquaresProblem {
    private final List<String> parameterNames;
    private final Function<Var[], Var> model;
    private final double[] response;
    private final double[] rootWeights;

    private ModelProblem(List<String> parameterNames, Function<Var[], Var> model,
            double[] response, double[] rootWeights) {
        this.parameterNames = List.copyOf(parameterNames);
        this.model = model;
        this.response = response;
        this.rootWeights = rootWeights;
    }

    /**
     * An unweighted problem.
     *
     * @param response the observed values, one per row (any shape; read flat)
     * @throws IllegalArgumentException when there are fewer rows than parameters, no
     *     parameters, or a response value is not finite
     */
    public static ModelProblem of(List<String> parameterNames, Function<Var[], Var> model,
            Tensor response) {
        return of(parameterNames, model, response, null);
    }

    /**
     * A weighted problem: residual i is multiplied by {@code sqrt(weights_i)}. For
     * measurement errors sigma_i, pass weights {@code 1 / sigma_i^2}.
     *
     * @param weights non-negative finite weights of the response's size, or {@code null} for 1
     * @throws IllegalArgumentException as {@link #of(List, Function, Tensor)}, and for a
     *     negative or non-finite weight, a weight count that differs from the row count, or
     *     fewer rows of non-zero weight than parameters
     */
    public static ModelProblem of(List<String> parameterNames, Function<Var[], Var> model,
            Tensor response, Tensor weights) {
        Objects.requireNonNull(model, "model");
        double[] y = response.toArray();
        if (parameterNames.isEmpty()) {
            throw new IllegalArgumentException("fit: the model has no parameters to fit");
        }
        if (y.length < parameterNames.size()) {
            throw new IllegalArgumentException("fit: " + y.length + " rows for "
                    + parameterNames.size() + " parameters " + parameterNames
                    + "; a fit needs at least as many rows as parameters");
        }
        for (int i = 0; i < y.length; i++) {
            if (!Double.isFinite(y[i])) {
                throw new IllegalArgumentException(
                        "fit: response value " + y[i] + " at row " + (i + 1) + " is not finite");
            }
        }
        ModelProblem problem =
                new ModelProblem(parameterNames, model, y, rootWeights(weights, y.length));
        if (problem.weightedObservationCount() < parameterNames.size()) {
            throw new IllegalArgumentException("fit: only " + problem.weightedObservationCount()
                    + " of " + y.length + " rows have a non-zero weight, fewer than the "
                    + parameterNames.size() + " parameters " + parameterNames
                    + "; a fit needs at least as many weighted rows as parameters");
        }
        return problem;
    }

    private static double[] rootWeights(Tensor weights, int rows) {
        if (weights == null) {
            return null;
        }
        double[] w = weights.toArray();
        if (w.length != rows) {
            throw new IllegalArgumentException(
                    "fit: " + w.length + " weights for " + rows + " rows");
        }
        double[] roots = new double[rows];
        for (int i = 0; i < rows; i++) {
            if (!(w[i] >= 0.0) || !Double.isFinite(w[i])) {
                throw new IllegalArgumentException("fit: weight " + w[i] + " at row " + (i + 1)
                        + " is not a finite non-negative number");
            }
            roots[i] = Math.sqrt(w[i]);
        }
        return roots;
    }

    @Override
    public List<String> parameterNames() {
        return parameterNames;
    }

    @Override
    public int observationCount() {
        return response.length;
    }

    @Override
    public int weightedObservationCount() {
        if (rootWeights == null) {
            return response.length;
        }
        int count = 0;
        for (double rootWeight : rootWeights) {
            count += rootWeight > 0.0 ? 1 : 0;
        }
        return count;
    }

    /**
     * The model's values at {@code parameters}, one per row (the model's output broadcast to
     * the response's length). Values may be NaN or infinite.
     */
    public double[] predict(double[] parameters) {
        requireParameterCount(parameters);
        try (GradMode.Scope scope = GradMode.noGrad()) {
            Var[] constants = new Var[parameters.length];
            for (int j = 0; j < parameters.length; j++) {
                constants[j] = Var.constant(parameters[j]);
            }
            return flatten(model.apply(constants).value(), "model");
        }
    }

    /** The weighted residuals {@code sqrt(w_i) * (model_i - y_i)} at {@code parameters}. */
    public double[] residuals(double[] parameters) {
        double[] predicted = predict(parameters);
        double[] residuals = new double[response.length];
        for (int i = 0; i < response.length; i++) {
            residuals[i] = rootWeight(i) * (predicted[i] - response[i]);
        }
        return residuals;
    }

    @Override
    public double sumOfSquares(double[] parameters) {
        double sum = 0.0;
        for (double residual : residuals(parameters)) {
            sum += residual * residual;
        }
        return sum;
    }

    @Override
    public Linearization linearize(double[] parameters) {
        requireParameterCount(parameters);
        int n = parameters.length;
        Var[] variables = new Var[n];
        for (int j = 0; j < n; j++) {
            variables[j] = Var.variable(parameters[j]);
        }
        Var output = model.apply(variables);

        // One direction per parameter: the unit tangent e_j, so the output's tangent in
        // direction j is the Jacobian column d model / d b_j.
        Var[][] directions = new Var[n][n];
        for (int j = 0; j < n; j++) {
            directions[j][j] = Var.constant(1.0);
        }
        Var[][] tangents;
        try (GradMode.Scope scope = GradMode.noGrad()) {
            tangents = Derivatives.jvp(new Var[] {output}, variables, directions);
        }

        double[] predicted = flatten(output.value(), "model");
        double[] residuals = new double[response.length];
        for (int i = 0; i < response.length; i++) {
            residuals[i] = rootWeight(i) * (predicted[i] - response[i]);
            if (!Double.isFinite(residuals[i])) {
                throw new NonFiniteModelException(i, null, predicted[i], "the model is "
                        + predicted[i] + " at row " + (i + 1) + " with " + describe(parameters));
            }
        }
        double[][] columns = new double[n][];
        for (int j = 0; j < n; j++) {
            columns[j] = flatten(tangents[j][0].value(), "Jacobian");
            for (int i = 0; i < response.length; i++) {
                columns[j][i] *= rootWeight(i);
                if (!Double.isFinite(columns[j][i])) {
                    throw new NonFiniteModelException(i, parameterNames.get(j), columns[j][i],
                            "the derivative of the model with respect to "
                                    + parameterNames.get(j) + " is " + columns[j][i]
                                    + " at row " + (i + 1) + " with " + describe(parameters));
                }
            }
        }
        return Linearization.of(columns, residuals);
    }

    @Override
    public double totalSumOfSquares() {
        double weightSum = 0.0;
        double weightedSum = 0.0;
        for (int i = 0; i < response.length; i++) {
            double w = rootWeight(i) * rootWeight(i);
            weightSum += w;
            weightedSum += w * response[i];
        }
        double mean = weightedSum / weightSum;
        double total = 0.0;
        for (int i = 0; i < response.length; i++) {
            double deviation = rootWeight(i) * (response[i] - mean);
            total += deviation * deviation;
        }
        return total;
    }

    /** "b1=500, b2=0.0001": parameter values for messages. */
    public String describe(double[] parameters) {
        StringBuilder text = new StringBuilder();
        for (int j = 0; j < parameters.length; j++) {
            text.append(j == 0 ? "" : ", ").append(parameterNames.get(j)).append('=')
                    .append(parameters[j]);
        }
        return text.toString();
    }

    private double rootWeight(int row) {
        return rootWeights == null ? 1.0 : rootWeights[row];
    }

    private double[] flatten(Tensor values, String what) {
        int rows = response.length;
        if (values.size() == rows) {
            return values.toArray();
        }
        if (values.size() == 1) {
            double[] filled = new double[rows];
            Arrays.fill(filled, values.getFlat(0));
            return filled;
        }
        throw new IllegalArgumentException("fit: the " + what + " has shape "
                + Arrays.toString(values.shape()) + " but the data have " + rows
                + " rows; the model must give one value per row (or a single value)");
    }

    private void requireParameterCount(double[] parameters) {
        if (parameters.length != parameterNames.size()) {
            throw new IllegalArgumentException("fit: " + parameters.length
                    + " parameter values for " + parameterNames.size() + " parameters "
                    + parameterNames);
        }
    }
}
