package dev.chainrule.cli.gradbench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.chainrule.tensor.Tensor;

/**
 * Reading eval inputs from JSON and writing results back. Reading errors are
 * {@link IllegalArgumentException}s that name the field and say what was expected, since they
 * travel back to GradBench in the reply's {@code error}.
 */
final class Json {
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Json() {}

    static JsonNode field(JsonNode input, String name) {
        if (input == null || !input.isObject()) {
            throw new IllegalArgumentException(
                    "input must be a JSON object with field '" + name + "', got "
                            + describe(input));
        }
        JsonNode value = input.get(name);
        if (value == null) {
            throw new IllegalArgumentException("input has no field '" + name + "'");
        }
        return value;
    }

    static double number(JsonNode input, String name) {
        JsonNode value = field(input, name);
        if (!value.isNumber()) {
            throw new IllegalArgumentException(
                    "input field '" + name + "' must be a number, got " + describe(value));
        }
        return value.doubleValue();
    }

    static int integer(JsonNode input, String name) {
        JsonNode value = field(input, name);
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new IllegalArgumentException(
                    "input field '" + name + "' must be an integer, got " + describe(value));
        }
        return value.intValue();
    }

    /** A JSON array of numbers as a vector. */
    static Tensor vector(JsonNode input, String name) {
        JsonNode array = field(input, name);
        return Tensor.vector(numbers(array, name));
    }

    /** A JSON array of equally long arrays of numbers (rows) as a matrix. */
    static Tensor matrix(JsonNode input, String name) {
        JsonNode rows = field(input, name);
        if (!rows.isArray() || rows.isEmpty()) {
            throw new IllegalArgumentException(
                    "input field '" + name + "' must be a non-empty array of rows, got "
                            + describe(rows));
        }
        int columns = -1;
        double[] data = null;
        for (int r = 0; r < rows.size(); r++) {
            double[] row = numbers(rows.get(r), name + "[" + r + "]");
            if (columns < 0) {
                columns = row.length;
                data = new double[rows.size() * columns];
            } else if (row.length != columns) {
                throw new IllegalArgumentException(
                        "input field '" + name + "': row " + r + " has " + row.length
                                + " numbers but row 0 has " + columns);
            }
            System.arraycopy(row, 0, data, r * columns, columns);
        }
        return Tensor.of(new int[] {rows.size(), columns}, data);
    }

    private static double[] numbers(JsonNode array, String name) {
        if (!array.isArray()) {
            throw new IllegalArgumentException(
                    "input field '" + name + "' must be an array of numbers, got "
                            + describe(array));
        }
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode element = array.get(i);
            if (!element.isNumber()) {
                throw new IllegalArgumentException(
                        "input field '" + name + "[" + i + "]' must be a number, got "
                                + describe(element));
            }
            values[i] = element.doubleValue();
        }
        return values;
    }

    private static String describe(JsonNode node) {
        if (node == null) {
            return "nothing";
        }
        String text = node.toString();
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }

    // ---------------------------------------------------------------- writing

    static JsonNode number(double value) {
        return DoubleNode.valueOf(value);
    }

    /** All elements of a tensor, row-major, as one flat array. */
    static ArrayNode flat(Tensor values) {
        ArrayNode array = NODES.arrayNode(values.size());
        for (int i = 0; i < values.size(); i++) {
            array.add(values.getFlat(i));
        }
        return array;
    }

    /** A matrix as an array of rows. */
    static ArrayNode rows(Tensor matrix) {
        int rowCount = matrix.shape(0);
        int columns = matrix.shape(1);
        ArrayNode array = NODES.arrayNode(rowCount);
        for (int r = 0; r < rowCount; r++) {
            ArrayNode row = array.addArray();
            for (int c = 0; c < columns; c++) {
                row.add(matrix.getFlat(r * columns + c));
            }
        }
        return array;
    }
}
