package dev.chainrule.autodiff;

import dev.chainrule.tensor.Tensor;
import java.util.Arrays;
import java.util.function.Function;

/**
 * Derivatives of recorded computations and of functions of vars: gradients, vector-Jacobian and
 * Jacobian-vector products, Jacobians, Hessians and Hessian-vector products.
 *
 * <p>Two styles. On vars already recorded, {@link #grad(Var, Var...)} and
 * {@link #jvp(Var[], Var[], Var[][])} sweep the recording as it stands. On a function,
 * {@link #grad(Function, Tensor)} and its siblings record the function at the given point and
 * differentiate it; nothing of the recording outlives the call.
 *
 * <p>Higher orders: {@link #derivative(Function, Var)} returns the derivative as a recorded
 * var, so it can be differentiated again (nest it for third derivatives). Hessians are computed
 * forward-over-reverse: one recorded reverse sweep, then one forward sweep per direction.
 *
 * <p>These methods never touch a leaf's accumulated {@link Var#grad()}. The methods on
 * functions record the function even when called inside a {@link GradMode#noGrad()} scope.
 */
public final class Derivatives {
    private Derivatives() {}

    // ---------------------------------------------------------------- on recorded vars

    /**
     * Gradient of a scalar output with respect to each var in {@code wrt} (leaves or
     * intermediate values), without building a recording of the derivative.
     *
     * @return one entry per {@code wrt}, zeros of its shape where the output does not depend
     *     on it
     */
    public static Var[] grad(Var output, Var... wrt) {
        requireScalar(output, "grad");
        return grad(output, Var.constant(Tensor.ones(output.shape())), false, wrt);
    }

    /**
     * Vector-Jacobian product {@code seed^T d(output)/d(wrt)}. With {@code createGraph} the
     * result is itself recorded, so it can be differentiated again; the recording of
     * {@code output} is always kept.
     *
     * @throws IllegalArgumentException when the seed's shape differs from the output's
     */
    public static Var[] grad(Var output, Var seed, boolean createGraph, Var... wrt) {
        if (!seed.value().sameShape(output.value())) {
            throw new IllegalArgumentException(
                    "grad: seed shape " + Arrays.toString(seed.shape())
                            + " differs from output shape " + Arrays.toString(output.shape()));
        }
        Topology topology = Topology.from(output);
        Var[] adjoints = Backward.sweep(topology, output, seed, createGraph, false);
        Var[] result = new Var[wrt.length];
        for (int i = 0; i < wrt.length; i++) {
            int slot = wrt[i].requiresGrad() ? topology.slot(wrt[i]) : -1;
            Var adjoint = slot >= 0 ? adjoints[slot] : null;
            result[i] = adjoint != null ? adjoint : Var.constant(Tensor.zeros(wrt[i].shape()));
        }
        return result;
    }

    /**
     * One reverse sweep that keeps the adjoint of every visited var, for explanations and
     * inspection. The recording is kept.
     */
    public static Gradients gradients(Var output, Tensor seed) {
        if (!seed.sameShape(output.value())) {
            throw new IllegalArgumentException(
                    "gradients: seed shape " + Arrays.toString(seed.shape())
                            + " differs from output shape " + Arrays.toString(output.shape()));
        }
        Topology topology = Topology.from(output);
        Var[] adjoints = Backward.sweep(topology, output, Var.constant(seed), false, false);
        return new Gradients(topology, adjoints);
    }

    /**
     * Forward-mode products over a recording: the tangents of {@code outputs} when
     * {@code inputs} move along each of several directions, all in one ordering of the
     * recording.
     *
     * @param directions {@code directions[d][i]}: tangent of {@code inputs[i]} in direction d,
     *     of that input's shape ({@code null} for zero); a var listed twice among the inputs
     *     moves along the sum of its tangents
     * @return {@code result[d][o]}: tangent of {@code outputs[o]} in direction d, zeros where it
     *     does not depend on the inputs
     */
    public static Var[][] jvp(Var[] outputs, Var[] inputs, Var[][] directions) {
        for (Var[] direction : directions) {
            if (direction.length != inputs.length) {
                throw new IllegalArgumentException(
                        "jvp: a direction has " + direction.length + " tangents for "
                                + inputs.length + " inputs");
            }
            for (int i = 0; i < inputs.length; i++) {
                if (direction[i] != null && !direction[i].value().sameShape(inputs[i].value())) {
                    throw new IllegalArgumentException(
                            "jvp: tangent shape " + Arrays.toString(direction[i].shape())
                                    + " differs from input " + i + " shape "
                                    + Arrays.toString(inputs[i].shape()));
                }
            }
        }
        Var[][] tangents = Forward.sweep(outputs, inputs, directions, GradMode.isEnabled());
        for (Var[] perDirection : tangents) {
            for (int o = 0; o < outputs.length; o++) {
                if (perDirection[o] == null) {
                    perDirection[o] = Var.constant(Tensor.zeros(outputs[o].shape()));
                }
            }
        }
        return tangents;
    }

