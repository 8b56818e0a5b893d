package dev.chainrule.autodiff;

import static dev.chainrule.autodiff.Tolerances.FINITE_DIFFERENCE;
import static dev.chainrule.autodiff.Tolerances.REFERENCE_VALUE;
import static dev.chainrule.autodiff.Tolerances.SAME_FORMULA;
import static dev.chainrule.autodiff.Tolerances.assertClose;
import static dev.chainrule.autodiff.Tolerances.assertExactlyZero;
import static dev.chainrule.autodiff.Tolerances.assertPasses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.tensor.Tensor;
import java.util.function.Function;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Values, conventions at awkward points and stable forms of the elementary functions. Their
 * derivatives at random points are checked against finite differences in
 * {@code PrimitivePropertiesTest}.
 */
class ElementaryTest {
    /** Reverse-mode derivative of a scalar function at x. */
    private static double reverse(Function<Var, Var> function, double x) {
        return Derivatives.grad(function, Tensor.scalar(x)).item();
    }

    /** Forward-mode derivative of a scalar function at x. */
    private static double forward(Function<Var, Var> function, double x) {
        return Derivatives.jvp(function, Tensor.scalar(x), Tensor.scalar(1.0)).item();
    }

    @Nested
    class ErrorFunction {
        /**
         * erf at double inputs: mpmath 1.3.0 {@code erf(mpf(x))} with 50 significant digits,
         * rounded to the nearest double (Python's {@code float}).
         */
        private static final double[][] REFERENCE = {
            {1e-300, 1.1283791670955126e-300},
            {1e-10, 1.1283791670955126e-10},
            {0.01, 0.011283415555849618},
            {0.1, 0.1124629160182849},
            {0.25, 0.27632639016823696},
            {0.5, 0.5204998778130465},
            {0.7, 0.6778011938374184},
            {0.9, 0.7969082124228322},
            {0.9999999999999999, 0.8427007929497148},
            {1.0, 0.8427007929497149},
            {1.0000000000000002, 0.842700792949715},
            {1.2, 0.9103139782296353},
            {1.5, 0.9661051464753108},
            {1.7, 0.9837904585907745},
            {2.0, 0.9953222650189527},
            {2.2, 0.9981371537020182},
            {2.5, 0.999593047982555},
            {2.6, 0.9997639655834707},
            {3.0, 0.9999779095030014},
            {3.7, 0.9999998328489421},
            {4.0, 0.9999999845827421},
            {4.6, 0.999999999922504},
            {5.0, 0.9999999999984626},
            {5.9, 0.9999999999999999},
        };

        @Test
        void matchesFiftyDigitReferenceValuesOnBothSidesOfTheSwitchAtOne() {
            for (double[] pair : REFERENCE) {
                assertClose("erf(" + pair[0] + ")", pair[1], Elementary.erf(pair[0]),
                        REFERENCE_VALUE);
            }
        }

        @Test
        void isOdd() {
            for (double[] pair : REFERENCE) {
                assertEquals(-Elementary.erf(pair[0]), Elementary.erf(-pair[0]));
            }
        }

        @Test
        void isExactlyOneFromSixOnAndPlusMinusOneAtInfinity() {
            assertEquals(1.0, Elementary.erf(6.0));
            assertEquals(1.0, Elementary.erf(1e300));
            assertEquals(1.0, Elementary.erf(Double.POSITIVE_INFINITY));
            assertEquals(-1.0, Elementary.erf(Double.NEGATIVE_INFINITY));
            assertEquals(0.0, Elementary.erf(0.0));
            assertTrue(Double.isNaN(Elementary.erf(Double.NaN)));
        }

        @Test
        void varErfHasDerivativeTwoOverRootPiTimesGaussian() {
            // d/dx erf x = 2/sqrt(pi) e^(-x^2); at x = 0.8: 1.1283791670955126 * e^-0.64
            double expected = 2 / Math.sqrt(Math.PI) * Math.exp(-0.64);
            Var x = Var.variable(0.8);
            Var y = x.erf();
            y.backward();
            assertClose("erf(0.8)", 0.7421009647076605, y.item(), REFERENCE_VALUE);
            assertClose("erf'(0.8)", expected, x.grad().item(), SAME_FORMULA);
        }
    }

