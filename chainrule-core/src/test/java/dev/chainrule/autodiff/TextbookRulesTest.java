package dev.chainrule.autodiff;

import static dev.chainrule.autodiff.Tolerances.SAME_FORMULA;
import static dev.chainrule.autodiff.Tolerances.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chainrule.tensor.Tensor;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rules of differentiation people learn first, each against its closed form, in reverse
 * and forward mode; and micrograd's classic expression, worked by hand.
 */
class TextbookRulesTest {
    private static final double[] POINTS = {-2.5, -0.7, 0.3, 1.0, 4.2};

    /** Reverse- and forward-mode derivative of f at x against the closed form. */
    private static void assertDerivative(String rule, Function<Var, Var> function,
            Function<Double, Double> expected, double x) {
        double reverse = Derivatives.grad(function, Tensor.scalar(x)).item();
        double forward = Derivatives.jvp(function, Tensor.scalar(x), Tensor.scalar(1)).item();
        assertClose(rule + ", reverse, at x = " + x, expected.apply(x), reverse, SAME_FORMULA);
        assertClose(rule + ", forward, at x = " + x, expected.apply(x), forward, SAME_FORMULA);
    }

    @Test
    void linearFunctionHasItsSlope() {
        // d(ax + b)/dx = a
        for (double x : POINTS) {
            assertDerivative("d(-3.5x + 2)/dx", v -> v.mul(-3.5).add(2.0), t -> -3.5, x);
            assertDerivative("d(ax + b)/dx with var a, b",
                    v -> v.mul(Var.constant(0.25)).add(Var.constant(7)), t -> 0.25, x);
        }
    }

    @Test
    void squareHasDerivativeTwoX() {
        // d(x^2)/dx = 2x, by three routes
        for (double x : POINTS) {
            assertDerivative("d(x*x)/dx", v -> v.mul(v), t -> 2 * t, x);
            assertDerivative("d(square x)/dx", Var::square, t -> 2 * t, x);
            assertDerivative("d(x^2)/dx", v -> v.pow(2), t -> 2 * t, x);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6})
    void powerRuleGivesNTimesXToTheNMinusOne(int n) {
        // d(x^n)/dx = n x^(n-1), by pow and by n - 1 multiplications
        Function<Var, Var> product = v -> {
            Var result = v;
            for (int i = 1; i < n; i++) {
                result = result.mul(v);
            }
            return result;
        };
        for (double x : POINTS) {
            assertDerivative("d(x^" + n + ")/dx", v -> v.pow(n), t -> n * Math.pow(t, n - 1), x);
            assertDerivative("d(x*...*x)/dx, " + n + " factors", product,
                    t -> n * Math.pow(t, n - 1), x);
        }
    }

    @Test
    void exponentialIsItsOwnDerivative() {
        for (double x : POINTS) {
            assertDerivative("(e^x)'", Var::exp, Math::exp, x);
        }
    }

    @Test
    void logarithmHasDerivativeOneOverX() {
        for (double x : new double[] {0.01, 0.5, 1.0, 3.0, 1e6}) {
            assertDerivative("(ln x)'", Var::log, t -> 1 / t, x);
        }
    }

    @Test
    void sumRuleAddsDerivatives() {
        // (sin x + x^3)' = cos x + 3x^2
        for (double x : POINTS) {
            assertDerivative("(sin x + x^3)'", v -> v.sin().add(v.pow(3)),
                    t -> Math.cos(t) + 3 * t * t, x);
        }
    }

    @Test
    void productRuleGivesFPrimeGPlusFGPrime() {
        // (e^x sin x)' = e^x sin x + e^x cos x
        for (double x : POINTS) {
            assertDerivative("(e^x sin x)'", v -> v.exp().mul(v.sin()),
                    t -> Math.exp(t) * (Math.sin(t) + Math.cos(t)), x);
        }
    }

    @Test
    void quotientRuleGivesFPrimeGMinusFGPrimeOverGSquared() {
        // (x^2 / (1 + e^x))' = (2x (1 + e^x) - x^2 e^x) / (1 + e^x)^2
        for (double x : POINTS) {
            assertDerivative("(x^2 / (1 + e^x))'", v -> v.square().div(v.exp().add(1.0)),
                    t -> (2 * t * (1 + Math.exp(t)) - t * t * Math.exp(t))
                            / Math.pow(1 + Math.exp(t), 2), x);
        }
    }

    @Test
    void chainRuleMultipliesOuterAndInnerDerivatives() {
        // (ln(1 + x^2))' = 2x / (1 + x^2); (sin(e^x))' = cos(e^x) e^x
        for (double x : POINTS) {
            assertDerivative("(ln(1 + x^2))'", v -> v.square().add(1.0).log(),
                    t -> 2 * t / (1 + t * t), x);
            assertDerivative("(sin(e^x))'", v -> v.exp().sin(),
                    t -> Math.cos(Math.exp(t)) * Math.exp(t), x);
        }
    }

    @Test
    void classicMicrogradExpressionGivesMinusTwentyWithSlopeFortySix() {
        // By hand, at x = -4:
        //   z = 2x + 2 + x = -8 + 2 - 4 = -10,            dz/dx = 3
        //   q = relu(z) + z x = 0 + 40 = 40,               dq/dx = 0 + 3x + z = -12 - 10 = -22
        //   h = relu(z z) = relu(100) = 100,              dh/dx = 2 z dz/dx = -60
        //   y = h + q + q x = 100 + 40 - 160 = -20
        //   dy/dx = dh/dx + dq/dx + dq/dx x + q = -60 - 22 + 88 + 40 = 46
        Var x = Var.variable(-4.0);
        Var z = x.mul(2).add(2).add(x);
        Var q = z.relu().add(z.mul(x));
        Var h = z.mul(z).relu();
        Var y = h.add(q).add(q.mul(x));
        y.backward();

        assertEquals(-20.0, y.item());
        assertEquals(46.0, x.grad().item());
    }

    @Test
    void classicMicrogradExpressionHasTheSameSlopeInForwardMode() {
        Function<Var, Var> expression = x -> {
            Var z = x.mul(2).add(2).add(x);
            Var q = z.relu().add(z.mul(x));
            Var h = z.mul(z).relu();
            return h.add(q).add(q.mul(x));
        };
        assertEquals(46.0,
                Derivatives.jvp(expression, Tensor.scalar(-4.0), Tensor.scalar(1.0)).item());
    }
}
