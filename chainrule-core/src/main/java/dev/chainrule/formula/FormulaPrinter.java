package dev.chainrule.formula;

import dev.chainrule.autodiff.Var;
import dev.chainrule.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a recorded computation, a derivative computation included, as a readable formula in
 * the language {@link Formula#parse} reads, simplified on the way (see the rules below).
 *
 * <p>Reading the recording: leaves named in {@code names} print as those names, other scalar
 * leaves as numbers; each op prints as the operator or function it computes ({@code mulNoNan},
 * the engine's product that stays 0 for a zero adjoint, prints as {@code *}). Simplification
 * folds constants, drops {@code +0}, {@code *1}, {@code ^1}, turns {@code *0} into {@code 0},
 * {@code x*x} into {@code x^2} and {@code x^n*x} into {@code x^(n+1)}, and moves numeric
 * factors first.
 *
 * <p>Round trip: parsing the printed text and evaluating it at the point where the computation
 * was recorded gives the same values (up to rounding where terms were reordered). Limits, where
 * the text is not a formula of the language: a selection ({@code where}, used by the rules of
 * relu, abs and similar) is recorded for one point, so for a scalar condition the printer writes
 * the branch taken at that point, which is correct there and nearby, not everywhere; a selection
 * with a tensor condition, a non-scalar constant leaf, and ops with no formula counterpart
 * (reductions, reshapes) print as {@code name(...)} with the op's description, which shows the
 * structure but does not parse back.
 */
public final class FormulaPrinter {
    private final Map<Var, String> names;
    private final Map<Var, Expr> done = new IdentityHashMap<>();

    private FormulaPrinter(Map<Var, String> names) {
        this.names = new IdentityHashMap<>(names);
    }

    /**
     * The simplified formula of {@code output}.
     *
     * @param names the name to print for each leaf that stands for a variable (matched by
     *     identity); unnamed scalar leaves print as their values
     */
    public static String print(Var output, Map<Var, String> names) {
        return write(new FormulaPrinter(names).toExpr(output));
    }

    /** The formula of a parsed formula, simplified: {@code x*1+0} gives {@code x}. */
    public static String print(Formula formula) {
        return write(Simplifier.simplify(formula.tree()));
    }

    private Expr toExpr(Var var) {
        Expr known = done.get(var);
        if (known != null) {
            return known;
        }
        Expr expr = build(var);
        done.put(var, expr);
        return expr;
    }

    private Expr build(Var var) {
        String name = names.get(var);
        if (name != null) {
            return new Expr.Ref(name);
        }
        if (var.isLeaf()) {
            if (var.value().size() == 1) {
                return new Expr.Num(var.item());
            }
            return new Expr.Call("constant" + Arrays.toString(var.shape()), List.of());
        }
        List<Var> inputs = var.inputs();
        String opName = var.op().name();
        if (inputs.size() == 2) {
            Expr left = toExpr(inputs.get(0));
            Expr right = toExpr(inputs.get(1));
            switch (opName) {
                case "add":
                    return Simplifier.add(left, right);
                case "sub":
                    return Simplifier.sub(left, right);
                case "mul":
                case "mulNoNan":
                    return Simplifier.mul(left, right);
                case "div":
                    return Simplifier.div(left, right);
                case "pow":
                    return Simplifier.pow(left, right);
                case "maximum":
                    return Simplifier.call("max", List.of(left, right));
                case "minimum":
                    return Simplifier.call("min", List.of(left, right));
                case "atan2":
                    return Simplifier.call("atan2", List.of(left, right));
                case "where":
                    return selectedBranch(var, left, right);
                default:
                    break;
            }
        }
        if (inputs.size() == 1) {
            Expr operand = toExpr(inputs.get(0));
            Double parameter = parameter(var);
            switch (opName) {
                case "neg":
                    return Simplifier.neg(operand);
                case "reciprocal":
                    return Simplifier.div(new Expr.Num(1), operand);
                case "square":
                    return Simplifier.pow(operand, new Expr.Num(2));
                case "add":
                    return parameter == null ? opaque(var) :
                            Simplifier.add(operand, new Expr.Num(parameter));
                case "mul":
                    return parameter == null ? opaque(var) :
                            Simplifier.mul(new Expr.Num(parameter), operand);
                case "pow":
                    return parameter == null ? opaque(var) :
                            Simplifier.pow(operand, new Expr.Num(parameter));
                default:
                    if (Functions.find(opName) != null && Functions.find(opName).arity() == 1) {
                        return Simplifier.call(opName, List.of(operand));
                    }
                    break;
            }
        }
        return opaque(var);
    }

    /**
     * The branch a scalar selection took: found by running the op itself on (1, 0), which
     * returns 1 where its condition holds.
     */
    private Expr selectedBranch(Var var, Expr whenTrue, Expr whenFalse) {
        Tensor probe = var.op().forward(new Tensor[] {Tensor.scalar(1.0), Tensor.scalar(0.0)});
        if (probe.size() != 1) {
            return opaque(var);
        }
        return probe.item() != 0 ? whenTrue : whenFalse;
    }

    /** The constant of ops described as {@code name(c)}, such as add(2.0) or pow(3.0). */
    private static Double parameter(Var var) {
        String description = var.op().describe();
        String prefix = var.op().name() + "(";
        if (!description.startsWith(prefix) || !description.endsWith(")")) {
            return null;
        }
        try {
            return Double.parseDouble(description.substring(prefix.length(),
                    description.length() - 1));
        } catch (NumberFormatException notANumber) {
            return null;
        }
    }

    private Expr opaque(Var var) {
        List<Expr> arguments = new ArrayList<>();
        for (Var input : var.inputs()) {
            arguments.add(toExpr(input));
        }
        return new Expr.Call(var.op().describe(), arguments);
    }

    // ---------------------------------------------------------------- writing

    private static final int SUM = 1;
    private static final int PRODUCT = 2;
    private static final int POWER = 4;
    private static final int ATOM = 5;

    /**
     * Binding strength of an expression as written. A negation (and a negative number) binds
     * like a product: {@code -a*b} reads as {@code (-a)*b}, which has the same value.
     */
    private static int precedence(Expr expr) {
        if (expr instanceof Expr.Num number) {
            return number.value() < 0 || (number.value() == 0 && 1 / number.value() < 0)
                    ? PRODUCT : ATOM;
        }
        if (expr instanceof Expr.Neg) {
            return PRODUCT;
        }
        if (expr instanceof Expr.Binary binary) {
            switch (binary.operator()) {
                case '+':
                case '-':
                    return SUM;
                case '*':
                case '/':
                    return PRODUCT;
                default:
                    return POWER;
            }
        }
        return ATOM;
    }

    static String write(Expr expr) {
        StringBuilder text = new StringBuilder();
        write(expr, text);
        return text.toString();
    }

    private static void write(Expr expr, StringBuilder text) {
        if (expr instanceof Expr.Num number) {
            text.append(number(number.value()));
        } else if (expr instanceof Expr.Ref reference) {
            text.append(reference.name());
        } else if (expr instanceof Expr.Neg negation) {
            text.append('-');
            writeOperand(negation.operand(), PRODUCT, text);
        } else if (expr instanceof Expr.Binary binary) {
            int own = precedence(binary);
            boolean power = binary.operator() == '^';
            // Left-associative operators need a stronger right operand: a-(b-c) keeps its
            // parentheses; ^ is right-associative, so its base needs one stronger instead.
            writeOperand(binary.left(), power ? ATOM : own, text);
            text.append(binary.operator() == '+' || binary.operator() == '-'
                    ? " " + binary.operator() + " " : String.valueOf(binary.operator()));
            writeOperand(binary.right(), power ? POWER : own + 1, text);
        } else {
            Expr.Call call = (Expr.Call) expr;
            text.append(call.function()).append('(');
            for (int i = 0; i < call.arguments().size(); i++) {
                if (i > 0) {
                    text.append(", ");
                }
                write(call.arguments().get(i), text);
            }
            text.append(')');
        }
    }

    private static void writeOperand(Expr operand, int atLeast, StringBuilder text) {
        if (precedence(operand) >= atLeast) {
            write(operand, text);
        } else {
            text.append('(');
            write(operand, text);
            text.append(')');
        }
    }

    /** A number as the parser reads it back; non-finite values as expressions that give them. */
    private static String number(double value) {
        if (Double.isNaN(value)) {
            return "(0/0)";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "(1/0)" : "(-1/0)";
        }
        return Decimal.shortest(value);
    }
}
