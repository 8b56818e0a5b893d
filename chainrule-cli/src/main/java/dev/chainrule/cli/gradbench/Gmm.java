package dev.chainrule.cli.gradbench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chainrule.autodiff.Derivatives;
import dev.chainrule.autodiff.Var;
import dev.chainrule.tensor.Tensor;
import java.util.List;

/**
 * Log posterior of a Gaussian mixture with a Wishart prior on the precision matrices (ADBench's
 * GMM objective as GradBench states it), and its reverse-mode gradient with respect to the
 * weights alpha, means mu, log-diagonals q and lower-triangle entries l.
 *
 * <p>Component k has the lower-triangular factor Q_k with diagonal {@code exp(q_k)} and strict
 * lower triangle filled from {@code l_k} column by column. With n points x_i of dimension d:
 * <pre>
 * objective = -n d / 2 log(2 pi)
 *           + sum_i logsumexp_k (alpha_k + sum(q_k) - 1/2 |Q_k (x_i - mu_k)|^2)
 *           - n logsumexp(alpha)
 *           - sum_k (gamma^2 / 2 (|exp(q_k)|^2 + |l_k|^2) - m sum(q_k))
 *           + k (N d (log gamma - 1/2 log 2) - log Gamma_d(N / 2)),   N = d + m + 1
 * </pre>
 * where Gamma_d is the multivariate gamma function. All Q_k (x_i - mu_k) come from one matrix
 * product: the data with a column of ones, times every Q_k transposed side by side with the
 * row -(Q_k mu_k) below.
 */
final class Gmm implements Eval {
    @Override
    public String module() {
        return "gmm";
    }

    @Override
    public List<String> functions() {
        return List.of("objective", "jacobian");
    }

    @Override
    public JsonNode warmupInput() {
        int d = 5;
        int k = 5;
        int n = 200;
        ObjectNode input = Json.NODES.objectNode();
        input.put("d", d).put("k", k).put("n", n).put("m", 0).put("gamma", 1.0);
        input.set("x", Json.rows(Tensor.randomNormal(1, 0, 1, n, d)));
        input.set("alpha", Json.flat(Tensor.randomNormal(2, 0, 1, k)));
        input.set("mu", Json.rows(Tensor.randomUniform(3, 0, 1, k, d)));
        input.set("q", Json.rows(Tensor.randomNormal(4, 0, 1, k, d)));
        input.set("l", Json.rows(Tensor.randomNormal(5, 0, 1, k, d * (d - 1) / 2)));
        return input;
    }

    @Override
    public Prepared<?> prepare(String function, JsonNode input) {
        Problem problem = Problem.read(input);
        Tensor[] parameters = {problem.alpha, problem.mu, problem.q, problem.l};
        return switch (function) {
            case "objective" -> Prepared.of(() -> problem.objective(constants(parameters))
                    .item(), Json::number);
            case "jacobian" -> Prepared.of(
                    () -> Derivatives.valueAndGrad(problem::objective, parameters).gradients(),
                    Gmm::encodeGradients);
            default -> throw Evals.unknownFunction(module(), function, "objective",
                    "jacobian");
        };
    }

    private static Var[] constants(Tensor[] values) {
        Var[] vars = new Var[values.length];
        for (int i = 0; i < values.length; i++) {
            vars[i] = Var.constant(values[i]);
        }
        return vars;
    }

    private static JsonNode encodeGradients(Tensor[] gradients) {
        ObjectNode result = Json.NODES.objectNode();
        result.set("alpha", Json.flat(gradients[0]));
        result.set("mu", Json.rows(gradients[1]));
        result.set("q", Json.rows(gradients[2]));
        result.set("l", Json.rows(gradients[3]));
        return result;
    }

