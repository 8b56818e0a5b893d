package dev.chainrule.cli.gradbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chainrule.autodiff.Derivatives;
import dev.chainrule.autodiff.GradientCheck;
import dev.chainrule.autodiff.GradientCheckReport;
import dev.chainrule.autodiff.Var;
import dev.chainrule.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The derivatives each eval answers with, checked against central finite differences by the
 * engine's {@link GradientCheck} at seeded random points (away from kinks: random points make
 * ties in kmeans' minimum practically impossible).
 */
class EvalDerivativesTest {
    /** Against finite differences: their error is about eps^(2/3) relative to the scale. */
    private static final double FINITE_DIFFERENCE_RTOL = 1e-6;
    private static final double FINITE_DIFFERENCE_ATOL = 1e-8;

    private static void assertPasses(GradientCheckReport report) {
        assertTrue(report.passes(FINITE_DIFFERENCE_RTOL, FINITE_DIFFERENCE_ATOL),
                report::toString);
    }

    private static Tensor[] scalars(long seed, int count) {
        Random random = new Random(seed);
        Tensor[] scalars = new Tensor[count];
        for (int i = 0; i < count; i++) {
            scalars[i] = Tensor.scalar(random.nextDouble() * 2 - 1);
        }
        return scalars;
    }

    @Test
    void llsqGradientMatchesFiniteDifferences() {
        Tensor x = Tensor.randomUniform(1, -1, 1, 5);

        assertPasses(GradientCheck.check(c -> Llsq.objective(c, 9), x));
    }

    @Test
    void lseGradientMatchesFiniteDifferences() {
        Tensor x = Tensor.randomUniform(2, -3, 3, 11);

        assertPasses(GradientCheck.check(Var::logsumexp, x));
    }

    @Test
    void detGradientMatchesFiniteDifferences() {
        assertPasses(GradientCheck.check(a -> Det.determinant(a, 4), scalars(3, 16)));
    }

    @Test
    void detGradientThroughNestedCheckpointsMatchesFiniteDifferences() {
        // minors above 2 x 2 are checkpoints: a 5 x 5 matrix nests them three deep
        assertPasses(GradientCheck.check(a -> Det.determinant(a, 5, 2), scalars(4, 25)));
    }

    @Test
    void detRecordedWithCheckpointsHasTheSameValueAsThePrimal() {
        // Recorded checkpoints expand their minors with a gradient sweep at once; the value
        // they give must be the primal's, bit for bit.
        double[] elements = new double[49];
        Tensor[] scalars = scalars(6, 49);
        Var[] leaves = new Var[49];
        for (int i = 0; i < 49; i++) {
            elements[i] = scalars[i].item();
            leaves[i] = Var.variable(scalars[i]);
        }

        double recorded = Det.determinant(leaves, 7, 3).item();

        assertEquals(Det.primal(elements, 7), recorded, 0.0);
    }

    @Test
    void detCheckpointedGradientEqualsTheFullyRecordedOne() {
        Tensor[] elements = scalars(5, 36);
        Var[] leaves = new Var[36];
        Var[] sameLeaves = new Var[36];
        for (int i = 0; i < 36; i++) {
            leaves[i] = Var.variable(elements[i]);
            sameLeaves[i] = Var.variable(elements[i]);
        }

        Var[] recorded = Derivatives.grad(Det.determinant(leaves, 6, 6), leaves);
        Var[] checkpointed = Derivatives.grad(Det.determinant(sameLeaves, 6, 3), sameLeaves);

        for (int i = 0; i < 36; i++) {
            double expected = recorded[i].item();
            assertEquals(expected, checkpointed[i].item(), 1e-12 * Math.max(1, Math.abs(expected)),
                    "element " + i);
        }
    }

    @Test
    void odeGradientOfTheLastElementMatchesFiniteDifferences() {
        assertPasses(GradientCheck.check(x -> Ode.solve(x, 4)[5], scalars(6, 6)));
    }

    @Test
    void kmeansCostGradientAndHessianMatchFiniteDifferences() {
        Tensor points = Tensor.randomUniform(7, 0, 1, 12, 3);
        Tensor centroids = Tensor.randomUniform(8, 0, 1, 4, 3);

        assertPasses(GradientCheck.check(c -> Kmeans.cost(points, c), centroids));
        assertTrue(GradientCheck.checkHessian(c -> Kmeans.cost(points, c), centroids)
                .passes(1e-5, 1e-7));
    }

    @Test
    void kmeansDirectionIsTheGradientOverTwiceTheClusterSizes() {
        Tensor points = Tensor.randomUniform(9, 0, 1, 30, 2);
        Tensor centroids = Tensor.randomUniform(10, 0, 1, 3, 2);
        int[] clusterSizes = new int[3];
        for (int i = 0; i < 30; i++) {
            int closest = 0;
            double best = Double.POSITIVE_INFINITY;
            for (int j = 0; j < 3; j++) {
                double dx = points.get(i, 0) - centroids.get(j, 0);
                double dy = points.get(i, 1) - centroids.get(j, 1);
                if (dx * dx + dy * dy < best) {
                    best = dx * dx + dy * dy;
                    closest = j;
                }
            }
            clusterSizes[closest]++;
        }

        Tensor gradient = Derivatives.grad(c -> Kmeans.cost(points, c), centroids);
        Tensor direction = Kmeans.direction(points, centroids);

        for (int j = 0; j < 3; j++) {
            for (int k = 0; k < 2; k++) {
                double expected = gradient.get(j, k) / (2.0 * clusterSizes[j]);
                assertEquals(expected, direction.get(j, k), 1e-12, "centroid " + j);
            }
        }
    }

    @Test
    void gmmGradientMatchesFiniteDifferences() {
        int d = 3;
        int k = 2;
        int n = 5;
        ObjectNode input = Json.NODES.objectNode();
        input.put("d", d).put("k", k).put("n", n).put("m", 2).put("gamma", 1.5);
        input.set("x", Json.rows(Tensor.randomNormal(11, 0, 1, n, d)));
        input.set("alpha", Json.flat(Tensor.randomNormal(12, 0, 1, k)));
        input.set("mu", Json.rows(Tensor.randomUniform(13, 0, 1, k, d)));
        input.set("q", Json.rows(Tensor.randomNormal(14, 0, 0.5, k, d)));
        input.set("l", Json.rows(Tensor.randomNormal(15, 0, 0.5, k, d * (d - 1) / 2)));
        Gmm.Problem problem = Gmm.Problem.read(input);

        assertPasses(GradientCheck.check(problem::objective,
                new Tensor[] {problem.alpha(), problem.mu(), problem.q(), problem.l()}));
    }

    @Test
    void logGammaOfHalfIntegersIsExact() {
        // Gamma(5) = 24, Gamma(7/2) = 15/8 sqrt(pi)
        assertEquals(Math.log(24), Gmm.logGammaOfHalfInteger(5), 1e-15);
        assertEquals(Math.log(15.0 / 8 * Math.sqrt(Math.PI)), Gmm.logGammaOfHalfInteger(3.5),
                1e-15);
    }
}
