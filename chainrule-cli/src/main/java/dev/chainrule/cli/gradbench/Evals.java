package dev.chainrule.cli.gradbench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chainrule.tensor.Tensor;

/** Input checks and data layout shared by the evals. */
final class Evals {
    private Evals() {}

    static IllegalArgumentException unknownFunction(String module, String function,
            String... known) {
        return new IllegalArgumentException(
                "module " + module + " has no function '" + function + "'; it has "
                        + String.join(", ", known));
    }

    static void requireSize(String what, int actual, int expected) {
        if (actual != expected) {
            throw new IllegalArgumentException(
                    what + " has " + actual + " numbers but " + expected + " are needed");
        }
    }

    /** The (n, d) matrix with a column of ones appended: (n, d + 1). */
    static Tensor withOnesColumn(Tensor matrix) {
        int rows = matrix.shape(0);
        int columns = matrix.shape(1);
        double[] data = new double[rows * (columns + 1)];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                data[r * (columns + 1) + c] = matrix.getFlat(r * columns + c);
            }
            data[r * (columns + 1) + columns] = 1.0;
        }
        return Tensor.of(new int[] {rows, columns + 1}, data);
    }

    /** A warm-up input: one array field and, optionally, one integer field. */
    static JsonNode object(String arrayName, JsonNode array, String integerName, int integer) {
        ObjectNode input = Json.NODES.objectNode();
        input.set(arrayName, array);
        input.put(integerName, integer);
        return input;
    }

    static JsonNode object(String arrayName, JsonNode array) {
        ObjectNode input = Json.NODES.objectNode();
        input.set(arrayName, array);
        return input;
    }
}
