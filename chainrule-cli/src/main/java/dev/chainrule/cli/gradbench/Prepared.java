package dev.chainrule.cli.gradbench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A function ready to run on an already converted input, and how to write its result as JSON.
 * The session times only {@link #function()}; writing the result happens once, afterwards.
 *
 * @param <R> the result type
 */
record Prepared<R>(Supplier<R> function, Function<R, JsonNode> encoder) {
    static <R> Prepared<R> of(Supplier<R> function, Function<R, JsonNode> encoder) {
        return new Prepared<>(function, encoder);
    }
}