    @Nested
    class ConventionsAtAwkwardPoints {
        @Test
        void reluAtZeroHasDerivativeZeroInBothModes() {
            assertEquals(0.0, reverse(Var::relu, 0.0));
            assertEquals(0.0, forward(Var::relu, 0.0));
            assertEquals(1.0, reverse(Var::relu, 1e-300));
            assertEquals(0.0, reverse(Var::relu, -1e-300));
        }

        @Test
        void absAtZeroHasDerivativeZeroInBothModes() {
            assertEquals(0.0, reverse(Var::abs, 0.0));
            assertEquals(0.0, forward(Var::abs, 0.0));
            assertEquals(0.0, reverse(Var::abs, -0.0));
            assertEquals(-1.0, reverse(Var::abs, -2.0));
            assertEquals(1.0, forward(Var::abs, 3.0));
        }

        @Test
        void sqrtAtZeroHasInfiniteDerivative() {
            assertEquals(Double.POSITIVE_INFINITY, reverse(Var::sqrt, 0.0));
            assertEquals(Double.POSITIVE_INFINITY, forward(Var::sqrt, 0.0));
        }

        @Test
        void logAtZeroIsMinusInfinityWithInfiniteDerivative() {
            Var x = Var.variable(0.0);
            Var y = x.log();
            y.backward();
            assertEquals(Double.NEGATIVE_INFINITY, y.item());
            assertEquals(Double.POSITIVE_INFINITY, x.grad().item());
        }

        @Test
        void atan2AtTheOriginHasGradientZeroInBothModes() {
            Tensor zero = Tensor.scalar(0.0);
            Derivatives.ValueAndGrad result =
                    Derivatives.valueAndGrad(in -> in[0].atan2(in[1]), zero, zero);
            assertExactlyZero("atan2(0, 0)", result.value().item());
            assertExactlyZero("d/dy at the origin", result.gradients()[0].item());
            assertExactlyZero("d/dx at the origin", result.gradients()[1].item());

            Var y = Var.variable(0.0);
            Var x = Var.variable(0.0);
            Var angle = y.atan2(x);
            Var[][] tangents = Derivatives.jvp(new Var[] {angle}, new Var[] {y, x},
                    new Var[][] {{Var.constant(1.0), Var.constant(1.0)}});
            assertExactlyZero("forward tangent at the origin", tangents[0][0].item());
        }

        @Test
        void atan2AwayFromTheOriginHasTheTextbookGradient() {
            // d/dy atan2(y, x) = x / (x^2 + y^2), d/dx = -y / (x^2 + y^2); at (y, x) = (1, -2)
            Derivatives.ValueAndGrad result = Derivatives.valueAndGrad(
                    in -> in[0].atan2(in[1]), Tensor.scalar(1.0), Tensor.scalar(-2.0));
            assertClose("atan2(1, -2)", Math.atan2(1, -2), result.value().item(), SAME_FORMULA);
            assertClose("d/dy", -2.0 / 5, result.gradients()[0].item(), SAME_FORMULA);
            assertClose("d/dx", -1.0 / 5, result.gradients()[1].item(), SAME_FORMULA);
        }

        @Test
        void atan2GradientNeitherOverflowsNorUnderflowsForExtremePoints() {
            // At (y, x) = (t, t): d/dy = x / (x^2 + y^2) = 1 / (2t), d/dx = -1 / (2t), where
            // x^2 + y^2 itself underflows to 0 (t = 1e-170) or overflows to inf (t = 1e200).
            for (double t : new double[] {1e-170, 1e200}) {
                Tensor point = Tensor.scalar(t);
                Tensor[] gradients = Derivatives.valueAndGrad(
                        in -> in[0].atan2(in[1]), point, point).gradients();
                assertClose("d/dy at " + t, 0.5 / t, gradients[0].item(), SAME_FORMULA);
                assertClose("d/dx at " + t, -0.5 / t, gradients[1].item(), SAME_FORMULA);
            }
            // On the y axis close to the origin: d/dy = 0, d/dx = -1/y
            Tensor[] gradients = Derivatives.valueAndGrad(in -> in[0].atan2(in[1]),
                    Tensor.scalar(1e-170), Tensor.scalar(0.0)).gradients();
            assertExactlyZero("d/dy on the y axis", gradients[0].item());
            assertClose("d/dx on the y axis", -1e170, gradients[1].item(), SAME_FORMULA);
        }

