package dev.chainrule.cli.gradbench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chainrule.autodiff.Derivatives;
import dev.chainrule.autodiff.GradMode;
import dev.chainrule.autodiff.Var;
import dev.chainrule.tensor.Tensor;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * k-means cost of k centroids C for n points P (d dimensions each):
 * {@code cost(C) = sum_i min_j |C_j - P_i|^2}. {@code dir} is one Newton direction,
 * {@code J / H} elementwise, where J is the gradient of the cost with respect to C and H the
 * diagonal of its Hessian.
 *
 * <p>The squared distances are expanded as {@code |P_i|^2 + |C_j|^2 - 2 P_i . C_j}, so all
 * n * k of them come from one matrix product (the points get a column of ones, and the
 * centroid norms ride in the extra row); the constant {@code sum_i |P_i|^2} is added after the
 * minimum. H comes from forward-over-reverse: the gradient is recorded
 * ({@link Derivatives#derivative}) and swept forward along the all-ones direction. That product
 * {@code H 1} is the Hessian's diagonal because the Hessian is diagonal: each coordinate of a
 * centroid appears only in its own squared terms (H = 2 * the number of points the centroid
 * is closest to).
 *
 * <p>The evaluations avoid the (n, k) arrays of that formulation (80 MB at n = 10000,
 * k = 1000, and several of them in a recorded derivative): the product is formed a block of
 * points at a time and reduced to each point's nearest centroid, and when every point has a
 * single nearest centroid the derivatives come from the cost with that assignment held fixed,
 * which equals the cost near C.
 */
final class Kmeans implements Eval {
    /** Points per block of the distance matrix: bounds the (rows, k) array of each product. */
    private static final int BLOCK_ROWS = 256;

    @Override
    public String module() {
        return "kmeans";
    }

    @Override
    public List<String> functions() {
        return List.of("cost", "dir");
    }

    @Override
    public JsonNode warmupInput() {
        // the last 20 points are the centroids, so each is the closest one to some point
        ArrayNode points = Json.rows(Tensor.randomUniform(1, 0, 1, 1000, 4));
        ArrayNode centroids = Json.NODES.arrayNode();
        for (int i = 980; i < 1000; i++) {
            centroids.add(points.get(i));
        }
        ObjectNode input = Json.NODES.objectNode();
        input.set("points", points);
        input.set("centroids", centroids);
        return input;
    }

    @Override
    public Prepared<?> prepare(String function, JsonNode input) {
        Tensor points = Json.matrix(input, "points");
        Tensor centroids = Json.matrix(input, "centroids");
        if (points.shape(1) != centroids.shape(1)) {
            throw new IllegalArgumentException(
                    "points have " + points.shape(1) + " coordinates but centroids have "
                            + centroids.shape(1));
        }
        return switch (function) {
            case "cost" -> Prepared.of(() -> costValue(points, centroids), Json::number);
            case "dir" -> Prepared.of(() -> direction(points, centroids), Json::rows);
            default -> throw Evals.unknownFunction(module(), function, "cost", "dir");
        };
    }

    /** The cost as {@link #cost(Tensor, Var)} gives it, the same doubles, with less memory. */
    static double costValue(Tensor points, Tensor centroids) {
        if (centroids.shape(0) == 0) {
            // no centroid, no minimum: the definition reports it
            return cost(points, Var.constant(centroids)).item();
        }
        double sum = 0.0;
        for (double minimum : nearest(points, centroids, false).minima) {
            sum += minimum;
        }
        return sum + pointNorms(points);
    }

    /**
     * The cost as defined, recorded: differentiable in the centroids at any order. The
     * {@code cost} and {@code dir} functions compute the same quantities without the (n, k)
     * arrays it records (see {@link #costValue} and {@link #direction}).
     */
    static Var cost(Tensor points, Var centroids) {
        // distance^2 - |P_i|^2 = |C_j|^2 - 2 P_i . C_j = [P_i, 1] . [-2 C_j, |C_j|^2]: all n * k
        // of them from one product of shapes (n, d + 1) and (d + 1, k)
        Var shifted = Var.constant(Evals.withOnesColumn(points)).matmul(weights(centroids));
        return shifted.min(new int[] {1}, false).sum().add(pointNorms(points));
    }

    private static double pointNorms(Tensor points) {
        double pointNorms = 0;
        for (int i = 0; i < points.size(); i++) {
            double coordinate = points.getFlat(i);
            pointNorms += coordinate * coordinate;
        }
        return pointNorms;
    }

    /** The (d + 1, k) matrix [-2 C^T; |C_j|^2] of {@link #cost}'s product. */
    private static Var weights(Var centroids) {
        int k = centroids.shape()[0];
        Var centroidNorms = centroids.square().sum(new int[] {1}, false).reshape(1, k);
        return Var.concat(0, centroids.mul(-2.0).transpose(), centroidNorms);
    }

    /**
     * Each point's minimum over the centroids of {@code |C_j|^2 - 2 P_i . C_j} and, when asked
     * for, the centroid where it is taken; {@code unique} is false when some point has no
     * single such centroid (a tie, NaN, or no centroids) or the centroids were not sought.
     */
    private record Nearest(double[] minima, int[] centroids, boolean unique) {}

    /**
     * {@link #cost}'s product and minimum, a block of rows at a time. The matrix kernel gives
     * each entry the same doubles whatever the number of rows, and the minimum is taken in
     * the same order as the reduction, so the minima are the very doubles {@link #cost} forms.
     */
    private static Nearest nearest(Tensor points, Tensor centroids, boolean findNearest) {
        Tensor weights = weights(Var.constant(centroids)).value();
        Tensor withOnes = Evals.withOnesColumn(points);
        int n = points.shape(0);
        int k = centroids.shape(0);
        double[] minima = new double[n];
        int[] nearest = new int[n];
        boolean unique = k > 0 && findNearest;
        for (int start = 0; start < n; start += BLOCK_ROWS) {
            int end = Math.min(n, start + BLOCK_ROWS);
            Tensor block = withOnes.slice(0, start, end).matmul(weights);
            for (int row = 0; row < end - start; row++) {
                int offset = row * k;
                double minimum = Double.POSITIVE_INFINITY;
                for (int j = 0; j < k; j++) {
                    minimum = Math.min(minimum, block.getFlat(offset + j));
                }
                minima[start + row] = minimum;
                if (findNearest) {
                    // the entries equal to the minimum, as the minimum's tie rule counts them
                    int count = 0;
                    for (int j = 0; j < k; j++) {
                        if (block.getFlat(offset + j) == minimum) {
                            nearest[start + row] = j;
                            count++;
                        }
                    }
                    unique &= count == 1;
                }
            }
        }
        return new Nearest(minima, nearest, unique);
    }

    /**
     * J / H as described on the class. Where every point has a single nearest centroid, the
     * cost near C is {@code sum_i |C_a(i) - P_i|^2} with the assignment a held fixed, so its
     * first and second derivatives are those of that sum, which records only (n, d) arrays.
     * At ties the minimum's convention (split evenly) is kept by differentiating
     * {@link #cost} itself.
     */
    static Tensor direction(Tensor points, Tensor centroids) {
        Nearest nearest = nearest(points, centroids, true);
        if (!nearest.unique) {
            return newtonDirection(centroids, c -> cost(points, c));
        }
        Var fixedPoints = Var.constant(points);
        return newtonDirection(centroids, c -> assignedCost(fixedPoints, c, nearest.centroids));
    }

    /** {@code sum_i |C_a(i) - P_i|^2}: the cost with the assignment a held fixed. */
    static Var assignedCost(Var points, Var centroids, int[] assignment) {
        return centroids.gather(0, assignment).sub(points).square().sum();
    }

    /** The direction of {@link #cost} by differentiating it as defined (for tests). */
    static Tensor directionThroughMinimum(Tensor points, Tensor centroids) {
        return newtonDirection(centroids, c -> cost(points, c));
    }

    private static Tensor newtonDirection(Tensor centroids, UnaryOperator<Var> cost) {
        Var c = Var.variable(centroids);
        Var gradient = Derivatives.derivative(cost, c);
        Var[][] curvature;
        try (GradMode.Scope scope = GradMode.noGrad()) {
            Var[][] allOnes = {{Var.constant(Tensor.ones(centroids.shape()))}};
            curvature = Derivatives.jvp(new Var[] {gradient}, new Var[] {c}, allOnes);
        }
        return gradient.value().div(curvature[0][0].value());
    }
}
