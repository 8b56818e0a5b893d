package dev.chainrule.autodiff;

import static dev.chainrule.autodiff.Tolerances.SAME_FORMULA;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.tensor.Tensor;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ReductionsTest {
    /** Hand-worked values: only a few roundings from the exact result. */
    private static void assertClose(String label, Tensor expected, Tensor actual) {
        Tolerances.assertClose(label, expected, actual, SAME_FORMULA);
    }

    private static void assertClose(String label, double expected, double actual) {
        Tolerances.assertClose(label, expected, actual, SAME_FORMULA);
    }

    private static final Tensor MATRIX = Tensor.matrix(
            new double[] {1, 2, 3},
            new double[] {4, 5, 6});

    private static Tensor gradOf(Var output, Var input) {
        output.backward();
        return input.grad();
    }

    @Nested
    class Sum {
        @Test
        void sumOfAllElementsHasGradientOne() {
            Var x = Var.variable(MATRIX);
            Var y = x.sum();
            assertClose("value", 21.0, y.item());
            assertClose("grad", Tensor.ones(2, 3), gradOf(y, x));
        }

        @Test
        void sumAlongRowsKeepingDimsHasShapeTwoByOne() {
            Var x = Var.variable(MATRIX);
            Var y = x.sum(new int[] {-1}, true);
            assertClose("value", Tensor.of(new int[] {2, 1}, 6, 15), y.value());
            y.backward(Tensor.of(new int[] {2, 1}, 10, 100));
            assertClose("grad", Tensor.matrix(new double[] {10, 10, 10},
                    new double[] {100, 100, 100}), x.grad());
        }

        @Test
        void sumAlongColumnsDropsTheAxis() {
            Var y = Var.variable(MATRIX).sum(new int[] {0}, false);
            assertClose("value", Tensor.vector(5, 7, 9), y.value());
        }

        @Test
        void sumOfAScalarIsTheSameVar() {
            Var x = Var.variable(2.5);
            assertSame(x, x.sum());
            assertSame(x, x.mean());
            assertSame(x, x.max());
        }

        @Test
        void sumOverARepeatedAxisNamesTheAxisAndTheFix() {
            Var x = Var.variable(MATRIX);
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> x.sum(new int[] {1, -1}, false));
            assertEquals("sum: axis 1 appears twice in axes [1, -1]; list each axis once",
                    error.getMessage());
        }

        @Test
        void sumOverAnAxisOutOfRangeNamesTheRank() {
            Var x = Var.variable(MATRIX);
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> x.sum(new int[] {2}, false));
            assertEquals("sum: axis 2 is out of range for a tensor of rank 2 (use 0..1 or"
                    + " -2..-1)", error.getMessage());
        }

        @Test
        void squaredNormAtZeroHasGradientExactlyZero() {
            Var x = Var.variable(Tensor.zeros(3));
            Tensor grad = gradOf(x.square().sum(), x);
            for (int i = 0; i < 3; i++) {
                assertEquals(0.0, grad.getFlat(i));
            }
        }
    }

    @Nested
    class Mean {
        @Test
        void meanAlongAxisDividesTheGradientByTheCount() {
            Var x = Var.variable(MATRIX);
            Var y = x.mean(new int[] {1}, false);
            assertClose("value", Tensor.vector(2, 5), y.value());
            y.backward(Tensor.vector(3, 6));
            assertClose("grad", Tensor.matrix(new double[] {1, 1, 1}, new double[] {2, 2, 2}),
                    x.grad());
        }

        @Test
        void meanOfAllElements() {
            Var x = Var.variable(MATRIX);
            Var y = x.mean();
            assertClose("value", 3.5, y.item());
            assertClose("grad", Tensor.full(1.0 / 6, 2, 3), gradOf(y, x));
        }
    }

    @Nested
    class MaxMin {
        @Test
        void maxSendsTheGradientToTheLargestElement() {
            Var x = Var.variable(Tensor.vector(3, 7, 5));
            Var y = x.max();
            assertClose("value", 7.0, y.item());
            assertClose("grad", Tensor.vector(0, 1, 0), gradOf(y, x));
        }

        @Test
        void maxWithTiesSplitsTheGradientEvenly() {
            Var x = Var.variable(Tensor.vector(2, 7, 7, 7));
            assertClose("grad", Tensor.vector(0, 1.0 / 3, 1.0 / 3, 1.0 / 3),
                    gradOf(x.max(), x));
        }

        @Test
        void minAlongAxisWithTieSplitsPerRow() {
            Var x = Var.variable(Tensor.matrix(new double[] {4, 1, 1}, new double[] {0, 5, 6}));
            Var y = x.min(new int[] {1}, true);
            assertClose("value", Tensor.of(new int[] {2, 1}, 1, 0), y.value());
            y.backward(Tensor.ones(2, 1));
            assertClose("grad", Tensor.matrix(new double[] {0, 0.5, 0.5},
                    new double[] {1, 0, 0}), x.grad());
        }

        @Test
        void maxForwardModeAtATieIsTheMeanOfTheTiedTangents() {
            Tensor tangent = Derivatives.jvp(x -> x.max(), Tensor.vector(7, 7, 1),
                    Tensor.vector(1, 3, 100));
            assertClose("tangent", 2.0, tangent.item());
        }

        @Test
        void maxOfAnEmptyAxisIsRejected() {
            Var x = Var.variable(Tensor.zeros(2, 0));
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> x.max(new int[] {1}, false));
            assertTrue(error.getMessage().startsWith("max: cannot reduce tensor of shape [2, 0]"),
                    error.getMessage());
        }
    }

    @Nested
    class Prod {
        @Test
        void prodGradientIsTheProductOfTheOthers() {
            // d(abc)/da = bc = 12, d/db = ac = 8, d/dc = ab = 6
            Var x = Var.variable(Tensor.vector(2, 3, 4));
            Var y = x.prod();
            assertClose("value", 24.0, y.item());
            assertClose("grad", Tensor.vector(12, 8, 6), gradOf(y, x));
        }

        @Test
        void prodWithOneZeroHasExactGradient() {
            // Only the zero's partial derivative survives: 3 * 4 = 12.
            Var x = Var.variable(Tensor.vector(0, 3, 4));
            assertClose("grad", Tensor.vector(12, 0, 0), gradOf(x.prod(), x));
        }

        @Test
        void prodWithTwoZerosHasZeroGradientWithoutNaN() {
            Var x = Var.variable(Tensor.vector(0, 0, 4));
            assertClose("grad", Tensor.vector(0, 0, 0), gradOf(x.prod(), x));
        }

        @Test
        void prodHessianWithTwoZerosIsExact() {
            // f = x0 x1 x2 at (0, 0, 4): d2f/dx0dx1 = x2 = 4, every other entry is 0.
            Tensor hessian = Derivatives.hessian(x -> x.prod(), Tensor.vector(0, 0, 4));
            assertClose("hessian", Tensor.of(new int[] {3, 3}, 0, 4, 0, 4, 0, 0, 0, 0, 0),
                    hessian);
        }

        @Test
        void prodAlongTheFirstAxisOfAMatrix() {
            Var x = Var.variable(MATRIX);
            Var y = x.prod(new int[] {0}, false);
            assertClose("value", Tensor.vector(4, 10, 18), y.value());
            y.backward(Tensor.ones(3));
            assertClose("grad", Tensor.matrix(new double[] {4, 5, 6}, new double[] {1, 2, 3}),
                    x.grad());
        }
    }

    @Nested
    class LogSumExp {
        @Test
        void logsumexpOfLargeEqualValuesIsStable() {
            Var x = Var.variable(Tensor.vector(1000, 1000));
            Var y = x.logsumexp();
            assertClose("value", 1000 + Math.log(2), y.item());
            Tensor grad = gradOf(y, x);
            // exactly one half: e^0 / (e^0 + e^0)
            assertEquals(0.5, grad.getFlat(0));
            assertEquals(0.5, grad.getFlat(1));
        }

        @Test
        void logsumexpOfAllMinusInfinityIsMinusInfinity() {
            Var x = Var.constant(Tensor.full(Double.NEGATIVE_INFINITY, 3));
            assertEquals(Double.NEGATIVE_INFINITY, x.logsumexp().item());
        }

        @Test
        void logsumexpAndSoftmaxOverAnEmptyAxisGiveMinusInfinityAndEmptyResults() {
            Var x = Var.variable(Tensor.zeros(2, 0));
            Var y = x.logsumexp(new int[] {1}, false);
            assertClose("value", Tensor.full(Double.NEGATIVE_INFINITY, 2), y.value());
            y.backward(Tensor.ones(2));
            assertTrue(x.grad().hasShape(2, 0), java.util.Arrays.toString(x.grad().shape()));
            assertTrue(x.softmax(1).value().hasShape(2, 0));
            assertTrue(x.logSoftmax(-1).value().hasShape(2, 0));
        }

        @Test
        void softmaxOverPlusInfinityIsItsLimitWithDerivativeZero() {
            double inf = Double.POSITIVE_INFINITY;
            Tensor x = Tensor.matrix(new double[] {inf, 0, inf}, new double[] {1, 2, 3});
            Tensor p = Var.constant(x).softmax(1).value();
            double[] finite = softmax(new double[] {1, 2, 3});
            assertClose("softmax", Tensor.matrix(new double[] {0.5, 0, 0.5}, finite), p);
            Tensor jacobian = Derivatives.jacobian(v -> v.softmax(1), x);
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 2; k++) {
                    for (int l = 0; l < 3; l++) {
                        assertEquals(0.0, jacobian.get(0, j, k, l), "row 0 is saturated");
                    }
                }
            }
            assertClose("logsumexp gradient", Tensor.vector(1, 0),
                    Derivatives.grad(Var::logsumexp, Tensor.vector(inf, 0)));
            assertTrue(Double.isNaN(
                    Var.constant(Tensor.vector(inf, Double.NaN)).softmax(0).value().get(0)));
        }

        @Test
        void logsumexpAlongAxisMatchesTheDefinition() {
            Var y = Var.constant(MATRIX).logsumexp(new int[] {1}, false);
            assertClose("value", Tensor.vector(
                    Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3)),
                    Math.log(Math.exp(4) + Math.exp(5) + Math.exp(6))), y.value());
        }

        @Test
        void logsumexpHessianIsDiagonalOfSoftmaxMinusOuterProduct() {
            // H = diag(p) - p p^T with p = softmax(x)
            Tensor x = Tensor.vector(0.5, -1, 2);
            double[] p = softmax(x.toArray());
            double[] expected = new double[9];
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    expected[i * 3 + j] = (i == j ? p[i] : 0) - p[i] * p[j];
                }
            }
            assertClose("hessian", Tensor.of(new int[] {3, 3}, expected),
                    Derivatives.hessian(v -> v.logsumexp(), x));
        }
    }

    @Nested
    class Softmax {
        @Test
        void softmaxRowsSumToOneAndMatchTheDefinition() {
            Var y = Var.constant(MATRIX).softmax(1);
            double[] row = softmax(new double[] {1, 2, 3});
            assertClose("value", Tensor.matrix(row, row), y.value());
        }

        @Test
        void logSoftmaxOfLargeLogitsIsFinite() {
            Var x = Var.variable(Tensor.vector(1000, 0, -1000));
            Var y = x.logSoftmax(0);
            assertClose("value", Tensor.vector(0, -1000, -2000), y.value());
            y.backward(Tensor.vector(1, 0, 0));
            // d log p_0 / dx = e_0 - p, with p = (1, 0, 0) to double precision
            assertClose("grad", Tensor.vector(0, 0, 0), x.grad());
        }

        @Test
        void softmaxOfLargeEqualLogitsGivesExactlyEqualShares() {
            Var x = Var.variable(Tensor.vector(1000, 1000, -1000));
            Tensor p = x.softmax(0).value();
            assertEquals(0.5, p.getFlat(0));
            assertEquals(0.5, p.getFlat(1));
            assertEquals(0.0, p.getFlat(2));
        }

        @Test
        void softmaxOfAScalarIsRejected() {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> Var.variable(1.0).softmax(0));
            assertTrue(error.getMessage().startsWith("softmax: needs a tensor with at least"),
                    error.getMessage());
        }
    }

    static double[] softmax(double[] x) {
        double total = 0;
        double[] p = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            p[i] = Math.exp(x[i]);
            total += p[i];
        }
        for (int i = 0; i < x.length; i++) {
            p[i] /= total;
        }
        return p;
    }
}
