package dev.chainrule.autodiff;

import dev.chainrule.tensor.Tensor;
import java.util.Arrays;

/**
 * The reverse sweep. Visits the ordered recording from the output back to the leaves; at each
 * node it asks the op's {@link Primitive#vjp} for the contributions of the node's adjoint to its
 * inputs' adjoints and adds them up, so a value used several times receives the sum of its
 * uses (the chain rule summed over paths). Adjoints live in an array local to one sweep:
 * nothing carries over from one sweep to the next.
 */
final class Backward {
    private Backward() {}

    /** The adjoint of every ordered var of one sweep, aligned with the topology. */
    static Var[] sweep(Topology topology, Var output, Var seed, boolean createGraph,
            boolean release) {
        Var[] order = topology.order;
        Var[] adjoints = new Var[topology.size];
        int outputSlot = topology.slot(output);
        if (outputSlot < 0) {
            return adjoints;
        }
        adjoints[outputSlot] = seed;
        try (GradMode.Scope scope = GradMode.set(createGraph)) {
            for (int i = topology.size - 1; i >= 0; i--) {
                Var node = order[i];
                Var adjoint = adjoints[i];
                if (node.op == null || adjoint == null) {
                    continue;
                }
                Var[] inputs = node.recordedInputs();
                Var[] contributions = node.op.vjp(adjoint, node, inputs);
                checkCount(node, inputs, contributions);
                for (int j = 0; j < inputs.length; j++) {
                    Var input = inputs[j];
                    Var contribution = contributions[j];
                    if (contribution == null || !input.requiresGrad) {
                        continue;
                    }
                    checkShape(node, j, input, contribution);
                    int slot = topology.slot(input);
                    Var sum = adjoints[slot];
                    adjoints[slot] = sum == null ? contribution : sum.add(contribution);
                }
                if (release) {
                    node.inputs = null;
                }
            }
        }
        return adjoints;
    }

    private static void checkCount(Var node, Var[] inputs, Var[] contributions) {
        if (contributions == null || contributions.length != inputs.length) {
            throw new IllegalStateException(
                    "vjp of op '" + node.op.describe() + "' returned "
                            + (contributions == null ? "null" : contributions.length + " entries")
                            + " for " + inputs.length + " inputs; a reverse rule returns one"
                            + " entry per input (null for an input that gets no contribution)");
        }
    }

    private static void checkShape(Var node, int inputIndex, Var input, Var contribution) {
        if (!contribution.value.sameShape(input.value)) {
            throw new IllegalStateException(
                    "vjp of op '" + node.op.describe() + "' returned shape "
                            + Arrays.toString(contribution.value.shape()) + " for input "
                            + inputIndex + " of shape " + Arrays.toString(input.value.shape())
                            + "; a reverse rule must return each input's own shape (use"
                            + " sumTo for broadcast inputs)");
        }
    }

    /** {@link Var#backward()}: sweep, then add each variable leaf's adjoint to its grad. */
    static void toLeaves(Var output, Tensor seed, boolean release) {
        if (!output.requiresGrad) {
            throw new IllegalStateException(
                    "backward: the output does not depend on any variable (it was computed"
                            + " from constants, under GradMode.noGrad(), or after detach());"
                            + " make inputs with Var.variable(...)");
        }
        Topology topology = Topology.from(output);
        Var[] adjoints = sweep(topology, output, Var.constant(seed), false, release);
        for (int i = 0; i < topology.size; i++) {
            Var node = topology.order[i];
            if (node.op == null && adjoints[i] != null) {
                node.accumulateGrad(adjoints[i].value);
            }
        }
    }
}
