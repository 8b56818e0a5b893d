package dev.chainrule.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chainrule.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * {@code add(c)} and {@code mul(c)} carry their constant in the primitive; each node must keep
 * its own, even 0.0 apart from -0.0, and among many constants in one graph.
 */
class ConstantOpsTest {
    @Test
    void multiplyingByZeroAndByMinusZeroKeepTheirSigns() {
        Var x = Var.variable(Tensor.scalar(3.0));

        Var byZero = x.mul(0.0);
        Var byMinusZero = x.mul(-0.0);

        assertEquals(0x0L, Double.doubleToRawLongBits(byZero.item()));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(
                byMinusZero.item()));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(
                Derivatives.grad(byMinusZero, x)[0].item()));
    }

    @Test
    void manyConstantsInOneGraphEachKeepTheirOwnDerivative() {
        Var x = Var.variable(Tensor.scalar(2.0));
        Var total = Var.constant(0.0);
        double expected = 0.0;
        for (int i = 1; i <= 1000; i++) {
            double c = 1.0 / i;
            total = total.add(x.mul(c).add(c));
            expected += c;
        }

        double gradient = Derivatives.grad(total, x)[0].item();

        assertEquals(expected, gradient, 1e-12 * expected);
        assertEquals(2.0 * expected + expected, total.item(), 1e-12 * expected);
    }
}
