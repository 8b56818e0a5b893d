package dev.chainrule.cli.gradbench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One GradBench module (an "eval"): the functions it answers and how their inputs and outputs
 * look in JSON. Implementations are stateless; {@link #prepare} turns one message's input into
 * a {@link Prepared} function that the session runs and times.
 */
interface Eval {
    /** The module name GradBench uses in {@code define} and {@code evaluate} messages. */
    String module();

    /** The module's functions, the primal one first. */
    List<String> functions();

    /**
     * A small seeded input of the module's shape. The session runs every function on it when
     * the module is defined, so the JIT compiler has compiled the engine's hot paths before
     * the first timed run (the define reply reports this as a {@code "warmup"} timing).
     */
    JsonNode warmupInput();

    /**
     * Converts the input of one {@code evaluate} message into a runnable function.
     *
     * @throws IllegalArgumentException for a function this module does not have, or an input
     *     that does not have the module's shape; the message says which field is wrong
     */
    Prepared<?> prepare(String function, JsonNode input);
}
