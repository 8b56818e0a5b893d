package dev.chainrule.cli.gradbench;

/** Checks shared by the evals. */
final class Evals {
    private Evals() {}

    static IllegalArgumentException unknownFunction(String module, String function,
            String... known) {
        return new IllegalArgumentException(
                "module " + module + " has no function '" + function + "'; it has "
                        + String.join(", ", known));
    }

    static void requireSize(String what, int actual, int expected) {
        if (actual != expected) {
            throw new IllegalArgumentException(
                    what + " has " + actual + " numbers but " + expected + " are needed");
        }
    }
}
