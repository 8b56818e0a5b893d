package dev.chainrule.cli.mlp;

import dev.chainrule.cli.data.DataTable;
import dev.chainrule.cli.fit.FitPlot;
import dev.chainrule.fit.nn.NetworkModel;
import dev.chainrule.fit.nn.Task;
import dev.chainrule.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/** The data for {@link FitPlot} of a network fit. */
final class MlpPlot {
    private static final int CURVE_POINTS = 400;

    private MlpPlot() {}

    /**
     * With one input column and a regression: the data, the network's curve on a fine grid,
     * and the residuals against that column. Otherwise (several inputs, or classes) there is no
     * single x axis: the response and the fitted values (for classes, the class indices) are
     * drawn against the row number.
     */
    static FitPlot.Series series(NetworkModel model, DataTable table, List<String> inputs,
            String response, double[] y, Task task, String description) {
        int rows = table.rowCount();
        Tensor inputMatrix = InputColumns.matrix(table, inputs);
        String title = response + " ~ " + description;
        if (task == Task.CLASSIFY) {
            double[] actual = new double[rows];
            for (int row = 0; row < rows; row++) {
                actual[row] = model.classLabels().indexOf(MlpFit.Problem.label(y[row]));
            }
            double[] predicted = Arrays.stream(model.classify(inputMatrix))
                    .asDoubleStream().toArray();
            return byRow(title, response + " (class index)", actual, predicted);
        }
        double[] fitted = model.output(inputMatrix).toArray();
        if (inputs.size() != 1) {
            return byRow(title, response, y, fitted);
        }
        double[] x = table.column(inputs.get(0), "the plot's");
        double low = Arrays.stream(x).min().orElse(0);
        double high = Arrays.stream(x).max().orElse(1);
        double[] grid = new double[CURVE_POINTS];
        Arrays.setAll(grid, k -> low + (high - low) * k / (CURVE_POINTS - 1));
        double[] curve = model.output(Tensor.of(new int[] {CURVE_POINTS, 1}, grid)).toArray();
        return new FitPlot.Series(title, inputs.get(0), response, x, y, grid, curve,
                residuals(y, fitted));
    }

    private static FitPlot.Series byRow(String title, String yName, double[] y,
            double[] fitted) {
        double[] rowNumbers = new double[y.length];
        Arrays.setAll(rowNumbers, i -> i + 1);
        return new FitPlot.Series(title, "row", yName, rowNumbers, y, rowNumbers, fitted,
                residuals(y, fitted));
    }

    private static double[] residuals(double[] y, double[] fitted) {
        double[] result = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            result[i] = y[i] - fitted[i];
        }
        return result;
    }
}
