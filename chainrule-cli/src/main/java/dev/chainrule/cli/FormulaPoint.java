package dev.chainrule.cli;

import dev.chainrule.autodiff.Var;
import dev.chainrule.formula.Decimal;
import dev.chainrule.formula.Formula;
import dev.chainrule.formula.FormulaPrinter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A formula bound to a point, as {@code grad} and {@code explain} take them: {@code --at
 * x=1.5,y=2} gives each variable a scalar value. Checks that the point names every variable of
 * the formula and nothing else, and that the requested {@code --wrt} variables exist.
 */
final class FormulaPoint {
    final Formula formula;
    final Map<String, Double> at;
    final List<String> wrt;

    private FormulaPoint(Formula formula, Map<String, Double> at, List<String> wrt) {
        this.formula = formula;
        this.at = at;
        this.wrt = wrt;
    }

    /**
     * Reads the formula, the point and the variables to differentiate by.
     *
     * @param wrt variables to differentiate by; null or empty means all of the formula's
     * @throws IllegalArgumentException for a bad formula, a malformed or incomplete point, a
     *     point or {@code --wrt} naming a variable the formula lacks
     */
    static FormulaPoint parse(String formulaText, String atText, List<String> wrt) {
        Formula formula = Formula.parse(formulaText);
        Map<String, Double> at = parsePoint(atText);
        for (String name : at.keySet()) {
            if (!formula.variables().contains(name)) {
                throw new IllegalArgumentException("--at names '" + name + "', which is not a"
                        + " variable of " + formulaText + suggestion(formula, name));
            }
        }
        List<String> missing = new ArrayList<>();
        for (String variable : formula.variables()) {
            if (!at.containsKey(variable)) {
                missing.add(variable);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("--at gives no value for " + String.join(", ",
                    missing) + "; add " + String.join(",", missing.stream()
                            .map(name -> name + "=VALUE").toList()));
        }
        List<String> chosen = wrt == null || wrt.isEmpty() ? formula.variables() : wrt;
        for (String name : chosen) {
            if (!formula.variables().contains(name)) {
                throw new IllegalArgumentException("--wrt names '" + name + "', which is not a"
                        + " variable of " + formulaText + suggestion(formula, name));
            }
        }
        return new FormulaPoint(formula, at, List.copyOf(chosen));
    }

    private static String suggestion(Formula formula, String name) {
        List<String> closest = formula.closestVariables(name);
        if (!closest.isEmpty()) {
            return "; did you mean " + String.join(" or ", closest) + "?";
        }
        return formula.variables().isEmpty() ? "; it has no variables"
                : "; its variables are " + String.join(", ", formula.variables());
    }

    /** {@code x=1.5,y=-2} in order; spaces around names and values are allowed. */
    static Map<String, Double> parsePoint(String text) {
        Map<String, Double> point = new LinkedHashMap<>();
        if (text.isBlank()) {
            return point;
        }
        for (String assignment : text.split(",")) {
            int equals = assignment.indexOf('=');
            if (equals < 0) {
                throw new IllegalArgumentException("--at: '" + assignment.trim() + "' is not"
                        + " NAME=VALUE; write for example --at x=1.5,y=2");
            }
            String name = assignment.substring(0, equals).trim();
            if (point.put(name, value(name, assignment.substring(equals + 1).trim())) != null) {
                throw new IllegalArgumentException("--at gives '" + name + "' twice");
            }
        }
        return point;
    }

    /**
     * A coordinate of the point: a decimal number, or inf, -inf, Infinity (any case) for an
     * infinity. NaN is refused, and so is a number too large for a double, which would
     * silently become infinite.
     */
    private static double value(String name, String text) {
        String unsigned = text.startsWith("-") || text.startsWith("+") ? text.substring(1) : text;
        if (unsigned.equalsIgnoreCase("inf") || unsigned.equalsIgnoreCase("infinity")) {
            return text.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (unsigned.equalsIgnoreCase("nan")) {
            throw new IllegalArgumentException("--at: " + name + "=" + text + " is not a point"
                    + " to differentiate at; give a number, e.g. " + name + "=1.5");
        }
        double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException notANumber) {
            throw new IllegalArgumentException("--at: value '" + text + "' of " + name
                    + " is not a number; write for example " + name + "=1.5, " + name
                    + "=-2e-3 or " + name + "=inf");
        }
        if (Double.isInfinite(value)) {
            throw new IllegalArgumentException("--at: value '" + text + "' of " + name
                    + " is too large for a double (the largest is about 1.8e308); write "
                    + name + "=inf for an infinity");
        }
        return value;
    }

    /**
     * A leaf per variable. With {@code onlyWrtVary}, variables outside {@code --wrt} are
     * constants (explain leaves them out of its tables); otherwise all are variables, so
     * symbolic derivatives keep their names.
     */
    Map<String, Var> bind(boolean onlyWrtVary) {
        Map<String, Var> bindings = new LinkedHashMap<>();
        for (Map.Entry<String, Double> entry : at.entrySet()) {
            boolean varies = !onlyWrtVary || wrt.contains(entry.getKey());
            bindings.put(entry.getKey(), varies
                    ? Var.variable(entry.getValue()) : Var.constant(entry.getValue()));
        }
        return bindings;
    }

    /** Names to print for the bound leaves, every variable included. */
    static Map<Var, String> names(Map<String, Var> bindings) {
        Map<Var, String> names = new IdentityHashMap<>();
        bindings.forEach((name, var) -> names.put(var, name));
        return names;
    }

    /** The point as {@code x=1.5, y=2}. */
    String describePoint() {
        List<String> parts = new ArrayList<>();
        at.forEach((name, value) -> parts.add(name + "=" + Decimal.shortest(value)));
        return String.join(", ", parts);
    }

    /**
     * When the value is NaN or infinite: the first step of the computation whose value is
     * not finite although its inputs are, written as a formula ("log(x) is NaN at x=-1"), and
     * why: NaN is outside a domain, an infinity is an overflow or a pole, and an infinite
     * coordinate of the point is the point's own doing. Null when the value is finite.
     */
    String domainProblem(Var output, Map<Var, String> names) {
        if (Double.isFinite(output.item())) {
            return null;
        }
        Var culprit = output;
        Deque<Var> pending = new ArrayDeque<>();
        pending.push(output);
        Map<Var, Boolean> seen = new IdentityHashMap<>();
        while (!pending.isEmpty()) {
            Var var = pending.pop();
            if (seen.put(var, true) != null) {
                continue;
            }
            boolean inputsFinite = true;
            for (Var input : var.inputs()) {
                if (!Double.isFinite(input.item())) {
                    inputsFinite = false;
                    pending.push(input);
                }
            }
            if (inputsFinite && !Double.isFinite(var.item())) {
                culprit = var;
                break;
            }
        }
        String step = FormulaPrinter.print(culprit, names) + " is "
                + Decimal.shortest(culprit.item()) + " at " + describePoint();
        if (culprit.isLeaf()) {
            return step + ": the point itself is not finite, and neither is " + formula.text();
        }
        if (Double.isInfinite(culprit.item())) {
            return step + ": too large for a double there, or a pole (as 1/x at x=0), so "
                    + formula.text() + " has no finite value at this point";
        }
        return step + ": the point is outside the domain of " + formula.text();
    }
}
