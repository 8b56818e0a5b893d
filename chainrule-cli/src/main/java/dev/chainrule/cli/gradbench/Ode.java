package dev.chainrule.cli.gradbench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chainrule.autodiff.Derivatives;
import dev.chainrule.autodiff.Var;
import dev.chainrule.tensor.Tensor;
import java.util.List;
import java.util.Arrays;

/**
 * The ODE system {@code y_0' = x_0}, {@code y_i' = x_i y_(i-1)}, {@code y(0) = 0}, solved on
 * [0, 2] with s steps of the classical fourth-order Runge-Kutta method. {@code primal} returns
 * y(2); {@code gradient} the reverse-mode gradient of its last element with respect to x.
 *
 * <p>This eval measures the engine's scalar path: every element of y is its own var, so one
 * step records about 17 n scalar operations (4 rates, 3 intermediate states, 1 update).
 */
final class Ode implements Eval {
    private static final double END_TIME = 2.0;

    @Override
    public String module() {
        return "ode";
    }

    @Override
    public List<String> functions() {
        return List.of("primal", "gradient");
    }

    @Override
    public JsonNode warmupInput() {
        return Evals.object("x", Json.flat(Tensor.randomUniform(1, 0, 1, 200)), "s", 10);
    }

    @Override
    public Prepared<?> prepare(String function, JsonNode input) {
        Tensor x = Json.vector(input, "x");
        int steps = Json.integer(input, "s");
        if (steps < 1 || x.size() < 1) {
            throw new IllegalArgumentException(
                    "need s >= 1 steps and at least one x, got s = " + steps + " and "
                            + x.size() + " x");
        }
        double[] values = x.toArray();
        return switch (function) {
            case "primal" -> Prepared.of(() -> primal(values, steps), Json::flat);
            case "gradient" -> Prepared.of(() -> gradient(values, steps), Json::flat);
            default -> throw Evals.unknownFunction(module(), function, "primal", "gradient");
        };
    }

    private static Tensor primal(double[] values, int steps) {
        Var[] x = new Var[values.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = Var.constant(values[i]);
        }
        Var[] y = solve(x, steps);
        double[] result = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            result[i] = y[i].item();
        }
        return Tensor.vector(result);
    }

    private static Tensor gradient(double[] values, int steps) {
        Var[] x = new Var[values.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = Var.variable(values[i]);
        }
        Var[] y = solve(x, steps);
        Var[] adjoints = Derivatives.grad(y[y.length - 1], x);
        double[] result = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            result[i] = adjoints[i].item();
        }
        return Tensor.vector(result);
    }

    /** y(2) by s Runge-Kutta steps of size h = 2/s. */
    static Var[] solve(Var[] x, int steps) {
        double h = END_TIME / steps;
        Var[] y = new Var[x.length];
        Var zero = Var.constant(0.0);
        Arrays.fill(y, zero);
        for (int step = 0; step < steps; step++) {
            // k1 = f(y), k2 = f(y + h/2 k1), k3 = f(y + h/2 k2), k4 = f(y + h k3),
            // y += h/6 (k1 + 2 k2 + 2 k3 + k4)
            Var[] k1 = rates(x, y);
            Var[] k2 = rates(x, axpy(y, h / 2, k1));
            Var[] k3 = rates(x, axpy(y, h / 2, k2));
            Var[] k4 = rates(x, axpy(y, h, k3));
            Var[] next = new Var[y.length];
            for (int i = 0; i < y.length; i++) {
                Var slope = k1[i].add(k2[i].mul(2)).add(k3[i].mul(2)).add(k4[i]);
                next[i] = y[i].add(slope.mul(h / 6));
            }
            y = next;
        }
        return y;
    }

    /** The right-hand side f(y): f_0 = x_0, f_i = x_i y_(i-1). */
    private static Var[] rates(Var[] x, Var[] y) {
        Var[] rates = new Var[x.length];
        rates[0] = x[0];
        for (int i = 1; i < x.length; i++) {
            rates[i] = x[i].mul(y[i - 1]);
        }
        return rates;
    }

    /** {@code y + a k}, elementwise. */
    private static Var[] axpy(Var[] y, double a, Var[] k) {
        Var[] result = new Var[y.length];
        for (int i = 0; i < y.length; i++) {
            result[i] = y[i].add(k[i].mul(a));
        }
        return result;
    }
}
