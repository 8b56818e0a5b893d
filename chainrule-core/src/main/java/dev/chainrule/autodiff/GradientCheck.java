package dev.chainrule.autodiff;

import dev.chainrule.autodiff.GradientCheckReport.Comparison;
import dev.chainrule.autodiff.GradientCheckReport.Mode;
import dev.chainrule.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Checks the engine's derivatives of a function against central finite differences, in reverse
 * mode and in forward mode, and checks that the two modes are transposes of each other.
 *
 * <p>What {@link #check(Function, Tensor[])} compares, for a function f of inputs x_1 ... x_k:
 * <ul>
 *   <li>The output is projected to a single number {@code g(x) = <w, f(x)>}, with w a fixed
 *       tensor of the output's shape drawn from a seeded standard normal generator ({@code w =
 *       1} when the output is a single number). Every partial derivative of g then comes from
 *       one reverse sweep ({@code J^T w}) or from a forward sweep ({@code w . J e_j}), and a
 *       wrong entry anywhere in the Jacobian shows up with probability 1.</li>
 *   <li>{@link Mode#REVERSE} and {@link Mode#FORWARD}: each partial derivative of g against
 *       {@code <w, f(x + h e_j) - f(x - h e_j)> / 2h}, the central difference of g with the
 *       difference taken per output element before weighting, so that outputs the
 *       perturbation does not reach add no rounding.</li>
 *   <li>{@link Mode#DIRECTIONAL}: the forward product {@code <w, J v>} along a random direction
 *       v (seeded normal, all inputs moving at once) against the central difference along
 *       v.</li>
 *   <li>{@link Mode#INNER_PRODUCT}: {@code <w, J v>} (forward) against {@code <J^T w, v>}
 *       (reverse). They are equal in exact arithmetic, so this needs no finite difference.</li>
 * </ul>
 * {@link #checkHessian} compares the Hessian, computed forward over reverse
 * ({@link Derivatives#hessian}) and reverse over reverse, with central differences of the
 * reverse-mode gradient.
 *
 * <p>Step: {@code h = cbrt(eps) * max(1, |x_j|)} with eps the machine epsilon 2^-52, about
 * 6.1e-6 for |x_j| <= 1. It balances the truncation error of a central difference (about
 * {@code h^2 |g'''| / 6}) against rounding (about {@code eps |g| / h}), so both are near
 * {@code eps^(2/3)}, 4e-11, relative to the function's scale. The step actually used is the
 * representable displacement {@code (x_j + h) - x_j}, so no rounding enters the denominator.
 * Along a random direction the same scale applies element by element: the direction is
 * {@code v_j = r_j * max(1, |x_j|)} for a seeded normal r scaled so that its largest element is
 * 1, and the step is {@code cbrt(eps)}. (One step for all elements, sized by the largest |x_j|,
 * would move a small element by a large fraction of itself.)
 *
 * <p>Use: points where the function is smooth within a few steps (finite differences cannot
 * see a convention at a kink such as relu at 0: sample away from kinks and domain edges, and
 * test conventions exactly). The function must be deterministic and return the same shape at
 * every point. Cost: {@code 2n + 2} evaluations of the function for n input elements, one
 * reverse sweep and one forward sweep with n + 1 directions, and memory for n unit tangents of
 * n elements each: meant for inputs of up to a few hundred elements. A Hessian check costs
 * {@code 2n} gradients plus the Hessian itself.
 *
 * <p>The functions here never print; read the returned {@link GradientCheckReport}.
 */
public final class GradientCheck {
    /** Seed of the projection w and the direction v when none is given. */
    public static final long DEFAULT_SEED = 20_260_101L;

    /** cbrt(machine epsilon): the relative step of a central difference, about 6.06e-6. */
    private static final double RELATIVE_STEP = Math.cbrt(Math.ulp(1.0));

    private GradientCheck() {}

    /** {@link #check(Function, Tensor[], long)} of a function of one input, default seed. */
    public static GradientCheckReport check(Function<Var, Var> function, Tensor x) {
        return check(function, x, DEFAULT_SEED);
    }

    /** {@link #check(Function, Tensor[], long)} of a function of one input. */
    public static GradientCheckReport check(Function<Var, Var> function, Tensor x, long seed) {
        return check(inputs -> function.apply(inputs[0]), new Tensor[] {x}, seed);
    }

    /** {@link #check(Function, Tensor[], long)} with {@link #DEFAULT_SEED}. */
    public static GradientCheckReport check(Function<Var[], Var> function, Tensor[] xs) {
        return check(function, xs, DEFAULT_SEED);
    }

    /**
     * Compares reverse-mode and forward-mode derivatives of {@code function} at {@code xs}
     * with central finite differences (see the class documentation for what is compared).
     *
     * @param function receives one var per entry of {@code xs}; any output shape
     * @param seed seeds the projection w and the direction v, so a report is reproducible
     * @throws IllegalArgumentException when an input holds NaN or an infinity, or the
     *     function returns a different shape at a perturbed point
     */
    public static GradientCheckReport check(Function<Var[], Var> function, Tensor[] xs,
            long seed) {
        requireFinite(xs);

        // Record once; both sweeps run over this recording.
        Var[] inputs = new Var[xs.length];
        for (int i = 0; i < xs.length; i++) {
            inputs[i] = Var.variable(xs[i]);
        }
        Var output;
        try (GradMode.Scope scope = GradMode.enableGrad()) {
            output = function.apply(inputs);
        }
        int[] outputShape = output.shape();
        Random random = new Random(seed);
        Tensor projection = output.value().size() == 1
                ? Tensor.ones(outputShape) : normal(random, outputShape);
        Tensor[] direction = scaledDirection(random, xs);

        // Reverse: J^T w for every input at once.
        Var[] adjoints = Derivatives.grad(output, Var.constant(projection), false, inputs);

        // Forward: one tangent direction per input element, then the random direction v.
        int total = 0;
        for (Tensor x : xs) {
            total += x.size();
        }
        Var[][] directions = new Var[total + 1][];
        int d = 0;
        for (int i = 0; i < xs.length; i++) {
            for (int j = 0; j < xs[i].size(); j++) {
                directions[d] = new Var[xs.length];
                directions[d++][i] = Var.constant(unit(xs[i], j));
            }
        }
        directions[total] = new Var[xs.length];
        for (int i = 0; i < xs.length; i++) {
            directions[total][i] = Var.constant(direction[i]);
        }
        Var[][] tangents;
        try (GradMode.Scope scope = GradMode.noGrad()) {
            tangents = Derivatives.jvp(new Var[] {output}, inputs, directions);
        }

        // Compare each partial derivative of g = <w, f> with a central difference.
        List<Comparison> comparisons = new ArrayList<>();
        Evaluation f = new Evaluation(function, outputShape);
        d = 0;
        for (int i = 0; i < xs.length; i++) {
            double[] point = xs[i].toArray();
            for (int j = 0; j < point.length; j++) {
                double original = point[j];
                double step = representableStep(original, RELATIVE_STEP * Math.max(1.0,
                        Math.abs(original)));
                point[j] = original + step;
                Tensor plus = f.at(replace(xs, i, Tensor.of(xs[i].shape(), point)));
                point[j] = original - step;
                Tensor minus = f.at(replace(xs, i, Tensor.of(xs[i].shape(), point)));
                point[j] = original;
                double numeric = projectedDifference(projection, plus, minus) / (2 * step);
                double reverse = adjoints[i].value().getFlat(j);
                double forward = dot(projection, tangents[d++][0].value());
                comparisons.add(new Comparison(Mode.REVERSE, i, j, -1, reverse, numeric, step));
                comparisons.add(new Comparison(Mode.FORWARD, i, j, -1, forward, numeric, step));
            }
        }

        // Along the random direction v: forward vs finite difference, forward vs reverse.
        double step = RELATIVE_STEP;
        double numeric = projectedDifference(projection, f.at(moved(xs, direction, step)),
                f.at(moved(xs, direction, -step))) / (2 * step);
        double forward = dot(projection, tangents[total][0].value());
        double reverse = 0;
        for (int i = 0; i < xs.length; i++) {
            reverse += dot(adjoints[i].value(), direction[i]);
        }
        comparisons.add(new Comparison(Mode.DIRECTIONAL, -1, -1, -1, forward, numeric, step));
        comparisons.add(
                new Comparison(Mode.INNER_PRODUCT, -1, -1, -1, forward, reverse, Double.NaN));
        return new GradientCheckReport("gradient", comparisons);
    }

    /**
     * Compares the Hessian of a scalar function at {@code x}, computed forward over reverse
     * ({@link Derivatives#hessian}) and reverse over reverse (a reverse sweep over the recorded
     * gradient, one row at a time), with central differences of the reverse-mode gradient,
     * column by column, with the step of the class documentation.
     *
     * <p>Second differences of a gradient carry more rounding than first differences (errors
     * near 1e-8 relative are normal); rtol 1e-5 with atol 1e-7 suits well-scaled functions.
     *
     * @throws IllegalArgumentException when x holds NaN or an infinity, or the function's
     *     output is not a single number
     */
    public static GradientCheckReport checkHessian(Function<Var, Var> function, Tensor x) {
        requireFinite(new Tensor[] {x});
        int n = x.size();
        Tensor forwardOverReverse = Derivatives.hessian(function, x);
        Tensor reverseOverReverse = reverseOverReverseHessian(function, x);

        List<Comparison> comparisons = new ArrayList<>();
        double[] point = x.toArray();
        for (int column = 0; column < n; column++) {
            double original = point[column];
            double step = representableStep(original,
                    RELATIVE_STEP * Math.max(1.0, Math.abs(original)));
            point[column] = original + step;
            Tensor plus = Derivatives.grad(function, Tensor.of(x.shape(), point));
            point[column] = original - step;
            Tensor minus = Derivatives.grad(function, Tensor.of(x.shape(), point));
            point[column] = original;
            for (int row = 0; row < n; row++) {
                double numeric = (plus.getFlat(row) - minus.getFlat(row)) / (2 * step);
                int flat = row * n + column;
                comparisons.add(new Comparison(Mode.HESSIAN, 0, row, column,
                        forwardOverReverse.getFlat(flat), numeric, step));
                comparisons.add(new Comparison(Mode.HESSIAN_REVERSE, 0, row, column,
                        reverseOverReverse.getFlat(flat), numeric, step));
            }
        }
        return new GradientCheckReport("hessian", comparisons);
    }

    /** Row i of the Hessian is the reverse-mode gradient of element i of the recorded gradient. */
    private static Tensor reverseOverReverseHessian(Function<Var, Var> function, Tensor x) {
        int n = x.size();
        Var input = Var.variable(x);
        Var gradient = Derivatives.derivative(function, input);
        double[] hessian = new double[n * n];
        for (int row = 0; row < n; row++) {
            Var seed = Var.constant(unit(x, row));
            Tensor rowValues = Derivatives.grad(gradient, seed, false, input)[0].value();
            for (int column = 0; column < n; column++) {
                hessian[row * n + column] = rowValues.getFlat(column);
            }
        }
        return Tensor.of(new int[] {n * n}, hessian);
    }

    /** The function's value at a point, from constants, so nothing is recorded. */
    private record Evaluation(Function<Var[], Var> function, int[] shape) {
        Tensor at(Tensor[] xs) {
            Var[] constants = new Var[xs.length];
            for (int i = 0; i < xs.length; i++) {
                constants[i] = Var.constant(xs[i]);
            }
            Tensor value = function.apply(constants).value();
            if (!value.hasShape(shape)) {
                throw new IllegalArgumentException(
                        "gradient check: the function returned shape "
                                + Arrays.toString(value.shape()) + " at a perturbed point but "
                                + Arrays.toString(shape) + " at the checked point; it must"
                                + " return the same shape everywhere");
            }
            return value;
        }
    }

    /**
     * {@code <w, plus - minus>}, differencing each output element before weighting and summing:
     * elements the perturbation did not change then contribute exactly 0, where the difference
     * of two rounded sums would carry the rounding of every large element into a small
     * derivative.
     */
    private static double projectedDifference(Tensor projection, Tensor plus, Tensor minus) {
        double sum = 0;
        for (int i = 0; i < projection.size(); i++) {
            sum += projection.getFlat(i) * (plus.getFlat(i) - minus.getFlat(i));
        }
        return sum;
    }

    private static void requireFinite(Tensor[] xs) {
        for (int i = 0; i < xs.length; i++) {
            for (int j = 0; j < xs[i].size(); j++) {
                double value = xs[i].getFlat(j);
                if (!Double.isFinite(value)) {
                    throw new IllegalArgumentException(
                            "gradient check: input " + i + " element " + j + " is " + value
                                    + "; finite differences need finite points");
                }
            }
        }
    }

    /** {@code (x + h) - x}: the displacement a perturbation by h really makes. */
    private static double representableStep(double x, double step) {
        return (x + step) - x;
    }

    private static Tensor normal(Random random, int[] shape) {
        Tensor template = Tensor.zeros(shape);
        double[] values = new double[template.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextGaussian();
        }
        return Tensor.of(shape, values);
    }

    /**
     * A seeded normal direction over all inputs, scaled so its largest element is 1, then each
     * element multiplied by {@code max(1, |x_j|)} so that it moves in proportion to its size.
     */
    private static Tensor[] scaledDirection(Random random, Tensor[] xs) {
        Tensor[] direction = new Tensor[xs.length];
        double largest = 0;
        for (int i = 0; i < xs.length; i++) {
            direction[i] = normal(random, xs[i].shape());
            largest = Math.max(largest, maxAbs(direction[i]));
        }
        for (int i = 0; i < xs.length; i++) {
            Tensor scale = xs[i].map(v -> Math.max(1.0, Math.abs(v)));
            direction[i] = direction[i].mul(scale).mul(largest > 0 ? 1.0 / largest : 1.0);
        }
        return direction;
    }

    private static Tensor[] moved(Tensor[] xs, Tensor[] direction, double step) {
        Tensor[] result = new Tensor[xs.length];
        for (int i = 0; i < xs.length; i++) {
            result[i] = xs[i].add(direction[i].mul(step));
        }
        return result;
    }

    private static Tensor[] replace(Tensor[] xs, int index, Tensor replacement) {
        Tensor[] result = xs.clone();
        result[index] = replacement;
        return result;
    }

    private static Tensor unit(Tensor like, int position) {
        double[] values = new double[like.size()];
        values[position] = 1.0;
        return Tensor.of(like.shape(), values);
    }

    private static double maxAbs(Tensor tensor) {
        double largest = 0;
        for (int i = 0; i < tensor.size(); i++) {
            largest = Math.max(largest, Math.abs(tensor.getFlat(i)));
        }
        return largest;
    }

    private static double dot(Tensor a, Tensor b) {
        double sum = 0;
        for (int i = 0; i < a.size(); i++) {
            sum += a.getFlat(i) * b.getFlat(i);
        }
        return sum;
    }
}
