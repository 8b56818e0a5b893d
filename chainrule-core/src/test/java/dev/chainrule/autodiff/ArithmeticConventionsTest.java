package dev.chainrule.autodiff;

import static dev.chainrule.autodiff.Tolerances.SAME_FORMULA;
import static dev.chainrule.autodiff.Tolerances.assertClose;
import static dev.chainrule.autodiff.Tolerances.assertExactlyZero;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.tensor.ElementwiseKernels;
import dev.chainrule.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The conventions of the arithmetic primitives at awkward points (issue 2, section 5): powers at
 * base 0 and of negative bases, ties of minimum and maximum, clamp at its bounds, and where()
 * never letting an unselected branch leak inf or NaN into a gradient.
 */
class ArithmeticConventionsTest {
    private static double reverse(Function<Var, Var> function, double x) {
        return Derivatives.grad(function, Tensor.scalar(x)).item();
    }

    private static double forward(Function<Var, Var> function, double x) {
        return Derivatives.jvp(function, Tensor.scalar(x), Tensor.scalar(1.0)).item();
    }

    private static double second(Function<Var, Var> function, double x) {
        return Derivatives.hessian(function, Tensor.scalar(x)).item();
    }

    @Nested
    class PowerWithConstantExponent {
        @Test
        void squareAtZeroHasDerivativeZeroAndSecondDerivativeTwo() {
            assertExactlyZero("d/dx x^2 at 0, reverse", reverse(x -> x.pow(2), 0.0));
            assertExactlyZero("d/dx x^2 at 0, forward", forward(x -> x.pow(2), 0.0));
            assertEquals(2.0, second(x -> x.pow(2), 0.0));
        }

        @Test
        void zerothPowerHasDerivativeZeroEverywhereIncludingZero() {
            for (double x : new double[] {0.0, -3.0, 2.5}) {
                assertEquals(1.0, Var.constant(x).pow(0).item());
                assertExactlyZero("d/dx x^0 at " + x, reverse(v -> v.pow(0), x));
                assertExactlyZero("forward d/dx x^0 at " + x, forward(v -> v.pow(0), x));
            }
        }

        @Test
        void higherPowersAtZeroHaveZeroDerivativesNeverNan() {
            for (int n = 2; n <= 6; n++) {
                int exponent = n;
                assertExactlyZero("d/dx x^" + n + " at 0", reverse(x -> x.pow(exponent), 0.0));
                assertExactlyZero("forward d/dx x^" + n, forward(x -> x.pow(exponent), 0.0));
            }
            assertExactlyZero("d2/dx2 x^3 at 0", second(x -> x.pow(3), 0.0));
            assertEquals(1.0, reverse(x -> x.pow(1), 0.0));
        }

        @Test
        void integerPowersOfNegativeBasesAreDefined() {
            // (-2)^3 = -8, d/dx = 3x^2 = 12; (-2)^2 = 4, d/dx = 2x = -4; (-2)^-1 = -0.5,
            // d/dx = -x^-2 = -0.25; (-2)^-2 = 0.25, d/dx = -2x^-3 = 0.25
            assertEquals(-8.0, Var.constant(-2.0).pow(3).item());
            assertClose("d/dx x^3", 12.0, reverse(x -> x.pow(3), -2.0), SAME_FORMULA);
            assertClose("d/dx x^2", -4.0, reverse(x -> x.pow(2), -2.0), SAME_FORMULA);
            assertClose("d/dx x^-1", -0.25, reverse(x -> x.pow(-1), -2.0), SAME_FORMULA);
            assertClose("d/dx x^-2", 0.25, forward(x -> x.pow(-2), -2.0), SAME_FORMULA);
            assertClose("d2/dx2 x^3 = 6x", -12.0, second(x -> x.pow(3), -2.0), SAME_FORMULA);
        }

        @Test
        void sumOfSquaresAtTheZeroVectorHasGradientExactlyZero() {
            Tensor zeros = Tensor.zeros(4);
            Tensor bySquare = Derivatives.grad(x -> x.square().sumTo(), zeros);
            Tensor byPower = Derivatives.grad(x -> x.pow(2).sumTo(), zeros);
            Tensor byProduct = Derivatives.grad(x -> x.mul(x).sumTo(), zeros);
            for (int i = 0; i < 4; i++) {
                assertExactlyZero("square, element " + i, bySquare.getFlat(i));
                assertExactlyZero("pow 2, element " + i, byPower.getFlat(i));
                assertExactlyZero("x * x, element " + i, byProduct.getFlat(i));
            }
        }

        @Test
        void fractionalPowerAtZeroHasInfiniteDerivativeLikeSqrt() {
            assertEquals(Double.POSITIVE_INFINITY, reverse(x -> x.pow(0.5), 0.0));
        }
    }

