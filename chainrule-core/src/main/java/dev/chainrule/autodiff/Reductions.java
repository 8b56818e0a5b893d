package dev.chainrule.autodiff;

/**
 * Reduction primitives over all elements or along axes (with or without kept dimensions):
 * sum, mean, max, min, prod, logsumexp; and softmax and log-softmax along an axis.
 */
final class Reductions {
    private Reductions() {}

    static Var sum(Var x, int[] axes, boolean keepDims) {
        throw new UnsupportedOperationException("sum: being implemented");
    }

    static Var mean(Var x, int[] axes, boolean keepDims) {
        throw new UnsupportedOperationException("mean: being implemented");
    }

    static Var max(Var x, int[] axes, boolean keepDims) {
        throw new UnsupportedOperationException("max: being implemented");
    }

    static Var min(Var x, int[] axes, boolean keepDims) {
        throw new UnsupportedOperationException("min: being implemented");
    }

    static Var prod(Var x, int[] axes, boolean keepDims) {
        throw new UnsupportedOperationException("prod: being implemented");
    }

    static Var logsumexp(Var x, int[] axes, boolean keepDims) {
        throw new UnsupportedOperationException("logsumexp: being implemented");
    }

    static Var softmax(Var x, int axis) {
        throw new UnsupportedOperationException("softmax: being implemented");
    }

    static Var logSoftmax(Var x, int axis) {
        throw new UnsupportedOperationException("logSoftmax: being implemented");
    }
}