        @Test
        void asinAtOneHasInfiniteDerivative() {
            assertEquals(Double.POSITIVE_INFINITY, reverse(Var::asin, 1.0));
            assertEquals(Double.NEGATIVE_INFINITY, reverse(Var::acos, -1.0));
        }

        @Test
        void whereDropsTheInfiniteDerivativeOfSqrtAtZero() {
            // where(x > 0, sqrt(x), 0): the sqrt branch is not selected at x = 0 and x < 0.
            Function<Var, Var> guarded = x -> Var.where(x.gt(0), x.sqrt(), Var.constant(0.0));
            assertEquals(0.0, reverse(guarded, 0.0));
            assertEquals(0.0, reverse(guarded, -3.0));
            assertEquals(0.0, forward(guarded, 0.0));
            assertEquals(0.0, forward(guarded, -3.0));
            assertClose("selected branch", 0.25, reverse(guarded, 4.0), SAME_FORMULA);
        }

        @Test
        void whereDropsTheNanDerivativeOfLogOfANegativeNumber() {
            Function<Var, Var> guarded = x -> Var.where(x.gt(0), x.log(), x);
            assertEquals(1.0, reverse(guarded, -2.0));
            assertEquals(1.0, forward(guarded, -2.0));
        }

        @Test
        void whereKeepsSecondDerivativesOfTheUnselectedBranchOutToo() {
            // Second derivative of where(x > 0, sqrt(x), x^2) at x = 0 is that of x^2: 2.
            Tensor hessian = Derivatives.hessian(
                    x -> Var.where(x.gt(0), x.sqrt(), x.square()), Tensor.scalar(0.0));
            assertEquals(2.0, hessian.item());
        }
    }

    @Nested
    class StableForms {
        @Test
        void sigmoidOfMinusThousandIsZeroWithGradientZero() {
            Var x = Var.variable(-1000.0);
            Var y = x.sigmoid();
            y.backward();
            assertEquals(0.0, y.item());
            assertEquals(0.0, x.grad().item());
        }

        @Test
        void sigmoidOfPlusThousandIsOneWithGradientZero() {
            Var x = Var.variable(1000.0);
            Var y = x.sigmoid();
            y.backward();
            assertEquals(1.0, y.item());
            assertEquals(0.0, x.grad().item());
        }

        @Test
        void sigmoidOfLargeNegativeInputKeepsRelativeAccuracy() {
            // sigmoid(-40) = e^-40 / (1 + e^-40), 1/(1 + e^40) computed naively is fine too,
            // but 1 - sigmoid(40) would be 0: the stable form answers from the exponential.
            assertClose("sigmoid(-40)", Math.exp(-40) / (1 + Math.exp(-40)),
                    Elementary.stableSigmoid(-40), REFERENCE_VALUE);
        }

        @Test
        void sigmoidDerivativeKeepsRelativeAccuracyForLargeInputs() {
            // sigmoid'(40) = e^-40 / (1 + e^-40)^2; 1 - sigmoid(40) would round to 0.
            double expected = Math.exp(-40) / Math.pow(1 + Math.exp(-40), 2);
            assertClose("sigmoid'(40)", expected, reverse(Var::sigmoid, 40.0), SAME_FORMULA);
            assertClose("sigmoid'(-40)", expected, reverse(Var::sigmoid, -40.0), SAME_FORMULA);
        }

        @Test
        void softplusOfThousandIsThousandWithGradientOne() {
            Var x = Var.variable(1000.0);
            Var y = x.softplus();
            y.backward();
            assertEquals(1000.0, y.item());
            assertEquals(1.0, x.grad().item());
        }

