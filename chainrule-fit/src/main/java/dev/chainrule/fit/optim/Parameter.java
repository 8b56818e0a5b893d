package dev.chainrule.fit.optim;

import dev.chainrule.autodiff.Var;
import dev.chainrule.tensor.Tensor;
import java.util.Arrays;

/**
 * A trainable tensor: a named, mutable holder whose value an optimizer replaces step by step.
 *
 * <p>Tensors are immutable, so a parameter changes by holding a new tensor ({@link #set}). A
 * computation uses a parameter through {@link #var()}: the first call after each
 * {@link #set} makes a fresh variable leaf from the current value, and later calls return that
 * same leaf, so every use inside one step accumulates into one gradient ({@link #grad()}).
 * Setting a new value drops the leaf, so the next step starts with an empty gradient and no
 * recording of earlier steps stays reachable.
 *
 * <p>Not thread-safe: one training loop owns its parameters.
 */
public final class Parameter {
    private final String name;
    private Tensor value;
    private Var leaf;

    /** A parameter holding {@code initial}, named in errors and in saved models. */
    public Parameter(String name, Tensor initial) {
        this.name = name;
        this.value = initial;
    }

    public String name() {
        return name;
    }

    public Tensor value() {
        return value;
    }

    public int[] shape() {
        return value.shape();
    }

    /** Number of scalar entries. */
    public int size() {
        return value.size();
    }

    /**
     * Replaces the value; the shape must stay the same.
     *
     * @throws IllegalArgumentException when the new value has another shape
     */
    public void set(Tensor newValue) {
        if (!newValue.sameShape(value)) {
            throw new IllegalArgumentException(
                    "parameter " + name + ": new value has shape "
                            + Arrays.toString(newValue.shape()) + " but the parameter has shape "
                            + Arrays.toString(value.shape()));
        }
        value = newValue;
        leaf = null;
    }

    /** The variable leaf of the current value, made on first use after each {@link #set}. */
    public Var var() {
        if (leaf == null) {
            leaf = Var.variable(value);
        }
        return leaf;
    }

    /**
     * Makes {@code var} the parameter's current leaf and its value the parameter's value, so a
     * module can be evaluated at vars made elsewhere: a gradient check's own inputs, a var with
     * a forward-mode tangent, or one computed by another recording.
     *
     * @throws IllegalArgumentException when the var has another shape
     */
    public void bind(Var var) {
        set(var.value());
        leaf = var;
    }

    /**
     * The gradient accumulated in the current leaf by backward sweeps, or zeros when no sweep
     * reached it (the parameter did not influence the loss).
     */
    public Tensor grad() {
        Tensor grad = leaf == null ? null : leaf.grad();
        return grad != null ? grad : Tensor.zeros(value.shape());
    }

    /** Starts the next accumulation from zero without changing the value. */
    public void zeroGrad() {
        leaf = null;
    }

    @Override
    public String toString() {
        return "Parameter(" + name + ", shape " + Arrays.toString(value.shape()) + ")";
    }
}
