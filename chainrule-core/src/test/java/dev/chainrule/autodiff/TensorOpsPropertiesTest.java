package dev.chainrule.autodiff;

import static dev.chainrule.autodiff.Tolerances.FINITE_DIFFERENCE;
import static dev.chainrule.autodiff.Tolerances.assertPasses;

import dev.chainrule.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * Reductions, shape ops and matrix products at random shapes, axes and points against finite
 * differences (reverse, forward, directional and inner-product comparisons of
 * {@link GradientCheck}). jqwik prints the failing shapes and seed, which reproduce a failure.
 */
class TensorOpsPropertiesTest {
    private static final int TRIES = 40;

    /** The reductions that take axes; points are normal samples, so max and min see no ties. */
    enum Reduction {
        SUM, MEAN, MAX, MIN, PROD, LOGSUMEXP;

        Var apply(Var x, int[] axes, boolean keepDims) {
            switch (this) {
                case SUM:
                    return x.sum(axes, keepDims);
                case MEAN:
                    return x.mean(axes, keepDims);
                case MAX:
                    return x.max(axes, keepDims);
                case MIN:
                    return x.min(axes, keepDims);
                case PROD:
                    return x.prod(axes, keepDims);
                default:
                    return x.logsumexp(axes, keepDims);
            }
        }
    }

    @Property(tries = TRIES)
    void matmulOfRandomShapesMatchesFiniteDifferences(
            @ForAll @IntRange(min = 1, max = 4) int m, @ForAll @IntRange(min = 1, max = 4) int k,
            @ForAll @IntRange(min = 1, max = 4) int n,
            @ForAll @IntRange(min = 0, max = 2) int batch,
            @ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        int[] left = batch == 0 ? new int[] {m, k} : new int[] {batch, m, k};
        int[] right = batch == 2 ? new int[] {batch, k, n} : new int[] {k, n};
        Function<Var[], Var> product = xs -> xs[0].matmul(xs[1]).tanh();
        assertPasses(GradientCheck.check(product, new Tensor[] {
            Tensor.randomNormal(seed, 0, 1, left), Tensor.randomNormal(seed + 1, 0, 1, right)
        }, seed), FINITE_DIFFERENCE);
    }

    @Property(tries = TRIES)
    void reductionAlongRandomAxesMatchesFiniteDifferences(
            @ForAll Reduction reduction, @ForAll @IntRange(min = 0, max = 7) int axisMask,
            @ForAll boolean keepDims, @ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        List<Integer> chosen = new ArrayList<>();
        for (int axis = 0; axis < 3; axis++) {
            if ((axisMask & (1 << axis)) != 0) {
                chosen.add(axis - 3);
            }
        }
        int[] axes = chosen.stream().mapToInt(Integer::intValue).toArray();
        Tensor x = Tensor.randomNormal(seed, 0, 1, 2, 3, 2);
        assertPasses(GradientCheck.check(v -> reduction.apply(v, axes, keepDims).exp(), x, seed),
                FINITE_DIFFERENCE);
    }

    @Property(tries = TRIES)
    void shapePipelineMatchesFiniteDifferences(
            @ForAll @IntRange(min = 0, max = 2) int start,
            @ForAll @IntRange(min = 1, max = 2) int length,
            @ForAll @IntRange(min = 0, max = 3) int firstIndex,
            @ForAll @IntRange(min = 0, max = 3) int secondIndex,
            @ForAll @IntRange(min = 0, max = 1) int softmaxAxis,
            @ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        // Five steps deep: slice, gather, concat, permute, softmax, then a weighting.
        Tensor weights = Tensor.randomNormal(seed + 7, 0, 1, 3, 2 + length);
        Function<Var, Var> pipeline = x -> {
            Var part = x.slice(1, start, start + length);
            Var picked = x.gather(1, firstIndex, secondIndex);
            return Var.concat(1, part, picked).permute(1, 0).transpose().softmax(softmaxAxis)
                    .mul(Var.constant(weights)).logsumexp(new int[] {1}, false);
        };
        assertPasses(GradientCheck.check(pipeline, Tensor.randomNormal(seed, 0, 1, 3, 4), seed),
                FINITE_DIFFERENCE);
    }
}
