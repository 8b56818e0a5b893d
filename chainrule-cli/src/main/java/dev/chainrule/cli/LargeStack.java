package dev.chainrule.cli;

import java.util.concurrent.Callable;

/**
 * Runs a command's work on a thread with a large stack. Formulas are evaluated, differentiated
 * and printed by recursive walks whose depth grows with the number of terms in a row, so a
 * formula of thousands of terms ({@code x+x+...}) overflows the default stack of the main
 * thread; the stack reserved here holds formulas as long as a command-line argument can be.
 */
final class LargeStack {
    /** Address space reserved for the stack; memory is committed only as deep as it is used. */
    static final long STACK_BYTES = 512L << 20;

    private LargeStack() {}

    /**
     * The result of {@code work}, run on a thread with a {@link #STACK_BYTES} stack; what it
     * throws is rethrown here. A {@link StackOverflowError} that happens even there becomes an
     * {@link IllegalArgumentException} saying that the formula is too long.
     */
    static <T> T call(Callable<T> work) throws Exception {
        return call(work, STACK_BYTES);
    }

    /** {@link #call(Callable)} with a stack of {@code stackBytes}. */
    static <T> T call(Callable<T> work, long stackBytes) throws Exception {
        Object[] result = new Object[1];
        Throwable[] failure = new Throwable[1];
        Thread thread = new Thread(null, () -> {
            try {
                result[0] = work.call();
            } catch (Throwable thrown) {
                failure[0] = thrown;
            }
        }, "chainrule-large-stack", stackBytes);
        thread.start();
        thread.join();
        if (failure[0] instanceof StackOverflowError) {
            throw new IllegalArgumentException("the formula is too long or too deeply nested"
                    + " to evaluate (a stack of " + (stackBytes >> 20) + " MiB overflowed);"
                    + " split it into shorter formulas");
        }
        if (failure[0] instanceof Exception exception) {
            throw exception;
        }
        if (failure[0] instanceof Error error) {
            throw error;
        }
        @SuppressWarnings("unchecked")
        T value = (T) result[0];
        return value;
    }
}