    // ---------------------------------------------------------------- on functions

    /** Gradient of a scalar function at {@code x}. */
    public static Tensor grad(Function<Var, Var> function, Tensor x) {
        return valueAndGrad(function, x).gradient();
    }

    /** Value and gradient of a scalar function at {@code x}, from one recording. */
    public static ValueAndGrad valueAndGrad(Function<Var, Var> function, Tensor x) {
        Var input = Var.variable(x);
        Var output = record(function, input);
        requireScalar(output, "valueAndGrad");
        Tensor gradient = grad(output, input)[0].value();
        return new ValueAndGrad(output.value(), new Tensor[] {gradient});
    }

    /** Value and gradients of a scalar function of several tensors, from one recording. */
    public static ValueAndGrad valueAndGrad(Function<Var[], Var> function, Tensor... xs) {
        Var[] inputs = new Var[xs.length];
        for (int i = 0; i < xs.length; i++) {
            inputs[i] = Var.variable(xs[i]);
        }
        Var output;
        try (GradMode.Scope scope = GradMode.enableGrad()) {
            output = function.apply(inputs);
        }
        requireScalar(output, "valueAndGrad");
        Var[] adjoints = grad(output, inputs);
        Tensor[] gradients = new Tensor[xs.length];
        for (int i = 0; i < xs.length; i++) {
            gradients[i] = adjoints[i].value();
        }
        return new ValueAndGrad(output.value(), gradients);
    }

    /**
     * Vector-Jacobian product {@code seed^T J} of a function at {@code x}.
     *
     * @throws IllegalArgumentException when the seed's shape differs from the output's
     */
    public static Tensor vjp(Function<Var, Var> function, Tensor x, Tensor seed) {
        Var input = Var.variable(x);
        Var output = record(function, input);
        if (!seed.sameShape(output.value())) {
            throw new IllegalArgumentException(
                    "vjp: seed shape " + Arrays.toString(seed.shape()) + " differs from the"
                            + " function's output shape " + Arrays.toString(output.shape())
                            + "; pass a seed of the output's shape");
        }
        return grad(output, Var.constant(seed), false, input)[0].value();
    }

    /** Jacobian-vector product {@code J tangent} of a function at {@code x}. */
    public static Tensor jvp(Function<Var, Var> function, Tensor x, Tensor tangent) {
        return jvp(function, x, new Tensor[] {tangent})[0];
    }

    /**
     * Jacobian-vector products in several directions from one recording and one forward
     * sweep: {@code result[d] = J directions[d]}.
     */
    public static Tensor[] jvp(Function<Var, Var> function, Tensor x, Tensor... directions) {
        Var input = Var.variable(x);
        Var output = record(function, input);
        Var[][] seeds = new Var[directions.length][];
        for (int d = 0; d < directions.length; d++) {
            seeds[d] = new Var[] {Var.constant(directions[d])};
        }
        Var[][] tangents;
        try (GradMode.Scope scope = GradMode.noGrad()) {
            tangents = jvp(new Var[] {output}, new Var[] {input}, seeds);
        }
        Tensor[] result = new Tensor[directions.length];
        for (int d = 0; d < directions.length; d++) {
            result[d] = tangents[d][0].value();
        }
        return result;
    }

