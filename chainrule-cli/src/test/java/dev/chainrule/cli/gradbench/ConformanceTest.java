package dev.chainrule.cli.gradbench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every GradBench conformance transcript, answered through the session's stream API. */
class ConformanceTest {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"hello", "llsq", "lse", "det", "kmeans", "ode", "gmm"})
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void everyReplyOfTheTranscriptMatchesTheGoldenOutput(String eval) throws IOException {
        Transcript transcript = Transcript.load(eval);
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();

        int exitCode = new Session(new StringReader(transcript.input()),
                new PrintWriter(stdout), new PrintWriter(stderr)).run();

        assertEquals(Session.OK, exitCode, "exit code; stderr: " + stderr);
        assertEquals("", stderr.toString(), "nothing on stderr for a clean session");
        transcript.assertReplies(stdout.toString());
    }
}