    /** One input: data, prior settings, and the parameter values. */
    record Problem(int d, int k, int n, Tensor xWithOnes, int m, double gamma, Tensor alpha,
            Tensor mu, Tensor q, Tensor l, int[] factorLayout) {
        static Problem read(JsonNode input) {
            int d = Json.integer(input, "d");
            int k = Json.integer(input, "k");
            int n = Json.integer(input, "n");
            Tensor x = Json.matrix(input, "x");
            Tensor alpha = Json.vector(input, "alpha");
            Tensor mu = Json.matrix(input, "mu");
            Tensor q = Json.matrix(input, "q");
            Tensor l = Json.matrix(input, "l");
            requireShape("x", x, n, d);
            Evals.requireSize("alpha", alpha.size(), k);
            requireShape("mu", mu, k, d);
            requireShape("q", q, k, d);
            requireShape("l", l, k, d * (d - 1) / 2);
            return new Problem(d, k, n, Evals.withOnesColumn(x), Json.integer(input, "m"),
                    Json.number(input, "gamma"), alpha, mu, q, l, factorLayout(d));
        }

        private static void requireShape(String name, Tensor value, int rows, int columns) {
            if (!value.hasShape(rows, columns)) {
                throw new IllegalArgumentException(
                        name + " has shape " + value.shape(0) + " x " + value.shape(1)
                                + " but " + rows + " x " + columns + " is needed");
            }
        }

        /**
         * Where each element of Q_k transposed comes from in the row
         * {@code [exp(q_k) (d), l_k (d(d-1)/2), 0]}: position {@code c * d + r} holds
         * Q_k[r][c], which is exp(q_k[r]) on the diagonal, l_k entry
         * {@code c d - c(c+1)/2 + r - c - 1} below it (column-major packing), 0 above.
         */
        private static int[] factorLayout(int d) {
            int zero = d + d * (d - 1) / 2;
            int[] layout = new int[d * d];
            for (int c = 0; c < d; c++) {
                for (int r = 0; r < d; r++) {
                    int source;
                    if (r == c) {
                        source = r;
                    } else if (r > c) {
                        source = d + c * d - c * (c + 1) / 2 + r - c - 1;
                    } else {
                        source = zero;
                    }
                    layout[c * d + r] = source;
                }
            }
            return layout;
        }

        /** The log posterior; {@code parameters} are alpha, mu, q, l in that order. */
        Var objective(Var[] parameters) {
            Var alphas = parameters[0];
            Var means = parameters[1];
            Var logDiagonals = parameters[2];
            Var lowerEntries = parameters[3];

            // Q_k transposed for every k: factors[k][c][r] = Q_k[r][c]
            Var diagonals = logDiagonals.exp();
            Var packed = Var.concat(1, diagonals, lowerEntries,
                    Var.constant(Tensor.zeros(k, 1)));
            Var factors = packed.gather(1, factorLayout).reshape(k, d, d);

            // Q_k (x_i - mu_k) = Q_k x_i - Q_k mu_k = [x_i, 1] . [Q_k^T; -(Q_k mu_k)^T], all in
            // one product of shapes (n, d + 1) and (d + 1, k d), then reshaped to (n, k, d)
            Var sideBySide = factors.permute(1, 0, 2).reshape(d, k * d);
            Var transformedMeans = factors.mul(means.reshape(k, d, 1))
                    .sum(new int[] {1}, false);
            Var weights = Var.concat(0, sideBySide, transformedMeans.neg().reshape(1, k * d));
            Var centered = Var.constant(xWithOnes).matmul(weights).reshape(n, k, d);
            Var distances = centered.square().sum(new int[] {2}, false);

            // mixture likelihood, shape (n, k) reduced over k then summed over points
            Var logDeterminants = logDiagonals.sum(new int[] {1}, false);
            Var perComponent = alphas.add(logDeterminants).sub(distances.mul(0.5));
            Var likelihood = perComponent.logsumexp(new int[] {1}, false).sum()
                    .sub(alphas.logsumexp().mul(n));

            Var priorPenalty = diagonals.square().sum().add(lowerEntries.square().sum())
                    .mul(0.5 * gamma * gamma)
                    .sub(logDeterminants.sum().mul(m));
            return likelihood.sub(priorPenalty).add(constantTerms());
        }

        private double constantTerms() {
            int degrees = d + m + 1;
            double wishartNormaliser = degrees * d * (Math.log(gamma) - 0.5 * Math.log(2))
                    - logMultivariateGamma(0.5 * degrees, d);
            return -0.5 * n * d * Math.log(2 * Math.PI) + k * wishartNormaliser;
        }
    }

    /**
     * {@code log Gamma_p(a) = p(p-1)/4 log(pi) + sum_{j=1..p} log Gamma(a + (1-j)/2)}; here
     * every argument is a positive multiple of 1/2, see {@link #logGammaOfHalfInteger}.
     */
    static double logMultivariateGamma(double a, int p) {
        double result = 0.25 * p * (p - 1) * Math.log(Math.PI);
        for (int j = 1; j <= p; j++) {
            result += logGammaOfHalfInteger(a + 0.5 * (1 - j));
        }
        return result;
    }

    /**
     * log Gamma(a) for a positive multiple of 1/2, exactly by the recurrence
     * Gamma(a) = (a - 1) Gamma(a - 1) down to Gamma(1) = 1 or Gamma(1/2) = sqrt(pi).
     *
     * @throws IllegalArgumentException when a is not a positive multiple of 1/2
     */
    static double logGammaOfHalfInteger(double a) {
        if (!(a > 0) || 2 * a != Math.rint(2 * a)) {
            throw new IllegalArgumentException(
                    "log-gamma is only needed here at positive multiples of 1/2, got " + a);
        }
        double result = 0;
        double argument = a;
        while (argument > 1) {
            argument -= 1;
            result += Math.log(argument);
        }
        return argument == 1 ? result : result + 0.5 * Math.log(Math.PI);
    }
}
