package dev.chainrule.autodiff;

import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Orders a recording for a sweep: every var that needs a gradient and is reachable from the
 * roots, each after all of its inputs (a post-order walk with an explicit stack, so depth costs
 * heap, not thread stack).
 *
 * <p>Finding a var's slot must be cheap, since a sweep does it once per edge. Each ordering has
 * a unique epoch, and the walk writes {@code (epoch, slot)} into the var's {@code sweepMark} as
 * one 64-bit value: a lookup is one field read and a comparison, with no hash map.
 *
 * <p>Threads: two sweeps may share vars, typically model weights used by several threads at
 * once. A shared var's mark then holds whichever sweep wrote last, so every read checks the
 * epoch. A walk whose marks were overwritten while it ran (which could leave a var in the order
 * twice) is redone with an identity map instead of marks; a lookup that misses its mark falls
 * back to a map built from the finished order. Either way the results are exact; only the
 * contested sweep pays for the map. This relies on 64-bit field writes not tearing, which holds
 * on the 64-bit JVMs we build for.
 */
final class Topology {
    private static final AtomicInteger EPOCHS = new AtomicInteger();
    private static final int PENDING = -1;

    private final int epoch;
    Var[] order = new Var[16];
    int size;
    /** How many of the first slots hold the distinct sources of a forward sweep. */
    int sourceCount;
    /** Slots by var, used instead of marks when another sweep contested them. */
    private Map<Var, Integer> slots;

    private Topology(boolean withMap) {
        this.epoch = EPOCHS.incrementAndGet();
        this.slots = withMap ? new IdentityHashMap<>() : null;
    }

    /** Orders everything reachable from the roots. */
    static Topology from(Var... roots) {
        return from(new Var[0], roots);
    }

    /**
     * Orders what is reachable from the roots without walking past the sources: the distinct
     * sources take the first {@link #sourceCount} slots, in the order given, whether or not the
     * roots reach them.
     */
    static Topology from(Var[] sources, Var[] roots) {
        Topology topology = new Topology(false).walkAll(sources, roots);
        if (topology.marksIntact()) {
            return topology;
        }
        return new Topology(true).walkAll(sources, roots);
    }

    private Topology walkAll(Var[] sources, Var[] roots) {
        for (Var source : sources) {
            if (!visited(source)) {
                markVisited(source);
                append(source);
            }
        }
        sourceCount = size;
        for (Var root : roots) {
            walk(root);
        }
        return this;
    }

    /** The slot of a var in this order, or -1 when the sweep does not visit it. */
    int slot(Var var) {
        if (slots == null) {
            long mark = var.sweepMark;
            if ((int) (mark >>> 32) == epoch) {
                return (int) mark;
            }
            if (size == 0) {
                return -1;
            }
            // Not ours: either not in this order, or overwritten by a concurrent sweep.
            slots = mapOfOrder();
        }
        Integer slot = slots.get(var);
        return slot == null ? -1 : slot;
    }

    boolean contains(Var var) {
        return slot(var) >= 0;
    }

    private boolean visited(Var var) {
        if (slots != null) {
            return slots.containsKey(var);
        }
        return (int) (var.sweepMark >>> 32) == epoch;
    }

    private void markVisited(Var var) {
        if (slots != null) {
            slots.put(var, PENDING);
        } else {
            var.sweepMark = mark(PENDING);
        }
    }

    private long mark(int slot) {
        return ((long) epoch << 32) | (slot & 0xFFFFFFFFL);
    }

    private void append(Var var) {
        if (size == order.length) {
            order = Arrays.copyOf(order, size * 2);
        }
        if (slots != null) {
            slots.put(var, size);
        } else {
            var.sweepMark = mark(size);
        }
        order[size++] = var;
    }

    /** Whether every ordered var still carries this ordering's mark at its own slot. */
    private boolean marksIntact() {
        for (int i = 0; i < size; i++) {
            if (order[i].sweepMark != mark(i)) {
                return false;
            }
        }
        return true;
    }

    private Map<Var, Integer> mapOfOrder() {
        Map<Var, Integer> map = new IdentityHashMap<>(size * 2);
        for (int i = 0; i < size; i++) {
            map.put(order[i], i);
        }
        return map;
    }

    private void walk(Var root) {
        if (!root.requiresGrad || visited(root)) {
            return;
        }
        Var[] stack = new Var[32];
        int[] nextInput = new int[32];
        int top = 0;
        markVisited(root);
        stack[top++] = root;
        while (top > 0) {
            Var node = stack[top - 1];
            Var[] inputs = node.op == null ? null : node.recordedInputs();
            int next = nextInput[top - 1];
            if (inputs != null && next < inputs.length) {
                nextInput[top - 1] = next + 1;
                Var input = inputs[next];
                if (input.requiresGrad && !visited(input)) {
                    markVisited(input);
                    if (top == stack.length) {
                        stack = Arrays.copyOf(stack, top * 2);
                        nextInput = Arrays.copyOf(nextInput, top * 2);
                    }
                    stack[top] = input;
                    nextInput[top] = 0;
                    top++;
                }
            } else {
                top--;
                stack[top] = null;
                append(node);
            }
        }
    }
}
