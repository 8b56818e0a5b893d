package dev.chainrule.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chainrule.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * {@code add(c)} and {@code mul(c)} share their primitives between calls with the same
 * constant; sharing must never mix up two constants, not even 0.0 and -0.0, nor constants that
 * land in the same slot of the cache.
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
        // 1000 distinct constants overflow the 64 slots many times over while the graph holds
        // the primitives of all of them.
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
