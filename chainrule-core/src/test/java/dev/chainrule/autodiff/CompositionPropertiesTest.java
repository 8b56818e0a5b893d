package dev.chainrule.autodiff;

import static dev.chainrule.autodiff.Tolerances.FINITE_DIFFERENCE;
import static dev.chainrule.autodiff.Tolerances.SECOND_ORDER;
import static dev.chainrule.autodiff.Tolerances.THIRD_ORDER;
import static dev.chainrule.autodiff.Tolerances.assertClose;
import static dev.chainrule.autodiff.Tolerances.assertPasses;

import dev.chainrule.tensor.Tensor;
import java.util.List;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;

/**
 * Random compositions of 5 to 10 primitives against finite differences: gradients of two
 * inputs (a vector and a broadcast scalar) in both modes, Hessians, third derivatives by nested
 * {@link Derivatives#derivative}, and the forward/reverse inner-product identity.
 */
class CompositionPropertiesTest {
    private static final int TRIES = 100;

    /**
     * One step of a composition: a new value from the previous value p and the inputs x (a
     * vector, no element near 0) and y (a scalar). Each step is smooth everywhere it is used and
     * grows at most linearly in p, so values stay moderate however the steps are chained.
     */
    enum Step {
        SIN((p, x, y) -> p.sin()),
        COS((p, x, y) -> p.cos()),
        TANH((p, x, y) -> p.tanh()),
        ATAN((p, x, y) -> p.atan()),
        SIGMOID((p, x, y) -> p.sigmoid()),
        ERF((p, x, y) -> p.erf()),
        SOFTPLUS((p, x, y) -> p.softplus()),
        GAUSSIAN((p, x, y) -> p.square().neg().exp()),
        LOG1P_OF_SQUARE((p, x, y) -> p.square().log1p()),
        HYPOTENUSE((p, x, y) -> p.square().add(1.0).sqrt()),
        ASIN_OF_TANH((p, x, y) -> p.tanh().mul(0.9).asin()),
        ACOS_OF_SIGMOID((p, x, y) -> p.sigmoid().acos()),
        COSH_OF_TANH((p, x, y) -> p.tanh().cosh()),
        SINH_OF_TANH((p, x, y) -> p.tanh().sinh()),
        EXPM1_OF_ATAN((p, x, y) -> p.atan().expm1()),
        TAN_OF_TANH((p, x, y) -> p.tanh().mul(1.2).tan()),
        LOG_OF_SIGMOID((p, x, y) -> p.sigmoid().log()),
        TIMES_TANH_X((p, x, y) -> p.mul(x.tanh())),
        PLUS_Y((p, x, y) -> p.add(y)),
        MINUS_X((p, x, y) -> p.sub(x)),
        OVER_ONE_PLUS_Y_SQUARED((p, x, y) -> p.div(y.square().add(1.0))),
        ATAN2_WITH_POSITIVE_X((p, x, y) -> p.atan2(x.square().add(0.5))),
        POWER_OF_SIGMOID((p, x, y) -> p.sigmoid().add(0.5).pow(y)),
        CUBE_OF_TANH((p, x, y) -> p.tanh().pow(3)),
        RECIPROCAL((p, x, y) -> p.square().add(1.0).reciprocal()),
        DAMPED_PRODUCT((p, x, y) -> p.mul(p.tanh()).sub(x.mul(0.5))),
        SELECT_BY_SIGN_OF_X((p, x, y) -> Var.where(x.gt(0), p.sin(), p.cos())),
        RELU_AWAY_FROM_KINK((p, x, y) -> p.square().add(0.5).relu()),
        ABS_AWAY_FROM_KINK((p, x, y) -> p.sigmoid().add(0.1).abs());

        private final StepFunction function;

        Step(StepFunction function) {
            this.function = function;
        }

        Var apply(Var previous, Var x, Var y) {
            return function.apply(previous, x, y);
        }
    }

    @FunctionalInterface
    interface StepFunction {
        Var apply(Var previous, Var x, Var y);
    }

    private static Var compose(List<Step> steps, Var x, Var y) {
        Var value = x;
        for (Step step : steps) {
            value = step.apply(value, x, y);
        }
        return value;
    }

