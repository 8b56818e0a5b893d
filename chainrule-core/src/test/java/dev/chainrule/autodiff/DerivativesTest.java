package dev.chainrule.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chainrule.tensor.Tensor;
import org.junit.jupiter.api.Test;

class DerivativesTest {
    @Test
    void jvpWithAnInputListedTwiceMovesItAlongTheSumOfItsTangents() {
        // y = exp(x^2), dy/dx = 2x exp(x^2) = 4 e^4 at x = 2; tangents 1 and 0.5 add to 1.5.
        Var x = Var.variable(2.0);
        Var y = x.mul(x).exp();
        Var[][] tangents = Derivatives.jvp(new Var[] {y}, new Var[] {x, x},
                new Var[][] {{Var.constant(1.0), Var.constant(0.5)}, {null, Var.constant(1.0)}});
        double slope = 4 * Math.exp(4);
        assertEquals(1.5 * slope, tangents[0][0].item(), 1e-12 * slope);
        assertEquals(slope, tangents[1][0].item(), 1e-12 * slope);
    }

    @Test
    void jvpWithRepeatedInputAmongOthersKeepsEachInputsTangent() {
        // y = a * b: dy = b da + a db; a listed twice with tangents 1 and 2, b with 10.
        Var a = Var.variable(3.0);
        Var b = Var.variable(5.0);
        Var y = a.mul(b);
        Var[][] tangents = Derivatives.jvp(new Var[] {y}, new Var[] {a, b, a},
                new Var[][] {{Var.constant(1.0), Var.constant(10.0), Var.constant(2.0)}});
        assertEquals(5.0 * 3 + 3.0 * 10, tangents[0][0].item(), 1e-12);
    }

    @Test
    void jvpOfRepeatedInputMatchesReverseModeGradient() {
        Var x = Var.variable(Tensor.vector(0.3, -0.8));
        Var y = x.sin().mul(x).sum();
        Tensor gradient = Derivatives.grad(y, x)[0].value();
        Var[][] tangents = Derivatives.jvp(new Var[] {y}, new Var[] {x, x},
                new Var[][] {
                    {Var.constant(Tensor.vector(1, 0)), Var.constant(Tensor.vector(0, 1))}
                });
        assertEquals(gradient.get(0) + gradient.get(1), tangents[0][0].item(), 1e-12);
    }
}
