package dev.chainrule.autodiff;

import dev.chainrule.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * A value inside a recorded computation: a tensor, plus how it was computed.
 *
 * <p>Vocabulary used throughout the engine: a var's {@code value} is its forward result; its
 * {@code op} is the {@link Primitive} that produced it from its {@code inputs}; its
 * {@code grad} (adjoint) is the derivative of a final scalar result with respect to it;
 * {@link #backward()} is the reverse sweep that computes adjoints; a {@code tangent} is the
 * forward-mode counterpart.
 *
 * <p>Leaves are made with {@link #variable} (derivatives wanted) or {@link #constant} (none).
 * Every operation on a var returns a new var; when recording is on (see {@link GradMode}) and any
 * input needs a gradient, the result remembers its op and inputs. The recording is this web of
 * references: the reverse sweep orders it topologically with an explicit stack (never
 * recursion), so chains of millions of operations differentiate with the default thread stack,
 * and it is garbage once no var of it is reachable.
 *
 * <p>Values are immutable; the only mutable state is a leaf's accumulated {@link #grad()}.
 * Threads may sweep recordings that share vars (model weights used by several threads) with
 * {@link Derivatives}: each sweep's results are exact. {@link #backward()} accumulates into the
 * shared leaves' {@code grad} without synchronisation, so from several threads use
 * {@link Derivatives#grad(Var, Var...)} and add the results yourself.
 */
public final class Var {
    final Tensor value;
    final Primitive op;
    Var[] inputs;
    final boolean requiresGrad;
    private Tensor grad;

    /** Sweep bookkeeping, see {@link Topology}: the epoch of an ordering and the slot in it. */
    long sweepMark;

    Var(Tensor value, Primitive op, Var[] inputs, boolean requiresGrad) {
        this.value = value;
        this.op = op;
        this.inputs = inputs;
        this.requiresGrad = requiresGrad;
    }

    // ---------------------------------------------------------------- leaves

    /** A leaf whose gradient is wanted. */
    public static Var variable(Tensor value) {
        return new Var(value, null, null, true);
    }

    /** A scalar leaf whose gradient is wanted. */
    public static Var variable(double value) {
        return variable(Tensor.scalar(value));
    }

    /** A leaf treated as a constant: no gradient flows into it. */
    public static Var constant(Tensor value) {
        return new Var(value, null, null, false);
    }

    public static Var constant(double value) {
        return constant(Tensor.scalar(value));
    }

    /**
     * Result of a primitive: recorded when recording is on and an input needs a gradient,
     * otherwise a constant holding the value.
     */
    static Var record(Primitive op, Tensor value, Var... inputs) {
        if (GradMode.isEnabled()) {
            for (Var input : inputs) {
                if (input.requiresGrad) {
                    return new Var(value, op, inputs, true);
                }
            }
        }
        return new Var(value, null, null, false);
    }

    // ---------------------------------------------------------------- state

    public Tensor value() {
        return value;
    }

    /** The single number of a size-1 value; see {@link Tensor#item()}. */
    public double item() {
        return value.item();
    }

    public int[] shape() {
        return value.shape();
    }

    public int rank() {
        return value.rank();
    }

    /** Whether derivatives flow into this var: a variable leaf, or the result of recording. */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** Whether this var was made directly rather than computed by a recorded op. */
    public boolean isLeaf() {
        return op == null;
    }

    /** The primitive that computed this var, or {@code null} for a leaf. */
    public Primitive op() {
        return op;
    }

    /**
     * The recorded inputs, in the order the op takes them; empty for a leaf.
     *
     * @throws IllegalStateException when an earlier {@link #backward()} released the recording
     */
    public List<Var> inputs() {
        if (op == null) {
            return List.of();
        }
        return Arrays.asList(recordedInputs().clone());
    }

    Var[] recordedInputs() {
        if (inputs == null) {
            throw new IllegalStateException(
                    "the recording of op '" + op.describe() + "' was released by an earlier"
                            + " backward(); use backwardRetaining() on the first sweep to sweep"
                            + " the same recording again");
        }
        return inputs;
    }

    /**
     * Gradient accumulated in this leaf by {@link #backward()} calls, or {@code null} when none
     * reached it yet. Only leaves made with {@link #variable} accumulate.
     */
    public Tensor grad() {
        return grad;
    }

    /** Forgets the accumulated gradient, so the next backward starts from zero. */
    public void zeroGrad() {
        grad = null;
    }

    void accumulateGrad(Tensor contribution) {
        grad = grad == null ? contribution : grad.add(contribution);
    }

    /** The same value as a constant: derivatives stop here (stop-gradient). */
    public Var detach() {
        return constant(value);
    }

    // ---------------------------------------------------------------- sweeps

    /**
     * Reverse sweep from this scalar: adds d(this)/d(leaf) to the {@link #grad()} of every
     * variable leaf it depends on, then releases the recording.
     *
     * <p>Second sweeps: intermediate adjoints are computed afresh by every sweep and never
     * carried over; only leaves accumulate, so two sweeps over retained recordings add their
     * gradients (as mini-batch accumulation wants). Call {@link #zeroGrad()} on the leaves to
     * start over. Sweeping a released recording throws {@link IllegalStateException}.
     *
     * @throws IllegalArgumentException when this var is not a scalar; use
     *     {@link #backward(Tensor)} with a seed of this var's shape
     * @throws IllegalStateException when this var depends on no variable (made from constants,
     *     under {@link GradMode#noGrad()} or after {@link #detach()}), or when an earlier
     *     {@code backward()} released part of its recording
     */
    public void backward() {
        if (value.size() != 1) {
            throw new IllegalArgumentException(
                    "backward: output has shape " + Arrays.toString(value.shape())
                            + "; backward() needs a single number. Reduce it first (sum(),"
                            + " mean()) or pass a seed with backward(Tensor)");
        }
        Backward.toLeaves(this, Tensor.ones(value.shape()), true);
    }

    /** Like {@link #backward()}, but keeps the recording so it can be swept again. */
    public void backwardRetaining() {
        if (value.size() != 1) {
            throw new IllegalArgumentException(
                    "backwardRetaining: output has shape " + Arrays.toString(value.shape())
                            + "; it needs a single number");
        }
        Backward.toLeaves(this, Tensor.ones(value.shape()), false);
    }

    /**
     * Reverse sweep seeded with {@code seed} (the vector of a vector-Jacobian product): adds
     * {@code seed^T d(this)/d(leaf)} to each variable leaf's {@link #grad()}, then releases the
     * recording.
     *
     * @throws IllegalArgumentException when the seed's shape differs from this var's
     */
    public void backward(Tensor seed) {
        if (!seed.hasShape(value.shape())) {
            throw new IllegalArgumentException(
                    "backward: seed shape " + Arrays.toString(seed.shape())
                            + " differs from output shape " + Arrays.toString(value.shape()));
        }
        Backward.toLeaves(this, seed, true);
    }

    // ---------------------------------------------------------------- arithmetic

    public Var add(Var other) {
        return Arithmetic.add(this, other);
    }

    public Var add(double constant) {
        return Arithmetic.addConstant(this, constant);
    }

    public Var sub(Var other) {
        return Arithmetic.sub(this, other);
    }

    public Var sub(double constant) {
        return Arithmetic.addConstant(this, -constant);
    }

    /** {@code constant - this}. */
    public Var rsub(double constant) {
        return Arithmetic.addConstant(Arithmetic.neg(this), constant);
    }

    public Var mul(Var other) {
        return Arithmetic.mul(this, other);
    }

    public Var mul(double constant) {
        return Arithmetic.mulConstant(this, constant);
    }

    public Var div(Var other) {
        return Arithmetic.div(this, other);
    }

    public Var div(double constant) {
        return Arithmetic.mulConstant(this, 1.0 / constant);
    }

    /** {@code constant / this}. */
    public Var rdiv(double constant) {
        return Arithmetic.reciprocal(this).mul(constant);
    }

    public Var neg() {
        return Arithmetic.neg(this);
    }

    /** {@code 1 / this}. */
    public Var reciprocal() {
        return Arithmetic.reciprocal(this);
    }

    /**
     * {@code this ^ exponent} with a tensor exponent. Conventions: the derivative with respect
     * to the exponent, {@code x^y ln x}, is taken as 0 where x = 0; for negative x it is NaN,
     * as ln x is. The derivative with respect to the base, {@code y x^(y-1)}, is 0 where
     * y = 0, also at x = 0.
     */
    public Var pow(Var exponent) {
        return Arithmetic.pow(this, exponent);
    }

    /**
     * {@code this ^ exponent} with a constant exponent, defined for negative bases when the
     * exponent is an integer; d/dx x^0 = 0 everywhere, d/dx x^1 = 1 everywhere, and
     * d/dx x^n at 0 is 0 for n > 1; never NaN at 0 (it is +-inf for n < 1, as for sqrt).
     */
    public Var pow(double exponent) {
        return Arithmetic.powConstant(this, exponent);
    }

    public Var square() {
        return Arithmetic.square(this);
    }

    /** Elementwise minimum; at ties the gradient is split evenly between both inputs. */
    public Var minimum(Var other) {
        return Arithmetic.minimum(this, other);
    }

    /** Elementwise maximum; at ties the gradient is split evenly between both inputs. */
    public Var maximum(Var other) {
        return Arithmetic.maximum(this, other);
    }

    /**
     * Clamps into {@code [low, high]}; the gradient is 1 inside, 0 outside, and 1 at the bounds
     * themselves.
     */
    public Var clamp(double low, double high) {
        return Arithmetic.clamp(this, low, high);
    }

    /**
     * Elementwise selection: {@code whenTrue} where {@code condition} is non-zero,
     * {@code whenFalse} elsewhere (all three broadcast together). The branch not taken
     * contributes exactly 0 to every gradient, even where its own derivative is inf or NaN.
     *
     * <p>Limitation: matrix products ({@link #matmul}, {@link #dot}) sum their terms in a
     * tuned kernel that does not mask zero adjoints, so an unselected branch that multiplies
     * by a matrix holding inf or NaN still sends NaN to the other operand's gradient (0 * inf
     * inside the sum). Masking there would slow every product; select before the product
     * instead (apply {@code where} to the matrix's entries) when such values can occur.
     */
    public static Var where(Tensor condition, Var whenTrue, Var whenFalse) {
        return Arithmetic.where(condition, whenTrue, whenFalse);
    }

    /** Mask of 1.0 where {@code this > other}, else 0.0; not differentiable. */
    public Tensor gt(double other) {
        return value.map(v -> v > other ? 1.0 : 0.0);
    }

    /** Mask of 1.0 where {@code this >= other}, else 0.0; not differentiable. */
    public Tensor ge(double other) {
        return value.map(v -> v >= other ? 1.0 : 0.0);
    }

    /** Mask of 1.0 where {@code this < other}, else 0.0; not differentiable. */
    public Tensor lt(double other) {
        return value.map(v -> v < other ? 1.0 : 0.0);
    }

    /** Mask of 1.0 where {@code this <= other}, else 0.0; not differentiable. */
    public Tensor le(double other) {
        return value.map(v -> v <= other ? 1.0 : 0.0);
    }

    // ---------------------------------------------------------------- elementary functions

    public Var exp() {
        return Elementary.exp(this);
    }

    /** Natural logarithm; log 0 = -inf with derivative +inf, negative inputs give NaN. */
    public Var log() {
        return Elementary.log(this);
    }

    /** {@code ln(1 + x)}, accurate for small x. */
    public Var log1p() {
        return Elementary.log1p(this);
    }

    /** {@code e^x - 1}, accurate for small x. */
    public Var expm1() {
        return Elementary.expm1(this);
    }

    /** Square root; its derivative at 0 is +inf by convention (use {@link #norm()} for norms). */
    public Var sqrt() {
        return Elementary.sqrt(this);
    }

    /** Absolute value; abs'(0) = 0. */
    public Var abs() {
        return Elementary.abs(this);
    }

    public Var sin() {
        return Elementary.sin(this);
    }

    public Var cos() {
        return Elementary.cos(this);
    }

    public Var tan() {
        return Elementary.tan(this);
    }

    public Var asin() {
        return Elementary.asin(this);
    }

    public Var acos() {
        return Elementary.acos(this);
    }

    public Var atan() {
        return Elementary.atan(this);
    }

    /** The angle of the point (x, y) with {@code this} as y; atan2(0, 0) has gradient (0, 0). */
    public Var atan2(Var x) {
        return Elementary.atan2(this, x);
    }

    public Var sinh() {
        return Elementary.sinh(this);
    }

    public Var cosh() {
        return Elementary.cosh(this);
    }

    public Var tanh() {
        return Elementary.tanh(this);
    }

    /** {@code 1 / (1 + e^-x)}, stable for large |x| (sigmoid(-1000) = 0, gradient 0). */
    public Var sigmoid() {
        return Elementary.sigmoid(this);
    }

    /** {@code max(x, 0)}; relu'(0) = 0. */
    public Var relu() {
        return Elementary.relu(this);
    }

    /** {@code ln(1 + e^x)}, stable for large |x| (softplus(1000) = 1000, gradient 1). */
    public Var softplus() {
        return Elementary.softplus(this);
    }

    /**
     * The error function, {@code erf x = 2/sqrt(pi) * integral from 0 to x of e^(-t^2) dt},
     * within 1.3 ulps of the exact value; its derivative is {@code 2/sqrt(pi) e^(-x^2)}.
     */
    public Var erf() {
        return Elementary.erf(this);
    }

    // ---------------------------------------------------------------- reductions

    /** Sum of all elements, a scalar. */
    public Var sum() {
        return Reductions.sum(this, null, false);
    }

    /** Sum along the given axes (negative axes count from the end). */
    public Var sum(int[] axes, boolean keepDims) {
        return Reductions.sum(this, axes, keepDims);
    }

    public Var mean() {
        return Reductions.mean(this, null, false);
    }

    public Var mean(int[] axes, boolean keepDims) {
        return Reductions.mean(this, axes, keepDims);
    }

    /** Largest element; at ties the gradient is split evenly among the maxima. */
    public Var max() {
        return Reductions.max(this, null, false);
    }

    public Var max(int[] axes, boolean keepDims) {
        return Reductions.max(this, axes, keepDims);
    }

    /** Smallest element; at ties the gradient is split evenly among the minima. */
    public Var min() {
        return Reductions.min(this, null, false);
    }

    public Var min(int[] axes, boolean keepDims) {
        return Reductions.min(this, axes, keepDims);
    }

    /** Product of all elements; exact gradients also when some elements are zero. */
    public Var prod() {
        return Reductions.prod(this, null, false);
    }

    public Var prod(int[] axes, boolean keepDims) {
        return Reductions.prod(this, axes, keepDims);
    }

    /** {@code ln(sum(e^x))} in its stable form. */
    public Var logsumexp() {
        return Reductions.logsumexp(this, null, false);
    }

    public Var logsumexp(int[] axes, boolean keepDims) {
        return Reductions.logsumexp(this, axes, keepDims);
    }

    /**
     * Softmax along an axis, stable for large inputs. Where the axis holds +inf the result is
     * the limit: the +inf elements share 1 evenly and the rest get 0 (softmax([inf, 0]) =
     * [1, 0]); NaN propagates.
     */
    public Var softmax(int axis) {
        return Reductions.softmax(this, axis);
    }

    /** Log of the softmax along an axis, finite for large logits. */
    public Var logSoftmax(int axis) {
        return Reductions.logSoftmax(this, axis);
    }

    /**
     * Sums over the axes that broadcasting would add or stretch to go from {@code shape} to this
     * var's shape: the adjoint of {@link #broadcastTo}.
     */
    public Var sumTo(int... shape) {
        return Shapes.sumTo(this, shape);
    }

    /**
     * This adjoint summed to the shape of {@code operand} (a reverse rule's last step for a
     * broadcast operand); itself, without copying the shape, when the shapes already agree.
     */
    Var sumToShapeOf(Var operand) {
        return value.sameShape(operand.value) ? this : Shapes.sumTo(this, operand.value.shape());
    }

    // ---------------------------------------------------------------- shapes

    /** Same elements under a new shape; one extent may be -1. */
    public Var reshape(int... shape) {
        return Shapes.reshape(this, shape);
    }

    /** Swaps the last two axes (the matrix transpose; a no-op below rank 2). */
    public Var transpose() {
        return Shapes.transpose(this);
    }

    /** Reorders axes: result axis i is input axis {@code order[i]}. */
    public Var permute(int... order) {
        return Shapes.permute(this, order);
    }

    public Var broadcastTo(int... shape) {
        return Shapes.broadcastTo(this, shape);
    }

    /** Elements {@code start} (inclusive) to {@code end} (exclusive) along one axis. */
    public Var slice(int axis, int start, int end) {
        return Shapes.slice(this, axis, start, end);
    }

    /** Elements at the given indices along one axis, in that order (repeats allowed). */
    public Var gather(int axis, int... indices) {
        return Shapes.gather(this, axis, indices);
    }

    /** Joins vars along an existing axis. */
    public static Var concat(int axis, Var... parts) {
        return Shapes.concat(axis, parts);
    }

    /** Joins vars of equal shape along a new axis. */
    public static Var stack(int axis, Var... parts) {
        return Shapes.stack(axis, parts);
    }

    // ---------------------------------------------------------------- linear algebra

    /**
     * Matrix product: 2-D by 2-D, 1-D operands as NumPy treats them, and batched products over
     * broadcast leading axes.
     */
    public Var matmul(Var other) {
        return LinearAlgebra.matmul(this, other);
    }

    /** Inner product of two vectors of equal length. */
    public Var dot(Var other) {
        return LinearAlgebra.dot(this, other);
    }

    /** Outer product of two vectors. */
    public Var outer(Var other) {
        return LinearAlgebra.outer(this, other);
    }

    /**
     * Euclidean norm of all elements, computed with scaling so it neither overflows nor
     * underflows; its gradient at the zero tensor is 0. NaN anywhere gives NaN.
     */
    public Var norm() {
        return LinearAlgebra.norm(this);
    }

    @Override
    public String toString() {
        String kind = op != null ? op.describe() : requiresGrad ? "variable" : "constant";
        return "Var(" + kind + ", " + value + ")";
    }
}
