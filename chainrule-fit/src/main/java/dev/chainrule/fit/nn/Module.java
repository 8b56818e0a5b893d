package dev.chainrule.fit.nn;

import dev.chainrule.autodiff.Var;
import dev.chainrule.fit.optim.Parameter;
import java.util.List;

/**
 * A differentiable map from a batch of inputs to a batch of outputs, with trainable parameters.
 *
 * <p>Inputs and outputs are matrices with one row per example ({@code [batch, features]}), so a
 * whole batch flows through each layer as a few tensor operations rather than one recorded node
 * per number. {@link #forward} builds on the current leaves of the parameters (see
 * {@link Parameter#var()}), so after a backward sweep of a loss each parameter holds its
 * gradient.
 */
public interface Module {
    /**
     * The output for a batch.
     *
     * @throws IllegalArgumentException when the input's shape does not fit the module
     */
    Var forward(Var input);

    /** The trainable parameters in a fixed order (the order saved models use); may be empty. */
    List<Parameter> parameters();
}
