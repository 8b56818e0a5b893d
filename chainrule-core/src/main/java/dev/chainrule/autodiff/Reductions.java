package dev.chainrule.autodiff;

import dev.chainrule.tensor.Axes;
import dev.chainrule.tensor.SoftmaxKernels;
import dev.chainrule.tensor.Tensor;
import java.util.Arrays;

/**
 * Reduction primitives over all elements or along axes (with or without kept dimensions):
 * sum, mean, max, min, prod, logsumexp; and softmax and log-softmax along an axis.
 *
 * <p>Reverse rules reshape the output's adjoint to the kept-dims shape and broadcast it back
 * over the reduced axes; forward rules reduce the tangent the same way as the value.
 * Conventions:
 * <ul>
 *   <li>max and min at ties split the derivative evenly among the tied elements (max of
 *       [2, 2] has gradient [0.5, 0.5]), as the elementwise {@link Var#maximum} does; the
 *       derivative of the reduction along the all-equal direction is then 1, as it should;</li>
 *   <li>prod's gradient is the product of the other elements, computed without dividing by
 *       the element, so it is exact where elements are zero;</li>
 *   <li>logsumexp is shifted by the maximum; its gradient is the softmax. When every reduced
 *       element is -inf the value is -inf and the gradient NaN.</li>
 *   <li>softmax (and so logsumexp's gradient) over a group holding +inf is its limit: the
 *       +inf elements share 1 evenly, the others get 0, and its derivative is 0 there.</li>
 * </ul>
 */
final class Reductions {
    private Reductions() {}

    /** The axes a reduction reads: normalised, sorted, none repeated. */
    private abstract static class Reduction extends Primitive {
        final int[] axes;
        final boolean keepDims;

        Reduction(String name, int[] axes, boolean keepDims) {
            super(name);
            this.axes = axes;
            this.keepDims = keepDims;
        }

        @Override
        public String describe() {
            return name() + "(axes=" + Arrays.toString(axes) + (keepDims ? ", keepDims" : "")
                    + ")";
        }

        /** The output's adjoint or value reshaped so it broadcasts against the input. */
        Var kept(Var reduced, Var input) {
            return reduced.reshape(Axes.kept(input.value.shape(), axes));
        }
    }

    // ---------------------------------------------------------------- sum, mean

    /** Sum: d(sum x)/dx_i = 1, so the adjoint is broadcast back to every element. */
    private static final class Sum extends Reduction {
        Sum(int[] axes, boolean keepDims) {
            super("sum", axes, keepDims);
        }

        @Override
        public Tensor forward(Tensor[] in) {
            return in[0].sum(axes, keepDims);
        }

        @Override
        public Var[] vjp(Var grad, Var out, Var[] in) {
            return new Var[] {kept(grad, in[0]).broadcastTo(in[0].value.shape())};
        }

        @Override
        public Var jvp(Var[] t, Var out, Var[] in) {
            return t[0].sum(axes, keepDims);
        }
    }

    /**
     * Normalises {@code axes} for {@code x}; {@code null} means all. Returns {@code null} when
     * the reduction leaves {@code x} unchanged (a scalar, or an empty list of axes), so callers
     * return x itself and scalars pay nothing.
     */
    private static int[] axesOrNull(Var x, int[] axes, String operation) {
        int rank = x.value.rank();
        if (rank == 0 && (axes == null || axes.length == 0)) {
            return null;
        }
        int[] normalised = Axes.normalise(axes, rank, operation);
        return normalised.length == 0 ? null : normalised;
    }

    static Var sum(Var x, int[] axes, boolean keepDims) {
        int[] normalised = axesOrNull(x, axes, "sum");
        if (normalised == null) {
            return x;
        }
        return Var.record(new Sum(normalised, keepDims), x.value.sum(normalised, keepDims), x);
    }

    /** Mean = sum / count; a composition, so its rules come from sum and mul. */
    static Var mean(Var x, int[] axes, boolean keepDims) {
        int[] normalised = axesOrNull(x, axes, "mean");
        if (normalised == null) {
            return x;
        }
        int count = Axes.count(x.value.shape(), normalised);
        return sum(x, normalised, keepDims).mul(1.0 / count);
    }

