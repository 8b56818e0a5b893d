package dev.chainrule.autodiff;

import static dev.chainrule.autodiff.Tolerances.SAME_FORMULA;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.chainrule.tensor.Tensor;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ShapesTest {
    private static final Tensor MATRIX = Tensor.matrix(
            new double[] {1, 2, 3},
            new double[] {4, 5, 6});

    private static void assertClose(String label, Tensor expected, Tensor actual) {
        Tolerances.assertClose(label, expected, actual, SAME_FORMULA);
    }

    private static String errorOf(Runnable action) {
        return assertThrows(IllegalArgumentException.class, action::run).getMessage();
    }

    @Nested
    class TransposeAndPermute {
        @Test
        void transposeSwapsTheLastTwoAxesAndItsGradientSwapsBack() {
            Var x = Var.variable(MATRIX);
            Var y = x.transpose();
            assertClose("value", Tensor.matrix(new double[] {1, 4}, new double[] {2, 5},
                    new double[] {3, 6}), y.value());
            y.backward(Tensor.matrix(new double[] {1, 2}, new double[] {3, 4},
                    new double[] {5, 6}));
            assertClose("grad", Tensor.matrix(new double[] {1, 3, 5}, new double[] {2, 4, 6}),
                    x.grad());
        }

        @Test
        void transposeOfAVectorIsTheSameVar() {
            Var x = Var.variable(Tensor.vector(1, 2));
            assertSame(x, x.transpose());
        }

        @Test
        void permuteMovesTheAxes() {
            Var x = Var.variable(Tensor.arange(24).reshape(2, 3, 4));
            Var y = x.permute(2, 0, 1);
            assertArrayEquals(new int[] {4, 2, 3}, y.shape());
            // y[k][i][j] = x[i][j][k]
            assertEquals(x.value().get(1, 2, 3), y.value().get(3, 1, 2));
            assertEquals(x.value().get(0, 1, 2), y.value().get(2, 0, 1));
        }

        @Test
        void permuteWithARepeatedAxisExplainsTheRule() {
            Var x = Var.variable(MATRIX);
            assertEquals("permute: order [0, 0] is not a permutation of the axes 0..1 of shape"
                    + " [2, 3]; list every axis exactly once", errorOf(() -> x.permute(0, 0)));
        }
    }

    @Nested
    class Slice {
        @Test
        void sliceTakesAHalfOpenRangeAndPadsTheGradientWithZeros() {
            Var x = Var.variable(MATRIX);
            Var y = x.slice(1, 1, 3);
            assertClose("value", Tensor.matrix(new double[] {2, 3}, new double[] {5, 6}),
                    y.value());
            y.backward(Tensor.matrix(new double[] {10, 20}, new double[] {30, 40}));
            assertClose("grad", Tensor.matrix(new double[] {0, 10, 20},
                    new double[] {0, 30, 40}), x.grad());
        }

        @Test
        void sliceOutsideTheAxisNamesRangeAxisAndShape() {
            Var x = Var.variable(MATRIX);
            assertEquals("slice: range [2, 5) is outside axis 1 of shape [2, 3]; need"
                    + " 0 <= start <= end <= 3", errorOf(() -> x.slice(1, 2, 5)));
        }

        @Test
        void sliceOfAScalarIsRejected() {
            assertEquals("slice: a scalar has no axis; reshape it to [1] first",
                    errorOf(() -> Var.variable(1.0).slice(0, 0, 1)));
        }
    }

    @Nested
    class Gather {
        @Test
        void gatherWithRepeatedIndicesScatterAddsTheGradient() {
            Var x = Var.variable(Tensor.vector(10, 20, 30));
            Var y = x.gather(0, 2, 0, 2, 2);
            assertClose("value", Tensor.vector(30, 10, 30, 30), y.value());
            y.backward(Tensor.vector(1, 2, 3, 4));
            assertClose("grad", Tensor.vector(2, 0, 8), x.grad());
        }

        @Test
        void gatherRowsOfAMatrix() {
            Var x = Var.variable(MATRIX);
            Var y = x.gather(0, 1, 1);
            assertClose("value", Tensor.matrix(new double[] {4, 5, 6}, new double[] {4, 5, 6}),
                    y.value());
            y.sum().backward();
            assertClose("grad", Tensor.matrix(new double[] {0, 0, 0}, new double[] {2, 2, 2}),
                    x.grad());
        }

        @Test
        void gatherWithAnIndexOutOfRangeNamesItsPosition() {
            Var x = Var.variable(MATRIX);
            assertEquals("gather: index 3 at position 1 is outside axis 1 of shape [2, 3]"
                    + " (valid: 0..2)", errorOf(() -> x.gather(1, 0, 3)));
        }
    }

    @Nested
    class ConcatAndStack {
        @Test
        void concatAlongColumnsAndSplitTheGradient() {
            Var a = Var.variable(MATRIX);
            Var b = Var.variable(Tensor.matrix(new double[] {7}, new double[] {8}));
            Var y = Var.concat(1, a, b);
            assertClose("value", Tensor.matrix(new double[] {1, 2, 3, 7},
                    new double[] {4, 5, 6, 8}), y.value());
            y.backward(Tensor.arange(8).reshape(2, 4));
            assertClose("grad a", Tensor.matrix(new double[] {0, 1, 2}, new double[] {4, 5, 6}),
                    a.grad());
            assertClose("grad b", Tensor.matrix(new double[] {3}, new double[] {7}), b.grad());
        }

        @Test
        void concatWithAConstantPartGivesGradientOnlyToTheVariable() {
            Var a = Var.variable(Tensor.vector(1, 2));
            Var y = Var.concat(0, Var.constant(Tensor.vector(9)), a);
            y.backward(Tensor.vector(5, 6, 7));
            assertClose("grad", Tensor.vector(6, 7), a.grad());
        }

        @Test
        void concatOfMismatchedShapesNamesBothShapesAndTheAxis() {
            Var a = Var.variable(MATRIX);
            Var b = Var.variable(Tensor.zeros(3, 1));
            assertEquals("concat: part 1 has shape [3, 1] but part 0 has shape [2, 3]; along"
                    + " axis 1 all parts must have the same rank and agree on every other axis",
                    errorOf(() -> Var.concat(1, a, b)));
        }

        @Test
        void stackAddsANewAxis() {
            Var a = Var.variable(Tensor.vector(1, 2));
            Var b = Var.variable(Tensor.vector(3, 4));
            Var first = Var.stack(0, a, b);
            assertClose("axis 0", Tensor.matrix(new double[] {1, 2}, new double[] {3, 4}),
                    first.value());
            Var last = Var.stack(-1, a, b);
            assertClose("axis -1", Tensor.matrix(new double[] {1, 3}, new double[] {2, 4}),
                    last.value());
            last.backward(Tensor.matrix(new double[] {1, 2}, new double[] {3, 4}));
            assertClose("grad a", Tensor.vector(1, 3), a.grad());
            assertClose("grad b", Tensor.vector(2, 4), b.grad());
        }

        @Test
        void stackOfDifferentShapesNamesThem() {
            assertEquals("stack: part 1 has shape [3] but part 0 has shape [2]; stacked parts"
                    + " must all have the same shape", errorOf(() -> Var.stack(0,
                            Var.variable(Tensor.zeros(2)), Var.variable(Tensor.zeros(3)))));
        }

        @Test
        void stackAlongAnAxisOutOfRangeNamesThePartsRankAndTheValidAxes() {
            Var a = Var.variable(Tensor.zeros(2));
            assertEquals("stack: axis 3 is out of range for parts of rank 1, whose result has"
                    + " rank 2 (use 0..1 or -2..-1)", errorOf(() -> Var.stack(3, a, a)));
            assertEquals("stack: axis -3 is out of range for parts of rank 1, whose result has"
                    + " rank 2 (use 0..1 or -2..-1)", errorOf(() -> Var.stack(-3, a, a)));
        }
    }

    @Nested
    class BroadcastAndReshape {
        @Test
        void broadcastToSumsTheGradientBack() {
            Var x = Var.variable(Tensor.vector(1, 2, 3));
            Var y = x.broadcastTo(2, 3);
            y.backward(Tensor.arange(6).reshape(2, 3));
            assertClose("grad", Tensor.vector(3, 5, 7), x.grad());
        }

        @Test
        void broadcastToAnIncompatibleShapeNamesBothShapes() {
            assertEquals("broadcastTo: shape [3] cannot be broadcast to [2, 4]",
                    errorOf(() -> Var.variable(Tensor.zeros(3)).broadcastTo(2, 4)));
        }

        @Test
        void arithmeticOnVarsOfIncompatibleShapesNamesBothShapesAndTheOperation() {
            Var a = Var.variable(MATRIX);
            Var b = Var.variable(Tensor.zeros(2));
            assertEquals("mul: shapes [2, 3] and [2] cannot be broadcast together (axis 1 of the"
                    + " result would need 3 and 2; each pair of aligned extents must be equal or"
                    + " 1)", errorOf(() -> a.mul(b)));
        }

        @Test
        void reshapeGradientHasTheInputShape() {
            Var x = Var.variable(MATRIX);
            Var y = x.reshape(3, -1);
            assertArrayEquals(new int[] {3, 2}, y.shape());
            y.backward(Tensor.arange(6).reshape(3, 2));
            assertClose("grad", Tensor.arange(6).reshape(2, 3), x.grad());
        }
    }
}
