package dev.chainrule.cli.gradbench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chainrule.autodiff.Derivatives;
import dev.chainrule.autodiff.Var;
import dev.chainrule.tensor.Tensor;
import java.util.List;

/**
 * Linear least squares: fit a polynomial of m coefficients x to the sign function sampled at n
 * points of [-1, 1]. With {@code t_i = -1 + 2i/(n-1)} and {@code s_i = sign(t_i)},
 * {@code y(x) = 1/2 sum_i (s_i - sum_j x_j t_i^j)^2}; {@code primal} returns y and
 * {@code gradient} its reverse-mode gradient. The residuals are one matrix-vector product.
 */
final class Llsq implements Eval {
    @Override
    public String module() {
        return "llsq";
    }

    @Override
    public List<String> functions() {
        return List.of("primal", "gradient");
    }

    @Override
    public JsonNode warmupInput() {
        return Evals.object("x", Json.flat(Tensor.randomUniform(1, 0, 1, 16)), "n", 256);
    }

    @Override
    public Prepared<?> prepare(String function, JsonNode input) {
        Tensor x = Json.vector(input, "x");
        int n = Json.integer(input, "n");
        if (n < 2) {
            throw new IllegalArgumentException(
                    "n must be at least 2 (the sample points divide by n - 1), got " + n);
        }
        return switch (function) {
            case "primal" -> Prepared.of(() -> objective(Var.constant(x), n).item(),
                    Json::number);
            case "gradient" -> Prepared.of(() -> Derivatives.grad(c -> objective(c, n), x),
                    Json::flat);
            default -> throw Evals.unknownFunction(module(), function, "primal", "gradient");
        };
    }

    static Var objective(Var coefficients, int n) {
        int m = coefficients.shape()[0];
        double[] powers = new double[n * m];
        double[] signs = new double[n];
        for (int i = 0; i < n; i++) {
            double t = -1.0 + 2.0 * i / (n - 1);
            signs[i] = Math.signum(t);
            double power = 1.0;
            for (int j = 0; j < m; j++) {
                powers[i * m + j] = power;
                power *= t;
            }
        }

        Var fitted = Var.constant(Tensor.of(new int[] {n, m}, powers)).matmul(coefficients);
        Var residuals = Var.constant(Tensor.vector(signs)).sub(fitted);
        return residuals.square().sum().mul(0.5);
    }
}