    // ---------------------------------------------------------------- max, min

    /**
     * Maximum or minimum. d(max x)/dx_i = 1/k for each of the k elements equal to the maximum
     * and 0 elsewhere (ties split evenly). The weights are piecewise constant, so they enter
     * the rules as constants and second derivatives are 0, as they are almost everywhere.
     */
    private static final class Extremum extends Reduction {
        private final boolean maximum;

        Extremum(boolean maximum, int[] axes, boolean keepDims) {
            super(maximum ? "max" : "min", axes, keepDims);
            this.maximum = maximum;
        }

        @Override
        public Tensor forward(Tensor[] in) {
            return maximum ? in[0].max(axes, keepDims) : in[0].min(axes, keepDims);
        }

        /** 1/k at each of the k elements equal to the extremum of their group, else 0. */
        private Var weights(Var out, Var x) {
            Tensor extremum = out.value.reshape(Axes.kept(x.value.shape(), axes));
            Tensor isExtremum = x.value.zip(extremum, name(), (v, e) -> v == e ? 1.0 : 0.0);
            Tensor ties = isExtremum.sum(axes, true);
            return Var.constant(isExtremum.div(ties));
        }

        @Override
        public Var[] vjp(Var grad, Var out, Var[] in) {
            return new Var[] {kept(grad, in[0]).mul(weights(out, in[0]))};
        }

        @Override
        public Var jvp(Var[] t, Var out, Var[] in) {
            return t[0].mul(weights(out, in[0])).sum(axes, keepDims);
        }
    }

    static Var max(Var x, int[] axes, boolean keepDims) {
        return extremum(true, x, axes, keepDims);
    }

    static Var min(Var x, int[] axes, boolean keepDims) {
        return extremum(false, x, axes, keepDims);
    }

    private static Var extremum(boolean maximum, Var x, int[] axes, boolean keepDims) {
        int[] normalised = axesOrNull(x, axes, maximum ? "max" : "min");
        if (normalised == null) {
            return x;
        }
        Extremum op = new Extremum(maximum, normalised, keepDims);
        return Var.record(op, op.forward(new Tensor[] {x.value}), x);
    }

    // ---------------------------------------------------------------- prod

    /**
     * Product along the last axis, keeping it with extent 1. d(prod x)/dx_i = prod_{j != i}
     * x_j: the product of the others ({@link ProductOfOthers}), never out / x_i, so zeros in x
     * give exact gradients instead of 0/0.
     */
    private static final Primitive PROD_LAST = new Primitive("prod") {
        @Override
        public Tensor forward(Tensor[] in) {
            return in[0].prod(new int[] {-1}, true);
        }

        @Override
        public Var[] vjp(Var grad, Var out, Var[] in) {
            // mulNoNan: the product of the others is inf or NaN beside an infinite element
            return new Var[] {Arithmetic.mulNoNan(grad, productOfOthers(in[0]))};
        }

        @Override
        public Var jvp(Var[] t, Var out, Var[] in) {
            return Arithmetic.mulNoNan(t[0], productOfOthers(in[0])).sum(new int[] {-1}, true);
        }
    };

    /**
     * y_i = prod_{j != i} x_j along the last axis, computed from prefix and suffix products.
     * Its derivative dy_i/dx_k is prod_{j not in {i, k}} x_j for k != i and 0 for k = i: a
     * symmetric matrix M per row, built with var operations (row i of a [n, n] copy of x gets
     * 1 in place of x_i, then the product of the others of that row is taken). Its rules are
     * {@code M g} and {@code M t}; they cost O(n^2) per row but only run for second and
     * higher derivatives of prod.
     */
    private static final Primitive PRODUCT_OF_OTHERS = new Primitive("productOfOthers") {
        @Override
        public Tensor forward(Tensor[] in) {
            return othersKernel(in[0]);
        }

        @Override
        public Var[] vjp(Var grad, Var out, Var[] in) {
            return new Var[] {pairMatrixTimes(in[0], grad)};
        }

        @Override
        public Var jvp(Var[] t, Var out, Var[] in) {
            return pairMatrixTimes(in[0], t[0]);
        }
    };