        @Test
        void softplusOfMinusThousandIsZeroWithGradientZero() {
            Var x = Var.variable(-1000.0);
            Var y = x.softplus();
            y.backward();
            assertEquals(0.0, y.item());
            assertEquals(0.0, x.grad().item());
        }

        @Test
        void softplusOfVeryNegativeInputIsTheExponentialToFullPrecision() {
            // ln(1 + e^-50) = e^-50 (1 - e^-50 / 2 + ...) = e^-50 to double precision
            assertClose("softplus(-50)", Math.exp(-50), Elementary.stableSoftplus(-50),
                    REFERENCE_VALUE);
        }

        @Test
        void log1pAndExpm1KeepTinyArgumentsExact() {
            Var x = Var.variable(1e-20);
            assertEquals(1e-20, x.log1p().item());
            assertEquals(1e-20, x.expm1().item());
            assertEquals(1.0, reverse(Var::log1p, 1e-20));
            assertEquals(1.0, reverse(Var::expm1, 1e-20));
        }

        @Test
        void secondDerivativeOfSigmoidAtMinusThousandIsZeroNotNan() {
            Tensor hessian = Derivatives.hessian(Var::sigmoid, Tensor.scalar(-1000.0));
            assertEquals(0.0, hessian.item());
        }
    }

    @Nested
    class Values {
        @Test
        void eachFunctionAppliesTheJavaMathFunctionElementwise() {
            Tensor x = Tensor.vector(-0.9, -0.2, 0.3, 0.8);
            Var v = Var.constant(x);
            assertClose("sin", x.map(Math::sin), v.sin().value(), SAME_FORMULA);
            assertClose("cos", x.map(Math::cos), v.cos().value(), SAME_FORMULA);
            assertClose("tan", x.map(Math::tan), v.tan().value(), SAME_FORMULA);
            assertClose("asin", x.map(Math::asin), v.asin().value(), SAME_FORMULA);
            assertClose("acos", x.map(Math::acos), v.acos().value(), SAME_FORMULA);
            assertClose("atan", x.map(Math::atan), v.atan().value(), SAME_FORMULA);
            assertClose("sinh", x.map(Math::sinh), v.sinh().value(), SAME_FORMULA);
            assertClose("cosh", x.map(Math::cosh), v.cosh().value(), SAME_FORMULA);
            assertClose("abs", x.map(Math::abs), v.abs().value(), SAME_FORMULA);
            assertClose("relu", Tensor.vector(0, 0, 0.3, 0.8), v.relu().value(), SAME_FORMULA);
            assertClose("sigmoid", x.map(t -> 1 / (1 + Math.exp(-t))), v.sigmoid().value(),
                    SAME_FORMULA);
            assertClose("softplus", x.map(t -> Math.log(1 + Math.exp(t))),
                    v.softplus().value(), SAME_FORMULA);
        }

        @Test
        void nanInputGivesNanValueAndNanDerivativeForKinkedFunctions() {
            assertTrue(Double.isNaN(reverse(Var::abs, Double.NaN)));
            assertTrue(Double.isNaN(reverse(Var::relu, Double.NaN)));
        }

        @Test
        void sqrtAsPowerOneHalfAndAsSqrtAgree() {
            // Two routes to one function (STYLE.md 2.11): d/dx x^(1/2) = 1 / (2 sqrt x)
            GradientCheckReport check = GradientCheck.check(
                    x -> x.sqrt().sub(x.pow(0.5)).add(x.sqrt()), Tensor.vector(0.3, 2.0, 9.0));
            assertPasses(check, FINITE_DIFFERENCE);
            assertClose("sqrt vs pow 0.5", Derivatives.jacobian(x -> x.pow(0.5),
                            Tensor.vector(0.3, 2.0, 9.0)),
                    Derivatives.jacobian(Var::sqrt, Tensor.vector(0.3, 2.0, 9.0)), SAME_FORMULA);
        }
    }
}