    /**
     * The Jacobian of a function at {@code x}, of shape {@code output shape + x shape}.
     * Forward mode (one sweep, one direction per input element) when x has no more elements
     * than the output; reverse mode (one sweep per output element) otherwise.
     */
    public static Tensor jacobian(Function<Var, Var> function, Tensor x) {
        Var input = Var.variable(x);
        Var output = record(function, input);
        int inputSize = x.size();
        int outputSize = output.value().size();
        int[] shape = concat(output.shape(), x.shape());
        double[] jacobian = new double[outputSize * inputSize];
        if (inputSize <= outputSize) {
            Var[][] basis = new Var[inputSize][];
            for (int j = 0; j < inputSize; j++) {
                basis[j] = new Var[] {Var.constant(unit(x.shape(), j))};
            }
            Var[][] tangents;
            try (GradMode.Scope scope = GradMode.noGrad()) {
                tangents = jvp(new Var[] {output}, new Var[] {input}, basis);
            }
            for (int j = 0; j < inputSize; j++) {
                Tensor column = tangents[j][0].value();
                for (int i = 0; i < outputSize; i++) {
                    jacobian[i * inputSize + j] = column.getFlat(i);
                }
            }
        } else {
            for (int i = 0; i < outputSize; i++) {
                Var seed = Var.constant(unit(output.shape(), i));
                Tensor row = grad(output, seed, false, input)[0].value();
                for (int j = 0; j < inputSize; j++) {
                    jacobian[i * inputSize + j] = row.getFlat(j);
                }
            }
        }
        return Tensor.of(shape, jacobian);
    }

    /**
     * The derivative of a scalar function at {@code x} as a recorded var: differentiate it
     * again for higher orders. When {@code x} does not need a gradient, it is treated as a
     * fresh variable.
     */
    public static Var derivative(Function<Var, Var> function, Var x) {
        try (GradMode.Scope scope = GradMode.enableGrad()) {
            Var input = x.requiresGrad() ? x : Var.variable(x.value());
            Var output = function.apply(input);
            requireScalar(output, "derivative");
            Var seed = Var.constant(Tensor.ones(output.shape()));
            return grad(output, seed, true, input)[0];
        }
    }

    /**
     * The Hessian of a scalar function at {@code x}, of shape {@code x shape + x shape}:
     * forward-over-reverse, one forward sweep with a direction per element of x.
     */
    public static Tensor hessian(Function<Var, Var> function, Tensor x) {
        int n = x.size();
        Tensor[] basis = new Tensor[n];
        for (int j = 0; j < n; j++) {
            basis[j] = unit(x.shape(), j);
        }
        Tensor[] columns = hvp(function, x, basis);
        double[] hessian = new double[n * n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                hessian[i * n + j] = columns[j].getFlat(i);
            }
        }
        return Tensor.of(concat(x.shape(), x.shape()), hessian);
    }

    /** Hessian-vector product {@code H v} of a scalar function at {@code x}. */
    public static Tensor hvp(Function<Var, Var> function, Tensor x, Tensor v) {
        return hvp(function, x, new Tensor[] {v})[0];
    }

    /** Hessian-vector products in several directions from one recording. */
    public static Tensor[] hvp(Function<Var, Var> function, Tensor x, Tensor... directions) {
        Var input = Var.variable(x);
        Var gradient = derivative(function, input);
        Var[][] seeds = new Var[directions.length][];
        for (int d = 0; d < directions.length; d++) {
            seeds[d] = new Var[] {Var.constant(directions[d])};
        }
        Var[][] tangents;
        try (GradMode.Scope scope = GradMode.noGrad()) {
            tangents = jvp(new Var[] {gradient}, new Var[] {input}, seeds);
        }
        Tensor[] result = new Tensor[directions.length];
        for (int d = 0; d < directions.length; d++) {
            result[d] = tangents[d][0].value();
        }
        return result;
    }

    // ---------------------------------------------------------------- helpers

    /**
     * Applies the function with recording on, also inside a {@link GradMode#noGrad()} scope of
     * the caller: without a recording every derivative would silently come out as 0.
     */
    private static Var record(Function<Var, Var> function, Var input) {
        try (GradMode.Scope scope = GradMode.enableGrad()) {
            return function.apply(input);
        }
    }

    private static void requireScalar(Var output, String operation) {
        if (output.value().size() != 1) {
            throw new IllegalArgumentException(
                    operation + ": the function returned shape "
                            + Arrays.toString(output.shape()) + " but a single number is"
                            + " needed; reduce it (sum(), mean()) or use jacobian/vjp");
        }
    }

    private static Tensor unit(int[] shape, int position) {
        double[] data = new double[Math.max(1, sizeOf(shape))];
        data[position] = 1.0;
        return Tensor.of(shape, data);
    }

    private static int sizeOf(int[] shape) {
        int size = 1;
        for (int extent : shape) {
            size *= extent;
        }
        return size;
    }

    private static int[] concat(int[] first, int[] second) {
        int[] result = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, result, first.length, second.length);
        return result;
    }

    /** A function's value with its gradient with respect to each input. */
    public record ValueAndGrad(Tensor value, Tensor[] gradients) {
        /** The gradient with respect to the first (often the only) input. */
        public Tensor gradient() {
            return gradients[0];
        }
    }
}
