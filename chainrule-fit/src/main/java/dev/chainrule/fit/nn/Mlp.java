package dev.chainrule.fit.nn;

import dev.chainrule.autodiff.Var;
import dev.chainrule.fit.optim.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A multilayer perceptron: linear layers of the given sizes, the hidden activation after each
 * but the last, and the output activation after the last.
 *
 * <p>{@code sizes} lists the width of every layer including input and output, so
 * {@code [1, 32, 32, 1]} maps one feature through two hidden layers of 32 to one output. The
 * initial weights depend only on the sizes, the initializer and the seed.
 */
public final class Mlp implements Module {
    private final int[] sizes;
    private final Activation hidden;
    private final Activation output;
    private final Sequential layers;
    private final List<Linear> linears;

    /**
     * A network with {@link Initializer#suitedTo} the hidden activation.
     *
     * @throws IllegalArgumentException when there are fewer than two sizes or one is below 1
     */
    public Mlp(int[] sizes, Activation hidden, Activation output, long seed) {
        this(sizes, hidden, output, Initializer.suitedTo(hidden), seed);
    }

    public Mlp(int[] sizes, Activation hidden, Activation output, Initializer initializer,
            long seed) {
        if (sizes.length < 2) {
            throw new IllegalArgumentException(
                    "mlp: needs at least an input and an output size, got "
                            + Arrays.toString(sizes));
        }
        this.sizes = sizes.clone();
        this.hidden = hidden;
        this.output = output;

        // One seed per layer from a generator seeded once, so layers differ but runs repeat.
        Random seeds = new Random(seed);
        List<Module> modules = new ArrayList<>();
        List<Linear> linearLayers = new ArrayList<>();
        for (int layer = 0; layer + 1 < sizes.length; layer++) {
            Linear linear = new Linear("layer" + (layer + 1), sizes[layer], sizes[layer + 1],
                    initializer, seeds.nextLong());
            linearLayers.add(linear);
            modules.add(linear);
            modules.add(layer + 2 < sizes.length ? hidden : output);
        }
        this.linears = List.copyOf(linearLayers);
        this.layers = new Sequential(modules);
    }

    /** Widths of all layers, input first. */
    public int[] sizes() {
        return sizes.clone();
    }

    public Activation hiddenActivation() {
        return hidden;
    }

    public Activation outputActivation() {
        return output;
    }

    public List<Linear> linearLayers() {
        return linears;
    }

    /** Number of scalar parameters. */
    public int parameterCount() {
        int count = 0;
        for (Parameter parameter : parameters()) {
            count += parameter.size();
        }
        return count;
    }

    @Override
    public Var forward(Var input) {
        return layers.forward(input);
    }

    /** Weight and bias of each linear layer, first layer first. */
    @Override
    public List<Parameter> parameters() {
        return layers.parameters();
    }
}
