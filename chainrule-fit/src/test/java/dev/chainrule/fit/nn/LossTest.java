package dev.chainrule.fit.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.Var;
import dev.chainrule.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Loss values in closed form, and their stability at extreme logits. */
class LossTest {
    private static final Var PREDICTION = Var.constant(Tensor.matrix(new double[] {1, -2},
            new double[] {0.5, 3}));
    private static final Tensor TARGET = Tensor.matrix(new double[] {0, 0}, new double[] {0, 1});

    @Test
    void meanSquaredErrorIsTheMeanOfSquaredResiduals() {
        // residuals 1, -2, 0.5, 2: squares 1, 4, 0.25, 4, mean 9.25 / 4
        assertEquals(9.25 / 4, Loss.meanSquaredError().apply(PREDICTION, TARGET).item(), 1e-15);
    }

    @Test
    void meanAbsoluteErrorIsTheMeanOfAbsoluteResiduals() {
        assertEquals(5.5 / 4, Loss.meanAbsoluteError().apply(PREDICTION, TARGET).item(), 1e-15);
    }

    @Test
    void huberIsQuadraticInsideDeltaAndLinearOutside() {
        // delta 1: |r| = 1 -> 0.5; 2 -> 1.5; 0.5 -> 0.125; 2 -> 1.5; mean 3.625 / 4
        assertEquals(3.625 / 4, Loss.huber(1.0).apply(PREDICTION, TARGET).item(), 1e-15);
    }

    @Test
    void binaryCrossEntropyAtLogitZeroIsLnTwo() {
        Var logits = Var.constant(Tensor.zeros(3, 1));
        Tensor labels = Tensor.of(new int[] {3, 1}, 0, 1, 1);

        double loss = Loss.binaryCrossEntropyWithLogits().apply(logits, labels).item();

        assertEquals(Math.log(2), loss, 1e-15);
    }

    @Test
    void binaryCrossEntropyStaysFiniteAtExtremeLogits() {
        // A confident wrong answer costs |z|; a confident right one costs e^-|z|, about 0.
        Var logits = Var.constant(Tensor.of(new int[] {2, 1}, 1000, -1000));
        Tensor labels = Tensor.of(new int[] {2, 1}, 0, 0);

        double loss = Loss.binaryCrossEntropyWithLogits().apply(logits, labels).item();

        assertEquals(500, loss, 1e-12);
    }

    @Test
    void softmaxCrossEntropyStaysFiniteAtExtremeLogits() {
        Var logits = Var.constant(Tensor.matrix(new double[] {1000, 0, -1000}));

        double right = Loss.softmaxCrossEntropy().apply(logits, Tensor.vector(0)).item();
        double wrong = Loss.softmaxCrossEntropy().apply(logits, Tensor.vector(2)).item();

        assertEquals(0, right, 1e-12);
        assertEquals(2000, wrong, 1e-9);
    }

    @Test
    void softmaxCrossEntropyAcceptsIndicesOrProbabilities() {
        Var logits = Var.constant(Tensor.matrix(new double[] {1, 2, 3}, new double[] {0, 0, 1}));
        Tensor indices = Tensor.vector(2, 0);
        Tensor oneHot = Tensor.matrix(new double[] {0, 0, 1}, new double[] {1, 0, 0});

        double fromIndices = Loss.softmaxCrossEntropy().apply(logits, indices).item();
        double fromRows = Loss.softmaxCrossEntropy().apply(logits, oneHot).item();

        assertEquals(fromRows, fromIndices, 1e-15);
        assertTrue(fromIndices > 0);
    }

    @Test
    void softmaxCrossEntropyRejectsAnIndexOutOfRange() {
        Var logits = Var.constant(Tensor.matrix(new double[] {1, 2}));

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Loss.softmaxCrossEntropy().apply(logits, Tensor.vector(2)));

        assertEquals("cross-entropy: target 2.0 in row 0 is not a class index in 0..1",
                error.getMessage());
    }

    @Test
    void mismatchedShapesAreRejectedWithBothShapes() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Loss.meanSquaredError().apply(PREDICTION, Tensor.zeros(2, 3)));

        assertEquals("mse: prediction has shape [2, 2] but target has shape [2, 3]",
                error.getMessage());
    }
}
