package dev.chainrule.autodiff;

import static dev.chainrule.autodiff.Tolerances.SAME_FORMULA;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.tensor.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class LinearAlgebraTest {
    /** Hand-worked values: only a few roundings from the exact result. */
    private static void assertClose(String label, Tensor expected, Tensor actual) {
        Tolerances.assertClose(label, expected, actual, SAME_FORMULA);
    }

    private static void assertClose(String label, double expected, double actual) {
        Tolerances.assertClose(label, expected, actual, SAME_FORMULA);
    }

    private static void assertClose(String label, Tensor expected, Tensor actual,
            double relative, double absolute) {
        Tolerances.assertClose(label, expected, actual,
                new Tolerances.Tolerance(relative, absolute));
    }

    private static void assertClose(String label, double expected, double actual,
            double relative, double absolute) {
        Tolerances.assertClose(label, expected, actual,
                new Tolerances.Tolerance(relative, absolute));
    }

    private static final Tensor A = Tensor.matrix(new double[] {1, 2}, new double[] {3, 4});
    private static final Tensor B = Tensor.matrix(new double[] {5, 6}, new double[] {7, 8});

    /** Reference product by the definition, one batch entry: c[i][j] = sum_p a[i][p] b[p][j]. */
    private static double[] naive(double[] a, double[] b, int m, int k, int n) {
        double[] c = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                for (int p = 0; p < k; p++) {
                    c[i * n + j] += a[i * k + p] * b[p * n + j];
                }
            }
        }
        return c;
    }

    @Nested
    class Matmul {
        @Test
        void twoByTwoProductAndGradients() {
            // C = AB; with L = sum(C): dL/dA = 1 B^T (row sums of B), dL/dB = A^T 1.
            Var a = Var.variable(A);
            Var b = Var.variable(B);
            Var c = a.matmul(b);
            assertClose("value", Tensor.matrix(new double[] {19, 22}, new double[] {43, 50}),
                    c.value());
            c.sum().backward();
            assertClose("grad a", Tensor.matrix(new double[] {11, 15}, new double[] {11, 15}),
                    a.grad());
            assertClose("grad b", Tensor.matrix(new double[] {4, 4}, new double[] {6, 6}),
                    b.grad());
        }

        @Test
        void batchedByMatrixBroadcastsTheMatrixAndSumsItsGradient() {
            Tensor left = Tensor.randomNormal(1, 0, 1, 2, 3, 4);
            Tensor right = Tensor.randomNormal(2, 0, 1, 4, 5);
            Var a = Var.variable(left);
            Var b = Var.variable(right);
            Var c = a.matmul(b);
            assertArrayEquals(new int[] {2, 3, 5}, c.shape());
            for (int batch = 0; batch < 2; batch++) {
                double[] slice = left.toArray();
                double[] lhs = Arrays.copyOfRange(slice, batch * 12, batch * 12 + 12);
                Tensor expected = Tensor.of(new int[] {3, 5}, naive(lhs, right.toArray(), 3, 4,
                        5));
                Tensor actual = Tensor.of(new int[] {3, 5},
                        Arrays.copyOfRange(c.value().toArray(), batch * 15,
                                batch * 15 + 15));
                assertClose("batch " + batch, expected, actual);
            }
            c.sum().backward();
            assertArrayEquals(new int[] {4, 5}, b.grad().shape());
            // dL/dB[p][j] = sum over batches and rows of A[., ., p]
            Tensor columnSums = left.sum(new int[] {0, 1}, false).reshape(4, 1);
            assertClose("grad b", columnSums.mul(Tensor.ones(4, 5)), b.grad());
        }

        @Test
        void batchedByBatchedMultipliesPairwise() {
            Tensor left = Tensor.randomNormal(3, 0, 1, 2, 3, 4);
            Tensor right = Tensor.randomNormal(4, 0, 1, 2, 4, 5);
            Tensor product = Var.constant(left).matmul(Var.constant(right)).value();
            assertArrayEquals(new int[] {2, 3, 5}, product.shape());
            for (int batch = 0; batch < 2; batch++) {
                double[] expected = naive(
                        Arrays.copyOfRange(left.toArray(), batch * 12, batch * 12 + 12),
                        Arrays.copyOfRange(right.toArray(), batch * 20,
                                batch * 20 + 20), 3, 4, 5);
                for (int i = 0; i < 15; i++) {
                    assertClose("batch " + batch + " element " + i, expected[i],
                            product.getFlat(batch * 15 + i));
                }
            }
        }

        @Test
        void emptyBatchedProductsHaveTheRightShape() {
            Var a = Var.variable(Tensor.zeros(2, 3, 0));
            Var b = Var.variable(Tensor.zeros(0, 5));
            Var c = a.matmul(b);
            assertArrayEquals(new int[] {2, 3, 5}, c.shape());
            c.sum().backward();
            assertArrayEquals(new int[] {2, 3, 0}, a.grad().shape());
        }

        @Test
        void matrixByVectorGivesAVector() {
            Var a = Var.variable(Tensor.matrix(new double[] {1, 2, 3, 4},
                    new double[] {5, 6, 7, 8}, new double[] {9, 10, 11, 12}));
            Var v = Var.variable(Tensor.vector(1, 0, -1, 2));
            Var y = a.matmul(v);
            assertClose("value", Tensor.vector(6, 14, 22), y.value());
            y.backward(Tensor.vector(1, 1, 1));
            // dL/dv = A^T 1 = column sums
            assertClose("grad v", Tensor.vector(15, 18, 21, 24), v.grad());
            assertClose("grad a", Tensor.matrix(new double[] {1, 0, -1, 2},
                    new double[] {1, 0, -1, 2}, new double[] {1, 0, -1, 2}), a.grad());
        }

        @Test
        void vectorByMatrixGivesAVector() {
            Var y = Var.constant(Tensor.vector(1, 2)).matmul(Var.constant(A));
            assertClose("value", Tensor.vector(7, 10), y.value());
        }

        @Test
        void misalignedShapesNameBothShapes() {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> Var.variable(Tensor.zeros(2, 3)).matmul(Var.variable(
                            Tensor.zeros(4, 5))));
            assertEquals("matmul: shapes [2, 3] and [4, 5] do not align: the first operand's"
                    + " last extent (3) must equal the second operand's second-to-last extent"
                    + " (4)", error.getMessage());
        }

        @Test
        void batchAxesThatDoNotBroadcastAreNamed() {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> Var.variable(Tensor.zeros(2, 3, 4)).matmul(Var.variable(
                            Tensor.zeros(3, 4, 5))));
            assertTrue(error.getMessage().startsWith("matmul: shapes [2, 3, 4] and [3, 4, 5]"
                    + " have batch axes [2] and [3] that do not broadcast"), error.getMessage());
        }

        @Test
        void scalarOperandIsRejected() {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> Var.variable(2.0).matmul(Var.variable(A)));
            assertTrue(error.getMessage().contains("scalars have no matrix product; use mul"),
                    error.getMessage());
        }

        @Test
        void largeProductMatchesTheDefinition() {
            // Larger than one cache block of b, so the blocked loop is exercised.
            int m = 7;
            int k = 700;
            int n = 40;
            Tensor left = Tensor.randomUniform(5, -1, 1, m, k);
            Tensor right = Tensor.randomUniform(6, -1, 1, k, n);
            Tensor expected = Tensor.of(new int[] {m, n},
                    naive(left.toArray(), right.toArray(), m, k, n));
            assertClose("product", expected, left.matmul(right), 1e-12, 1e-12);
        }

        @Test
        void kernelsAgreeWithTheDefinitionForEveryFlagAndAwkwardSizes() {
            // Sizes below, at and past the unrolling by four, and single rows and columns.
            int[] sizes = {1, 2, 3, 5, 9};
            long seed = 100;
            for (int m : sizes) {
                for (int k : sizes) {
                    for (int n : sizes) {
                        Tensor a = Tensor.randomNormal(seed++, 0, 1, m, k);
                        Tensor b = Tensor.randomNormal(seed++, 0, 1, k, n);
                        Tensor expected = Tensor.of(new int[] {m, n},
                                naive(a.toArray(), b.toArray(), m, k, n));
                        String label = "[" + m + ", " + k + "] x [" + k + ", " + n + "]";
                        assertClose(label, expected, a.matmul(b));
                        assertClose(label + " A^T", expected,
                                Tensor.matmul(a.transpose(), true, b, false));
                        assertClose(label + " B^T", expected,
                                Tensor.matmul(a, false, b.transpose(), true));
                        assertClose(label + " both", expected,
                                Tensor.matmul(a.transpose(), true, b.transpose(), true));
                    }
                }
            }
        }

        @Test
        void transposedKernelsAgreeWithExplicitTransposes() {
            Tensor a = Tensor.randomNormal(7, 0, 1, 2, 4, 3);
            Tensor b = Tensor.randomNormal(8, 0, 1, 5, 4);
            Tensor c = Tensor.randomNormal(9, 0, 1, 3, 4);
            assertClose("a^T b^T", a.transpose().matmul(b.transpose()),
                    Tensor.matmul(a, true, b, true));
            Tensor d = Tensor.randomNormal(10, 0, 1, 4, 6);
            assertClose("a^T d", a.transpose().matmul(d), Tensor.matmul(a, true, d, false));
            assertClose("c b^T", c.matmul(b.transpose()), Tensor.matmul(c, false, b, true));
        }
    }

    @Nested
    class DotOuter {
        @Test
        void dotIsTheSumOfProducts() {
            Var a = Var.variable(Tensor.vector(1, 2, 3));
            Var b = Var.variable(Tensor.vector(4, 5, 6));
            Var y = a.dot(b);
            assertEquals(0, y.rank());
            assertClose("value", 32.0, y.item());
            y.backward();
            assertClose("grad a", Tensor.vector(4, 5, 6), a.grad());
            assertClose("grad b", Tensor.vector(1, 2, 3), b.grad());
        }

        @Test
        void dotOfVectorsOfDifferentLengthNamesBothShapes() {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> Var.variable(Tensor.zeros(3)).dot(Var.variable(Tensor.zeros(2))));
            assertEquals("dot: needs two vectors of equal length, got shapes [3] and [2]; use"
                    + " matmul for matrices", error.getMessage());
        }

        @Test
        void outerProductAndGradients() {
            Var a = Var.variable(Tensor.vector(1, 2));
            Var b = Var.variable(Tensor.vector(3, 4, 5));
            Var y = a.outer(b);
            assertClose("value", Tensor.matrix(new double[] {3, 4, 5}, new double[] {6, 8, 10}),
                    y.value());
            y.sum().backward();
            assertClose("grad a", Tensor.vector(12, 12), a.grad());
            assertClose("grad b", Tensor.vector(3, 3, 3), b.grad());
        }
    }

    @Nested
    class Norm {
        @Test
        void normOfThreeFourIsFive() {
            Var x = Var.variable(Tensor.vector(3, 4));
            Var y = x.norm();
            assertClose("value", 5.0, y.item());
            y.backward();
            assertClose("grad", Tensor.vector(0.6, 0.8), x.grad());
        }

        @Test
        void normOfATinyNumberDoesNotUnderflow() {
            Var x = Var.variable(Tensor.vector(1e-200));
            Var y = x.norm();
            assertClose("value", 1e-200, y.item(), 1e-15, 0);
            y.backward();
            assertClose("grad", Tensor.vector(1.0), x.grad());
        }

        @Test
        void normOfHugeNumbersDoesNotOverflow() {
            Var x = Var.variable(Tensor.vector(1e200, 1e200));
            Var y = x.norm();
            assertTrue(Double.isFinite(y.item()));
            assertClose("value", Math.sqrt(2) * 1e200, y.item(), 1e-15, 0);
            y.backward();
            assertClose("grad", Tensor.vector(Math.sqrt(0.5), Math.sqrt(0.5)), x.grad());
        }

        @Test
        void normWithANaNElementIsNaNWhereverTheNaNStands() {
            double nan = Double.NaN;
            double inf = Double.POSITIVE_INFINITY;
            for (Tensor x : new Tensor[] {
                Tensor.vector(nan, inf), Tensor.vector(inf, nan), Tensor.vector(nan, 1),
                Tensor.vector(1, nan), Tensor.vector(nan, 0)
            }) {
                assertTrue(Double.isNaN(Var.variable(x).norm().item()), x.toString());
            }
            assertEquals(inf, Var.variable(Tensor.vector(1, -inf)).norm().item());
        }

        @Test
        void normOfAnEmptyVariableIsZeroWithAnEmptyGradient() {
            Var x = Var.variable(Tensor.zeros(0));
            Var y = x.norm();
            assertEquals(0.0, y.item());
            y.backward();
            assertTrue(x.grad().hasShape(0));
        }

        @Test
        void normAtZeroHasGradientZero() {
            Var x = Var.variable(Tensor.zeros(3));
            Var y = x.norm();
            assertEquals(0.0, y.item());
            y.backward();
            for (int i = 0; i < 3; i++) {
                assertEquals(0.0, x.grad().getFlat(i));
            }
        }

        @Test
        void normHessianIsTheProjectionOverTheNorm() {
            // H = (I - x x^T / |x|^2) / |x|; at (3, 4): (1/5) [[16, -12], [-12, 9]] / 25
            Tensor hessian = Derivatives.hessian(x -> x.norm(), Tensor.vector(3, 4));
            assertClose("hessian", Tensor.of(new int[] {2, 2}, 16, -12, -12, 9).mul(1.0 / 125),
                    hessian);
        }
    }
}
