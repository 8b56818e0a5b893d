package dev.chainrule.autodiff;

import static dev.chainrule.autodiff.Tolerances.FINITE_DIFFERENCE;
import static dev.chainrule.autodiff.Tolerances.SAME_FORMULA;
import static dev.chainrule.autodiff.Tolerances.SECOND_ORDER;
import static dev.chainrule.autodiff.Tolerances.assertClose;
import static dev.chainrule.autodiff.Tolerances.assertPasses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * A primitive added from outside the engine, by value and derivative rules only: the cube of
 * {@link Primitive}'s class documentation, here in full. Written with var operations, its rules
 * give reverse mode, forward mode and every higher order with nothing more.
 */
class CustomPrimitiveTest {
    /** x^3 elementwise; local derivative 3x^2. */
    static final class Cube extends Primitive {
        Cube() {
            super("cube");
        }

        @Override
        public Tensor forward(Tensor[] in) {
            return in[0].mul(in[0]).mul(in[0]);
        }

        // d(x^3)/dx = 3x^2
        @Override
        public Var[] vjp(Var grad, Var out, Var[] in) {
            return new Var[] {grad.mul(in[0].square().mul(3))};
        }

        @Override
        public Var jvp(Var[] tangents, Var out, Var[] in) {
            return tangents[0].mul(in[0].square().mul(3));
        }
    }

    private static Var cube(Var x) {
        return new Cube().apply(x);
    }

    @Test
    void reverseModeGivesThreeXSquared() {
        Var x = Var.variable(-1.5);
        Var y = cube(x);
        y.backward();
        assertEquals(-3.375, y.item());
        assertClose("3x^2", 6.75, x.grad().item(), SAME_FORMULA);
    }

    @Test
    void forwardModeGivesThreeXSquaredTimesTheTangent() {
        Tensor tangent = Derivatives.jvp(CustomPrimitiveTest::cube, Tensor.vector(1, -2, 0.5),
                Tensor.vector(1, 10, -2));
        assertClose("3x^2 t", Tensor.vector(3, 120, -1.5), tangent, SAME_FORMULA);
    }

    @Test
    void secondAndThirdDerivativesComeFromRecordingTheRules() {
        // (x^3)'' = 6x, (x^3)''' = 6
        Tensor hessian = Derivatives.hessian(v -> cube(v).sumTo(), Tensor.vector(0.5, -2));
        assertClose("diag(6x)", Tensor.matrix(new double[] {3, 0}, new double[] {0, -12}),
                hessian, SAME_FORMULA);

        Var x = Var.variable(0.8);
        Var third = Derivatives.derivative(
                u -> Derivatives.derivative(v -> Derivatives.derivative(
                        CustomPrimitiveTest::cube, v), u), x);
        assertClose("6", 6.0, third.item(), SAME_FORMULA);
    }

    @Test
    void insideACompositionItMatchesFiniteDifferencesInEveryMode() {
        // sin(cube(x) * x) + cube(tanh(x)): the custom op mixes with built-in ones.
        Tensor x = Tensor.vector(0.3, -0.9, 1.1);
        assertPasses(GradientCheck.check(v -> cube(v).mul(v).sin().add(cube(v.tanh())), x),
                FINITE_DIFFERENCE);
        assertPasses(GradientCheck.checkHessian(
                v -> cube(v).mul(v).sin().add(cube(v.tanh())).sumTo(), x), SECOND_ORDER);
    }

    @Test
    void itAgreesWithTheBuiltInPower() {
        Tensor x = Tensor.vector(-1.2, 0.0, 2.5);
        assertClose("jacobian vs pow(3)", Derivatives.jacobian(v -> v.pow(3), x),
                Derivatives.jacobian(CustomPrimitiveTest::cube, x), SAME_FORMULA);
    }

    @Test
    void explanationsSeeItsName() {
        Var y = cube(Var.variable(2.0));
        assertEquals("cube", y.op().name());
        assertEquals("Var(cube, 8.0)", y.toString());
    }

    @Test
    void aPrimitiveWithoutANameIsRejectedWhenConstructed() {
        for (String name : new String[] {null, " "}) {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> new Primitive(name) {
                        @Override
                        public Tensor forward(Tensor[] in) {
                            return in[0];
                        }

                        @Override
                        public Var[] vjp(Var grad, Var out, Var[] in) {
                            return new Var[] {grad};
                        }

                        @Override
                        public Var jvp(Var[] t, Var out, Var[] in) {
                            return t[0];
                        }
                    });
            assertTrue(error.getMessage().startsWith("Primitive: name must be a non-blank"),
                    error.getMessage());
        }
    }
}
