package dev.chainrule.cli.gradbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code chainrule gradbench} as GradBench runs it: a separate process started from the main
 * class, fed on stdin, read on stdout.
 */
class ProcessTest {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"hello", "llsq", "lse", "det", "kmeans", "ode", "gmm"})
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void theToolProcessAnswersTheTranscriptAndExitsWithZero(String eval) throws Exception {
        Transcript transcript = Transcript.load(eval);

        Result result = runTool(transcript.input());

        assertEquals(0, result.exitCode, "exit code; stderr: " + result.stderr);
        transcript.assertReplies(result.stdout);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aLineThatIsNotJsonStopsTheProcessWithExitCodeTwoAndNothingOnStdout()
            throws Exception {
        Result result = runTool("{\"id\": 0, \"kind\": \"start\"}\nnot json at all\n");

        assertEquals(2, result.exitCode);
        assertEquals("{\"id\":0,\"tool\":\"chainrule\"}\n", result.stdout);
        assertTrue(result.stderr.contains("line 2 is not JSON"), result.stderr);
        assertTrue(!result.stderr.contains("\tat "), "no stack trace: " + result.stderr);
    }

    private record Result(int exitCode, String stdout, String stderr) {}

    private static Result runTool(String input)
            throws IOException, InterruptedException, ExecutionException {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator
                + "java";
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-cp",
                System.getProperty("java.class.path"), "dev.chainrule.cli.Main", "gradbench"));
        Process process = builder.start();
        CompletableFuture<String> stdout = CompletableFuture.supplyAsync(
                () -> read(process.getInputStream()));
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(
                () -> read(process.getErrorStream()));
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(input.getBytes(StandardCharsets.UTF_8));
        }
        if (!process.waitFor(100, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the tool did not exit after end of input");
        }
        return new Result(process.exitValue(), stdout.get(), stderr.get());
    }

    private static String read(InputStream stream) {
        try {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
