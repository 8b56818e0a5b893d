package dev.chainrule.cli;

import dev.chainrule.cli.gradbench.Session;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code chainrule gradbench}: a GradBench tool. It speaks the GradBench protocol on standard
 * input and output (one JSON message per line each way) and answers the evals hello, llsq,
 * lse, det, kmeans, ode and gmm with Chainrule's engine.
 */
@Command(
        name = "gradbench",
        mixinStandardHelpOptions = true,
        description = {
            "Act as a GradBench tool: read GradBench messages (one JSON object per line) on"
                    + " standard input and answer each with one JSON line on standard output.",
            "Evals: hello, llsq, lse, det, kmeans, ode, gmm. Diagnostics go to standard error.",
            "Exit code 0 at end of input; 2 when a line is not JSON or has no integer id.",
            "Under GradBench, for example: gradbench run --eval 'docker run --rm --interactive"
                    + " ghcr.io/gradbench/eval-gmm' --tool '/path/to/chainrule gradbench'"
        })
final class GradbenchCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(
            names = "--no-warmup",
            description = "Do not run the module's functions on a small input at define (by"
                    + " default about 0.5 s per function, so the JIT has compiled the engine"
                    + " before the first timed run; reported as a 'warmup' timing).")
    boolean noWarmup;

    @Override
    public Integer call() throws IOException {
        InputStreamReader stdin = new InputStreamReader(System.in, StandardCharsets.UTF_8);
        Session session = new Session(stdin, spec.commandLine().getOut(),
                spec.commandLine().getErr(), !noWarmup);
        return session.run() == Session.OK ? Main.OK : Main.BAD_INPUT;
    }
}
