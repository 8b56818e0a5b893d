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

    /** Rows that exercise each branch of the softmax: ordinary, large, +inf, all -inf, NaN. */
    private static final double[][] LOGIT_ROWS = {
        {0.5, -1, 2, 0.25},
        {1000, 1000, 999, -1000},
        {Double.POSITIVE_INFINITY, 0, Double.POSITIVE_INFINITY, 3},
        {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY,
            Double.NEGATIVE_INFINITY},
        {1, Double.NaN, 2, 3},
        {-37.5, 709, 710, -0.0}
    };

    static Stream<Arguments> logsumexpReductions() {
        Tensor rows = Tensor.matrix(LOGIT_ROWS);
        Tensor ordinary = Tensor.randomNormal(7, 0, 3, 2, 3, 5);
        return Stream.of(
                Arguments.of("whole vector", Tensor.vector(LOGIT_ROWS[1]), null, false),
                Arguments.of("whole matrix", ordinary.reshape(6, 5), null, true),
                Arguments.of("last axis", rows, new int[] {1}, false),
                Arguments.of("last axis, kept", rows, new int[] {-1}, true),
                Arguments.of("last two axes", ordinary, new int[] {1, 2}, false),
                Arguments.of("first axis (composed only)", rows, new int[] {0}, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("logsumexpReductions")
    void fusedLogsumexpRuleGivesTheSameDoublesAsTheComposedRule(String name, Tensor logits,
            int[] axes, boolean keepDims) {
        Var x = Var.variable(logits);
        Var output = x.logsumexp(axes, keepDims);
        int size = output.value().size();
        double[] adjoints = new double[size];
        for (int i = 0; i < size; i++) {
            adjoints[i] = ADJOINTS[i % ADJOINTS.length];
        }
        Var seed = Var.constant(Tensor.of(output.value().shape(), adjoints));

        Tensor fused = Derivatives.grad(output, seed, false, x)[0].value();
        Tensor composed = Derivatives.grad(output, seed, true, x)[0].value();

        assertArrayEquals(composed.toArray(), fused.toArray(), 0.0, name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("logsumexpReductions")
    void logsumexpOverContiguousGroupsGivesTheSameDoublesAsTheGeneralWalk(String name,
            Tensor logits, int[] axes, boolean keepDims) {
        // Moving the reduced axes first, and appending an axis of extent 1 that is kept,
        // makes the reduction a non-trailing one, which the general walk of Reduce handles;
        // it visits each group's elements in the same order.
        int rank = logits.rank();
        int[] reduced = axes == null ? allAxes(rank) : normalise(axes, rank);
        int[] order = new int[rank];
        int position = 0;
        for (int axis : reduced) {
            order[position++] = axis;
        }
        for (int axis = 0; axis < rank; axis++) {
            int candidate = axis;
            if (java.util.Arrays.stream(reduced).noneMatch(a -> a == candidate)) {
                order[position++] = axis;
            }
        }
        Tensor permuted = logits.permute(order);
        int[] movedShape = java.util.Arrays.copyOf(permuted.shape(), rank + 1);
        movedShape[rank] = 1;
        Tensor moved = permuted.reshape(movedShape);

        Tensor contiguous = logits.logsumexp(reduced, false);
        Tensor strided = moved.logsumexp(allAxes(reduced.length), false);

        assertArrayEquals(strided.toArray(), contiguous.toArray(), 0.0, name);
    }

    private static int[] allAxes(int rank) {
        return java.util.stream.IntStream.range(0, rank).toArray();
    }

    private static int[] normalise(int[] axes, int rank) {
        return java.util.Arrays.stream(axes).map(a -> a < 0 ? a + rank : a).sorted().toArray();
    }
}
