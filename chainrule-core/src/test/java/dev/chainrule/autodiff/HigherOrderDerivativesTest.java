package dev.chainrule.autodiff;

import static dev.chainrule.autodiff.Tolerances.assertClose;

import dev.chainrule.tensor.Tensor;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Second, third and fourth derivatives of compositions against their closed forms: each order
 * is a recorded reverse sweep over the recorded sweep before it ({@link Derivatives#derivative}
 * nested), so these test that every rule is itself differentiable.
 */
class HigherOrderDerivativesTest {
    private static final double[] POINTS = {-1.3, -0.4, 0.2, 0.9, 1.7};

    /**
     * Each order adds a few roundings of values that grow with the order: relative 1e-11 is
     * still far below any error in a rule (which would be of order 1).
     */
    private static final Tolerances.Tolerance NESTED = new Tolerances.Tolerance(1e-11, 1e-12);

    private static Function<Var, Var> derivativeOf(Function<Var, Var> function) {
        return v -> Derivatives.derivative(function, v);
    }

    private static double nth(int order, Function<Var, Var> function, double x) {
        Function<Var, Var> derivative = function;
        for (int i = 0; i < order; i++) {
            derivative = derivativeOf(derivative);
        }
        return derivative.apply(Var.variable(x)).item();
    }

    private static void assertThird(String name, Function<Var, Var> function,
            DoubleUnaryOperator expected, double... points) {
        for (double x : points) {
            assertClose(name + "''' at " + x, expected.applyAsDouble(x), nth(3, function, x),
                    NESTED);
        }
    }

    @Test
    void thirdDerivativeOfXSinX() {
        // (x sin x)' = sin x + x cos x, '' = 2 cos x - x sin x, ''' = -3 sin x - x cos x
        assertThird("x sin x", v -> v.mul(v.sin()),
                x -> -3 * Math.sin(x) - x * Math.cos(x), POINTS);
    }

    @Test
    void thirdDerivativeOfExpOfSquare() {
        // (e^(x^2))''' = (8x^3 + 12x) e^(x^2)
        assertThird("e^(x^2)", v -> v.square().exp(),
                x -> (8 * x * x * x + 12 * x) * Math.exp(x * x), POINTS);
    }

    @Test
    void thirdDerivativeOfTanh() {
        // t = tanh x, s = 1 - t^2: t' = s, t'' = -2ts, t''' = -2s(s - 2t^2)
        assertThird("tanh", Var::tanh, x -> {
            double t = Math.tanh(x);
            double s = 1 - t * t;
            return -2 * s * (s - 2 * t * t);
        }, POINTS);
    }

    @Test
    void thirdDerivativeOfLog() {
        // (ln x)''' = 2 / x^3
        assertThird("ln", Var::log, x -> 2 / (x * x * x), 0.3, 1.0, 2.5, 40.0);
    }

    @Test
    void thirdDerivativeOfErf() {
        // erf''' = 2/sqrt(pi) (4x^2 - 2) e^(-x^2)
        assertThird("erf", Var::erf,
                x -> 2 / Math.sqrt(Math.PI) * (4 * x * x - 2) * Math.exp(-x * x), POINTS);
    }

    @Test
    void thirdDerivativeOfSigmoid() {
        // s''' = s (1 - s) (1 - 6s + 6s^2)
        assertThird("sigmoid", Var::sigmoid, x -> {
            double s = 1 / (1 + Math.exp(-x));
            return s * (1 - s) * (1 - 6 * s + 6 * s * s);
        }, POINTS);
    }

    @Test
    void thirdDerivativeOfAtan2AlongALine() {
        // atan2(x, 2) = atan(x / 2); its third derivative is (1/8) atan'''(x/2) with
        // atan''' u = (6u^2 - 2) / (1 + u^2)^3
        assertThird("atan2(x, 2)", v -> v.atan2(Var.constant(2.0)), x -> {
            double u = x / 2;
            return (6 * u * u - 2) / Math.pow(1 + u * u, 3) / 8;
        }, POINTS);
    }

    @Test
    void fourthDerivativeOfSinIsSin() {
        for (double x : POINTS) {
            assertClose("sin'''' at " + x, Math.sin(x), nth(4, Var::sin, x), NESTED);
        }
    }

    @Test
    void hessianOfACoupledFunctionOfTwoVariables() {
        // f = a^2 b + sin(ab) with a = x0, b = x1:
        // f_aa = 2b - b^2 sin(ab), f_ab = 2a + cos(ab) - ab sin(ab), f_bb = -a^2 sin(ab)
        Var pickFirst = Var.constant(Tensor.vector(1, 0));
        Var pickSecond = Var.constant(Tensor.vector(0, 1));
        Function<Var, Var> function = v -> {
            Var a = v.mul(pickFirst).sumTo();
            Var b = v.mul(pickSecond).sumTo();
            return a.square().mul(b).add(a.mul(b).sin());
        };
        double a = 0.7;
        double b = -1.1;
        Tensor hessian = Derivatives.hessian(function, Tensor.vector(a, b));

        double ab = a * b;
        double mixed = 2 * a + Math.cos(ab) - ab * Math.sin(ab);
        Tensor expected = Tensor.matrix(
                new double[] {2 * b - b * b * Math.sin(ab), mixed},
                new double[] {mixed, -a * a * Math.sin(ab)});
        assertClose("hessian", expected, hessian, NESTED);
    }
}
