package dev.chainrule.autodiff;

/** Linear-algebra primitives: matrix products (plain and batched), dot, outer, norm. */
final class LinearAlgebra {
    private LinearAlgebra() {}

    static Var matmul(Var a, Var b) {
        throw new UnsupportedOperationException("matmul: being implemented");
    }

    static Var dot(Var a, Var b) {
        throw new UnsupportedOperationException("dot: being implemented");
    }

    static Var outer(Var a, Var b) {
        throw new UnsupportedOperationException("outer: being implemented");
    }

    static Var norm(Var x) {
        throw new UnsupportedOperationException("norm: being implemented");
    }
}
