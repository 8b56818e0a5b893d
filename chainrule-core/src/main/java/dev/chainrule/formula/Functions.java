package dev.chainrule.formula;

import dev.chainrule.autodiff.Var;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The functions and constants a formula may use, each mapped to the engine operation that
 * computes it, so every derivative comes from the engine's own rules.
 */
final class Functions {
    /** A function of a fixed number of arguments. */
    record Spec(String name, int arity, Function<Var[], Var> apply) {}

    private static final Map<String, Spec> BY_NAME = new LinkedHashMap<>();

    /** Names of constants, with their values. */
    static final Map<String, Double> CONSTANTS = Map.of("pi", Math.PI, "e", Math.E);

    private static final double LN_10 = Math.log(10.0);

    static {
        unary("exp", Var::exp);
        unary("log", Var::log);
        unary("ln", Var::log);
        // log10 x = ln x / ln 10
        unary("log10", x -> x.log().div(LN_10));
        unary("sqrt", Var::sqrt);
        unary("sin", Var::sin);
        unary("cos", Var::cos);
        unary("tan", Var::tan);
        unary("asin", Var::asin);
        unary("acos", Var::acos);
        unary("atan", Var::atan);
        binary("atan2", (y, x) -> y.atan2(x));
        unary("sinh", Var::sinh);
        unary("cosh", Var::cosh);
        unary("tanh", Var::tanh);
        unary("sigmoid", Var::sigmoid);
        unary("relu", Var::relu);
        unary("softplus", Var::softplus);
        unary("abs", Var::abs);
        unary("erf", Var::erf);
        binary("pow", Functions::power);
        binary("min", Var::minimum);
        binary("max", Var::maximum);
    }

    private Functions() {}

    private static void unary(String name, Function<Var, Var> apply) {
        BY_NAME.put(name, new Spec(name, 1, arguments -> apply.apply(arguments[0])));
    }

    private interface BinaryOperation {
        Var apply(Var first, Var second);
    }

    private static void binary(String name, BinaryOperation apply) {
        BY_NAME.put(name, new Spec(name, 2, arguments -> apply.apply(arguments[0], arguments[1])));
    }

    /** The function called {@code name}, or null. */
    static Spec find(String name) {
        return BY_NAME.get(name);
    }

    static Set<String> names() {
        return BY_NAME.keySet();
    }

    /**
     * {@code base ^ exponent}. A constant scalar exponent uses the engine's constant power,
     * which is defined for negative bases with integer exponents ({@code (-2)^3 = -8}); a
     * variable exponent uses the general power, whose derivative needs ln of the base.
     */
    static Var power(Var base, Var exponent) {
        if (!exponent.requiresGrad() && exponent.value().size() == 1) {
            return base.pow(exponent.item());
        }
        return base.pow(exponent);
    }

    /**
     * Up to three of {@code candidates} closest to {@code name} by edit distance, nearest
     * first, keeping only those within a distance that still suggests a typo.
     */
    static List<String> closest(String name, Iterable<String> candidates) {
        record Scored(String candidate, int distance) {}
        List<Scored> scored = new ArrayList<>();
        // Half the name, at least 1: for a three-letter name two edits are a different word.
        int allowed = Math.max(1, name.length() / 2);
        for (String candidate : candidates) {
            int distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
            if (distance <= allowed) {
                scored.add(new Scored(candidate, distance));
            }
        }
        scored.sort(Comparator.comparingInt(Scored::distance));
        List<String> result = new ArrayList<>();
        for (int i = 0; i < scored.size() && i < 3; i++) {
            result.add(scored.get(i).candidate());
        }
        return result;
    }

    /** Levenshtein distance: fewest insertions, deletions and substitutions from a to b. */
    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
