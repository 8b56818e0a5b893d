package dev.chainrule.cli.gradbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;

/**
 * A GradBench conformance transcript (test resource {@code EVAL.jsonl}, from GradBench, MIT
 * licence): the messages an eval sends, with the golden output of each {@code evaluate}, and the
 * check of a tool's replies against it.
 */
final class Transcript {
    /** Aim for conformance: close to the golden C++ up to rounding in a different order. */
    static final double CONFORMANCE_TOLERANCE = 1e-9;

    static final ObjectMapper MAPPER = new ObjectMapper();

    final String eval;
    final List<JsonNode> messages = new ArrayList<>();
    final List<JsonNode> goldenOutputs = new ArrayList<>();

    private Transcript(String eval) {
        this.eval = eval;
    }

    static Transcript load(String eval) {
        Transcript transcript = new Transcript(eval);
        try (InputStream in = Transcript.class.getResourceAsStream(eval + ".jsonl")) {
            if (in == null) {
                throw new IllegalStateException("no test resource " + eval + ".jsonl");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (String line : text.split("\n")) {
                if (!line.isBlank()) {
                    JsonNode entry = MAPPER.readTree(line);
                    transcript.messages.add(entry.get("message"));
                    transcript.goldenOutputs.add(entry.get("golden_output"));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return transcript;
    }

    /** The messages as the tool reads them: one JSON object per line. */
    String input() {
        StringBuilder text = new StringBuilder();
        for (JsonNode message : messages) {
            text.append(message).append('\n');
        }
        return text.toString();
    }

    /**
     * Checks that the tool answered every message once, in order, with its id, and that every
     * evaluate reply succeeded with the golden output, a prepare timing and evaluate timings.
     */
    void assertReplies(String stdout) throws IOException {
        String[] lines = stdout.isEmpty() ? new String[0] : stdout.split("\n");
        assertEquals(messages.size(), lines.length, eval + ": one reply line per message");
        for (int i = 0; i < lines.length; i++) {
            JsonNode message = messages.get(i);
            JsonNode reply = MAPPER.readTree(lines[i]);
            String where = eval + " message " + message.get("id");
            assertEquals(message.get("id").asLong(), reply.get("id").asLong(), where + ": id");
            String kind = message.get("kind").asText();
            if (kind.equals("define")) {
                assertTrue(reply.get("success").asBoolean(), where + ": define succeeds");
            }
            if (kind.equals("evaluate")) {
                assertTrue(reply.path("success").asBoolean(false),
                        where + ": evaluate fails with " + reply.path("error"));
                assertFalse(reply.has("error"), where + ": no error beside success");
                assertTimings(where, reply.get("timings"));
                assertMatches(where + " output", goldenOutputs.get(i), reply.get("output"),
                        CONFORMANCE_TOLERANCE);
            }
        }
    }

    private static void assertTimings(String where, JsonNode timings) {
        int prepare = 0;
        int evaluate = 0;
        for (JsonNode timing : timings) {
            assertTrue(timing.get("nanoseconds").isIntegralNumber(), where + ": integer time");
            assertTrue(timing.get("nanoseconds").asLong() >= 0, where + ": time >= 0");
            switch (timing.get("name").asText()) {
                case "prepare" -> prepare++;
                case "evaluate" -> evaluate++;
                default -> fail(where + ": unexpected timing " + timing);
            }
        }
        assertEquals(1, prepare, where + ": one prepare timing");
        assertTrue(evaluate >= 1, where + ": at least one evaluate timing");
    }

    /**
     * GradBench's structural comparison with its number rule
     * {@code |a - b| / max(1, |a| + |b|) <= tolerance}.
     */
    static void assertMatches(String where, JsonNode expected, JsonNode actual,
            double tolerance) {
        if (expected.isNumber()) {
            assertTrue(actual.isNumber(), where + ": expected a number, got " + actual);
            double a = expected.doubleValue();
            double b = actual.doubleValue();
            double difference = Math.abs(a - b) / Math.max(1, Math.abs(a) + Math.abs(b));
            assertTrue(difference <= tolerance, where + ": expected " + a + ", got " + b
                    + " (scaled difference " + difference + " > " + tolerance + ")");
        } else if (expected.isArray()) {
            assertTrue(actual.isArray(), where + ": expected an array, got " + actual);
            assertEquals(expected.size(), actual.size(), where + ": array length");
            for (int i = 0; i < expected.size(); i++) {
                assertMatches(where + "[" + i + "]", expected.get(i), actual.get(i), tolerance);
            }
        } else if (expected.isObject()) {
            assertTrue(actual.isObject(), where + ": expected an object, got " + actual);
            assertEquals(keys(expected), keys(actual), where + ": keys");
            for (Iterator<String> names = expected.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                assertMatches(where + "." + name, expected.get(name), actual.get(name),
                        tolerance);
            }
        } else {
            assertEquals(expected, actual, where);
        }
    }

    private static TreeSet<String> keys(JsonNode object) {
        TreeSet<String> keys = new TreeSet<>();
        object.fieldNames().forEachRemaining(keys::add);
        return keys;
    }
}
