package dev.chainrule.autodiff;

/**
 * The forward sweep over a recording: tangents flow from chosen inputs to the outputs through
 * each op's {@link Primitive#jvp}. Several tangent directions share one ordering of the
 * recording; at each node the rule runs once per direction.
 */
final class Forward {
    private Forward() {}

    /**
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
                int slot = inputs[i].sweepSlot;
                Var tangent = directions[d][i];
                if (tangent != null) {
                    tangents[d][slot] = tangents[d][slot] == null
                            ? tangent : tangents[d][slot].add(tangent);
                }
            }
        }
        try (GradMode.Scope scope = GradMode.set(createGraph)) {
            for (int n = inputs.length; n < topology.size; n++) {
                Var node = topology.order[n];
                if (node.op == null) {
                    continue;
                }
                Var[] nodeInputs = node.recordedInputs();
                Var[] inputTangents = new Var[nodeInputs.length];
                for (int d = 0; d < count; d++) {
                    boolean any = false;
                    for (int j = 0; j < nodeInputs.length; j++) {
                        Var input = nodeInputs[j];
                        inputTangents[j] = topology.contains(input)
                                ? tangents[d][input.sweepSlot] : null;
                        any |= inputTangents[j] != null;
                    }
                    if (any) {
                        tangents[d][n] = node.op.jvp(inputTangents.clone(), node, nodeInputs);
                    }
                }
            }
        }
        Var[][] result = new Var[count][outputs.length];
        for (int d = 0; d < count; d++) {
            for (int o = 0; o < outputs.length; o++) {
                Var output = outputs[o];
                result[d][o] = topology.contains(output) ? tangents[d][output.sweepSlot] : null;
            }
        }
        return result;
    }
}
