package dev.chainrule.cli.mlp;

import dev.chainrule.cli.data.DataTable;
import dev.chainrule.fit.nn.NetworkModel;
import dev.chainrule.fit.nn.Task;
import dev.chainrule.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * A model's predictions for the rows of a table, as CSV text: the model's input columns, then
 * {@code predicted_<target>} for a regression, or {@code predicted_<label column>} and
 * {@code p_<class>} per class for a classifier. Numbers are written in Java's shortest
 * round-trip form, so reading them back gives the computed doubles exactly.
 */
public final class Predictions {
    private Predictions() {}

    /**
     * @throws IllegalArgumentException when the table lacks an input column of the model or
     *     holds a NaN or infinite input (naming file, line and column)
     */
    public static String csv(NetworkModel model, DataTable table) {
        for (String input : model.inputNames()) {
            table.column(input, "the model's input");
        }
        table.requireFinite(model.inputNames(), "remove the row to predict the others");
        Tensor inputs = InputColumns.matrix(table, model.inputNames());
        List<String> header = new ArrayList<>(model.inputNames());
        for (String target : model.targetNames()) {
            header.add("predicted_" + target);
        }
        Tensor values;
        int[] classes = null;
        if (model.task() == Task.CLASSIFY) {
            values = model.probabilities(inputs);
            classes = NetworkModel.mostProbable(values);
            for (String label : model.classLabels()) {
                header.add("p_" + label);
            }
        } else {
            values = model.output(inputs);
        }

        StringBuilder text = new StringBuilder();
        try (CSVPrinter printer = new CSVPrinter(text, CSVFormat.DEFAULT.builder()
                .setRecordSeparator('\n').build())) {
            printer.printRecord(header);
            int columns = values.shape(1);
            for (int row = 0; row < inputs.shape(0); row++) {
                List<String> record = new ArrayList<>();
                for (int column = 0; column < inputs.shape(1); column++) {
                    record.add(Double.toString(inputs.get(row, column)));
                }
                if (classes != null) {
                    record.add(model.classLabels().get(classes[row]));
                }
                for (int column = 0; column < columns; column++) {
                    record.add(Double.toString(values.get(row, column)));
                }
                printer.printRecord(record);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("predict: could not format the CSV", e);
        }
        return text.toString();
    }
}
