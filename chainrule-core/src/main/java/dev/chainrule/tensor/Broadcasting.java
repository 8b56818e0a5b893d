package dev.chainrule.tensor;

import java.util.function.DoubleBinaryOperator;

/**
 * Kernels that walk two tensors broadcast to a common shape. The inner loop runs along the last
 * axis with each operand's own stride (0 where it is broadcast); an odometer steps the outer
 * axes. The four arithmetic operations have dedicated loops, so the common cases (same shape, a
 * scalar operand, a row vector added to every row) run without a call per element.
 */
final class Broadcasting {
    static final int ADD = 0;
    static final int SUB = 1;
    static final int MUL = 2;
    static final int DIV = 3;
    private static final String[] NAMES = {"add", "sub", "mul", "div"};

    private Broadcasting() {}

    static Tensor arithmetic(Tensor lhs, Tensor rhs, int code) {
        double[] a = lhs.data;
        double[] b = rhs.data;
        if (lhs.shape.length == 0 && rhs.shape.length == 0) {
            return new Tensor(Shape.SCALAR, new double[] {combine(code, a[0], b[0])});
        }
        int[] shape = Shape.broadcast(lhs.shape, rhs.shape, NAMES[code]);
        double[] result = new double[Shape.size(shape)];
        if (a.length == result.length && b.length == result.length) {
            sameShape(code, a, b, result);
        } else if (b.length == 1 && a.length == result.length) {
            scalarRhs(code, a, b[0], result);
        } else if (a.length == 1 && b.length == result.length) {
            scalarLhs(code, a[0], b, result);
        } else {
            general(lhs, rhs, shape, result, code, null);
        }
        return new Tensor(shape, result);
    }

    static Tensor apply(Tensor lhs, Tensor rhs, String operation, DoubleBinaryOperator function) {
        int[] shape = Shape.broadcast(lhs.shape, rhs.shape, operation);
        double[] result = new double[Shape.size(shape)];
        if (lhs.data.length == result.length && rhs.data.length == result.length) {
            for (int i = 0; i < result.length; i++) {
                result[i] = function.applyAsDouble(lhs.data[i], rhs.data[i]);
            }
        } else {
            general(lhs, rhs, shape, result, -1, function);
        }
        return new Tensor(shape, result);
    }

    private static double combine(int code, double a, double b) {
        switch (code) {
            case ADD:
                return a + b;
            case SUB:
                return a - b;
            case MUL:
                return a * b;
            default:
                return a / b;
        }
    }

    private static void sameShape(int code, double[] a, double[] b, double[] result) {
        int n = result.length;
        switch (code) {
            case ADD:
                for (int i = 0; i < n; i++) {
                    result[i] = a[i] + b[i];
                }
                break;
            case SUB:
                for (int i = 0; i < n; i++) {
                    result[i] = a[i] - b[i];
                }
                break;
            case MUL:
                for (int i = 0; i < n; i++) {
                    result[i] = a[i] * b[i];
                }
                break;
            default:
                for (int i = 0; i < n; i++) {
                    result[i] = a[i] / b[i];
                }
        }
    }

    private static void scalarRhs(int code, double[] a, double b, double[] result) {
        int n = result.length;
        switch (code) {
            case ADD:
                for (int i = 0; i < n; i++) {
                    result[i] = a[i] + b;
                }
                break;
            case SUB:
                for (int i = 0; i < n; i++) {
                    result[i] = a[i] - b;
                }
                break;
            case MUL:
                for (int i = 0; i < n; i++) {
                    result[i] = a[i] * b;
                }
                break;
            default:
                for (int i = 0; i < n; i++) {
                    result[i] = a[i] / b;
                }
        }
    }

    private static void scalarLhs(int code, double a, double[] b, double[] result) {
        int n = result.length;
        switch (code) {
            case ADD:
                for (int i = 0; i < n; i++) {
                    result[i] = a + b[i];
                }
                break;
            case SUB:
                for (int i = 0; i < n; i++) {
                    result[i] = a - b[i];
                }
                break;
            case MUL:
                for (int i = 0; i < n; i++) {
                    result[i] = a * b[i];
                }
                break;
            default:
                for (int i = 0; i < n; i++) {
                    result[i] = a / b[i];
                }
        }
    }

