package dev.chainrule.cli.mlp;

import dev.chainrule.cli.data.DataTable;
import dev.chainrule.tensor.Tensor;
import java.util.List;

/** Named columns of a data table as the {@code [rows, columns]} input matrix of a network. */
final class InputColumns {
    private InputColumns() {}

    /**
     * @throws IllegalArgumentException naming the table's columns when one is missing
     */
    static Tensor matrix(DataTable table, List<String> names) {
        int rows = table.rowCount();
        double[] data = new double[rows * names.size()];
        for (int column = 0; column < names.size(); column++) {
            double[] values = table.column(names.get(column), "input");
            for (int row = 0; row < rows; row++) {
                data[row * names.size() + column] = values[row];
            }
        }
        return Tensor.of(new int[] {rows, names.size()}, data);
    }
}
