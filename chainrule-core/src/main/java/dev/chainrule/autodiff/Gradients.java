package dev.chainrule.autodiff;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The result of one reverse sweep kept whole: the adjoint of every var the sweep visited, in
 * the order of the recording. Explanations read it to show each node's adjoint; most callers
 * want {@link Derivatives#grad(Var, Var...)} instead, which keeps only what was asked for.
 * Immutable once built.
 */
public final class Gradients {
    private final List<Var> nodes;
    private final Map<Var, Var> adjoints;

    Gradients(Topology topology, Var[] adjointsBySlot) {
        List<Var> ordered = new ArrayList<>(topology.size);
        Map<Var, Var> byNode = new IdentityHashMap<>(topology.size * 2);
        for (int i = 0; i < topology.size; i++) {
            ordered.add(topology.order[i]);
            if (adjointsBySlot[i] != null) {
                byNode.put(topology.order[i], adjointsBySlot[i]);
            }
        }
        this.nodes = Collections.unmodifiableList(ordered);
        this.adjoints = byNode;
    }

    /** Every var the sweep visited, each after its inputs (evaluation order). */
    public List<Var> nodes() {
        return nodes;
    }

    /**
     * The adjoint of {@code node}: the derivative of the swept output with respect to it
     * (seeded), or {@code null} when the output does not depend on it.
     */
    public Var adjoint(Var node) {
        return adjoints.get(node);
    }
}