    @Provide
    Arbitrary<List<Step>> compositions() {
        return Arbitraries.of(Step.class).list().ofMinSize(5).ofMaxSize(10);
    }

    /** Vectors of 3 elements with magnitudes in [0.1, 2], so x > 0 is not near a switch. */
    @Provide
    Arbitrary<Tensor> points() {
        Arbitrary<Double> signed = Combinators.combine(
                Arbitraries.doubles().between(0.1, 2.0), Arbitraries.of(-1.0, 1.0))
                .as((magnitude, sign) -> magnitude * sign);
        return signed.list().ofSize(3).map(values -> Tensor.vector(
                values.stream().mapToDouble(Double::doubleValue).toArray()));
    }

    @Property(tries = TRIES)
    void gradientsOfRandomCompositionsMatchFiniteDifferencesInBothModes(
            @ForAll("compositions") List<Step> steps, @ForAll("points") Tensor x,
            @ForAll @DoubleRange(min = -2, max = 2) double y) {
        GradientCheckReport report = GradientCheck.check(
                in -> compose(steps, in[0], in[1]), new Tensor[] {x, Tensor.scalar(y)});
        assertPasses(report, FINITE_DIFFERENCE);
    }

    @Property(tries = TRIES)
    void hessiansOfRandomCompositionsMatchFiniteDifferencesOfGradients(
            @ForAll("compositions") List<Step> steps, @ForAll("points") Tensor x,
            @ForAll @DoubleRange(min = -2, max = 2) double y) {
        Var constantY = Var.constant(y);
        GradientCheckReport report = GradientCheck.checkHessian(
                v -> compose(steps, v, constantY).sumTo(), x);
        assertPasses(report, SECOND_ORDER);
    }

    @Property(tries = TRIES)
    void thirdDerivativesOfRandomCompositionsMatchFiniteDifferencesOfSecondDerivatives(
            @ForAll("compositions") List<Step> steps,
            @ForAll @DoubleRange(min = 0.1, max = 2) double x,
            @ForAll @DoubleRange(min = -2, max = 2) double y) {
        Var constantY = Var.constant(y);
        Function<Var, Var> function = v -> compose(steps, v, constantY);
        Function<Var, Var> second = v -> Derivatives.derivative(
                u -> Derivatives.derivative(function, u), v);

        double third = Derivatives.derivative(second, Var.variable(x)).item();
        double step = Math.cbrt(Math.ulp(1.0)) * Math.max(1, Math.abs(x));
        double numeric = (second.apply(Var.variable(x + step)).item()
                - second.apply(Var.variable(x - step)).item()) / (2 * step);
        assertClose("third derivative of " + steps + " at x = " + x + ", y = " + y, numeric,
                third, THIRD_ORDER);
    }

    @Property(tries = TRIES)
    void forwardAndReverseProductsSatisfyTheInnerProductIdentity(
            @ForAll("compositions") List<Step> steps, @ForAll("points") Tensor x,
            @ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        // <w, J v> = <J^T w, v> for any w, v: forward and reverse mode are transposes.
        Var y = Var.constant(0.3);
        Function<Var, Var> function = v -> compose(steps, v, y);
        Tensor w = Tensor.randomNormal(seed, 0, 1, 3);
        Tensor v = Tensor.randomNormal(seed + 1, 0, 1, 3);

        Tensor jacobianTimesV = Derivatives.jvp(function, x, v);
        Tensor wTimesJacobian = Derivatives.vjp(function, x, w);
        double forward = 0;
        double reverse = 0;
        double scale = 0;
        for (int i = 0; i < 3; i++) {
            forward += w.getFlat(i) * jacobianTimesV.getFlat(i);
            reverse += wTimesJacobian.getFlat(i) * v.getFlat(i);
            scale += Math.abs(w.getFlat(i) * jacobianTimesV.getFlat(i))
                    + Math.abs(wTimesJacobian.getFlat(i) * v.getFlat(i));
        }
        // Only rounding separates the two: allow 1e-12 of the magnitude of the terms.
        assertClose("<w, Jv> vs <J^T w, v> for " + steps, reverse, forward,
                new Tolerances.Tolerance(0, 1e-12 * scale + Double.MIN_NORMAL));
    }
}
