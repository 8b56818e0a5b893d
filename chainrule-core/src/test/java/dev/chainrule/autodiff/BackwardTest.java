package dev.chainrule.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.tensor.Tensor;
import org.junit.jupiter.api.Test;

class BackwardTest {
    @Test
    void productOfAVarWithItselfAccumulatesBothUses() {
        // y = x * x, dy/dx = 2x = 6 at x = 3: the adjoint of x is the sum over both uses.
        Var x = Var.variable(3.0);
        Var y = x.mul(x);
        y.backward();
        assertEquals(9.0, y.item());
        assertEquals(6.0, x.grad().item(), 1e-15);
    }

    @Test
    void linearFunctionHasItsSlopeAsDerivative() {
        // d(ax + b)/dx = a
        Var x = Var.variable(1.7);
        Var y = x.mul(-2.5).add(4.0);
        y.backward();
        assertEquals(-2.5, x.grad().item(), 1e-15);
    }

    @Test
    void secondBackwardOnReleasedRecordingThrowsNamingTheFix() {
        Var x = Var.variable(2.0);
        Var y = x.mul(x).exp();
        y.backward();
        IllegalStateException error = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(error.getMessage().contains("backwardRetaining()"), error.getMessage());
    }

    @Test
    void retainedRecordingSweptTwiceAddsLeafGradientsButNotIntermediateOnes() {
        // y = (x*x)*(x*x) = x^4; each sweep gives 4x^3 = 32 at x = 2, so two sweeps give 64.
        Var x = Var.variable(2.0);
        Var square = x.mul(x);
        Var y = square.mul(square);
        y.backwardRetaining();
        assertEquals(32.0, x.grad().item(), 1e-12);
        y.backwardRetaining();
        assertEquals(64.0, x.grad().item(), 1e-12);
        x.zeroGrad();
        assertNull(x.grad());
        y.backward();
        assertEquals(32.0, x.grad().item(), 1e-12);
    }

    @Test
    void chainOfAMillionOperationsDifferentiatesWithDefaultStack() {
        // y = x + 1e-6 * x repeated: dy/dx = (1 + 1e-6)^n.
        int n = 1_000_000;
        Var x = Var.variable(0.5);
        Var y = x;
        for (int i = 0; i < n; i++) {
            y = y.mul(1.0 + 1e-6);
        }
        y.backward();
        assertEquals(Math.pow(1.0 + 1e-6, n), x.grad().item(), 1e-9);
    }

    @Test
    void hessianOfCubicIsSixX() {
        Tensor h = Derivatives.hessian(v -> v.mul(v).mul(v), Tensor.scalar(2.0));
        assertEquals(12.0, h.item(), 1e-12);
    }
}
