package dev.chainrule.fit.nn;

import dev.chainrule.autodiff.Var;
import dev.chainrule.fit.optim.Parameter;
import dev.chainrule.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * The affine layer {@code y = x W + b}: input {@code [batch, inputs]}, weight
 * {@code [inputs, outputs]}, bias {@code [outputs]} (broadcast over the rows), output
 * {@code [batch, outputs]}. One matrix product and one broadcast addition per batch.
 */
public final class Linear implements Module {
    private final int inputs;
    private final int outputs;
    private final Parameter weight;
    private final Parameter bias;

    /**
     * A layer with weights drawn by {@code initializer} from {@code seed} and zero biases.
     *
     * @param name prefix of the parameter names, for example {@code "layer1"}
     * @throws IllegalArgumentException when a size is below 1
     */
    public Linear(String name, int inputs, int outputs, Initializer initializer, long seed) {
        if (inputs < 1 || outputs < 1) {
            throw new IllegalArgumentException(
                    "linear layer " + name + ": sizes must be at least 1, got " + inputs
                            + " inputs and " + outputs + " outputs");
        }
        this.inputs = inputs;
        this.outputs = outputs;
        this.weight = new Parameter(name + ".weight", initializer.weights(inputs, outputs, seed));
        this.bias = new Parameter(name + ".bias", Tensor.zeros(outputs));
    }

    public int inputs() {
        return inputs;
    }

    public int outputs() {
        return outputs;
    }

    public Parameter weight() {
        return weight;
    }

    public Parameter bias() {
        return bias;
    }

    /**
     * @throws IllegalArgumentException when the input is not a {@code [batch, inputs]} matrix
     */
    @Override
    public Var forward(Var input) {
        int[] shape = input.shape();
        if (shape.length != 2 || shape[1] != inputs) {
            throw new IllegalArgumentException(
                    "linear layer " + weight.name() + ": input has shape "
                            + Arrays.toString(shape) + " but the layer takes [batch, " + inputs
                            + "]");
        }
        return input.matmul(weight.var()).add(bias.var());
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weight, bias);
    }
}
