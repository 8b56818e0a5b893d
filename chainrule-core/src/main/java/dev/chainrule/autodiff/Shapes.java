package dev.chainrule.autodiff;

import dev.chainrule.tensor.Tensor;
import java.util.Arrays;

/**
 * Shape primitives: reshape, transpose and permute, broadcast and its adjoint sumTo, slice,
 * gather, concat and stack. They move elements without arithmetic, so each reverse rule is the
 * opposite move (broadcast's is a sum, slice's a zero-padded scatter).
 */
final class Shapes {
    private Shapes() {}

    /** Reshape; the adjoint and tangent are reshaped back and forth. */
    private static final class Reshape extends Primitive {
        private final int[] shape;

        Reshape(int[] shape) {
            super("reshape");
            this.shape = shape;
        }

        @Override
        public String describe() {
            return "reshape(" + Arrays.toString(shape) + ")";
        }

        @Override
        public Tensor forward(Tensor[] in) {
            return in[0].reshape(shape);
        }

        @Override
        public Var[] vjp(Var grad, Var out, Var[] in) {
            return new Var[] {grad.reshape(in[0].value.shape())};
        }

        @Override
        public Var jvp(Var[] t, Var out, Var[] in) {
            return t[0].reshape(out.value.shape());
        }
    }

    static Var reshape(Var x, int[] shape) {
        Tensor value = x.value.reshape(shape);
        if (value.sameShape(x.value)) {
            return x;
        }
        return Var.record(new Reshape(value.shape()), value, x);
    }

    /** Broadcast to a larger shape; the adjoint sums back (sumTo), the tangent broadcasts. */
    private static final class BroadcastTo extends Primitive {
        private final int[] shape;

        BroadcastTo(int[] shape) {
            super("broadcastTo");
            this.shape = shape;
        }

        @Override
        public String describe() {
            return "broadcastTo(" + Arrays.toString(shape) + ")";
        }

        @Override
        public Tensor forward(Tensor[] in) {
            return in[0].broadcastTo(shape);
        }

        @Override
        public Var[] vjp(Var grad, Var out, Var[] in) {
            return new Var[] {grad.sumTo(in[0].value.shape())};
        }

        @Override
        public Var jvp(Var[] t, Var out, Var[] in) {
            return t[0].broadcastTo(shape);
        }
    }

    static Var broadcastTo(Var x, int[] shape) {
        if (x.value.hasShape(shape)) {
            return x;
        }
        int[] copy = shape.clone();
        return Var.record(new BroadcastTo(copy), x.value.broadcastTo(copy), x);
    }

    /** Sum down to a shape that broadcasts up to the input's: broadcast's adjoint. */
    private static final class SumTo extends Primitive {
        private final int[] shape;

        SumTo(int[] shape) {
            super("sumTo");
            this.shape = shape;
        }

        @Override
        public String describe() {
            return "sumTo(" + Arrays.toString(shape) + ")";
        }

        @Override
        public Tensor forward(Tensor[] in) {
            return in[0].sumTo(shape);
        }

        @Override
        public Var[] vjp(Var grad, Var out, Var[] in) {
            return new Var[] {grad.broadcastTo(in[0].value.shape())};
        }

        @Override
        public Var jvp(Var[] t, Var out, Var[] in) {
            return t[0].sumTo(shape);
        }
    }

    static Var sumTo(Var x, int[] shape) {
        if (x.value.hasShape(shape)) {
            return x;
        }
        int[] copy = shape.clone();
        return Var.record(new SumTo(copy), x.value.sumTo(copy), x);
    }

    static Var transpose(Var x) {
        throw new UnsupportedOperationException("transpose: being implemented");
    }

    static Var permute(Var x, int[] order) {
        throw new UnsupportedOperationException("permute: being implemented");
    }

    static Var slice(Var x, int axis, int start, int end) {
        throw new UnsupportedOperationException("slice: being implemented");
    }

    static Var gather(Var x, int axis, int[] indices) {
        throw new UnsupportedOperationException("gather: being implemented");
    }

    static Var concat(int axis, Var[] parts) {
        throw new UnsupportedOperationException("concat: being implemented");
    }

    static Var stack(int axis, Var[] parts) {
        throw new UnsupportedOperationException("stack: being implemented");
    }
}
