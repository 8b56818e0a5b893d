package dev.chainrule.autodiff;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Orders a recording for a sweep: every var that needs a gradient and is reachable from the
 * roots, each after all of its inputs (a post-order walk with an explicit stack, so depth costs
 * heap, not thread stack). Each ordered var gets its position in {@code sweepSlot} and the
 * sweep's epoch in {@code sweepEpoch}, which lets the sweeps find a var's slot in O(1) without a
 * hash map. A new epoch per sweep makes stale marks from earlier sweeps harmless.
 */
final class Topology {
    private static final AtomicInteger EPOCHS = new AtomicInteger();

    final int epoch;
    Var[] order = new Var[16];
    int size;

    private Topology() {
        this.epoch = EPOCHS.incrementAndGet();
    }

    /** Orders everything reachable from the roots. */
    static Topology from(Var... roots) {
        return from(new Var[0], roots);
    }

    /**
     * Orders what is reachable from the roots without walking past the sources: the sources
     * take the first slots, in the order given, whether or not the roots reach them.
     */
    static Topology from(Var[] sources, Var[] roots) {
        Topology topology = new Topology();
        for (Var source : sources) {
            if (source.sweepEpoch != topology.epoch) {
                source.sweepEpoch = topology.epoch;
                topology.append(source);
            }
        }
        for (Var root : roots) {
            topology.walk(root);
        }
        return topology;
    }

    boolean contains(Var var) {
        return var.sweepEpoch == epoch;
    }

    private void append(Var var) {
        if (size == order.length) {
            order = Arrays.copyOf(order, size * 2);
        }
        var.sweepSlot = size;
        order[size++] = var;
    }

    private void walk(Var root) {
        if (!root.requiresGrad || root.sweepEpoch == epoch) {
            return;
        }
        Var[] stack = new Var[32];
        int[] nextInput = new int[32];
        int top = 0;
        root.sweepEpoch = epoch;
        stack[top++] = root;
        while (top > 0) {
            Var node = stack[top - 1];
            Var[] inputs = node.op == null ? null : node.recordedInputs();
            int next = nextInput[top - 1];
            if (inputs != null && next < inputs.length) {
                nextInput[top - 1] = next + 1;
                Var input = inputs[next];
                if (input.requiresGrad && input.sweepEpoch != epoch) {
                    input.sweepEpoch = epoch;
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
