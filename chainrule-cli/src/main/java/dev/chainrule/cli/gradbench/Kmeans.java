package dev.chainrule.cli.gradbench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chainrule.autodiff.Derivatives;
import dev.chainrule.autodiff.GradMode;
import dev.chainrule.autodiff.Var;
import dev.chainrule.tensor.Tensor;
import java.util.List;

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
 */
final class Kmeans implements Eval {
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
            case "cost" -> Prepared.of(() -> cost(points, Var.constant(centroids)).item(),
                    Json::number);
            case "dir" -> Prepared.of(() -> direction(points, centroids), Json::rows);
            default -> throw Evals.unknownFunction(module(), function, "cost", "dir");
        };
    }

    static Var cost(Tensor points, Var centroids) {
        double pointNorms = 0;
        for (int i = 0; i < points.size(); i++) {
            double coordinate = points.getFlat(i);
            pointNorms += coordinate * coordinate;
        }

        // distance^2 - |P_i|^2 = |C_j|^2 - 2 P_i . C_j = [P_i, 1] . [-2 C_j, |C_j|^2]: all n * k
        // of them from one product of shapes (n, d + 1) and (d + 1, k)
        int k = centroids.shape()[0];
        Var centroidNorms = centroids.square().sum(new int[] {1}, false).reshape(1, k);
        Var weights = Var.concat(0, centroids.mul(-2.0).transpose(), centroidNorms);
        Var shifted = Var.constant(Evals.withOnesColumn(points)).matmul(weights);
        return shifted.min(new int[] {1}, false).sum().add(pointNorms);
    }

    static Tensor direction(Tensor points, Tensor centroids) {
        Var c = Var.variable(centroids);
        Var gradient = Derivatives.derivative(x -> cost(points, x), c);
        Var[][] curvature;
        try (GradMode.Scope scope = GradMode.noGrad()) {
            Var[][] allOnes = {{Var.constant(Tensor.ones(centroids.shape()))}};
            curvature = Derivatives.jvp(new Var[] {gradient}, new Var[] {c}, allOnes);
        }
        return gradient.value().div(curvature[0][0].value());
    }
}
