package dev.chainrule.formula;

import dev.chainrule.autodiff.Var;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed formula such as {@code b1*(1-exp(-b2*x))}: parse once, evaluate as often as needed,
 * on scalars or elementwise on whole columns (tensors), with every derivative mode the engine
 * offers, because evaluation builds an ordinary engine computation.
 *
 * <p>The language: numbers ({@code 2}, {@code 1.5}, {@code .5}, {@code 1e-3}), variables
 * (letters, digits and {@code _}, starting with a letter or {@code _}), {@code + - * / ^} with
 * {@code ^} right-associative and unary minus looser than {@code ^} ({@code -x^2 = -(x^2)},
 * {@code 2^-1 = 0.5}), parentheses, the constants {@code pi} and {@code e}, and the functions
 * exp, log (natural; ln too), log10, sqrt, sin, cos, tan, asin, acos, atan, atan2(y, x), sinh,
 * cosh, tanh, sigmoid, relu, softplus, abs, erf, pow(x, y), min(a, b), max(a, b). Their values
 * and derivative conventions at kinks and domain edges are the engine's (see {@link Var}).
 *
 * <p>Size: parentheses, calls, signs and powers nest at most 256 levels deep (deeper is a
 * {@link FormulaException}). Evaluating and printing walk the formula recursively, and a run
 * of thousands of terms ({@code x+x+...}) is that deep, so such a formula needs a thread with a
 * larger stack than the default; the command line runs on one.
 *
 * <p>Immutable and thread-safe.
 */
public final class Formula {
    private final String text;
    private final Expr tree;
    private final List<String> variables;

    private Formula(String text, Expr tree) {
        this.text = text;
        this.tree = tree;
        Set<String> names = new LinkedHashSet<>();
        collectVariables(tree, names);
        this.variables = List.copyOf(names);
    }

    /**
     * Reads a formula.
     *
     * @throws FormulaException when the text is not a formula; its message shows the formula,
     *     a caret under the offending column and what was expected there
     */
    public static Formula parse(String text) {
        return new Formula(text, Parser.parse(text));
    }

    /** The formula as it was given. */
    public String text() {
        return text;
    }

    /**
     * The variables: identifiers that are neither functions nor the constants pi and e, in the
     * order of their first appearance.
     */
    public List<String> variables() {
        return variables;
    }

    /**
     * Builds the computation of this formula as engine operations on the given values, so its
     * result can be differentiated like any other var. Bindings may be scalars or tensors; binary
     * operations broadcast as {@link dev.chainrule.tensor.Tensor} does, so a formula evaluates
     * elementwise over columns. NaN and infinities propagate as the engine's functions produce
     * them (log of a negative number is NaN); nothing is checked here.
     *
     * @throws IllegalArgumentException when a variable of the formula has no binding; extra
     *     bindings are ignored
     */
    public Var evaluate(Map<String, Var> bindings) {
        for (String variable : variables) {
            if (!bindings.containsKey(variable)) {
                throw new IllegalArgumentException(
                        "formula " + text + ": no value given for variable '" + variable
                                + "' (" + (bindings.isEmpty() ? "none given"
                                        : "given: " + String.join(", ", bindings.keySet()))
                                + ")");
            }
        }
        return compile(tree, bindings);
    }

    /**
     * Up to three variables of this formula whose names are closest to {@code name} by edit
     * distance, for "did you mean" messages; empty when none is close.
     */
    public List<String> closestVariables(String name) {
        return Functions.closest(name, variables);
    }

    Expr tree() {
        return tree;
    }

    static Var compile(Expr expr, Map<String, Var> bindings) {
        if (expr instanceof Expr.Num number) {
            return Var.constant(number.value());
        }
        if (expr instanceof Expr.Ref reference) {
            return bindings.get(reference.name());
        }
        if (expr instanceof Expr.Neg negation) {
            return compile(negation.operand(), bindings).neg();
        }
        if (expr instanceof Expr.Binary binary) {
            Var left = compile(binary.left(), bindings);
            Var right = compile(binary.right(), bindings);
            switch (binary.operator()) {
                case '+':
                    return left.add(right);
                case '-':
                    return left.sub(right);
                case '*':
                    return left.mul(right);
                case '/':
                    return left.div(right);
                default:
                    return Functions.power(left, right);
            }
        }
        Expr.Call call = (Expr.Call) expr;
        Var[] arguments = new Var[call.arguments().size()];
        for (int i = 0; i < arguments.length; i++) {
            arguments[i] = compile(call.arguments().get(i), bindings);
        }
        return Functions.find(call.function()).apply().apply(arguments);
    }

    private static void collectVariables(Expr expr, Set<String> names) {
        if (expr instanceof Expr.Ref reference) {
            names.add(reference.name());
        } else if (expr instanceof Expr.Neg negation) {
            collectVariables(negation.operand(), names);
        } else if (expr instanceof Expr.Binary binary) {
            collectVariables(binary.left(), names);
            collectVariables(binary.right(), names);
        } else if (expr instanceof Expr.Call call) {
            for (Expr argument : call.arguments()) {
                collectVariables(argument, names);
            }
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
