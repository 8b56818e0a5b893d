package dev.chainrule.autodiff;

import dev.chainrule.tensor.Tensor;

/**
 * A differentiable operation: its value, and its local derivatives in both directions.
 *
 * <p>Every operation of the engine, built in or added by a user, is a primitive. It states:
 * <ul>
 *   <li>{@link #forward}: the value of the output, from the values of the inputs;</li>
 *   <li>{@link #vjp}: the reverse-mode rule. Given the adjoint {@code grad} of the output (the
 *       derivative of the final result with respect to this output), it returns the
 *       contribution to each input's adjoint: grad times the local derivative, a vector-Jacobian
 *       product;</li>
 *   <li>{@link #jvp}: the forward-mode rule. Given a tangent of each input, it returns the
 *       tangent of the output: the local derivative times the tangents, a Jacobian-vector
 *       product.</li>
 * </ul>
 *
 * <p>Both rules are written with {@link Var} operations, never with raw arrays. When no higher
 * derivative is requested they run with recording switched off and cost the same as plain tensor
 * arithmetic; when one is requested the very same code is recorded, which is how second and
 * higher derivatives come without any extra rule.
 *
 * <p>A primitive instance may carry parameters (the axes of a sum, the exponent of a power); it
 * must be immutable, since recorded computations share it.
 *
 * <p>Adding a primitive: extend this class, then call {@link #apply} with the inputs. A sketch,
 * the cube {@code x^3} with derivative {@code 3x^2} (the full version is compiled and tested in
 * {@code CustomPrimitiveTest}):
 * <pre>{@code
 * final class Cube extends Primitive {
 *     Cube() { super("cube"); }
 *     public Tensor forward(Tensor[] in) { return in[0].mul(in[0]).mul(in[0]); }
 *     public Var[] vjp(Var grad, Var out, Var[] in) {
 *         return new Var[] {grad.mul(in[0].square().mul(3))};
 *     }
 *     public Var jvp(Var[] tangents, Var out, Var[] in) {
 *         return tangents[0].mul(in[0].square().mul(3));
 *     }
 * }
 * Var y = new Cube().apply(x);
 * }</pre>
 */
public abstract class Primitive {
    private final String name;

    /**
     * @param name short operation name, shown in explanations and in error messages
     * @throws IllegalArgumentException when the name is null or blank
     */
    protected Primitive(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(
                    "Primitive: name must be a non-blank word such as \"cube\", got "
                            + (name == null ? "null" : "\"" + name + "\""));
        }
        this.name = name;
    }

    /** Short operation name shown in explanations and errors, for example {@code "mul"}. */
    public final String name() {
        return name;
    }

    /**
     * Name with parameters, for explanations: {@code "sum(axes=[0])"}. Defaults to the name.
     */
    public String describe() {
        return name;
    }

    /** The value of the output; must not modify the inputs. */
    public abstract Tensor forward(Tensor[] inputs);

    /**
     * Reverse-mode rule: the contribution of the output's adjoint to each input's adjoint.
     *
     * @param grad the adjoint of the output, with the output's shape
     * @param output the recorded output, whose value rules such as exp's may reuse
     * @param inputs the recorded inputs
     * @return one entry per input, each with that input's shape; {@code null} for an input
     *     that receives no contribution (an index, a constant)
     */
    public abstract Var[] vjp(Var grad, Var output, Var[] inputs);

    /**
     * Forward-mode rule: the tangent of the output.
     *
     * @param tangents one entry per input with that input's shape, or {@code null} where the
     *     tangent is zero (at least one entry is non-null)
     * @return the output's tangent, with the output's shape
     */
    public abstract Var jvp(Var[] tangents, Var output, Var[] inputs);

    /** Computes the value and records the operation when any input needs a gradient. */
    public final Var apply(Var... inputs) {
        Tensor[] values = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            values[i] = inputs[i].value();
        }
        return Var.record(this, forward(values), inputs);
    }
}
