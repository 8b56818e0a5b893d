package dev.chainrule.autodiff;

import static dev.chainrule.autodiff.Tolerances.FINITE_DIFFERENCE;
import static dev.chainrule.autodiff.Tolerances.SECOND_ORDER;
import static dev.chainrule.autodiff.Tolerances.assertPasses;

import dev.chainrule.tensor.Tensor;
import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Every elementwise primitive against central finite differences at random points of its
 * domain, away from kinks and domain edges: first derivatives in reverse and forward mode (and
 * the forward/reverse inner-product identity) through {@link GradientCheck#check}, second
 * derivatives through {@link GradientCheck#checkHessian} of the sum of the outputs.
 *
 * <p>Inputs are vectors of three elements (a matrix and a row vector for the binary
 * operations, so broadcasting is exercised). jqwik draws a new seed per run and prints it with
 * any failure; it reruns failed seeds first.
 */
class PrimitivePropertiesTest {
    private static final int TRIES = 100;

    private static void assertDerivativesMatch(Function<Var, Var> function, Tensor x) {
        assertPasses(GradientCheck.check(function, x), FINITE_DIFFERENCE);
        assertPasses(GradientCheck.checkHessian(v -> function.apply(v).sumTo(), x),
                SECOND_ORDER);
    }

    /** Both inputs at once, then second derivatives with respect to each in turn. */
    private static void assertDerivativesMatch(BinaryOperator<Var> operation, Tensor a,
            Tensor b) {
        assertPasses(GradientCheck.check(in -> operation.apply(in[0], in[1]),
                new Tensor[] {a, b}), FINITE_DIFFERENCE);
        assertPasses(GradientCheck.checkHessian(
                v -> operation.apply(v, Var.constant(b)).sumTo(), a), SECOND_ORDER);
        assertPasses(GradientCheck.checkHessian(
                v -> operation.apply(Var.constant(a), v).sumTo(), b), SECOND_ORDER);
    }

    // ---------------------------------------------------------------- domains

    private static Arbitrary<Tensor> vectorsIn(double low, double high) {
        return Arbitraries.doubles().between(low, high).list().ofSize(3)
                .map(PrimitivePropertiesTest::vector);
    }

    /** Magnitudes in [low, high] with either sign: away from a kink or pole at 0. */
    private static Arbitrary<Tensor> vectorsAwayFromZero(double low, double high) {
        Arbitrary<Double> signed = Combinators.combine(
                Arbitraries.doubles().between(low, high), Arbitraries.of(-1.0, 1.0))
                .as((magnitude, sign) -> magnitude * sign);
        return signed.list().ofSize(3).map(PrimitivePropertiesTest::vector);
    }

    private static Tensor vector(List<Double> values) {
        return Tensor.vector(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    @Provide
    Arbitrary<Tensor> anywhere() {
        return vectorsIn(-4, 4);
    }

    @Provide
    Arbitrary<Tensor> positive() {
        return vectorsIn(0.05, 20);
    }

    @Provide
    Arbitrary<Tensor> insideUnitInterval() {
        return vectorsIn(-0.9, 0.9);
    }

    @Provide
    Arbitrary<Tensor> aboveMinusOne() {
        return vectorsIn(-0.9, 10);
    }

    @Provide
    Arbitrary<Tensor> betweenTanPoles() {
        return vectorsIn(-1.4, 1.4);
    }

    @Provide
    Arbitrary<Tensor> awayFromZero() {
        return vectorsAwayFromZero(0.05, 4);
    }

    @Provide
    Arbitrary<Tensor> matrices() {
        return Arbitraries.doubles().between(-4, 4).list().ofSize(6)
                .map(values -> vector(values).reshape(2, 3));
    }

    // ---------------------------------------------------------------- elementary functions

    @Property(tries = TRIES)
    void expMatchesFiniteDifferences(@ForAll("anywhere") Tensor x) {
        assertDerivativesMatch(Var::exp, x);
    }

    @Property(tries = TRIES)
    void logMatchesFiniteDifferences(@ForAll("positive") Tensor x) {
        assertDerivativesMatch(Var::log, x);
    }

    @Property(tries = TRIES)
    void log1pMatchesFiniteDifferences(@ForAll("aboveMinusOne") Tensor x) {
        assertDerivativesMatch(Var::log1p, x);
    }

    @Property(tries = TRIES)
    void expm1MatchesFiniteDifferences(@ForAll("anywhere") Tensor x) {
        assertDerivativesMatch(Var::expm1, x);
    }

    @Property(tries = TRIES)
    void sqrtMatchesFiniteDifferences(@ForAll("positive") Tensor x) {
        assertDerivativesMatch(Var::sqrt, x);
    }

    @Property(tries = TRIES)
    void absMatchesFiniteDifferencesAwayFromZero(@ForAll("awayFromZero") Tensor x) {
        assertDerivativesMatch(Var::abs, x);
    }

    @Property(tries = TRIES)
    void sinMatchesFiniteDifferences(@ForAll("anywhere") Tensor x) {
        assertDerivativesMatch(Var::sin, x);
    }

    @Property(tries = TRIES)
    void cosMatchesFiniteDifferences(@ForAll("anywhere") Tensor x) {
        assertDerivativesMatch(Var::cos, x);
    }

    @Property(tries = TRIES)
    void tanMatchesFiniteDifferences(@ForAll("betweenTanPoles") Tensor x) {
        assertDerivativesMatch(Var::tan, x);
    }

    @Property(tries = TRIES)
    void asinMatchesFiniteDifferences(@ForAll("insideUnitInterval") Tensor x) {
        assertDerivativesMatch(Var::asin, x);
    }

    @Property(tries = TRIES)
    void acosMatchesFiniteDifferences(@ForAll("insideUnitInterval") Tensor x) {
        assertDerivativesMatch(Var::acos, x);
    }

    @Property(tries = TRIES)
    void atanMatchesFiniteDifferences(@ForAll("anywhere") Tensor x) {
        assertDerivativesMatch(Var::atan, x);
    }

    @Property(tries = TRIES)
    void sinhMatchesFiniteDifferences(@ForAll("anywhere") Tensor x) {
        assertDerivativesMatch(Var::sinh, x);
    }

    @Property(tries = TRIES)
    void coshMatchesFiniteDifferences(@ForAll("anywhere") Tensor x) {
        assertDerivativesMatch(Var::cosh, x);
    }

    @Property(tries = TRIES)
    void tanhMatchesFiniteDifferences(@ForAll("anywhere") Tensor x) {
        assertDerivativesMatch(Var::tanh, x);
    }

    @Property(tries = TRIES)
    void sigmoidMatchesFiniteDifferences(@ForAll("anywhere") Tensor x) {
        assertDerivativesMatch(Var::sigmoid, x);
    }

    @Property(tries = TRIES)
    void reluMatchesFiniteDifferencesAwayFromZero(@ForAll("awayFromZero") Tensor x) {
        assertDerivativesMatch(Var::relu, x);
    }

    @Property(tries = TRIES)
    void softplusMatchesFiniteDifferences(@ForAll("anywhere") Tensor x) {
        assertDerivativesMatch(Var::softplus, x);
    }

    @Property(tries = TRIES)
    void erfMatchesFiniteDifferences(@ForAll("anywhere") Tensor x) {
        assertDerivativesMatch(Var::erf, x);
    }

    @Property(tries = TRIES)
    void atan2MatchesFiniteDifferencesAwayFromTheOriginAndTheBranchCut(
            @ForAll("anywhere") Tensor y, @ForAll("awayFromZero") Tensor x) {
        // atan2 jumps by 2 pi across the negative x axis: keep points with x < 0 off it.
        Tensor safeY = y.zip(x, "shift", (yi, xi) -> xi < 0 && Math.abs(yi) < 0.05
                ? yi + 0.1 : yi);
        assertDerivativesMatch(Var::atan2, safeY, x);
    }

    @Property(tries = TRIES)
    void atan2MatchesFiniteDifferencesWithBroadcasting(
            @ForAll("matrices") Tensor y, @ForAll("awayFromZero") Tensor x) {
        Tensor safeY = y.zip(x, "shift", (yi, xi) -> xi < 0 && Math.abs(yi) < 0.05
                ? yi + 0.1 : yi);
        assertDerivativesMatch(Var::atan2, safeY, x);
        assertDerivativesMatch(Var::atan2, x, safeY);
    }

    // ---------------------------------------------------------------- arithmetic

    @Property(tries = TRIES)
    void addMatchesFiniteDifferencesWithBroadcasting(
            @ForAll("matrices") Tensor a, @ForAll("anywhere") Tensor b) {
        assertDerivativesMatch(Var::add, a, b);
    }

    @Property(tries = TRIES)
    void subMatchesFiniteDifferencesWithBroadcasting(
            @ForAll("matrices") Tensor a, @ForAll("anywhere") Tensor b) {
        assertDerivativesMatch(Var::sub, a, b);
    }

    @Property(tries = TRIES)
    void mulMatchesFiniteDifferencesWithBroadcasting(
            @ForAll("matrices") Tensor a, @ForAll("anywhere") Tensor b) {
        assertDerivativesMatch(Var::mul, a, b);
    }

    @Property(tries = TRIES)
    void divMatchesFiniteDifferencesWithBroadcasting(
            @ForAll("matrices") Tensor a, @ForAll("awayFromZero") Tensor b) {
        assertDerivativesMatch(Var::div, a, b.map(v -> v < 0 ? v - 0.2 : v + 0.2));
    }

    @Property(tries = TRIES)
    void operationsWithConstantsMatchFiniteDifferences(
            @ForAll("anywhere") Tensor x, @ForAll("awayFromZero") Tensor constants) {
        double c = constants.getFlat(0);
        assertDerivativesMatch(v -> v.add(c), x);
        assertDerivativesMatch(v -> v.sub(c), x);
        assertDerivativesMatch(v -> v.rsub(c), x);
        assertDerivativesMatch(v -> v.mul(c), x);
        assertDerivativesMatch(v -> v.div(c), x);
    }

    @Property(tries = TRIES)
    void negMatchesFiniteDifferences(@ForAll("anywhere") Tensor x) {
        assertDerivativesMatch(Var::neg, x);
    }

    @Property(tries = TRIES)
    void squareMatchesFiniteDifferences(@ForAll("anywhere") Tensor x) {
        assertDerivativesMatch(Var::square, x);
    }

    @Property(tries = TRIES)
    void reciprocalAndRdivMatchFiniteDifferences(@ForAll("awayFromZero") Tensor x) {
        Tensor awayFromPole = x.map(v -> v < 0 ? v - 0.2 : v + 0.2);
        assertDerivativesMatch(Var::reciprocal, awayFromPole);
        assertDerivativesMatch(v -> v.rdiv(3.0), awayFromPole);
    }

    @Property(tries = TRIES)
    void powerWithTensorExponentMatchesFiniteDifferences(
            @ForAll("positive") Tensor base, @ForAll("anywhere") Tensor exponent) {
        // a positive base up to 5 and exponents in [-2, 2]: values between 1/25 and 25
        Tensor smallBase = base.map(v -> 0.1 + v / 4);
        assertDerivativesMatch(Var::pow, smallBase, exponent.mul(0.5));
    }

    @Property(tries = TRIES)
    void integerPowerOfAnySignedBaseMatchesFiniteDifferences(
            @ForAll("wellAwayFromZero") Tensor x, @ForAll("integerExponents") int n) {
        assertDerivativesMatch(v -> v.pow(n), x);
    }

    /**
     * |x| >= 0.5: central differences of x^-3 err by about h^2 x^-6, which near |x| = 0.05
     * reaches the tolerance itself and made this property fail now and then.
     */
    @Provide
    Arbitrary<Tensor> wellAwayFromZero() {
        return vectorsAwayFromZero(0.5, 4);
    }

    @Provide
    Arbitrary<Integer> integerExponents() {
        return Arbitraries.integers().between(-3, 6);
    }

    @Property(tries = TRIES)
    void fractionalPowerOfPositiveBaseMatchesFiniteDifferences(
            @ForAll("positive") Tensor x, @ForAll("anywhere") Tensor exponents) {
        double p = exponents.getFlat(0) * 0.6;
        assertDerivativesMatch(v -> v.pow(p), x.map(v -> 0.1 + v / 4));
    }

    @Property(tries = TRIES)
    void minimumAndMaximumMatchFiniteDifferencesAwayFromTies(
            @ForAll("anywhere") Tensor a, @ForAll("awayFromZero") Tensor offset) {
        Tensor b = a.add(offset);
        assertDerivativesMatch(Var::minimum, a, b);
        assertDerivativesMatch(Var::maximum, a, b);
    }

    @Property(tries = TRIES)
    void clampMatchesFiniteDifferencesAwayFromTheBounds(@ForAll("anywhere") Tensor x) {
        Tensor awayFromBounds = x.map(v -> Math.abs(Math.abs(v) - 1) < 0.05 ? v * 1.2 : v);
        assertDerivativesMatch(v -> v.clamp(-1, 1), awayFromBounds);
    }

    @Property(tries = TRIES)
    void whereMatchesFiniteDifferencesForEitherBranch(
            @ForAll("anywhere") Tensor a, @ForAll("anywhere") Tensor b,
            @ForAll("masks") Tensor condition) {
        assertDerivativesMatch((p, q) -> Var.where(condition, p.sin(), q.square()), a, b);
    }

    @Provide
    Arbitrary<Tensor> masks() {
        return Arbitraries.of(0.0, 1.0).list().ofSize(3).map(PrimitivePropertiesTest::vector);
    }
}
