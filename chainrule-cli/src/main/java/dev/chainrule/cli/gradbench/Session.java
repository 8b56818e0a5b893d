package dev.chainrule.cli.gradbench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One GradBench session from the tool's side: reads messages (one JSON object per line),
 * answers each with exactly one JSON line, flushed, and returns at end of input.
 *
 * <p>Kinds: {@code start} and {@code analysis} and any unknown kind get {@code {"id": N}}
 * (start adds the tool name); {@code define} says whether the module is implemented and, when
 * warm-up is on, first runs each of the module's functions on a small input of its own for
 * about {@link #WARMUP_NANOS_PER_FUNCTION} ns, reported as a {@code "warmup"} timing (the
 * JVM's counterpart of the compile time that compiled tools report at define);
 * {@code evaluate} runs the function until both {@code min_runs} runs and {@code min_seconds}
 * of measured time are reached, with one {@code "evaluate"} timing per run and one
 * {@code "prepare"} timing for converting the JSON input; {@code end} stops the session
 * without a reply. A message whose function fails or whose input is malformed gets
 * {@code success: false} with the reason. A line that is not a JSON object with an integer
 * {@code id} cannot be answered: the session writes why on the diagnostics stream and returns
 * exit code 2.
 */
public final class Session {
    /** Exit code when the session reached the end of its input or an {@code end} message. */
    public static final int OK = 0;
    /** Exit code when a line could not be answered (not JSON, or no integer id). */
    public static final int BAD_INPUT = 2;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    /** Warm-up budget per function at define: enough for the JIT to compile the hot paths. */
    public static final long WARMUP_NANOS_PER_FUNCTION = 500_000_000L;

    private final ObjectMapper mapper = new ObjectMapper();
    private final Map<String, Eval> evals = new LinkedHashMap<>();
    private final BufferedReader in;
    private final PrintWriter out;
    private final PrintWriter diagnostics;
    private final boolean warmUp;

    /** A session without warm-up at define. */
    public Session(Reader in, PrintWriter out, PrintWriter diagnostics) {
        this(in, out, diagnostics, false);
    }

    /**
     * @param in messages, one JSON object per line
     * @param out replies, one JSON object per line and nothing else
     * @param diagnostics human-readable notes (rejected outputs, unreadable lines)
     * @param warmUp whether {@code define} runs the module's functions before replying
     */
    public Session(Reader in, PrintWriter out, PrintWriter diagnostics, boolean warmUp) {
        this.in = in instanceof BufferedReader buffered ? buffered : new BufferedReader(in);
        this.out = out;
        this.diagnostics = diagnostics;
        this.warmUp = warmUp;
        for (Eval eval : List.of(new Hello(), new Llsq(), new Lse(), new Det(), new Kmeans(),
                new Ode(), new Gmm())) {
            evals.put(eval.module(), eval);
        }
    }

    /** The modules this tool implements, in the order GradBench lists them. */
    public List<String> modules() {
        return List.copyOf(evals.keySet());
    }

    /**
     * Answers messages until end of input or an {@code end} message.
     *
     * @return {@link #OK}, or {@link #BAD_INPUT} after a line that has no readable id
     * @throws IOException when reading the input fails
     */
    public int run() throws IOException {
        long lineNumber = 0;
        String line;
        while ((line = in.readLine()) != null) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            JsonNode message;
            try {
                message = mapper.readTree(line);
            } catch (JsonProcessingException e) {
                diagnostics.println("gradbench: line " + lineNumber + " is not JSON ("
                        + e.getOriginalMessage() + "); without an id it cannot be answered,"
                        + " so the session stops");
                diagnostics.flush();
                return BAD_INPUT;
            }
            JsonNode id = message == null ? null : message.get("id");
            if (id == null || !id.isIntegralNumber()) {
                diagnostics.println("gradbench: line " + lineNumber + " has no integer 'id'"
                        + " (every message needs one); the session stops: " + abbreviate(line));
                diagnostics.flush();
                return BAD_INPUT;
            }
            JsonNode kind = message.get("kind");
            if (kind != null && "end".equals(kind.asText())) {
                return OK;
            }
            ObjectNode reply = answer(id, kind, message);
            out.println(mapper.writeValueAsString(reply));
            out.flush();
        }
        return OK;
    }

    private ObjectNode answer(JsonNode id, JsonNode kind, JsonNode message) {
        ObjectNode reply = mapper.createObjectNode();
        reply.set("id", id);
        if (kind == null || !kind.isTextual()) {
            return failure(reply, "message " + id + " has no string 'kind'");
        }
        switch (kind.asText()) {
            case "start" -> reply.put("tool", "chainrule");
            case "define" -> define(reply, message);
            case "evaluate" -> evaluate(reply, message);
            case "analysis" -> reportAnalysis(message);
            default -> { }
        }
        return reply;
    }

    private void define(ObjectNode reply, JsonNode message) {
        String module = message.path("module").asText("");
        Eval eval = evals.get(module);
        if (eval != null) {
            reply.put("success", true);
            if (warmUp) {
                try {
                    long elapsed = warmUp(eval);
                    reply.putArray("timings").addObject().put("name", "warmup")
                            .put("nanoseconds", elapsed);
                } catch (RuntimeException e) {
                    // Warm-up only speeds up the first runs; a failure there is noted, not fatal.
                    diagnostics.println("gradbench: warm-up of " + module + " failed: " + e);
                    diagnostics.flush();
                }
            }
        } else {
            failure(reply, "chainrule does not implement module '" + module
                    + "'; it implements " + String.join(", ", evals.keySet()));
        }
    }

    /** Runs each function on the eval's warm-up input for the budget; returns the time taken. */
    private long warmUp(Eval eval) {
        long start = System.nanoTime();
        for (String function : eval.functions()) {
            Prepared<?> prepared = eval.prepare(function, eval.warmupInput());
            long functionStart = System.nanoTime();
            do {
                prepared.function().get();
            } while (System.nanoTime() - functionStart < WARMUP_NANOS_PER_FUNCTION);
        }
        return System.nanoTime() - start;
    }

    private void evaluate(ObjectNode reply, JsonNode message) {
        String module = message.path("module").asText("");
        Eval eval = evals.get(module);
        if (eval == null) {
            failure(reply, "chainrule does not implement module '" + module + "'");
            return;
        }
        String function = message.path("function").asText("");
        JsonNode input = message.get("input");
        try {
            long prepareStart = System.nanoTime();
            Prepared<?> prepared = eval.prepare(function, input);
            long prepareTime = System.nanoTime() - prepareStart;
            Runs runs = Runs.of(input);
            ArrayNode timings = mapper.createArrayNode();
            timings.addObject().put("name", "prepare").put("nanoseconds", prepareTime);
            JsonNode output = repeat(prepared, runs, timings);
            reply.put("success", true);
            reply.set("output", output);
            reply.set("timings", timings);
        } catch (IllegalArgumentException | IllegalStateException
                | UnsupportedOperationException | ArithmeticException e) {
            failure(reply, module + " " + function + ": " + e.getMessage());
        } catch (RuntimeException e) {
            // A defect rather than bad input: still answer, so the session goes on.
            failure(reply, module + " " + function + ": internal error " + e);
            diagnostics.println("gradbench: internal error in " + module + " " + function
                    + " (message " + reply.get("id") + "): " + e);
            diagnostics.flush();
        } catch (OutOfMemoryError e) {
            failure(reply, module + " " + function + ": out of memory (" + e.getMessage()
                    + "); give the JVM more heap, e.g. CHAINRULE_JAVA_OPTS=-Xmx16g");
        } catch (StackOverflowError e) {
            failure(reply, module + " " + function + ": stack overflow");
        }
    }

    private static <R> JsonNode repeat(Prepared<R> prepared, Runs runs, ArrayNode timings) {
        R result;
        long measured = 0;
        int done = 0;
        do {
            long start = System.nanoTime();
            result = prepared.function().get();
            long elapsed = System.nanoTime() - start;
            timings.addObject().put("name", "evaluate").put("nanoseconds", elapsed);
            measured += elapsed;
            done++;
        } while (done < runs.minRuns() || measured < runs.minNanoseconds());
        return prepared.encoder().apply(result);
    }

    private void reportAnalysis(JsonNode message) {
        JsonNode valid = message.get("valid");
        if (valid != null && !valid.asBoolean(true)) {
            diagnostics.println("gradbench: the eval rejected the output of message "
                    + message.path("of").asText("?") + ": "
                    + message.path("error").asText("no reason given"));
            diagnostics.flush();
        }
    }

    private static ObjectNode failure(ObjectNode reply, String error) {
        reply.put("success", false);
        reply.put("error", error == null ? "failed without a message" : error);
        return reply;
    }

    private static String abbreviate(String line) {
        return line.length() > 80 ? line.substring(0, 80) + "..." : line;
    }

    /**
     * How often to run: at least {@code minRuns} times and until the measured time reaches
     * {@code minNanoseconds}. Absent fields mean one run (hello sends a bare number).
     */
    record Runs(int minRuns, long minNanoseconds) {
        static Runs of(JsonNode input) {
            if (input == null || !input.isObject()) {
                return new Runs(1, 0);
            }
            int minRuns = input.path("min_runs").asInt(1);
            double minSeconds = input.path("min_seconds").asDouble(0.0);
            if (!(minSeconds >= 0) || minSeconds > 3600) {
                throw new IllegalArgumentException(
                        "min_seconds must be between 0 and 3600, got " + minSeconds);
            }
            return new Runs(minRuns, (long) (minSeconds * NANOS_PER_SECOND));
        }
    }
}