    private static Var productOfOthers(Var x) {
        return Var.record(PRODUCT_OF_OTHERS, othersKernel(x.value), x);
    }

    /** (M v)_i = sum_k M[i][k] v_k with M[i][k] = prod_{j not in {i, k}} x_j, M[i][i] = 0. */
    private static Var pairMatrixTimes(Var x, Var v) {
        int[] shape = x.value.shape();
        int n = shape[shape.length - 1];
        int[] rowShape = Arrays.copyOf(shape, shape.length + 1);
        rowShape[shape.length - 1] = 1;
        rowShape[shape.length] = n;
        Tensor identity = identity(n);
        Var rows = Var.where(identity, Var.constant(1.0), x.reshape(rowShape));
        Var pairs = productOfOthers(rows).mul(Var.constant(identity.neg().add(1.0)));
        return pairs.mul(v.reshape(rowShape)).sum(new int[] {-1}, false);
    }

    private static Tensor identity(int n) {
        double[] data = new double[n * n];
        for (int i = 0; i < n; i++) {
            data[i * n + i] = 1.0;
        }
        return Tensor.of(new int[] {n, n}, data);
    }

    /** Product of the other elements of each row along the last axis, without division. */
    private static Tensor othersKernel(Tensor x) {
        int[] shape = x.shape();
        int n = shape[shape.length - 1];
        double[] data = x.toArray();
        double[] result = new double[data.length];
        for (int row = 0; row < data.length; row += n) {
            double prefix = 1.0;
            for (int i = 0; i < n; i++) {
                result[row + i] = prefix;
                prefix *= data[row + i];
            }
            double suffix = 1.0;
            for (int i = n - 1; i >= 0; i--) {
                result[row + i] *= suffix;
                suffix *= data[row + i];
            }
        }
        return Tensor.of(shape, result);
    }

    /**
     * Product along axes: the reduced axes are moved last and flattened into one, the product
     * is taken along it ({@link #PROD_LAST}), and the result is reshaped; the moves are
     * recorded shape ops, so their rules come for free.
     */
    static Var prod(Var x, int[] axes, boolean keepDims) {
        int[] normalised = axesOrNull(x, axes, "prod");
        if (normalised == null) {
            return x;
        }
        int[] shape = x.value.shape();
        int rank = shape.length;
        int[] order = new int[rank];
        boolean[] reduced = new boolean[rank];
        for (int axis : normalised) {
            reduced[axis] = true;
        }
        int position = 0;
        int[] keptExtents = new int[rank - normalised.length + 1];
        for (int axis = 0; axis < rank; axis++) {
            if (!reduced[axis]) {
                keptExtents[position] = shape[axis];
                order[position++] = axis;
            }
        }
        for (int axis : normalised) {
            order[position++] = axis;
        }
        keptExtents[keptExtents.length - 1] = Axes.count(shape, normalised);
        Var lastAxis = x.permute(order).reshape(keptExtents);
        Var product = Var.record(PROD_LAST, PROD_LAST.forward(new Tensor[] {lastAxis.value}),
                lastAxis);
        int[] resultShape = keepDims ? Axes.kept(shape, normalised)
                : Axes.dropped(shape, normalised);
        return product.reshape(resultShape);
    }

    // ---------------------------------------------------------------- logsumexp, softmax

    /** ln(sum e^x), shifted by the maximum. d/dx_i = e^x_i / sum e^x, the softmax. */
    private static final class LogSumExp extends Reduction {
        LogSumExp(int[] axes, boolean keepDims) {
            super("logsumexp", axes, keepDims);
        }

        @Override
        public Tensor forward(Tensor[] in) {
            return in[0].logsumexp(axes, keepDims);
        }

        /**
         * The softmax by normalised exponentials rather than e^(x - out), whose exponent
         * loses the low digits of a large out; so logsumexp([1000, 1000]) gets gradient
         * exactly [0.5, 0.5].
         */
        private Var softmax(Var x) {
            return normalisedExponentials(x, axes);
        }

