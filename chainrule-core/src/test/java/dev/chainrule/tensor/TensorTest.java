package dev.chainrule.tensor;

import static dev.chainrule.tensor.TensorAssert.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.BinaryOperator;
import java.util.function.DoubleBinaryOperator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TensorTest {
    private static final Tensor MATRIX = Tensor.matrix(
            new double[] {1, 2, 3},
            new double[] {4, 5, 6});

    private static String errorOf(Runnable action) {
        return assertThrows(IllegalArgumentException.class, action::run).getMessage();
    }

    @Nested
    class Factories {
        @Test
        void arangeRejectsNonFiniteEndsAndRangesTooLongForAnArray() {
            assertEquals("arange: start and stop must be finite, got 0.0 and NaN",
                    errorOf(() -> Tensor.arange(0, Double.NaN, 1)));
            assertTrue(errorOf(() -> Tensor.arange(0, 1e10, 1))
                    .contains("more than a Java array can hold"));
            assertTrue(errorOf(() -> Tensor.arange(0, Double.POSITIVE_INFINITY, 1))
                    .contains("must be finite"));
        }

        @Test
        void scalarHasRankZeroAndOneElement() {
            Tensor scalar = Tensor.scalar(2.5);
            assertEquals(0, scalar.rank());
            assertEquals(1, scalar.size());
            assertTrue(scalar.isScalar());
            assertEquals(2.5, scalar.item());
        }

        @Test
        void vectorAndMatrixCopyTheirInput() {
            double[] values = {1, 2};
            Tensor vector = Tensor.vector(values);
            values[0] = 99;
            assertEquals(1.0, vector.get(0));
            assertArrayEquals(new int[] {2, 3}, MATRIX.shape());
            assertEquals(6.0, MATRIX.get(1, 2));
        }

        @Test
        void matrixWithRaggedRowsNamesTheRow() {
            assertEquals("matrix: row 1 has 1 elements but row 0 has 2",
                    errorOf(() -> Tensor.matrix(new double[] {1, 2}, new double[] {3})));
        }

        @Test
        void ofChecksTheElementCount() {
            assertEquals("of: shape [2, 2] needs 4 elements but 3 were given",
                    errorOf(() -> Tensor.of(new int[] {2, 2}, 1, 2, 3)));
        }

        @Test
        void zerosOnesFull() {
            assertClose("zeros", Tensor.of(new int[] {2}, 0, 0), Tensor.zeros(2));
            assertClose("ones", Tensor.of(new int[] {1, 2}, 1, 1), Tensor.ones(1, 2));
            assertClose("full", Tensor.of(new int[] {3}, 7, 7, 7), Tensor.full(7, 3));
        }

        @Test
        void arangeAndLinspace() {
            assertClose("arange", Tensor.vector(0, 1, 2, 3), Tensor.arange(4));
            assertClose("arange step", Tensor.vector(1, 1.5, 2, 2.5), Tensor.arange(1, 3, 0.5));
            assertClose("linspace", Tensor.vector(0, 0.25, 0.5, 0.75, 1),
                    Tensor.linspace(0, 1, 5));
            assertEquals("arange: step must be finite and non-zero, got 0.0",
                    errorOf(() -> Tensor.arange(0, 1, 0)));
        }

        @Test
        void seededRandomTensorsAreReproducible() {
            assertEquals(Tensor.randomNormal(7, 0, 1, 3, 2), Tensor.randomNormal(7, 0, 1, 3, 2));
            assertNotEquals(Tensor.randomNormal(7, 0, 1, 3), Tensor.randomNormal(8, 0, 1, 3));
            Tensor uniform = Tensor.randomUniform(3, -2, 5, 1000);
            for (int i = 0; i < uniform.size(); i++) {
                assertTrue(uniform.getFlat(i) >= -2 && uniform.getFlat(i) < 5);
            }
        }

        @Test
        void getOutsideTheShapeNamesIndexAndShape() {
            IndexOutOfBoundsException error = assertThrows(IndexOutOfBoundsException.class,
                    () -> MATRIX.get(2, 0));
            assertEquals("get: index [2, 0] is outside shape [2, 3]", error.getMessage());
        }
    }

    @Nested
    class Printing {
        @Test
        void nestedBracketsByAxis() {
            assertEquals("[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]", MATRIX.toString());
            assertEquals("[1.0, 2.0]", Tensor.vector(1, 2).toString());
            assertEquals("2.5", Tensor.scalar(2.5).toString());
            assertEquals("[[[0.0], [1.0]]]", Tensor.arange(2).reshape(1, 2, 1).toString());
        }

        @Test
        void largeTensorsAreSummarisedByShape() {
            assertEquals("Tensor(shape=[100, 20], 2000 elements)",
                    Tensor.zeros(100, 20).toString());
        }
    }

    @Nested
    class Comparison {
        @Test
        void equalsTellsZeroFromNegativeZeroButAllCloseDoesNot() {
            Tensor negativeZero = Tensor.vector(-0.0, Double.NaN);
            assertFalse(negativeZero.equals(Tensor.vector(0.0, Double.NaN)));
            assertTrue(negativeZero.equals(Tensor.vector(-0.0, Double.NaN)));
            assertTrue(negativeZero.allClose(Tensor.vector(0.0, Double.NaN), 0, 0));
        }

        @Test
        void allCloseUsesRelativeAndAbsoluteTolerance() {
            Tensor a = Tensor.vector(1000, 0);
            assertTrue(a.allClose(Tensor.vector(1000.5, 1e-9), 1e-3, 1e-8));
            assertFalse(a.allClose(Tensor.vector(1002, 0), 1e-3, 1e-8));
            assertFalse(a.allClose(Tensor.vector(1000, 1e-7), 1e-3, 1e-8));
        }

        @Test
        void allCloseNeedsEqualShapesAndMatchingSpecialValues() {
            assertFalse(Tensor.zeros(2).allClose(Tensor.zeros(2, 1), 1, 1));
            Tensor special = Tensor.vector(Double.NaN, Double.POSITIVE_INFINITY);
            assertTrue(special.allClose(special, 0, 0));
            assertFalse(special.allClose(Tensor.vector(Double.NaN, 1e308), 1, 1));
            assertFalse(Tensor.vector(Double.NaN).allClose(Tensor.vector(0), 1, 1));
        }
    }

    @Nested
    class Broadcasting {
        private final Tensor column = Tensor.of(new int[] {2, 1}, 10, 20);
        private final Tensor row = Tensor.vector(1, 2, 4);

        /** Every elementwise binary op against the definition, for several shape pairs. */
        private void checkOperation(String name, BinaryOperator<Tensor> operation,
                DoubleBinaryOperator definition) {
            Tensor[][] pairs = {
                {MATRIX, MATRIX}, {MATRIX, row}, {row, MATRIX}, {column, row},
                {MATRIX, Tensor.scalar(3)}, {Tensor.scalar(3), MATRIX},
                {Tensor.scalar(2), Tensor.scalar(5)}, {Tensor.arange(6).reshape(2, 1, 3), column}
            };
            for (Tensor[] pair : pairs) {
                Tensor result = operation.apply(pair[0], pair[1]);
                int[] shape = Shape.broadcast(pair[0].shape(), pair[1].shape(), name);
                assertArrayEquals(shape, result.shape());
                Tensor left = pair[0].broadcastTo(shape);
                Tensor right = pair[1].broadcastTo(shape);
                double[] expected = new double[result.size()];
                for (int i = 0; i < expected.length; i++) {
                    expected[i] = definition.applyAsDouble(left.getFlat(i), right.getFlat(i));
                }
                assertClose(name + " of " + Shape.toString(pair[0].shape()) + " and "
                        + Shape.toString(pair[1].shape()), Tensor.of(shape, expected), result);
            }
        }

        @Test
        void addBroadcasts() {
            checkOperation("add", Tensor::add, (a, b) -> a + b);
        }

        @Test
        void subBroadcasts() {
            checkOperation("sub", Tensor::sub, (a, b) -> a - b);
        }

        @Test
        void mulBroadcasts() {
            checkOperation("mul", Tensor::mul, (a, b) -> a * b);
        }

        @Test
        void divBroadcasts() {
            checkOperation("div", Tensor::div, (a, b) -> a / b);
        }

        @Test
        void zipBroadcasts() {
            checkOperation("hypot", (a, b) -> a.zip(b, "hypot", Math::hypot), Math::hypot);
        }

        @Test
        void columnPlusRowIsTheOuterSum() {
            assertClose("sum", Tensor.matrix(new double[] {11, 12, 14},
                    new double[] {21, 22, 24}), column.add(row));
        }

        @Test
        void incompatibleShapesNameBothShapesAndTheOperation() {
            String[] names = {"add", "sub", "mul", "div"};
            Tensor other = Tensor.zeros(4);
            BinaryOperator<Tensor>[] operations = operations();
            for (int i = 0; i < names.length; i++) {
                BinaryOperator<Tensor> operation = operations[i];
                assertEquals(names[i] + ": shapes [2, 3] and [4] cannot be broadcast together"
                        + " (axis 1 of the result would need 3 and 4; each pair of aligned"
                        + " extents must be equal or 1)",
                        errorOf(() -> operation.apply(MATRIX, other)));
            }
            assertTrue(errorOf(() -> MATRIX.zip(other, "atan2", Math::atan2))
                    .startsWith("atan2: shapes [2, 3] and [4] cannot be broadcast"));
        }

        @SuppressWarnings("unchecked")
        private BinaryOperator<Tensor>[] operations() {
            return new BinaryOperator[] {
                (BinaryOperator<Tensor>) Tensor::add, (BinaryOperator<Tensor>) Tensor::sub,
                (BinaryOperator<Tensor>) Tensor::mul, (BinaryOperator<Tensor>) Tensor::div
            };
        }
    }

    @Nested
    class Reductions {
        private final Tensor cube = Tensor.arange(24).reshape(2, 3, 4);

        @Test
        void sumOverEachAxisCombination() {
            assertClose("all", Tensor.scalar(276), cube.sum());
            assertClose("axis 0", Tensor.arange(12).mul(2).add(12).reshape(3, 4),
                    cube.sum(new int[] {0}, false));
            assertClose("axes 0, 2 kept", Tensor.of(new int[] {1, 3, 1}, 60, 92, 124),
                    cube.sum(new int[] {2, 0}, true));
            assertClose("last axis", Tensor.of(new int[] {2, 3}, 6, 22, 38, 54, 70, 86),
                    cube.sum(new int[] {-1}, false));
        }

        @Test
        void maxMinProdAlongAxes() {
            assertClose("max", Tensor.vector(20, 21, 22, 23),
                    cube.max(new int[] {0, 1}, false));
            assertClose("min", Tensor.of(new int[] {2, 1, 1}, 0, 12),
                    cube.min(new int[] {1, 2}, true));
            assertClose("prod", Tensor.vector(0, 840),
                    Tensor.arange(8).reshape(2, 4).prod(new int[] {1}, false));
        }

        @Test
        void maxPropagatesNaN() {
            assertTrue(Double.isNaN(Tensor.vector(1, Double.NaN, 3).max(null, false).item()));
        }

        @Test
        void emptyReductionsGiveTheirIdentity() {
            assertClose("sum", Tensor.zeros(2), Tensor.zeros(2, 0).sum(new int[] {1}, false));
            assertClose("prod", Tensor.ones(2), Tensor.zeros(2, 0).prod(new int[] {1}, false));
        }

        @Test
        void logsumexpOverAxesWithoutElementsIsMinusInfinity() {
            // ln of the empty sum: ln 0 = -inf in every group, kept or dropped.
            assertClose("dropped", Tensor.full(Double.NEGATIVE_INFINITY, 2),
                    Tensor.zeros(2, 0).logsumexp(new int[] {1}, false));
            assertClose("kept", Tensor.full(Double.NEGATIVE_INFINITY, 2, 1),
                    Tensor.zeros(2, 0).logsumexp(new int[] {-1}, true));
            assertEquals(Double.NEGATIVE_INFINITY,
                    Tensor.zeros(0).logsumexp(null, false).item());
        }

        @Test
        void axisOfAScalarIsRejectedSayingScalarsHaveNoAxes() {
            String message = errorOf(() -> Tensor.scalar(3).sum(new int[] {0}, false));
            assertEquals("sum: axis 0 does not exist: a scalar (rank 0) has no axes; reshape it"
                    + " to [1] first", message);
        }

        @Test
        void logsumexpIsShiftedByTheMaximum() {
            assertClose("large", Tensor.scalar(1000 + Math.log(2)),
                    Tensor.vector(1000, 1000).logsumexp(null, false));
            assertClose("small", Tensor.scalar(-1000 + Math.log(2)),
                    Tensor.vector(-1000, -1000).logsumexp(null, false));
            assertEquals(Double.POSITIVE_INFINITY,
                    Tensor.vector(1, Double.POSITIVE_INFINITY).logsumexp(null, false).item());
        }

        @Test
        void reducingAScalarReturnsItUnchanged() {
            Tensor scalar = Tensor.scalar(4);
            assertSame(scalar, scalar.sum());
            assertSame(scalar, scalar.max(null, true));
        }
    }

    @Nested
    class Layout {
        @Test
        void permuteOfThreeAxes() {
            Tensor cube = Tensor.arange(24).reshape(2, 3, 4);
            Tensor moved = cube.permute(1, 2, 0);
            assertArrayEquals(new int[] {3, 4, 2}, moved.shape());
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 3; j++) {
                    for (int k = 0; k < 4; k++) {
                        assertEquals(cube.get(i, j, k), moved.get(j, k, i));
                    }
                }
            }
        }

        @Test
        void sliceAndPadAreInverse() {
            Tensor sliced = MATRIX.slice(1, 1, 2);
            assertClose("slice", Tensor.of(new int[] {2, 1}, 2, 5), sliced);
            assertClose("pad", Tensor.matrix(new double[] {0, 2, 0}, new double[] {0, 5, 0}),
                    sliced.pad(1, 1, 1));
        }

        @Test
        void gatherAndScatterAddAlongAxisOne() {
            Tensor gathered = MATRIX.gather(1, 2, 2, 0);
            assertClose("gather", Tensor.matrix(new double[] {3, 3, 1},
                    new double[] {6, 6, 4}), gathered);
            assertClose("scatterAdd", Tensor.matrix(new double[] {1, 0, 6},
                    new double[] {4, 0, 12}), gathered.scatterAdd(1, new int[] {2, 2, 0}, 3));
        }

        @Test
        void concatAlongTheFirstAxis() {
            assertClose("concat", Tensor.arange(9).reshape(3, 3), Tensor.concat(0,
                    Tensor.arange(3).reshape(1, 3), Tensor.arange(3, 9, 1).reshape(2, 3)));
        }

        @Test
        void concatOfScalarsIsRejected() {
            assertEquals("concat: scalars have no axis to join along; use stack",
                    errorOf(() -> Tensor.concat(0, Tensor.scalar(1), Tensor.scalar(2))));
        }
    }

    @Nested
    class MatrixProduct {
        @Test
        void twoByThreeTimesThreeByTwo() {
            Tensor product = MATRIX.matmul(MATRIX.transpose());
            assertClose("product", Tensor.matrix(new double[] {14, 32}, new double[] {32, 77}),
                    product);
        }

        @Test
        void oneDimensionalOperandsFollowNumPy() {
            assertClose("matrix-vector", Tensor.vector(14, 32),
                    MATRIX.matmul(Tensor.vector(1, 2, 3)));
            assertClose("vector-matrix", Tensor.vector(5, 7, 9),
                    Tensor.vector(1, 1).matmul(MATRIX));
            assertClose("vector-vector", Tensor.scalar(14),
                    Tensor.vector(1, 2, 3).matmul(Tensor.vector(1, 2, 3)));
            assertArrayEquals(new int[] {2, 3},
                    Tensor.matmulShape(new int[] {2, 3, 4}, new int[] {4}));
            assertArrayEquals(new int[] {5, 2, 3, 6},
                    Tensor.matmulShape(new int[] {2, 3, 4}, new int[] {5, 1, 4, 6}));
        }

        @Test
        void vectorOfTheWrongLengthNamesItsLength() {
            assertEquals("matmul: shapes [2, 3] and [2] do not align: the first operand's last"
                    + " extent (3) must equal the second operand's length (2)",
                    errorOf(() -> MATRIX.matmul(Tensor.vector(1, 2))));
        }

        @Test
        void emptyInnerAxisGivesZeros() {
            assertClose("empty", Tensor.zeros(2, 3), Tensor.zeros(2, 0).matmul(
                    Tensor.zeros(0, 3)));
        }
    }
}
