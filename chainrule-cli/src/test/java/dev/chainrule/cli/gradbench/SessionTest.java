package dev.chainrule.cli.gradbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The protocol rules of {@link Session}, message by message. */
class SessionTest {
    private final StringWriter stdout = new StringWriter();
    private final StringWriter stderr = new StringWriter();

    private int run(String... lines) throws IOException {
        String input = String.join("\n", lines) + "\n";
        return new Session(new StringReader(input), new PrintWriter(stdout),
                new PrintWriter(stderr)).run();
    }

    private List<JsonNode> replies() throws IOException {
        List<JsonNode> replies = new ArrayList<>();
        for (String line : stdout.toString().split("\n")) {
            if (!line.isEmpty()) {
                replies.add(Transcript.MAPPER.readTree(line));
            }
        }
        return replies;
    }

    private static long evaluateTimings(JsonNode reply) {
        long count = 0;
        for (JsonNode timing : reply.get("timings")) {
            if (timing.get("name").asText().equals("evaluate")) {
                count++;
            }
        }
        return count;
    }

    @Test
    void startIsAnsweredWithItsIdAndTheToolName() throws IOException {
        run("{\"id\": 0, \"kind\": \"start\", \"eval\": \"gmm\", \"config\": {\"n\": 4}}");

        assertEquals("{\"id\":0,\"tool\":\"chainrule\"}\n", stdout.toString());
    }

    @Test
    void defineOfAnUnknownModuleFailsWithAReasonListingTheKnownOnes() throws IOException {
        run("{\"id\": 1, \"kind\": \"define\", \"module\": \"ba\"}");

        JsonNode reply = replies().get(0);
        assertEquals(1, reply.get("id").asInt());
        assertFalse(reply.get("success").asBoolean());
        assertEquals("chainrule does not implement module 'ba'; it implements hello, llsq, lse,"
                + " det, kmeans, ode, gmm", reply.get("error").asText());
    }

    @Test
    void unknownKindsAndAnalysisGetJustTheirId() throws IOException {
        run("{\"id\": 5, \"kind\": \"analysis\", \"of\": 4, \"valid\": true}",
                "{\"id\": 6, \"kind\": \"something-new\", \"extra\": [1, 2]}");

        assertEquals("{\"id\":5}\n{\"id\":6}\n", stdout.toString());
    }

    @Test
    void aRejectedOutputIsReportedOnStderrOnly() throws IOException {
        run("{\"id\": 3, \"kind\": \"analysis\", \"of\": 2, \"valid\": false,"
                + " \"error\": \"mismatch at [0]\"}");

        assertEquals("{\"id\":3}\n", stdout.toString());
        assertTrue(stderr.toString().contains("rejected the output of message 2:"
                + " mismatch at [0]"), stderr.toString());
    }

    @Test
    void evaluateRunsAtLeastMinRunsTimesWithOneTimingPerRun() throws IOException {
        run("{\"id\": 2, \"kind\": \"evaluate\", \"module\": \"det\", \"function\": \"primal\","
                + " \"input\": {\"A\": [1, 2, 3, 4], \"ell\": 2, \"min_runs\": 7,"
                + " \"min_seconds\": 0}}");

        JsonNode reply = replies().get(0);
        assertEquals(7, evaluateTimings(reply));
        assertEquals(-2.0, reply.get("output").asDouble(), 1e-15);
    }

    @Test
    void evaluateRunsUntilMinSecondsOfMeasuredTimeHavePassed() throws IOException {
        run("{\"id\": 2, \"kind\": \"evaluate\", \"module\": \"det\", \"function\": \"gradient\","
                + " \"input\": {\"A\": [1, 2, 3, 4], \"ell\": 2, \"min_runs\": 1,"
                + " \"min_seconds\": 0.05}}");

        JsonNode reply = replies().get(0);
        long measured = 0;
        for (JsonNode timing : reply.get("timings")) {
            if (timing.get("name").asText().equals("evaluate")) {
                measured += timing.get("nanoseconds").asLong();
            }
        }
        assertTrue(measured >= 50_000_000L, "measured " + measured + " ns");
        assertTrue(evaluateTimings(reply) > 1);
    }

    @Test
    void anInputOfTheWrongShapeGetsAnErrorReplyAndTheSessionGoesOn() throws IOException {
        int exitCode = run(
                "{\"id\": 2, \"kind\": \"evaluate\", \"module\": \"det\", \"function\": \"primal\","
                        + " \"input\": {\"A\": [1, 2, 3], \"ell\": 2}}",
                "{\"id\": 3, \"kind\": \"analysis\", \"of\": 2, \"valid\": false}");

        List<JsonNode> replies = replies();
        assertEquals(Session.OK, exitCode);
        assertEquals(2, replies.size());
        assertFalse(replies.get(0).get("success").asBoolean());
        assertFalse(replies.get(0).has("output"));
        assertEquals("det primal: A (ell * ell = 4 elements, row-major) has 3 numbers but 4"
                + " are needed", replies.get(0).get("error").asText());
    }

    @Test
    void anUnknownFunctionGetsAnErrorReplyNamingTheModulesFunctions() throws IOException {
        run("{\"id\": 2, \"kind\": \"evaluate\", \"module\": \"hello\", \"function\": \"cube\","
                + " \"input\": 2.0}");

        JsonNode reply = replies().get(0);
        assertFalse(reply.get("success").asBoolean());
        assertEquals("hello cube: module hello has no function 'cube'; it has square, double",
                reply.get("error").asText());
    }

    @Test
    void aMessageWithAnIdButNoKindGetsAnErrorReply() throws IOException {
        run("{\"id\": 9}");

        assertEquals("{\"id\":9,\"success\":false,\"error\":\"message 9 has no string"
                + " 'kind'\"}\n", stdout.toString());
    }

    @Test
    void aLineWithoutAnIntegerIdStopsWithExitCodeTwo() throws IOException {
        int exitCode = run("{\"id\": 0, \"kind\": \"start\"}", "{\"id\": \"one\"}",
                "{\"id\": 2, \"kind\": \"start\"}");

        assertEquals(Session.BAD_INPUT, exitCode);
        assertEquals("{\"id\":0,\"tool\":\"chainrule\"}\n", stdout.toString());
        assertTrue(stderr.toString().startsWith("gradbench: line 2 has no integer 'id'"),
                stderr.toString());
    }

    @Test
    void malformedJsonStopsWithExitCodeTwoAndAOneLineReason() throws IOException {
        int exitCode = run("{\"id\": 0, \"kind\": ");

        assertEquals(Session.BAD_INPUT, exitCode);
        assertEquals("", stdout.toString());
        assertEquals(1, stderr.toString().strip().split("\n").length, stderr.toString());
        assertTrue(stderr.toString().startsWith("gradbench: line 1 is not JSON"));
    }

    @Test
    void endStopsTheSessionWithoutAReply() throws IOException {
        int exitCode = run("{\"id\": 0, \"kind\": \"end\"}", "{\"id\": 1, \"kind\": \"start\"}");

        assertEquals(Session.OK, exitCode);
        assertEquals("", stdout.toString());
    }

    @Test
    void blankLinesAreSkippedAndUnknownFieldsIgnored() throws IOException {
        run("", "{\"id\": 0, \"kind\": \"start\", \"future\": {\"a\": 1}}", "   ");

        assertEquals("{\"id\":0,\"tool\":\"chainrule\"}\n", stdout.toString());
    }
}
