package dev.chainrule.formula;

import java.util.List;

/**
 * A formula as a tree: what the parser produces and what the printer simplifies and writes.
 * Immutable; records give structural equality, which the simplifier uses to spot {@code x*x}.
 */
sealed interface Expr {
    /** A number; pi and e are read as their values. */
    record Num(double value) implements Expr {}

    /** A variable, bound to a value when the formula is evaluated. */
    record Ref(String name) implements Expr {}

    /** Unary minus. */
    record Neg(Expr operand) implements Expr {}

    /** One of {@code + - * / ^}. */
    record Binary(char operator, Expr left, Expr right) implements Expr {}

    /** A function applied to its arguments; the name is a key of {@link Functions}. */
    record Call(String function, List<Expr> arguments) implements Expr {
        public Call {
            arguments = List.copyOf(arguments);
        }
    }
}