    @Nested
    class PowerWithTensorExponent {
        @Test
        void derivativeWithRespectToExponentAtBaseZeroIsZeroNotNan() {
            // d/dy x^y = x^y ln x, taken as 0 at x = 0
            Derivatives.ValueAndGrad result = Derivatives.valueAndGrad(
                    in -> in[0].pow(in[1]), Tensor.scalar(0.0), Tensor.scalar(2.0));
            assertExactlyZero("0^2", result.value().item());
            assertExactlyZero("d/dx x^y at (0, 2)", result.gradients()[0].item());
            assertExactlyZero("d/dy x^y at (0, 2)", result.gradients()[1].item());
        }

        @Test
        void derivativeWithRespectToBaseAtZeroExponentIsZeroEvenAtBaseZero() {
            // d/dx x^0 = 0 * x^-1, which is 0 * inf at x = 0: taken as 0.
            Derivatives.ValueAndGrad result = Derivatives.valueAndGrad(
                    in -> in[0].pow(in[1]), Tensor.scalar(0.0), Tensor.scalar(0.0));
            assertEquals(1.0, result.value().item());
            assertExactlyZero("d/dx x^y at (0, 0)", result.gradients()[0].item());
            assertExactlyZero("d/dy x^y at (0, 0)", result.gradients()[1].item());
        }

        @Test
        void bothPartialDerivativesMatchTheTextbookAtAPositiveBase() {
            // x^y at (2, 3): d/dx = 3 * 2^2 = 12, d/dy = 8 ln 2
            Derivatives.ValueAndGrad result = Derivatives.valueAndGrad(
                    in -> in[0].pow(in[1]), Tensor.scalar(2.0), Tensor.scalar(3.0));
            assertClose("d/dx", 12.0, result.gradients()[0].item(), SAME_FORMULA);
            assertClose("d/dy", 8 * Math.log(2), result.gradients()[1].item(), SAME_FORMULA);
        }

        @Test
        void integerTensorExponentOfANegativeBaseHasAFiniteBaseDerivative() {
            Var x = Var.variable(-2.0);
            Var y = x.pow(Var.constant(3.0));
            y.backward();
            assertEquals(-8.0, y.item());
            assertClose("d/dx", 12.0, x.grad().item(), SAME_FORMULA);
        }
    }

    @Nested
    class MinimumMaximumAndClamp {
        @Test
        void maximumOfAVarWithItselfHasDerivativeOne() {
            assertEquals(1.0, reverse(x -> x.maximum(x), 1.5));
            assertEquals(1.0, forward(x -> x.minimum(x), 1.5));
        }

        @Test
        void tiesSplitTheGradientEvenlyBetweenTheOperands() {
            Tensor tie = Tensor.scalar(0.75);
            Tensor[] maximum =
                    Derivatives.valueAndGrad(in -> in[0].maximum(in[1]), tie, tie).gradients();
            Tensor[] minimum =
                    Derivatives.valueAndGrad(in -> in[0].minimum(in[1]), tie, tie).gradients();
            assertEquals(0.5, maximum[0].item());
            assertEquals(0.5, maximum[1].item());
            assertEquals(0.5, minimum[0].item());
            assertEquals(0.5, minimum[1].item());
        }

        @Test
        void withoutATieTheSelectedOperandGetsEverything() {
            Tensor[] gradients = Derivatives.valueAndGrad(in -> in[0].maximum(in[1]).sumTo(),
                    Tensor.vector(1, 5), Tensor.vector(3, 2)).gradients();
            assertEquals(Tensor.vector(0, 1), gradients[0]);
            assertEquals(Tensor.vector(1, 0), gradients[1]);
        }

        @Test
        void clampPassesTheGradientInsideAndAtTheBoundsAndBlocksItOutside() {
            Tensor gradient = Derivatives.grad(x -> x.clamp(-1, 1).sumTo(),
                    Tensor.vector(-2, -1, 0, 1, 2));
            assertEquals(Tensor.vector(0, 1, 1, 1, 0), gradient);
        }

