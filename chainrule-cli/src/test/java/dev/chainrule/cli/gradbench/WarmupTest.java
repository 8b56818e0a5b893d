package dev.chainrule.cli.gradbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The warm-up at define: valid inputs for every module, and a reported timing. */
class WarmupTest {
    private static void collectNumbers(JsonNode node, List<Double> numbers) {
        if (node.isNumber()) {
            numbers.add(node.doubleValue());
        }
        node.elements().forEachRemaining(child -> collectNumbers(child, numbers));
    }

    @Test
    void everyFunctionOfEveryModuleRunsOnItsWarmupInputWithFiniteResults() {
        for (Eval eval : List.of(new Hello(), new Llsq(), new Lse(), new Det(), new Kmeans(),
                new Ode(), new Gmm())) {
            for (String function : eval.functions()) {
                JsonNode output = run(eval.prepare(function, eval.warmupInput()));
                List<Double> numbers = new ArrayList<>();
                collectNumbers(output, numbers);
                String where = eval.module() + " " + function;
                assertTrue(!numbers.isEmpty(), where + ": no numbers in " + output);
                assertTrue(numbers.stream().allMatch(Double::isFinite), where + ": " + output);
            }
        }
    }

    private static <R> JsonNode run(Prepared<R> prepared) {
        return prepared.encoder().apply(prepared.function().get());
    }

    @Test
    void defineWithWarmupReportsOneWarmupTimingOfAtLeastTheBudget() throws IOException {
        StringWriter stdout = new StringWriter();
        String input = "{\"id\": 1, \"kind\": \"define\", \"module\": \"hello\"}\n";

        new Session(new StringReader(input), new PrintWriter(stdout),
                new PrintWriter(new StringWriter()), true).run();

        JsonNode reply = Transcript.MAPPER.readTree(stdout.toString());
        assertTrue(reply.get("success").asBoolean());
        JsonNode timings = reply.get("timings");
        assertEquals(1, timings.size());
        assertEquals("warmup", timings.get(0).get("name").asText());
        assertTrue(timings.get(0).get("nanoseconds").asLong()
                >= 2 * Session.WARMUP_NANOS_PER_FUNCTION);
    }
}
