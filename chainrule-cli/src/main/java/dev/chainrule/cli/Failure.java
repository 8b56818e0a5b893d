package dev.chainrule.cli;

import java.io.IOException;
import java.io.PrintWriter;

/**
 * How a command reports an exception that ends it: one line on stderr prefixed with the
 * command's name, the stack trace only with {@code --verbose}, and the documented exit code:
 * bad input (IllegalArgumentException) is 2, anything else, an I/O failure included, is 1.
 */
final class Failure {
    private Failure() {}

    /**
     * @param command the name shown before the message, for example {@code "chainrule fit"}
     * @return the exit code for this failure
     */
    static int report(PrintWriter err, String command, Exception failure, boolean verbose) {
        String message = failure instanceof IllegalArgumentException
                || failure instanceof IOException ? failure.getMessage() : failure.toString();
        // Library messages may start with the command's own word ("fit: "); say it once.
        String word = command.substring(command.lastIndexOf(' ') + 1) + ": ";
        if (message != null && message.startsWith(word)) {
            message = message.substring(word.length());
        }
        err.println(command + ": " + message);
        if (verbose) {
            failure.printStackTrace(err);
        }
        return failure instanceof IllegalArgumentException ? Main.BAD_INPUT : Main.FAILED;
    }
}