    /**
     * Broadcast walk. With {@code function == null} the arithmetic {@code code} is applied; the
     * switch sits outside the inner loop.
     */
    private static void general(Tensor lhs, Tensor rhs, int[] shape, double[] result, int code,
            DoubleBinaryOperator function) {
        if (result.length == 0) {
            return;
        }
        int rank = shape.length;
        int[] lhsStrides = Shape.broadcastStrides(lhs.shape, shape);
        int[] rhsStrides = Shape.broadcastStrides(rhs.shape, shape);
        int inner = shape[rank - 1];
        int lhsInner = lhsStrides[rank - 1];
        int rhsInner = rhsStrides[rank - 1];
        int[] counter = new int[rank];
        int lhsBase = 0;
        int rhsBase = 0;
        double[] a = lhs.data;
        double[] b = rhs.data;
        for (int out = 0; out < result.length; out += inner) {
            if (function != null) {
                for (int i = 0, ia = lhsBase, ib = rhsBase; i < inner;
                        i++, ia += lhsInner, ib += rhsInner) {
                    result[out + i] = function.applyAsDouble(a[ia], b[ib]);
                }
            } else {
                innerArithmetic(code, a, lhsBase, lhsInner, b, rhsBase, rhsInner, result, out,
                        inner);
            }
            // Advance the odometer over the outer axes.
            for (int axis = rank - 2; axis >= 0; axis--) {
                counter[axis]++;
                lhsBase += lhsStrides[axis];
                rhsBase += rhsStrides[axis];
                if (counter[axis] < shape[axis]) {
                    break;
                }
                lhsBase -= lhsStrides[axis] * shape[axis];
                rhsBase -= rhsStrides[axis] * shape[axis];
                counter[axis] = 0;
            }
        }
    }

    private static void innerArithmetic(int code, double[] a, int ia, int sa, double[] b, int ib,
            int sb, double[] result, int out, int count) {
        switch (code) {
            case ADD:
                for (int i = 0; i < count; i++, ia += sa, ib += sb) {
                    result[out + i] = a[ia] + b[ib];
                }
                break;
            case SUB:
                for (int i = 0; i < count; i++, ia += sa, ib += sb) {
                    result[out + i] = a[ia] - b[ib];
                }
                break;
            case MUL:
                for (int i = 0; i < count; i++, ia += sa, ib += sb) {
                    result[out + i] = a[ia] * b[ib];
                }
                break;
            default:
                for (int i = 0; i < count; i++, ia += sa, ib += sb) {
                    result[out + i] = a[ia] / b[ib];
                }
        }
    }

    /** Copies {@code source} into a tensor of the (already checked) broadcast shape. */
    static Tensor expand(Tensor source, int[] target) {
        Tensor zeros = new Tensor(target, new double[Shape.size(target)]);
        return arithmetic(zeros, source, ADD);
    }

    /** Sums {@code source} down to {@code target}, which broadcasts to source's shape. */
    static Tensor reduceTo(Tensor source, int[] target) {
        double[] result = new double[Shape.size(target)];
        int[] shape = source.shape;
        int rank = shape.length;
        if (source.data.length == 0) {
            return new Tensor(target, result);
        }
        int[] targetStrides = Shape.broadcastStrides(target, shape);
        int[] counter = new int[rank];
        int position = 0;
        double[] data = source.data;
        int inner = rank == 0 ? 1 : shape[rank - 1];
        int innerStride = rank == 0 ? 0 : targetStrides[rank - 1];
        for (int in = 0; in < data.length; in += inner) {
            if (innerStride == 0) {
                double sum = 0;
                for (int i = 0; i < inner; i++) {
                    sum += data[in + i];
                }
                result[position] += sum;
            } else {
                for (int i = 0; i < inner; i++) {
                    result[position + i * innerStride] += data[in + i];
                }
            }
            for (int axis = rank - 2; axis >= 0; axis--) {
                counter[axis]++;
                position += targetStrides[axis];
                if (counter[axis] < shape[axis]) {
                    break;
                }
                position -= targetStrides[axis] * shape[axis];
                counter[axis] = 0;
            }
        }
        return new Tensor(target, result);
    }
}
