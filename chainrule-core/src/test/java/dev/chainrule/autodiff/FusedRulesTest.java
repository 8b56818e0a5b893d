package dev.chainrule.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.chainrule.tensor.Tensor;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hot activations have a fused first-order rule (one pass over the arrays) beside the rule
 * written with var operations, which higher orders record. Both must give the very same doubles,
 * including NaN and infinities, in reverse and forward mode.
 */
class FusedRulesTest {
    private static final double[] POINTS = {
        -1000, -37.5, -2, -1, -1e-300, -0.0, 0.0, 1e-300, 0.25, 1, 2, 19.5, 40, 709, 710, 1000,
        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN
    };
    private static final double[] ADJOINTS = {
        1, -3, 0, 0.5, 1e-200, 2, 0, -1, 4, 0, 7, 0, 1e300, 1, 0, 3, 1, Double.POSITIVE_INFINITY,
        2
    };

    static Stream<Arguments> functions() {
        return Stream.of(
                Arguments.of("tanh", (UnaryOperator<Var>) Var::tanh),
                Arguments.of("exp", (UnaryOperator<Var>) Var::exp),
                Arguments.of("log", (UnaryOperator<Var>) Var::log),
                Arguments.of("sqrt", (UnaryOperator<Var>) Var::sqrt),
                Arguments.of("relu", (UnaryOperator<Var>) Var::relu));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void fusedReverseRuleGivesTheSameDoublesAsTheComposedRule(String name,
            UnaryOperator<Var> function) {
        Var x = Var.variable(Tensor.vector(POINTS));
        Var output = function.apply(x);
        Var seed = Var.constant(Tensor.vector(ADJOINTS));

        Tensor fused = Derivatives.grad(output, seed, false, x)[0].value();
        Tensor composed = Derivatives.grad(output, seed, true, x)[0].value();

        assertArrayEquals(composed.toArray(), fused.toArray(), 0.0, name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void fusedForwardRuleGivesTheSameDoublesAsTheComposedRule(String name,
            UnaryOperator<Var> function) {
        Var x = Var.variable(Tensor.vector(POINTS));
        Var output = function.apply(x);
        Var[][] direction = {{Var.constant(Tensor.vector(ADJOINTS))}};

        Tensor fused;
        try (GradMode.Scope scope = GradMode.noGrad()) {
            fused = Derivatives.jvp(new Var[] {output}, new Var[] {x}, direction)[0][0].value();
        }
        Tensor composed =
                Derivatives.jvp(new Var[] {output}, new Var[] {x}, direction)[0][0].value();

        assertArrayEquals(composed.toArray(), fused.toArray(), 0.0, name);
    }
}
