package dev.chainrule.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code chainrule} command. Subcommands parse their arguments into objects with picocli
 * and then run; this class only wires them together and maps outcomes to exit codes:
 * 0 success, 1 runtime failure (for example a fit that did not converge), 2 bad input or usage.
 */
@Command(
        name = "chainrule",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Derivatives by the chain rule: compute them, explain them, fit with them.",
        subcommands = {
            // One subcommand per line, so that branches adding commands merge cleanly.
            CommandLine.HelpCommand.class,
            FitCommand.class,
            PredictCommand.class,
            GradCommand.class,
            ExplainCommand.class,
            GradbenchCommand.class,
        },
        footer = {
            "",
            "Exit codes: 0 success, 1 runtime failure (such as no convergence),"
                    + " 2 bad input or usage."
        })
public final class Main implements Runnable {
    /** Exit code for success. */
    public static final int OK = 0;
    /** Exit code for a runtime failure such as a fit that did not converge. */
    public static final int FAILED = 1;
    /** Exit code for bad input: arguments, formulas, data files. */
    public static final int BAD_INPUT = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err,
                true)));
    }

    /** Runs the command line with the given streams and returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setOut(out);
        commandLine.setErr(err);
        // A formula such as "-x^2" looks like an option; these commands take it as the formula.
        for (String formulaCommand : new String[] {"grad", "explain"}) {
            commandLine.getSubcommands().get(formulaCommand)
                    .setUnmatchedOptionsArePositionalParams(true);
        }
        commandLine.setParameterExceptionHandler((exception, arguments) -> {
            err.println("chainrule: " + describe(exception));
            err.println("Run 'chainrule " + commandName(exception) + "--help' for usage.");
            return BAD_INPUT;
        });
        return commandLine.execute(args);
    }

    /** picocli's message, except for an unknown command, which is named with suggestions. */
    private static String describe(CommandLine.ParameterException exception) {
        if (exception instanceof CommandLine.UnmatchedArgumentException unmatched
                && exception.getCommandLine().getCommandSpec().parent() == null
                && !unmatched.getUnmatched().isEmpty()
                && !unmatched.getUnmatched().get(0).startsWith("-")) {
            String typed = unmatched.getUnmatched().get(0);
            // picocli suggests by similarity; keep only names starting with the same letter.
            List<String> suggestions = unmatched.getSuggestions().stream()
                    .filter(name -> name.charAt(0) == typed.charAt(0))
                    .toList();
            String commands = String.join(", ",
                    exception.getCommandLine().getSubcommands().keySet());
            return "unknown command '" + typed + "'"
                    + (suggestions.isEmpty() ? "." : "; did you mean "
                            + String.join(" or ", suggestions) + "?")
                    + " The commands are " + commands + ".";
        }
        return exception.getMessage();
    }

    private static String commandName(CommandLine.ParameterException exception) {
        String name = exception.getCommandLine().getCommandSpec().qualifiedName(" ");
        return name.startsWith("chainrule") ? name.substring("chainrule".length()).trim()
                + (name.equals("chainrule") ? "" : " ") : "";
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Reads the version that Maven wrote into the jar's resources. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties properties = new Properties();
            try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    properties.load(in);
                }
            }
            return new String[] {
                "chainrule " + properties.getProperty("version", "unknown"),
                "Java " + System.getProperty("java.version") + " ("
                        + System.getProperty("java.vm.name") + ")"
            };
        }
    }
}
