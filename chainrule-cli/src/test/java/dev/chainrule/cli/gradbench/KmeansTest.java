package dev.chainrule.cli.gradbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.Var;
import dev.chainrule.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The evaluations of {@link Kmeans} compute the cost a block of points at a time and the
 * direction from the cost with the assignment held fixed; they must agree with the recorded
 * definition, {@link Kmeans#cost}: the cost to the last bit, the direction to rounding.
 */
class KmeansTest {
    @Test
    void blockedCostGivesTheSameDoubleAsTheDefinition() {
        // 700 points: two full blocks and a partial one
        Tensor points = Tensor.randomUniform(21, 0, 1, 700, 5);
        Tensor centroids = Tensor.randomUniform(22, 0, 1, 37, 5);

        double definition = Kmeans.cost(points, Var.constant(centroids)).item();

        assertEquals(definition, Kmeans.costValue(points, centroids), 0.0);
    }

    @Test
    void directionWithFixedAssignmentMatchesTheDirectionThroughTheMinimum() {
        Tensor points = Tensor.randomUniform(23, 0, 1, 600, 4);
        Tensor centroids = Tensor.randomUniform(24, 0, 1, 9, 4);

        assertTrue(Kmeans.direction(points, centroids)
                .allClose(Kmeans.directionThroughMinimum(points, centroids), 1e-12, 1e-14));
    }

    @Test
    void directionAtATieSplitsThePointAsTheMinimumDoes() {
        // The point (0, 0) is equally far from both centroids; the minimum gives each half of
        // it, so each centroid's gradient gets half its pull and its curvature half of 2.
        Tensor points = Tensor.matrix(new double[] {0, 0}, new double[] {3, 0});
        Tensor centroids = Tensor.matrix(new double[] {1, 0}, new double[] {-1, 0});

        Tensor direction = Kmeans.direction(points, centroids);

        assertTrue(direction.allClose(Kmeans.directionThroughMinimum(points, centroids), 0, 0),
                direction.toString());
    }
}
