package dev.chainrule.formula;

import dev.chainrule.autodiff.GradMode;
import dev.chainrule.autodiff.Var;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds formula trees while simplifying them: each constructor folds constants and applies the
 * identities {@code x+0 = x}, {@code x*1 = x}, {@code x*0 = 0}, {@code x^1 = x},
 * {@code x^0 = 1}, {@code x*x = x^2}, {@code x^n*x = x^(n+1)}, {@code a+(-b) = a-b},
 * {@code -(-a) = a}, {@code 2*x*y + x*y = 3*x*y}, {@code a*(1/b) = a/b},
 * {@code a*(b/c) = a*b/c}, {@code a/b/b = a/b^2}, moves numeric
 * factors to the front ({@code x*2 = 2*x}) and constant terms to the end ({@code 1+y = y+1}).
 *
 * <p>Limits: {@code 0*x = 0} is the algebraic identity, so a factor that is infinite or NaN at
 * some point disappears with it (the engine's own products that are zero for a zero adjoint
 * behave the same way). Folding uses the engine's operations on constants, so a folded number
 * is exactly what the engine computes; the printed tree evaluates to the same values, though
 * not always bit-for-bit when terms were reordered.
 */
final class Simplifier {
    private Simplifier() {}

    static boolean isNumber(Expr expr, double value) {
        return expr instanceof Expr.Num number && number.value() == value;
    }

    static Expr neg(Expr operand) {
        if (operand instanceof Expr.Num number) {
            return new Expr.Num(-number.value());
        }
        if (operand instanceof Expr.Neg negation) {
            return negation.operand();
        }
        if (operand instanceof Expr.Binary binary && binary.operator() == '-') {
            return sub(binary.right(), binary.left());
        }
        return new Expr.Neg(operand);
    }

    static Expr add(Expr left, Expr right) {
        if (left instanceof Expr.Num a && right instanceof Expr.Num b) {
            return new Expr.Num(a.value() + b.value());
        }
        if (isNumber(left, 0)) {
            return right;
        }
        if (isNumber(right, 0)) {
            return left;
        }
        if (right instanceof Expr.Neg negation) {
            return sub(left, negation.operand());
        }
        if (right instanceof Expr.Num number && number.value() < 0) {
            return sub(left, new Expr.Num(-number.value()));
        }
        if (left instanceof Expr.Neg negation) {
            return sub(right, negation.operand());
        }
        Expr combined = combineLikeTerms(left, right, 1);
        if (combined != null) {
            return combined;
        }
        if (left instanceof Expr.Num) {
            // Constant terms last: y + 1 rather than 1 + y.
            return new Expr.Binary('+', right, left);
        }
        return new Expr.Binary('+', left, right);
    }

    /**
     * {@code a + sign*b} as one term when the last term of {@code a} and {@code b} differ only
     * in their numeric factor ({@code 2*x*y + x*y = 3*x*y}); null when they do not.
     */
    private static Expr combineLikeTerms(Expr left, Expr right, double sign) {
        boolean sum = left instanceof Expr.Binary binary
                && (binary.operator() == '+' || binary.operator() == '-');
        Expr last = sum ? ((Expr.Binary) left).right() : left;
        double lastSign = sum && ((Expr.Binary) left).operator() == '-' ? -1 : 1;
        if (last instanceof Expr.Num lastNumber && right instanceof Expr.Num number && sum) {
            Expr folded = new Expr.Num(lastSign * lastNumber.value() + sign * number.value());
            return add(((Expr.Binary) left).left(), folded);
        }
        if (last instanceof Expr.Num || right instanceof Expr.Num) {
            return null;
        }
        Expr lastRest = withoutCoefficient(last);
        if (!lastRest.equals(withoutCoefficient(right))) {
            return null;
        }
        double coefficient = lastSign * coefficient(last) + sign * coefficient(right);
        Expr term = mul(new Expr.Num(coefficient), lastRest);
        return sum ? add(((Expr.Binary) left).left(), term) : term;
    }

