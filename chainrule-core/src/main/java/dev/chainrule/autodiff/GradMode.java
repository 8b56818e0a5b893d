package dev.chainrule.autodiff;

/**
 * Whether operations on the current thread are recorded for differentiation.
 *
 * <p>Recording is on by default. {@link #noGrad()} opens a scope in which nothing is recorded:
 * results are constants, as after {@link Var#detach()}. Scopes nest and are restored in order;
 * use them with try-with-resources:
 * <pre>{@code
 * try (GradMode.Scope scope = GradMode.noGrad()) {
 *     Var prediction = model.apply(x); // not recorded, costs no memory for derivatives
 * }
 * }</pre>
 */
public final class GradMode {
    private static final ThreadLocal<boolean[]> ENABLED =
            ThreadLocal.withInitial(() -> new boolean[] {true});

    private GradMode() {}

    /** Whether operations on this thread are currently recorded. */
    public static boolean isEnabled() {
        return ENABLED.get()[0];
    }

    /** Opens a scope without recording; closing it restores the previous state. */
    public static Scope noGrad() {
        return set(false);
    }

    /** Opens a scope with recording on, for example inside a {@link #noGrad()} scope. */
    public static Scope enableGrad() {
        return set(true);
    }

    static Scope set(boolean enabled) {
        boolean[] flag = ENABLED.get();
        boolean previous = flag[0];
        flag[0] = enabled;
        return new Scope(flag, previous);
    }

    /** Restores the recording state that was in force when the scope opened. */
    public static final class Scope implements AutoCloseable {
        private final boolean[] flag;
        private final boolean previous;

        private Scope(boolean[] flag, boolean previous) {
            this.flag = flag;
            this.previous = previous;
        }

        @Override
        public void close() {
            flag[0] = previous;
        }
    }
}
