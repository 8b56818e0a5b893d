package dev.chainrule.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.chainrule.tensor.Tensor;
import java.util.function.Function;
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

    @Test
    void derivativesOfFunctionsInsideANoGradScopeAreNotZero() {
        // f(x) = sum x^2: gradient 2x, Jacobian of x^2 is diag(2x).
        Tensor x = Tensor.vector(1, 2);
        Function<Var, Var> squares = Var::square;
        try (GradMode.Scope scope = GradMode.noGrad()) {
            assertEquals(Tensor.vector(2, 4), Derivatives.grad(v -> v.square().sum(), x));
            Tensor[] gradients = Derivatives.valueAndGrad(
                    v -> v[0].mul(v[1]), Tensor.scalar(4), Tensor.scalar(3)).gradients();
            assertEquals(Tensor.scalar(3), gradients[0]);
            assertEquals(Tensor.scalar(4), gradients[1]);
            assertEquals(Tensor.vector(2, 8), Derivatives.vjp(squares, x, Tensor.vector(1, 2)));
            assertEquals(Tensor.vector(2, 8), Derivatives.jvp(squares, x, Tensor.vector(1, 2)));
            assertEquals(Tensor.matrix(new double[] {2, 0}, new double[] {0, 4}),
                    Derivatives.jacobian(squares, x));
            assertFalse(GradMode.isEnabled());
        }
    }

    @Test
    void vjpWithASeedOfTheWrongShapeNamesVjpAndBothShapes() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Derivatives.vjp(Var::square, Tensor.vector(1, 2), Tensor.vector(1)));
        assertEquals("vjp: seed shape [1] differs from the function's output shape [2]; pass a"
                + " seed of the output's shape", error.getMessage());
    }
}
