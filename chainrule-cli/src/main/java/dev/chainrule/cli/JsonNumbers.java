package dev.chainrule.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.chainrule.formula.Decimal;
import dev.chainrule.tensor.Tensor;
import java.io.IOException;

/**
 * Numbers in JSON output: the shortest decimal that parses back to the same double, and the
 * strings "NaN", "Infinity", "-Infinity" for the values JSON has no number for.
 */
final class JsonNumbers {
    private JsonNumbers() {}

    static void write(JsonGenerator json, double value) throws IOException {
        if (Double.isFinite(value)) {
            json.writeNumber(Decimal.shortest(value));
        } else {
            json.writeString(Decimal.shortest(value));
        }
    }

    /** A scalar as a number; a tensor as {"shape": [...], "data": [...]} in row-major order. */
    static void write(JsonGenerator json, Tensor value) throws IOException {
        if (value == null) {
            json.writeNull();
        } else if (value.size() == 1 && value.rank() == 0) {
            write(json, value.item());
        } else {
            json.writeStartObject();
            json.writeArrayFieldStart("shape");
            for (int extent : value.shape()) {
                json.writeNumber(extent);
            }
            json.writeEndArray();
            json.writeArrayFieldStart("data");
            for (int i = 0; i < value.size(); i++) {
                write(json, value.getFlat(i));
            }
            json.writeEndArray();
            json.writeEndObject();
        }
    }
}
