package dev.chainrule.autodiff;

import static dev.chainrule.autodiff.Tolerances.SAME_FORMULA;
import static dev.chainrule.autodiff.Tolerances.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chainrule.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The tensor example offered for the README, run as written: a linear layer with softmax
 * cross-entropy, and the stable forms. The expected gradient is worked out independently in
 * the comment: dL/dlogits = (softmax - targets) / batch, dL/dw = x^T dL/dlogits.
 */
class TensorOpsExampleTest {
    @Test
    void softmaxCrossEntropyOfALinearLayerHasTheTextbookGradient() {
        Var x = Var.constant(Tensor.matrix(new double[] {1, 2}, new double[] {3, -1}));
        Var w = Var.variable(Tensor.matrix(
                new double[] {0.5, -0.5, 0}, new double[] {0.1, 0.2, 0.3}));
        Var b = Var.variable(Tensor.zeros(3));
        Var targets = Var.constant(Tensor.matrix(
                new double[] {1, 0, 0}, new double[] {0, 0, 1}));
        Var loss = x.matmul(w).add(b).logSoftmax(-1).mul(targets).sum().neg().div(2);
        loss.backward();

        Tensor logits = x.value().matmul(w.value());
        Tensor softmax = logits.sub(logits.logsumexp(new int[] {1}, true)).map(Math::exp);
        Tensor dLogits = softmax.sub(targets.value()).mul(0.5);
        double expectedLoss = -logits.sub(logits.logsumexp(new int[] {1}, true))
                .mul(targets.value()).sum().item() / 2;
        assertClose("loss", expectedLoss, loss.item(), SAME_FORMULA);
        assertClose("dL/dw", x.value().transpose().matmul(dLogits), w.grad(), SAME_FORMULA);
        assertClose("dL/db", dLogits.sum(new int[] {0}, false), b.grad(), SAME_FORMULA);
    }

    @Test
    void stableFormsGiveExactHalvesAndAFiniteNorm() {
        Var big = Var.variable(Tensor.vector(1000, 1000));
        Var logsumexp = big.logsumexp();
        logsumexp.backward();
        assertClose("logsumexp", 1000 + Math.log(2), logsumexp.item(), SAME_FORMULA);
        assertEquals(Tensor.vector(0.5, 0.5), big.grad());

        Var huge = Var.variable(Tensor.vector(1e200, 1e200));
        Var norm = huge.norm();
        norm.backward();
        assertClose("norm", Math.sqrt(2) * 1e200, norm.item(), SAME_FORMULA);
        assertClose("grad", Tensor.vector(Math.sqrt(0.5), Math.sqrt(0.5)), huge.grad(),
                SAME_FORMULA);
    }
}
