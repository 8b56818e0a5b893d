package dev.chainrule.autodiff;

import java.util.Arrays;

/**
 * The forward sweep over a recording: tangents flow from chosen inputs to the outputs through
 * each op's {@link Primitive#jvp}. Several tangent directions share one ordering of the
 * recording; at each node the rule runs once per direction.
 */
final class Forward {
    private Forward() {}

    /**
     * @param inputs the vars that move; one listed twice moves along the sum of its tangents
     * @param directions {@code directions[d][i]} is the tangent of {@code inputs[i]} in
     *     direction d ({@code null} for zero)
     * @return {@code result[d][o]}, the tangent of {@code outputs[o]} in direction d, or
     *     {@code null} where it is zero (the output does not depend on the inputs)
     */
    static Var[][] sweep(Var[] outputs, Var[] inputs, Var[][] directions, boolean createGraph) {
        Topology topology = Topology.from(inputs, outputs);
        int count = directions.length;
        Var[][] tangents = new Var[count][topology.size];
        for (int d = 0; d < count; d++) {
            for (int i = 0; i < inputs.length; i++) {
                int slot = topology.slot(inputs[i]);
                Var tangent = directions[d][i];
                if (tangent != null) {
                    tangents[d][slot] = tangents[d][slot] == null
                            ? tangent : tangents[d][slot].add(tangent);
                }
            }
        }
        boolean constantSources = false;
        for (Var input : inputs) {
            constantSources |= !input.requiresGrad;
        }
        try (GradMode.Scope scope = GradMode.set(createGraph)) {
            for (int n = topology.sourceCount; n < topology.size; n++) {
                Var node = topology.order[n];
                if (node.op == null) {
                    continue;
                }
                Var[] nodeInputs = node.recordedInputs();
                int[] inputSlots = new int[nodeInputs.length];
                for (int j = 0; j < nodeInputs.length; j++) {
                    // Inputs that need no gradient are ordered only when they are sources.
                    inputSlots[j] = nodeInputs[j].requiresGrad || constantSources
                            ? topology.slot(nodeInputs[j]) : -1;
                }
                for (int d = 0; d < count; d++) {
                    Var[] inputTangents = new Var[nodeInputs.length];
                    boolean any = false;
                    for (int j = 0; j < nodeInputs.length; j++) {
                        inputTangents[j] = inputSlots[j] >= 0 ? tangents[d][inputSlots[j]] : null;
                        any |= inputTangents[j] != null;
                    }
                    if (any) {
                        Var tangent = node.op.jvp(inputTangents, node, nodeInputs);
                        checkTangent(node, tangent);
                        tangents[d][n] = tangent;
                    }
                }
            }
        }
        Var[][] result = new Var[count][outputs.length];
        for (int d = 0; d < count; d++) {
            for (int o = 0; o < outputs.length; o++) {
                int slot = topology.slot(outputs[o]);
                result[d][o] = slot >= 0 ? tangents[d][slot] : null;
            }
        }
        return result;
    }

    private static void checkTangent(Var node, Var tangent) {
        if (tangent == null || !tangent.value.sameShape(node.value)) {
            throw new IllegalStateException(
                    "jvp of op '" + node.op.describe() + "' returned "
                            + (tangent == null ? "null"
                                    : "shape " + Arrays.toString(tangent.value.shape()))
                            + " for an output of shape " + Arrays.toString(node.value.shape())
                            + "; a forward rule must return a tangent of the output's shape");
        }
    }
}