        /**
         * When the rule is not recorded (the ordinary backward pass) and the groups are
         * contiguous, {@link SoftmaxKernels#logsumexpChain} does it in one fused pass with the
         * same doubles; the composed rule costs six arrays the size of x.
         */
        @Override
        public Var[] vjp(Var grad, Var out, Var[] in) {
            Tensor x = in[0].value;
            if (!GradMode.isEnabled() && SoftmaxKernels.reducesTrailingAxes(x.shape(), axes)) {
                return new Var[] {
                    Var.constant(SoftmaxKernels.logsumexpChain(grad.value, x, axes))
                };
            }
            // mulNoNan: the softmax is NaN at +inf or all -inf entries, and an adjoint of 0
            // from a branch where() did not take must stay 0 there
            return new Var[] {Arithmetic.mulNoNan(kept(grad, in[0]), softmax(in[0]))};
        }

        @Override
        public Var jvp(Var[] t, Var out, Var[] in) {
            return Arithmetic.mulNoNan(t[0], softmax(in[0])).sum(axes, keepDims);
        }
    }

    static Var logsumexp(Var x, int[] axes, boolean keepDims) {
        int[] normalised = axesOrNull(x, axes, "logsumexp");
        if (normalised == null) {
            return x;
        }
        return Var.record(new LogSumExp(normalised, keepDims),
                x.value.logsumexp(normalised, keepDims), x);
    }

    /**
     * log softmax = x - logsumexp(x) along the axis: finite for large logits because no
     * exponential of a large number is formed. A composition, so its rules follow.
     */
    static Var logSoftmax(Var x, int axis) {
        return x.sub(logsumexp(x, axisOf(x, axis, "logSoftmax"), true));
    }

    /**
     * softmax = e^(x - m) / sum(e^(x - m)) along the axis, with m the maximum: every exponent
     * is <= 0, so it never overflows, and equal inputs give exactly equal shares.
     */
    static Var softmax(Var x, int axis) {
        return normalisedExponentials(x, axisOf(x, axis, "softmax"));
    }

    private static int[] axisOf(Var x, int axis, String operation) {
        if (x.value.rank() == 0) {
            throw new IllegalArgumentException(
                    operation + ": needs a tensor with at least one axis, got a scalar; reshape"
                            + " it to [1] if a softmax over one element is meant");
        }
        return Axes.normalise(new int[] {axis}, x.value.rank(), operation);
    }

    /**
     * e^(x - m) / sum(e^(x - m)) over the axes, with m the maximum (0 where it is infinite)
     * held constant: the result does not change under a shift, so m carries no derivative and
     * the recorded composition differentiates to the softmax Jacobian at every order.
     */
    private static Var normalisedExponentials(Var x, int[] axes) {
        // Over axes without elements there is nothing to normalise and no maximum to take.
        Tensor maximum = Axes.count(x.value.shape(), axes) == 0
                ? Tensor.zeros(Axes.kept(x.value.shape(), axes))
                : x.value.max(axes, true);
        Tensor shift = maximum.map(m -> Double.isFinite(m) ? m : 0.0);
        Var exponentials = x.sub(Var.constant(shift)).exp();
        if (hasPositiveInfinity(maximum)) {
            // A group holding +inf: e^inf / e^inf is NaN, but the limit as those elements grow
            // shares the whole mass evenly among them, a constant (derivative 0). where()
            // keeps the NaN of e^inf out of every derivative.
            Tensor inGroupWithInfinity = x.value.zip(maximum, "softmax",
                    (v, m) -> m == Double.POSITIVE_INFINITY ? 1.0 : 0.0);
            Tensor isInfinite = x.value.map(v -> v == Double.POSITIVE_INFINITY ? 1.0 : 0.0);
            exponentials = Var.where(inGroupWithInfinity, Var.constant(isInfinite),
                    exponentials);
        }
        return exponentials.div(exponentials.sum(axes, true));
    }

    private static boolean hasPositiveInfinity(Tensor values) {
        for (int i = 0; i < values.size(); i++) {
            if (values.getFlat(i) == Double.POSITIVE_INFINITY) {
                return true;
            }
        }
        return false;
    }
}
