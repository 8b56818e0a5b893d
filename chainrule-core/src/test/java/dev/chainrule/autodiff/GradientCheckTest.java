package dev.chainrule.autodiff;

import static dev.chainrule.autodiff.Tolerances.FINITE_DIFFERENCE;
import static dev.chainrule.autodiff.Tolerances.SECOND_ORDER;
import static dev.chainrule.autodiff.Tolerances.assertClose;
import static dev.chainrule.autodiff.Tolerances.assertPasses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.GradientCheckReport.Comparison;
import dev.chainrule.autodiff.GradientCheckReport.Mode;
import dev.chainrule.tensor.Tensor;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Scale;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class GradientCheckTest {
    /**
     * x^2 with a reverse rule that may be wrong: its vjp returns {@code reverseFactor * x}
     * times the adjoint and its jvp {@code forwardFactor * x} times the tangent (2 and 2 are
     * correct).
     */
    private static final class FaultySquare extends Primitive {
        private final double reverseFactor;
        private final double forwardFactor;

        FaultySquare(double reverseFactor, double forwardFactor) {
            super("faultySquare");
            this.reverseFactor = reverseFactor;
            this.forwardFactor = forwardFactor;
        }

        @Override
        public Tensor forward(Tensor[] in) {
            return in[0].mul(in[0]);
        }

        @Override
        public Var[] vjp(Var grad, Var out, Var[] in) {
            return new Var[] {grad.mul(in[0]).mul(reverseFactor)};
        }

        @Override
        public Var jvp(Var[] t, Var out, Var[] in) {
            return t[0].mul(in[0]).mul(forwardFactor);
        }
    }

    /**
     * x^2 whose rules are right to first order but use the derivative's value as a constant, so
     * a recorded backward pass cannot differentiate them: the second derivative comes out 0.
     */
    private static final class ConstantDerivativeSquare extends Primitive {
        ConstantDerivativeSquare() {
            super("constantDerivativeSquare");
        }

        @Override
        public Tensor forward(Tensor[] in) {
            return in[0].mul(in[0]);
        }

        @Override
        public Var[] vjp(Var grad, Var out, Var[] in) {
            return new Var[] {grad.mul(Var.constant(in[0].value().mul(2.0)))};
        }

        @Override
        public Var jvp(Var[] t, Var out, Var[] in) {
            return t[0].mul(Var.constant(in[0].value().mul(2.0)));
        }
    }

    private static Set<Mode> modesOf(List<Comparison> comparisons) {
        Set<Mode> modes = EnumSet.noneOf(Mode.class);
        for (Comparison comparison : comparisons) {
            modes.add(comparison.mode());
        }
        return modes;
    }

    @Nested
    class CorrectDerivatives {
        @Test
        void scalarFunctionPassesInEveryMode() {
            // f(x) = e^(x^2), f'(x) = 2x e^(x^2)
            GradientCheckReport report =
                    GradientCheck.check(x -> x.mul(x).exp(), Tensor.scalar(0.7));

            assertPasses(report, FINITE_DIFFERENCE);
            assertEquals(EnumSet.of(Mode.REVERSE, Mode.FORWARD, Mode.DIRECTIONAL,
                    Mode.INNER_PRODUCT), modesOf(report.comparisons()));
            Comparison reverse = report.comparisons().get(0);
            assertClose("reverse derivative", 2 * 0.7 * Math.exp(0.49), reverse.analytic(),
                    Tolerances.SAME_FORMULA);
            assertTrue(report.worstRelativeError() < 1e-8, report::toString);
        }

        @Test
        void vectorOutputIsCheckedThroughARandomProjection() {
            // f(x) = x e^x elementwise: a diagonal Jacobian, checked entry by entry via w . J.
            Tensor x = Tensor.vector(-1.5, 0.25, 2.0, 3.5);
            GradientCheckReport report = GradientCheck.check(v -> v.mul(v.exp()), x);

            assertPasses(report, FINITE_DIFFERENCE);
            assertEquals(2 * 4 + 2, report.comparisons().size());
        }

        @Test
        void severalInputsWithBroadcastingAreEachChecked() {
            // f(a, b) = a b / (b + 3), with b of shape [3] broadcast against a of shape [2, 3]
            Tensor a = Tensor.matrix(new double[] {1, -2, 0.5}, new double[] {3, 0.1, -1});
            Tensor b = Tensor.vector(0.3, 1.7, -0.9);
            GradientCheckReport report = GradientCheck.check(
                    in -> in[0].mul(in[1]).div(in[1].add(3.0)), new Tensor[] {a, b});

            assertPasses(report, FINITE_DIFFERENCE);
            long fromB = report.comparisons().stream().filter(c -> c.input() == 1).count();
            assertEquals(2 * 3, fromB);
        }

        @Test
        void inputThatDoesNotReachTheOutputHasZeroDerivativeInEveryMode() {
            GradientCheckReport report = GradientCheck.check(in -> in[0].exp(),
                    new Tensor[] {Tensor.vector(0.1, 0.2), Tensor.vector(3, 4)});

            assertPasses(report, FINITE_DIFFERENCE);
            for (Comparison comparison : report.comparisons()) {
                if (comparison.input() == 1) {
                    assertEquals(0.0, comparison.analytic());
                    assertEquals(0.0, comparison.reference());
                }
            }
        }

        @Test
        void constantFunctionPassesWithAllDerivativesZero() {
            GradientCheckReport report =
                    GradientCheck.check(x -> Var.constant(Tensor.vector(1, 2)), Tensor.scalar(3));

            assertPasses(report, FINITE_DIFFERENCE);
            assertEquals(0.0, report.worstRelativeError());
        }

        @Test
        void largeInputsUseAStepScaledToTheirMagnitude() {
            // f(x) = x^3 at x = 1e4: f' = 3e8; an absolute step of 6e-6 would lose 8 digits.
            GradientCheckReport report =
                    GradientCheck.check(x -> x.mul(x).mul(x), Tensor.scalar(1e4));

            assertPasses(report, FINITE_DIFFERENCE);
            assertClose("step", 1e4 * Math.cbrt(Math.ulp(1.0)),
                    report.comparisons().get(0).step(), new Tolerances.Tolerance(1e-9, 0));
        }

        @Test
        void sameSeedGivesTheSameReport() {
            Tensor x = Tensor.vector(0.2, -0.4, 1.1);
            GradientCheckReport first = GradientCheck.check(v -> v.exp().mul(v), x, 7);
            GradientCheckReport second = GradientCheck.check(v -> v.exp().mul(v), x, 7);

            assertEquals(first.comparisons(), second.comparisons());
        }
    }

    @Nested
    class WrongDerivatives {
        @Test
        void wrongReverseRuleFailsInReverseModeAndTheInnerProductOnly() {
            // d(x^2)/dx = 3 at x = 1.5; the faulty reverse rule says 1.5 * 3 = 4.5.
            GradientCheckReport report = GradientCheck.check(
                    x -> new FaultySquare(3.0, 2.0).apply(x), Tensor.scalar(1.5));

            assertFalse(report.passes(1e-6, 1e-8), report::toString);
            List<Comparison> failures = report.failures(1e-6, 1e-8);
            assertEquals(EnumSet.of(Mode.REVERSE, Mode.INNER_PRODUCT), modesOf(failures));
            Comparison reverse = failures.stream()
                    .filter(c -> c.mode() == Mode.REVERSE).findFirst().orElseThrow();
            assertClose("wrong analytic", 4.5, reverse.analytic(), Tolerances.SAME_FORMULA);
            assertClose("numeric", 3.0, reverse.reference(), FINITE_DIFFERENCE);
            assertEquals(0.5, report.worstRelativeError(), 1e-6);
        }

        @Test
        void wrongForwardRuleFailsInForwardModes() {
            GradientCheckReport report = GradientCheck.check(
                    x -> new FaultySquare(2.0, 2.5).apply(x), Tensor.scalar(-0.8));

            assertEquals(EnumSet.of(Mode.FORWARD, Mode.DIRECTIONAL, Mode.INNER_PRODUCT),
                    modesOf(report.failures(1e-6, 1e-8)));
        }

        @Test
        void wrongRuleInsideACompositionWithVectorOutputIsLocatedByElement() {
            // Only element 2 of x reaches the faulty square; element 2 is where reverse fails.
            Tensor x = Tensor.vector(0.5, 1.0, 1.5);
            Tensor onlyLast = Tensor.vector(0, 0, 1);
            GradientCheckReport report = GradientCheck.check(
                    v -> new FaultySquare(2.2, 2.0).apply(v.mul(Var.constant(onlyLast)))
                            .add(v.exp()), x);

            Comparison worst = report.worst();
            assertFalse(report.passes(1e-6, 1e-8));
            assertEquals(0, worst.input());
            assertEquals(2, worst.element());
        }

        @Test
        void readableTextNamesModeLocationAndValues() {
            GradientCheckReport report = GradientCheck.check(
                    x -> new FaultySquare(3.0, 2.0).apply(x), Tensor.scalar(1.5));
            String text = report.toString();

            assertTrue(text.startsWith("gradient check: 4 comparisons (reverse 1, forward 1,"
                    + " directional 1, inner_product 1); worst relative error 0.500"), text);
            assertTrue(text.contains("input 0, element 0, reverse mode vs central difference:"
                    + " analytic 4.5, reference 3.0"), text);
        }

        @Test
        void secondDerivativeLostByAConstantRuleIsCaughtByTheHessianCheck() {
            // d^2(x^2)/dx^2 = 2, but the rule's derivative 2x was recorded as a constant.
            GradientCheckReport first = GradientCheck.check(
                    x -> new ConstantDerivativeSquare().apply(x), Tensor.scalar(1.3));
            GradientCheckReport second = GradientCheck.checkHessian(
                    x -> new ConstantDerivativeSquare().apply(x), Tensor.scalar(1.3));

            assertPasses(first, FINITE_DIFFERENCE);
            assertFalse(second.passes(1e-5, 1e-7), second::toString);
            assertEquals(0.0, second.worst().analytic());
            assertClose("numeric second derivative", 2.0, second.worst().reference(),
                    SECOND_ORDER);
        }
    }

    /**
     * The checker's sensitivity: a reverse rule off by a relative error of 1e-4 or more, at
     * random points, must fail at the tolerances the engine's own tests use.
     */
    @Property(tries = 100)
    void smallErrorsInAReverseRuleAreCaught(
            @ForAll @DoubleRange(min = 0.1, max = 10) double magnitude,
            @ForAll boolean negative,
            @ForAll @DoubleRange(min = 1e-4, max = 1) @Scale(6) double relativeError,
            @ForAll boolean tooLarge) {
        double x = negative ? -magnitude : magnitude;
        double factor = 2 * (tooLarge ? 1 + relativeError : 1 - relativeError);
        GradientCheckReport report = GradientCheck.check(
                v -> new FaultySquare(factor, 2.0).apply(v), Tensor.vector(x, 0.5));

        assertFalse(report.passes(FINITE_DIFFERENCE.relative(), FINITE_DIFFERENCE.absolute()),
                report::toString);
        Set<Mode> failing = modesOf(report.failures(1e-6, 1e-8));
        assertTrue(failing.contains(Mode.REVERSE), report::toString);
        assertFalse(failing.contains(Mode.FORWARD), report::toString);
    }

    @Nested
    class Hessians {
        @Test
        void hessianOfACouplingFunctionMatchesBothWays() {
            // f(x) = sum(e^(x) * x^2) + x0 * x1 * x2 (through broadcasting products)
            Tensor x = Tensor.vector(0.3, -0.7, 1.2);
            GradientCheckReport report = GradientCheck.checkHessian(
                    v -> v.exp().mul(v.square()).sumTo().add(
                            v.tanh().sumTo().mul(v.sumTo())),
                    x);

            assertPasses(report, SECOND_ORDER);
            assertEquals(2 * 9, report.comparisons().size());
            assertTrue(report.toString().startsWith("hessian check: 18 comparisons"),
                    report::toString);
        }

        @Test
        void hessianOfANonScalarFunctionIsRejected() {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> GradientCheck.checkHessian(v -> v.exp(), Tensor.vector(1, 2)));
            assertTrue(error.getMessage().contains("single number"), error.getMessage());
        }
    }

    @Test
    void readmeExamplePassesAndReportsEightComparisons() {
        // The README's example, verbatim apart from the assertions.
        GradientCheckReport report = GradientCheck.check(
                x -> x.sin().mul(x.exp()).erf(), Tensor.vector(0.5, -1.0, 2.0));

        assertTrue(report.passes(1e-6, 1e-8), report::toString);
        assertTrue(report.toString().startsWith("gradient check: 8 comparisons (reverse 3,"
                + " forward 3, directional 1, inner_product 1); worst relative error "),
                report::toString);
    }

    @Test
    void nonFiniteInputIsRejectedNamingTheElement() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> GradientCheck.check(v -> v.exp(), Tensor.vector(1.0, Double.NaN)));
        assertEquals("gradient check: input 0 element 1 is NaN; finite differences need finite"
                + " points", error.getMessage());
    }

    @Test
    void functionChangingShapeAtAPerturbedPointIsRejected() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> GradientCheck.check(
                        v -> v.value().item() > 1.0 ? v.reshape(1) : v, Tensor.scalar(1.0)));
        assertTrue(error.getMessage().contains("shape [1] at a perturbed point but []"),
                error.getMessage());
    }
}