        @Test
        void clampWithCrossedBoundsIsRejected() {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> Var.variable(0.0).clamp(2, 1));
            assertEquals("clamp: low bound 2.0 must not exceed high bound 1.0",
                    error.getMessage());
        }
    }

    @Nested
    class WhereNeverLeaksFromTheUnselectedBranch {
        @Test
        void sqrtBranchAtZeroAndBelowGivesExactlyZero() {
            Function<Var, Var> guarded = x -> Var.where(x.gt(0), x.sqrt(), Var.constant(0.0));
            for (double x : new double[] {0.0, -1.0, -1e-300}) {
                assertExactlyZero("reverse at " + x, reverse(guarded, x));
                assertExactlyZero("forward at " + x, forward(guarded, x));
                assertExactlyZero("second at " + x, second(guarded, x));
            }
        }

        @Test
        void entropyTermXLogXAtZeroGivesExactlyZero() {
            // x ln x has the limit 0 at 0; its branch value there is 0 * -inf = NaN and ln's
            // adjoint would be 0 * -inf: neither may reach the gradient.
            Function<Var, Var> entropy =
                    x -> Var.where(x.gt(0), x.mul(x.log()), Var.constant(0.0));
            assertExactlyZero("reverse at 0", reverse(entropy, 0.0));
            assertExactlyZero("forward at 0", forward(entropy, 0.0));
            assertExactlyZero("second at 0", second(entropy, 0.0));
            assertClose("d/dx x ln x at e", 2.0, reverse(entropy, Math.E), SAME_FORMULA);
        }

        @Test
        void overflowingExponentialInTheUnselectedBranchGivesExactlyZero() {
            Function<Var, Var> capped = x -> Var.where(x.lt(700), x.exp(), x.mul(0.0));
            assertExactlyZero("reverse at 1000", reverse(capped, 1000.0));
            assertExactlyZero("forward at 1000", forward(capped, 1000.0));
        }

        @Test
        void divisionByZeroInTheUnselectedBranchGivesExactlyZero() {
            Function<Var, Var> guarded =
                    x -> Var.where(x.gt(0), x.reciprocal().add(x.rdiv(2.0)), x);
            assertEquals(1.0, reverse(guarded, 0.0));
            assertEquals(1.0, forward(guarded, 0.0));
        }

        @Test
        void logOfNegativeInTheUnselectedBranchGivesExactlyZeroThroughProducts() {
            // ln(x)^2 at x = -1 is NaN, with NaN derivatives inside the product rule.
            Function<Var, Var> guarded =
                    x -> Var.where(x.gt(0), x.log().mul(x.log()), x.square());
            assertClose("selected branch x^2 at -1", -2.0, reverse(guarded, -1.0),
                    SAME_FORMULA);
            assertClose("forward", -2.0, forward(guarded, -1.0), SAME_FORMULA);
        }
        @Test
        void logsumexpProdAndNormAtInfinitiesInTheUnselectedBranchGiveExactlyZero() {
            // Their local derivatives (softmax, product of the others, x / |x|) are NaN at
            // these points: inf / inf, 0 * inf, 0 / 0.
            double inf = Double.POSITIVE_INFINITY;
            Map<String, Function<Var, Var>> reductions = new LinkedHashMap<>();
            reductions.put("logsumexp", Var::logsumexp);
            reductions.put("prod", Var::prod);
            reductions.put("norm", Var::norm);
            Tensor[] points = {
                Tensor.vector(inf, 0), Tensor.vector(-inf, -inf), Tensor.vector(inf, inf)
            };
            for (Map.Entry<String, Function<Var, Var>> entry : reductions.entrySet()) {
                Function<Var, Var> off = x -> Var.where(
                        Tensor.scalar(0), entry.getValue().apply(x), x.sum().mul(0.5));
                for (Tensor point : points) {
                    String label = entry.getKey() + " at " + point;
                    Tensor gradient = Derivatives.grad(off, point);
                    assertEquals(Tensor.vector(0.5, 0.5), gradient, label);
                    Tensor tangent = Derivatives.jvp(off, point, Tensor.vector(1, 1));
                    assertEquals(Tensor.scalar(1.0), tangent, label + " forward");
                }
            }
        }
    }

    @Nested
    class MultiplyWithoutNan {
        @Test
        void zeroTimesInfinityOrNanIsZero() {
            Tensor product = ElementwiseKernels.mulNoNan(Tensor.vector(0, 0, 2, Double.NaN),
                    Tensor.vector(Double.POSITIVE_INFINITY, Double.NaN, 3, 1));
            assertExactlyZero("0 * inf", product.getFlat(0));
            assertExactlyZero("0 * NaN", product.getFlat(1));
            assertEquals(6.0, product.getFlat(2));
            assertTrue(Double.isNaN(product.getFlat(3)));
        }

        @Test
        void broadcastsLikeMultiplication() {
            Tensor a = Tensor.matrix(new double[] {0, 1}, new double[] {2, 0});
            Tensor b = Tensor.vector(Double.POSITIVE_INFINITY, 4);
            assertEquals(Tensor.matrix(new double[] {0, 4}, new double[] {
                Double.POSITIVE_INFINITY, 0}), ElementwiseKernels.mulNoNan(a, b));
            assertEquals(Tensor.matrix(new double[] {0, 0}, new double[] {0, 0}),
                    ElementwiseKernels.mulNoNan(Tensor.scalar(0), a));
        }

        @Test
        void incompatibleShapesAreRejectedNamingBoth() {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> ElementwiseKernels.mulNoNan(Tensor.zeros(2, 3), Tensor.zeros(4)));
            assertTrue(error.getMessage().contains("[2, 3]"), error.getMessage());
            assertTrue(error.getMessage().contains("[4]"), error.getMessage());
            assertFalse(error.getMessage().isEmpty());
        }
    }
}
