package dev.chainrule.tensor;

import java.util.Arrays;
import java.util.Random;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * An immutable n-dimensional array of doubles: a shape and its elements in row-major order.
 *
 * <p>A scalar is a tensor of rank 0 (shape {@code []}, one element). Every operation returns a
 * new tensor and leaves its operands unchanged, so tensors can be shared freely between threads
 * and between recorded computations. Elementwise binary operations follow NumPy broadcasting
 * (see {@link Shape#broadcast}). This class knows nothing about derivatives: it is the numeric
 * layer under {@code dev.chainrule.autodiff}.
 *
 * <p>NaN and infinities propagate as IEEE 754 arithmetic says; no operation here checks for them.
 */
public final class Tensor {
    private static final double[] EMPTY = new double[0];

    final int[] shape;
    final double[] data;

    /** Takes ownership of both arrays: callers in this package must not keep or change them. */
    Tensor(int[] shape, double[] data) {
        this.shape = shape;
        this.data = data;
    }

    // ---------------------------------------------------------------- factories

    /** A rank-0 tensor holding one number. */
    public static Tensor scalar(double value) {
        return new Tensor(Shape.SCALAR, new double[] {value});
    }

    /** A rank-1 tensor; the array is copied. */
    public static Tensor vector(double... values) {
        return new Tensor(new int[] {values.length}, values.clone());
    }

    /**
     * A rank-2 tensor from rows of equal length; the rows are copied.
     *
     * @throws IllegalArgumentException when rows differ in length
     */
    public static Tensor matrix(double[]... rows) {
        int columns = rows.length == 0 ? 0 : rows[0].length;
        double[] data = new double[rows.length * columns];
        for (int r = 0; r < rows.length; r++) {
            if (rows[r].length != columns) {
                throw new IllegalArgumentException(
                        "matrix: row " + r + " has " + rows[r].length
                                + " elements but row 0 has " + columns);
            }
            System.arraycopy(rows[r], 0, data, r * columns, columns);
        }
        return new Tensor(new int[] {rows.length, columns}, data);
    }

    /**
     * A tensor of the given shape holding {@code data} in row-major order; the array is copied.
     *
     * @throws IllegalArgumentException when the data length differs from the shape's size
     */
    public static Tensor of(int[] shape, double... data) {
        int[] checked = Shape.checkedCopy(shape);
        if (Shape.size(checked) != data.length) {
            throw new IllegalArgumentException(
                    "of: shape " + Arrays.toString(shape) + " needs " + Shape.size(checked)
                            + " elements but " + data.length + " were given");
        }
        return new Tensor(checked, data.clone());
    }

    /** Wraps an array without copying; for kernels in this package and trusted callers. */
    static Tensor wrap(int[] shape, double[] data) {
        return new Tensor(shape, data);
    }

    public static Tensor zeros(int... shape) {
        int[] checked = Shape.checkedCopy(shape);
        return new Tensor(checked, new double[Shape.size(checked)]);
    }

    public static Tensor ones(int... shape) {
        return full(1.0, shape);
    }

    public static Tensor full(double value, int... shape) {
        int[] checked = Shape.checkedCopy(shape);
        double[] data = new double[Shape.size(checked)];
        Arrays.fill(data, value);
        return new Tensor(checked, data);
    }

    /** The vector {@code 0, 1, ..., count - 1}. */
    public static Tensor arange(int count) {
        return arange(0, count, 1);
    }

    /**
     * The vector {@code start, start + step, ...} of all values below {@code stop} (above it for
     * a negative step), as NumPy's {@code arange}.
     *
     * @throws IllegalArgumentException when step is zero or not finite, start or stop is not
     *     finite, or the range holds more values than a Java array can
     */
    public static Tensor arange(double start, double stop, double step) {
        if (step == 0 || !Double.isFinite(step)) {
            throw new IllegalArgumentException("arange: step must be finite and non-zero, got "
                    + step);
        }
        if (!Double.isFinite(start) || !Double.isFinite(stop)) {
            throw new IllegalArgumentException("arange: start and stop must be finite, got "
                    + start + " and " + stop);
        }
        double exactCount = Math.max(0, Math.ceil((stop - start) / step));
        if (exactCount > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(
                    "arange: " + start + " to " + stop + " in steps of " + step + " gives "
                            + exactCount + " values, more than a Java array can hold; use a"
                            + " larger step or a shorter range");
        }
        int count = (int) exactCount;
        double[] data = new double[count];
        for (int i = 0; i < count; i++) {
            data[i] = start + i * step;
        }
        return new Tensor(new int[] {count}, data);
    }

    /** {@code count} evenly spaced values from {@code start} to {@code stop}, both included. */
    public static Tensor linspace(double start, double stop, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("linspace: count must be >= 0, got " + count);
        }
        double[] data = new double[count];
        double step = count > 1 ? (stop - start) / (count - 1) : 0;
        for (int i = 0; i < count; i++) {
            data[i] = start + i * step;
        }
        if (count > 1) {
            data[count - 1] = stop;
        }
        return new Tensor(new int[] {count}, data);
    }

    /** Uniform random values in {@code [low, high)} from a seeded generator: reproducible. */
    public static Tensor randomUniform(long seed, double low, double high, int... shape) {
        Random random = new Random(seed);
        int[] checked = Shape.checkedCopy(shape);
        double[] data = new double[Shape.size(checked)];
        for (int i = 0; i < data.length; i++) {
            data[i] = low + (high - low) * random.nextDouble();
        }
        return new Tensor(checked, data);
    }

    /** Normal random values with the given mean and standard deviation, seeded. */
    public static Tensor randomNormal(long seed, double mean, double standardDeviation,
            int... shape) {
        Random random = new Random(seed);
        int[] checked = Shape.checkedCopy(shape);
        double[] data = new double[Shape.size(checked)];
        for (int i = 0; i < data.length; i++) {
            data[i] = mean + standardDeviation * random.nextGaussian();
        }
        return new Tensor(checked, data);
    }

    // ---------------------------------------------------------------- access

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    /** Extent along one axis; negative axes count from the end. */
    public int shape(int axis) {
        return shape[Shape.axis(axis, shape.length, "shape")];
    }

    public int rank() {
        return shape.length;
    }

    public int size() {
        return data.length;
    }

    public boolean isScalar() {
        return shape.length == 0;
    }

    /** Whether both tensors have the same shape. */
    public boolean sameShape(Tensor other) {
        return Arrays.equals(shape, other.shape);
    }

    /** Whether this tensor's shape equals {@code other}. */
    public boolean hasShape(int... other) {
        return Arrays.equals(shape, other);
    }

    /**
     * The single element of a tensor of size 1 (any rank).
     *
     * @throws IllegalStateException when the tensor has more or fewer than one element
     */
    public double item() {
        if (data.length != 1) {
            throw new IllegalStateException(
                    "item: tensor of shape " + Arrays.toString(shape) + " has " + data.length
                            + " elements, not 1; use get(index...) or toArray()");
        }
        return data[0];
    }

    /**
     * The element at a full index (one entry per axis).
     *
     * @throws IndexOutOfBoundsException naming the index and the shape
     */
    public double get(int... index) {
        return data[flatIndex(index)];
    }

    /** The element at a position of the row-major data. */
    public double getFlat(int position) {
        return data[position];
    }

    int flatIndex(int[] index) {
        if (index.length != shape.length) {
            throw new IndexOutOfBoundsException(
                    "get: index " + Arrays.toString(index) + " has " + index.length
                            + " entries but the tensor has rank " + shape.length);
        }
        int flat = 0;
        for (int axis = 0; axis < shape.length; axis++) {
            if (index[axis] < 0 || index[axis] >= shape[axis]) {
                throw new IndexOutOfBoundsException(
                        "get: index " + Arrays.toString(index) + " is outside shape "
                                + Arrays.toString(shape));
            }
            flat = flat * shape[axis] + index[axis];
        }
        return flat;
    }

    /** A copy of the elements in row-major order. */
    public double[] toArray() {
        return data.clone();
    }

    /** The elements without copying, for kernels in this package. Never modify. */
    double[] data() {
        return data;
    }

    // ---------------------------------------------------------------- comparison

    /**
     * Whether both tensors have the same shape and every pair of elements satisfies
     * {@code |a - b| <= absoluteTolerance + relativeTolerance * |b|}. NaN equals NaN only in
     * the same position; infinities must match exactly.
     */
    public boolean allClose(Tensor other, double relativeTolerance, double absoluteTolerance) {
        if (!Arrays.equals(shape, other.shape)) {
            return false;
        }
        for (int i = 0; i < data.length; i++) {
            double a = data[i];
            double b = other.data[i];
            if (Double.isNaN(a) || Double.isNaN(b)) {
                if (Double.isNaN(a) != Double.isNaN(b)) {
                    return false;
                }
            } else if (Double.isInfinite(a) || Double.isInfinite(b)) {
                if (a != b) {
                    return false;
                }
            } else if (Math.abs(a - b) > absoluteTolerance + relativeTolerance * Math.abs(b)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Exact equality of shape and elements, bit for bit as {@link Double#equals}: NaN equals
     * NaN, but 0.0 does not equal -0.0 (a gradient of -0.0, as from {@code -(0 * x)}, is not
     * equal to a zero tensor). Prefer {@link #allClose}, which treats both zeros as equal.
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof Tensor that
                && Arrays.equals(shape, that.shape)
                && Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    /**
     * Nested brackets as NumPy prints them, for example {@code [[1.0, 2.0], [3.0, 4.0]]}; a
     * scalar prints as its number. Tensors with more than 1000 elements are summarised by shape.
     */
    @Override
    public String toString() {
        if (shape.length == 0) {
            return Double.toString(data[0]);
        }
        if (data.length > 1000) {
            return "Tensor(shape=" + Arrays.toString(shape) + ", " + data.length + " elements)";
        }
        StringBuilder text = new StringBuilder();
        appendNested(text, 0, 0);
        return text.toString();
    }

    private int appendNested(StringBuilder text, int axis, int position) {
        text.append('[');
        for (int i = 0; i < shape[axis]; i++) {
            if (i > 0) {
                text.append(", ");
            }
            if (axis == shape.length - 1) {
                text.append(data[position++]);
            } else {
                position = appendNested(text, axis + 1, position);
            }
        }
        text.append(']');
        return position;
    }

    // ---------------------------------------------------------------- elementwise

    /** Applies a function to every element. */
    public Tensor map(DoubleUnaryOperator function) {
        double[] result = new double[data.length];
        for (int i = 0; i < result.length; i++) {
            result[i] = function.applyAsDouble(data[i]);
        }
        return new Tensor(shape, result);
    }

    /**
     * Combines two tensors elementwise after broadcasting them to a common shape.
     *
     * @param operation named in the error when the shapes do not broadcast
     */
    public Tensor zip(Tensor other, String operation, DoubleBinaryOperator function) {
        return Broadcasting.apply(this, other, operation, function);
    }

    public Tensor add(Tensor other) {
        return Broadcasting.arithmetic(this, other, Broadcasting.ADD);
    }

    public Tensor sub(Tensor other) {
        return Broadcasting.arithmetic(this, other, Broadcasting.SUB);
    }

    public Tensor mul(Tensor other) {
        return Broadcasting.arithmetic(this, other, Broadcasting.MUL);
    }

    public Tensor div(Tensor other) {
        return Broadcasting.arithmetic(this, other, Broadcasting.DIV);
    }

    public Tensor add(double constant) {
        double[] result = new double[data.length];
        for (int i = 0; i < result.length; i++) {
            result[i] = data[i] + constant;
        }
        return new Tensor(shape, result);
    }

    public Tensor mul(double constant) {
        double[] result = new double[data.length];
        for (int i = 0; i < result.length; i++) {
            result[i] = data[i] * constant;
        }
        return new Tensor(shape, result);
    }

    public Tensor neg() {
        return mul(-1.0);
    }

    // ---------------------------------------------------------------- reductions

    /** Sum of all elements, a scalar (0 for an empty tensor). */
    public Tensor sum() {
        return Reduce.reduce(this, null, false, Reduce.SUM);
    }

    /**
     * Sum along {@code axes} (negative axes count from the end; {@code null} means all). With
     * {@code keepDims} the reduced axes stay with extent 1, otherwise they are removed. An
     * empty {@code axes} array reduces nothing and returns this tensor, as NumPy's
     * {@code axis=()}.
     *
     * @throws IllegalArgumentException when an axis is out of range or repeated
     */
    public Tensor sum(int[] axes, boolean keepDims) {
        return Reduce.reduce(this, axes, keepDims, Reduce.SUM);
    }

    /** Product along {@code axes}, as {@link #sum(int[], boolean)}; the empty product is 1. */
    public Tensor prod(int[] axes, boolean keepDims) {
        return Reduce.reduce(this, axes, keepDims, Reduce.PROD);
    }

    /**
     * Maximum along {@code axes}, as {@link #sum(int[], boolean)}; NaN wins over numbers.
     *
     * @throws IllegalArgumentException also when the reduced axes hold no elements
     */
    public Tensor max(int[] axes, boolean keepDims) {
        return Reduce.reduce(this, axes, keepDims, Reduce.MAX);
    }

    /** Minimum along {@code axes}; see {@link #max(int[], boolean)}. */
    public Tensor min(int[] axes, boolean keepDims) {
        return Reduce.reduce(this, axes, keepDims, Reduce.MIN);
    }

    /**
     * {@code ln(sum(e^x))} along {@code axes}, shifted by the maximum so it neither overflows
     * nor underflows: logsumexp([1000, 1000]) = 1000 + ln 2. All -inf gives -inf, and so does
     * a reduction over axes that hold no elements (ln of the empty sum 0); any +inf gives +inf;
     * NaN propagates.
     */
    public Tensor logsumexp(int[] axes, boolean keepDims) {
        return Reduce.logsumexp(this, axes, keepDims);
    }

    // ---------------------------------------------------------------- layout

    /**
     * Reorders axes: axis i of the result is axis {@code order[i]} of this tensor.
     *
     * @throws IllegalArgumentException when {@code order} is not a permutation of the axes
     */
    public Tensor permute(int... order) {
        return Layout.permute(this, order);
    }

    /** Swaps the last two axes; tensors of rank below 2 are returned unchanged. */
    public Tensor transpose() {
        int rank = shape.length;
        if (rank < 2) {
            return this;
        }
        int[] order = new int[rank];
        for (int axis = 0; axis < rank; axis++) {
            order[axis] = axis;
        }
        order[rank - 2] = rank - 1;
        order[rank - 1] = rank - 2;
        return Layout.permute(this, order);
    }

    /**
     * Elements {@code start} (inclusive) to {@code end} (exclusive) along {@code axis}
     * (negative axes count from the end; start and end do not).
     *
     * @throws IllegalArgumentException unless {@code 0 <= start <= end <= shape(axis)}
     */
    public Tensor slice(int axis, int start, int end) {
        return Layout.slice(this, Shape.axis(axis, shape.length, "slice"), start, end);
    }

    /**
     * Zero-padding along {@code axis}: {@code before} zeros in front and {@code after} behind
     * (the adjoint of {@link #slice}).
     *
     * @throws IllegalArgumentException when a count is negative or the axis out of range
     */
    public Tensor pad(int axis, int before, int after) {
        if (before < 0 || after < 0) {
            throw new IllegalArgumentException(
                    "pad: counts must be >= 0, got before=" + before + ", after=" + after);
        }
        return Layout.pad(this, Shape.axis(axis, shape.length, "pad"), before, after);
    }

    /**
     * The slices at {@code indices} along {@code axis}, in that order; indices may repeat.
     *
     * @throws IllegalArgumentException naming the index when one is out of range
     */
    public Tensor gather(int axis, int... indices) {
        return Layout.gather(this, Shape.axis(axis, shape.length, "gather"), indices);
    }

    /**
     * The adjoint of {@link #gather}: a tensor with {@code extent} along {@code axis}, zero
     * except that slice i of this tensor is added at {@code indices[i]}; repeats add up.
     *
     * @throws IllegalArgumentException when the index count differs from this tensor's extent
     *     along the axis, or an index is outside {@code [0, extent)}
     */
    public Tensor scatterAdd(int axis, int[] indices, int extent) {
        return Layout.scatterAdd(this, Shape.axis(axis, shape.length, "scatterAdd"), indices,
                extent);
    }

    /**
     * Joins tensors along an existing axis (negative counts from the end).
     *
     * @throws IllegalArgumentException naming the shapes when the parts differ in rank or in
     *     any other axis, or when no part is given
     */
    public static Tensor concat(int axis, Tensor... parts) {
        return Layout.concat(axis, parts);
    }

    // ---------------------------------------------------------------- linear algebra

    /**
     * Matrix product with NumPy's matmul rules: 2-D by 2-D; leading (batch) axes broadcast; a
     * 1-D first operand is a row vector and a 1-D second operand a column vector, and the
     * added axis is removed from the result.
     *
     * @throws IllegalArgumentException naming both shapes when an operand is a scalar, the
     *     inner extents differ, or the batch axes do not broadcast
     */
    public Tensor matmul(Tensor other) {
        if (shape.length == 2 && other.shape.length == 2) {
            return MatrixKernels.multiply(this, false, other, false);
        }
        int[] resultShape = matmulShape(shape, other.shape);
        Tensor lhs = shape.length == 1 ? reshape(1, shape[0]) : this;
        Tensor rhs = other.shape.length == 1 ? other.reshape(other.shape[0], 1) : other;
        return MatrixKernels.multiply(lhs, false, rhs, false).reshape(resultShape);
    }

    /**
     * The shape of {@code lhs.matmul(rhs)} by NumPy's rules (see {@link #matmul(Tensor)}).
     *
     * @throws IllegalArgumentException naming both shapes when they have no matrix product
     */
    public static int[] matmulShape(int[] lhs, int[] rhs) {
        return MatrixKernels.productShape(lhs, rhs);
    }

    /**
     * {@code op(a) op(b)} for operands of rank >= 2, where op transposes the last two axes
     * when its flag is set, without materialising the transpose of a: reverse rules use it
     * for {@code G B^T} and {@code A^T G}. Batch axes broadcast as in {@link #matmul}.
     */
    public static Tensor matmul(Tensor a, boolean transposeA, Tensor b, boolean transposeB) {
        return MatrixKernels.multiply(a, transposeA, b, transposeB);
    }

    // ---------------------------------------------------------------- shape

    /**
     * The same elements under another shape of equal size. One extent may be -1 and is then
     * inferred.
     */
    public Tensor reshape(int... newShape) {
        int[] resolved = newShape.clone();
        int inferred = -1;
        int known = 1;
        for (int axis = 0; axis < resolved.length; axis++) {
            if (resolved[axis] == -1) {
                if (inferred >= 0) {
                    throw new IllegalArgumentException(
                            "reshape: only one extent may be -1 in " + Arrays.toString(newShape));
                }
                inferred = axis;
            } else if (resolved[axis] < 0) {
                throw new IllegalArgumentException(
                        "reshape: negative extent in " + Arrays.toString(newShape));
            } else {
                known *= resolved[axis];
            }
        }
        if (inferred >= 0 && known > 0 && data.length % known == 0) {
            resolved[inferred] = data.length / known;
        }
        if (inferred >= 0 && resolved[inferred] == -1 || Shape.size(resolved) != data.length) {
            throw new IllegalArgumentException(
                    "reshape: cannot view " + data.length + " elements of shape "
                            + Arrays.toString(shape) + " as shape " + Arrays.toString(newShape));
        }
        return new Tensor(resolved, data);
    }

    /**
     * This tensor broadcast to a larger shape (copying elements), as NumPy's broadcast_to.
     *
     * @throws IllegalArgumentException when the shape does not broadcast to the target
     */
    public Tensor broadcastTo(int... target) {
        if (Arrays.equals(shape, target)) {
            return this;
        }
        if (!Shape.broadcastsTo(shape, target)) {
            throw new IllegalArgumentException(
                    "broadcastTo: shape " + Arrays.toString(shape) + " cannot be broadcast to "
                            + Arrays.toString(target));
        }
        return Broadcasting.expand(this, target.clone());
    }

    /**
     * The sum of this tensor over the axes that broadcasting added or stretched to reach its
     * shape from {@code target}: the inverse of {@link #broadcastTo} for gradients.
     *
     * @throws IllegalArgumentException when {@code target} does not broadcast to this shape
     */
    public Tensor sumTo(int... target) {
        if (Arrays.equals(shape, target)) {
            return this;
        }
        if (!Shape.broadcastsTo(target, shape)) {
            throw new IllegalArgumentException(
                    "sumTo: shape " + Arrays.toString(target) + " does not broadcast to "
                            + Arrays.toString(shape) + ", so cannot be the result of a sum");
        }
        return Broadcasting.reduceTo(this, target.clone());
    }

    static double[] emptyData() {
        return EMPTY;
    }
}