    /** The leading number of a product chain, 1 when there is none. */
    private static double coefficient(Expr term) {
        Expr first = term;
        while (isProduct(first)) {
            first = ((Expr.Binary) first).left();
        }
        return first instanceof Expr.Num number ? number.value() : 1;
    }

    private static Expr withoutCoefficient(Expr term) {
        if (!isProduct(term)) {
            return term;
        }
        Expr.Binary product = (Expr.Binary) term;
        if (product.left() instanceof Expr.Num) {
            return product.right();
        }
        Expr rest = withoutCoefficient(product.left());
        return rest == product.left() ? term : new Expr.Binary('*', rest, product.right());
    }

    static Expr sub(Expr left, Expr right) {
        if (left instanceof Expr.Num a && right instanceof Expr.Num b) {
            return new Expr.Num(a.value() - b.value());
        }
        if (isNumber(right, 0)) {
            return left;
        }
        if (isNumber(left, 0)) {
            return neg(right);
        }
        if (right instanceof Expr.Neg negation) {
            return add(left, negation.operand());
        }
        if (right instanceof Expr.Num number && number.value() < 0) {
            return add(left, new Expr.Num(-number.value()));
        }
        Expr combined = combineLikeTerms(left, right, -1);
        if (combined != null) {
            return combined;
        }
        return new Expr.Binary('-', left, right);
    }

    static Expr mul(Expr left, Expr right) {
        if (left instanceof Expr.Num a && right instanceof Expr.Num b) {
            return new Expr.Num(a.value() * b.value());
        }
        if (isNumber(left, 0) || isNumber(right, 0)) {
            return new Expr.Num(0);
        }
        if (isNumber(left, 1)) {
            return right;
        }
        if (isNumber(right, 1)) {
            return left;
        }
        if (isNumber(left, -1)) {
            return neg(right);
        }
        if (isNumber(right, -1)) {
            return neg(left);
        }
        if (left instanceof Expr.Neg negation) {
            return neg(mul(negation.operand(), right));
        }
        if (right instanceof Expr.Neg negation) {
            return neg(mul(left, negation.operand()));
        }
        if (isReciprocal(right)) {
            return div(left, ((Expr.Binary) right).right());
        }
        if (isReciprocal(left)) {
            return div(right, ((Expr.Binary) left).right());
        }
        if (isQuotient(right)) {
            // a*(b/c) = a*b/c, so quotients print as one chain: 2*x/sqrt(y)/(x^2 + 1).
            return div(mul(left, ((Expr.Binary) right).left()), ((Expr.Binary) right).right());
        }
        if (right instanceof Expr.Binary product && product.operator() == '*') {
            // Products are kept as left-deep chains, a*b*c = (a*b)*c, so they print flat.
            return mul(mul(left, product.left()), product.right());
        }
        Expr last = isProduct(left) ? ((Expr.Binary) left).right() : left;
        Expr merged = merge(last, right);
        if (merged != null) {
            return isProduct(left) ? mul(((Expr.Binary) left).left(), merged) : merged;
        }
        if (rank(right) < rank(last) || rank(right) == 1 && rank(last) == 1
                && name(right).compareTo(name(last)) < 0) {
            // Numbers first, then variables and their powers by name, then everything else.
            return isProduct(left)
                    ? mul(mul(((Expr.Binary) left).left(), right), last)
                    : mul(right, left);
        }
        return new Expr.Binary('*', left, right);
    }

    private static boolean isReciprocal(Expr expr) {
        return expr instanceof Expr.Binary quotient && quotient.operator() == '/'
                && isNumber(quotient.left(), 1);
    }

    private static boolean isQuotient(Expr expr) {
        return expr instanceof Expr.Binary binary && binary.operator() == '/';
    }

    private static boolean isProduct(Expr expr) {
        return expr instanceof Expr.Binary binary && binary.operator() == '*';
    }

    private static int rank(Expr factor) {
        if (factor instanceof Expr.Num) {
            return 0;
        }
        if (factor instanceof Expr.Ref) {
            return 1;
        }
        if (factor instanceof Expr.Binary power && power.operator() == '^'
                && power.left() instanceof Expr.Ref && power.right() instanceof Expr.Num) {
            return 1;
        }
        return 2;
    }

    /** The variable of a rank-1 factor: x for x and for x^3. */
    private static String name(Expr factor) {
        return ((Expr.Ref) base(factor)).name();
    }

    /** {@code a*b} as one power when both are powers of one base with numeric exponents. */
    private static Expr merge(Expr a, Expr b) {
        if (a instanceof Expr.Num && b instanceof Expr.Num) {
            return new Expr.Num(((Expr.Num) a).value() * ((Expr.Num) b).value());
        }
        Expr baseA = base(a);
        if (!baseA.equals(base(b)) || baseA instanceof Expr.Num) {
            return null;
        }
        return pow(baseA, new Expr.Num(exponent(a) + exponent(b)));
    }

    private static Expr base(Expr expr) {
        if (expr instanceof Expr.Binary power && power.operator() == '^'
                && power.right() instanceof Expr.Num) {
            return power.left();
        }
        return expr;
    }

    private static double exponent(Expr expr) {
        if (expr instanceof Expr.Binary power && power.operator() == '^'
                && power.right() instanceof Expr.Num number) {
            return number.value();
        }
        return 1;
    }

    static Expr div(Expr left, Expr right) {
        if (left instanceof Expr.Num a && right instanceof Expr.Num b) {
            return new Expr.Num(a.value() / b.value());
        }
        if (isNumber(right, 1)) {
            return left;
        }
        if (isNumber(left, 0)) {
            return new Expr.Num(0);
        }
        if (left instanceof Expr.Neg negation) {
            return neg(div(negation.operand(), right));
        }
        if (right instanceof Expr.Neg negation) {
            return neg(div(left, negation.operand()));
        }
        if (isQuotient(left)) {
            // a/b/b = a/b^2: divisors that are powers of one base merge.
            Expr merged = merge(((Expr.Binary) left).right(), right);
            if (merged != null) {
                return div(((Expr.Binary) left).left(), merged);
            }
        }
        return new Expr.Binary('/', left, right);
    }

    static Expr pow(Expr base, Expr exponent) {
        if (base instanceof Expr.Num && exponent instanceof Expr.Num) {
            return fold("pow", List.of(base, exponent));
        }
        if (isNumber(exponent, 1)) {
            return base;
        }
        if (isNumber(exponent, 0)) {
            return new Expr.Num(1);
        }
        return new Expr.Binary('^', base, exponent);
    }

    static Expr call(String function, List<Expr> arguments) {
        for (Expr argument : arguments) {
            if (!(argument instanceof Expr.Num)) {
                return new Expr.Call(function, arguments);
            }
        }
        return fold(function, arguments);
    }

    /** Evaluates a function of numbers with the engine, so the folded value is the engine's. */
    private static Expr fold(String function, List<Expr> arguments) {
        List<Var> values = new ArrayList<>();
        for (Expr argument : arguments) {
            values.add(Var.constant(((Expr.Num) argument).value()));
        }
        try (GradMode.Scope scope = GradMode.noGrad()) {
            Var result = Functions.find(function).apply().apply(values.toArray(new Var[0]));
            return new Expr.Num(result.item());
        }
    }

    /** Rebuilds a parsed tree through the simplifying constructors. */
    static Expr simplify(Expr expr) {
        if (expr instanceof Expr.Neg negation) {
            return neg(simplify(negation.operand()));
        }
        if (expr instanceof Expr.Binary binary) {
            Expr left = simplify(binary.left());
            Expr right = simplify(binary.right());
            switch (binary.operator()) {
                case '+':
                    return add(left, right);
                case '-':
                    return sub(left, right);
                case '*':
                    return mul(left, right);
                case '/':
                    return div(left, right);
                default:
                    return pow(left, right);
            }
        }
        if (expr instanceof Expr.Call call) {
            List<Expr> arguments = new ArrayList<>();
            for (Expr argument : call.arguments()) {
                arguments.add(simplify(argument));
            }
            return call(call.function(), arguments);
        }
        return expr;
    }
}
