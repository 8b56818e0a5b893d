package dev.chainrule.autodiff;

import dev.chainrule.tensor.Shape;
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

    // ---------------------------------------------------------------- permute

    /**
     * Axis reordering: out axis i is input axis order[i]. The adjoint is permuted back by the
     * inverse order; the tangent is permuted like the value.
     */
    private static final class Permute extends Primitive {
        private final int[] order;

        Permute(int[] order) {
            super("permute");
            this.order = order;
        }

        @Override
        public String describe() {
            return "permute(" + Arrays.toString(order) + ")";
        }

        @Override
        public Tensor forward(Tensor[] in) {
            return in[0].permute(order);
        }

        @Override
        public Var[] vjp(Var grad, Var out, Var[] in) {
            int[] inverse = new int[order.length];
            for (int i = 0; i < order.length; i++) {
                inverse[order[i]] = i;
            }
            return new Var[] {grad.permute(inverse)};
        }

        @Override
        public Var jvp(Var[] t, Var out, Var[] in) {
            return t[0].permute(order);
        }
    }

    static Var permute(Var x, int[] order) {
        Tensor value = x.value.permute(order);
        if (value == x.value) {
            return x;
        }
        return Var.record(new Permute(order.clone()), value, x);
    }

    /** Swaps the last two axes; below rank 2 the var itself. */
    static Var transpose(Var x) {
        int rank = x.value.rank();
        if (rank < 2) {
            return x;
        }
        int[] order = new int[rank];
        for (int axis = 0; axis < rank; axis++) {
            order[axis] = axis;
        }
        order[rank - 2] = rank - 1;
        order[rank - 1] = rank - 2;
        return permute(x, order);
    }

    // ---------------------------------------------------------------- slice and pad

    /**
     * Slice [start, end) along an axis. Its Jacobian selects elements, so the adjoint is
     * zero-padded back to the input's extent ({@link Pad}) and the tangent is sliced.
     */
    private static final class Slice extends Primitive {
        private final int axis;
        private final int start;
        private final int end;

        Slice(int axis, int start, int end) {
            super("slice");
            this.axis = axis;
            this.start = start;
            this.end = end;
        }

        @Override
        public String describe() {
            return "slice(axis=" + axis + ", " + start + ":" + end + ")";
        }

        @Override
        public Tensor forward(Tensor[] in) {
            return in[0].slice(axis, start, end);
        }

        @Override
        public Var[] vjp(Var grad, Var out, Var[] in) {
            return new Var[] {pad(grad, axis, start, in[0].value.shape(axis) - end)};
        }

        @Override
        public Var jvp(Var[] t, Var out, Var[] in) {
            return slice(t[0], axis, start, end);
        }
    }

    /** Zero-padding along an axis: slice's adjoint, and slice is pad's. */
    private static final class Pad extends Primitive {
        private final int axis;
        private final int before;
        private final int after;

        Pad(int axis, int before, int after) {
            super("pad");
            this.axis = axis;
            this.before = before;
            this.after = after;
        }

        @Override
        public String describe() {
            return "pad(axis=" + axis + ", " + before + ", " + after + ")";
        }

        @Override
        public Tensor forward(Tensor[] in) {
            return in[0].pad(axis, before, after);
        }

        @Override
        public Var[] vjp(Var grad, Var out, Var[] in) {
            return new Var[] {slice(grad, axis, before, before + in[0].value.shape(axis))};
        }

        @Override
        public Var jvp(Var[] t, Var out, Var[] in) {
            return pad(t[0], axis, before, after);
        }
    }

    static Var slice(Var x, int axis, int start, int end) {
        requireAxes(x, "slice");
        int normalised = Shape.axis(axis, x.value.rank(), "slice");
        Tensor value = x.value.slice(normalised, start, end);
        if (value.sameShape(x.value)) {
            return x;
        }
        return Var.record(new Slice(normalised, start, end), value, x);
    }

    private static Var pad(Var x, int axis, int before, int after) {
        if (before == 0 && after == 0) {
            return x;
        }
        return Var.record(new Pad(axis, before, after), x.value.pad(axis, before, after), x);
    }

    // ---------------------------------------------------------------- gather and scatter

    /**
     * Gather along an axis. Each output slice is a copy of input slice indices[i], so the
     * adjoint scatter-adds every output slice back to its source ({@link ScatterAdd}; repeated
     * indices add up) and the tangent is gathered.
     */
    private static final class Gather extends Primitive {
        private final int axis;
        private final int[] indices;

        Gather(int axis, int[] indices) {
            super("gather");
            this.axis = axis;
            this.indices = indices;
        }

        @Override
        public String describe() {
            return "gather(axis=" + axis + ", " + indices.length + " indices)";
        }

        @Override
        public Tensor forward(Tensor[] in) {
            return in[0].gather(axis, indices);
        }

        @Override
        public Var[] vjp(Var grad, Var out, Var[] in) {
            return new Var[] {scatterAdd(grad, axis, indices, in[0].value.shape(axis))};
        }

        @Override
        public Var jvp(Var[] t, Var out, Var[] in) {
            return gatherNormalised(t[0], axis, indices);
        }
    }

    /** Scatter-add: gather's adjoint, and gather is its adjoint (the maps are transposes). */
    private static final class ScatterAdd extends Primitive {
        private final int axis;
        private final int[] indices;
        private final int extent;

        ScatterAdd(int axis, int[] indices, int extent) {
            super("scatterAdd");
            this.axis = axis;
            this.indices = indices;
            this.extent = extent;
        }

        @Override
        public String describe() {
            return "scatterAdd(axis=" + axis + ", " + indices.length + " indices, extent "
                    + extent + ")";
        }

        @Override
        public Tensor forward(Tensor[] in) {
            return in[0].scatterAdd(axis, indices, extent);
        }

        @Override
        public Var[] vjp(Var grad, Var out, Var[] in) {
            return new Var[] {gatherNormalised(grad, axis, indices)};
        }

        @Override
        public Var jvp(Var[] t, Var out, Var[] in) {
            return scatterAdd(t[0], axis, indices, extent);
        }
    }

    static Var gather(Var x, int axis, int[] indices) {
        requireAxes(x, "gather");
        return gatherNormalised(x, Shape.axis(axis, x.value.rank(), "gather"), indices.clone());
    }

    private static Var gatherNormalised(Var x, int axis, int[] indices) {
        return Var.record(new Gather(axis, indices), x.value.gather(axis, indices), x);
    }

    private static Var scatterAdd(Var x, int axis, int[] indices, int extent) {
        return Var.record(new ScatterAdd(axis, indices, extent),
                x.value.scatterAdd(axis, indices, extent), x);
    }

    // ---------------------------------------------------------------- concat and stack

    /**
     * Concatenation along an axis. Part p occupies a range of that axis, so its adjoint is the
     * slice of the output's adjoint over that range, and the tangent concatenates the parts'
     * tangents (zeros for parts without one).
     */
    private static final class Concat extends Primitive {
        private final int axis;

        Concat(int axis) {
            super("concat");
            this.axis = axis;
        }

        @Override
        public String describe() {
            return "concat(axis=" + axis + ")";
        }

        @Override
        public Tensor forward(Tensor[] in) {
            return Tensor.concat(axis, in);
        }

        @Override
        public Var[] vjp(Var grad, Var out, Var[] in) {
            Var[] parts = new Var[in.length];
            int start = 0;
            for (int p = 0; p < in.length; p++) {
                int end = start + in[p].value.shape(axis);
                if (in[p].requiresGrad) {
                    parts[p] = slice(grad, axis, start, end);
                }
                start = end;
            }
            return parts;
        }

        @Override
        public Var jvp(Var[] t, Var out, Var[] in) {
            Var[] parts = new Var[in.length];
            for (int p = 0; p < in.length; p++) {
                parts[p] = t[p] != null ? t[p] : Var.constant(Tensor.zeros(in[p].value.shape()));
            }
            return concat(axis, parts);
        }
    }

    static Var concat(int axis, Var[] parts) {
        Tensor[] values = new Tensor[parts.length];
        for (int p = 0; p < parts.length; p++) {
            values[p] = parts[p].value;
        }
        Tensor value = Tensor.concat(axis, values);
        if (parts.length == 1) {
            return parts[0];
        }
        int normalised = Shape.axis(axis, value.rank(), "concat");
        return Var.record(new Concat(normalised), value, parts.clone());
    }

    /**
     * Stacking along a new axis: each part gets an axis of extent 1 there (a reshape), then
     * the parts are concatenated; the rules come from reshape and concat.
     *
     * @param axis in {@code [-(rank + 1), rank]}, where rank is the parts' rank
     */
    static Var stack(int axis, Var[] parts) {
        if (parts.length == 0) {
            throw new IllegalArgumentException("stack: no vars given; pass at least one");
        }
        int[] shape = parts[0].value.shape();
        for (int p = 1; p < parts.length; p++) {
            if (!parts[p].value.hasShape(shape)) {
                throw new IllegalArgumentException(
                        "stack: part " + p + " has shape "
                                + Arrays.toString(parts[p].value.shape()) + " but part 0 has"
                                + " shape " + Arrays.toString(shape)
                                + "; stacked parts must all have the same shape");
            }
        }
        int rank = shape.length;
        if (axis < -(rank + 1) || axis > rank) {
            throw new IllegalArgumentException(
                    "stack: axis " + axis + " is out of range for parts of rank " + rank
                            + ", whose result has rank " + (rank + 1) + " (use 0.." + rank
                            + " or -" + (rank + 1) + "..-1)");
        }
        int normalised = Shape.axis(axis, rank + 1, "stack");
        int[] expanded = new int[shape.length + 1];
        for (int i = 0, j = 0; i < expanded.length; i++) {
            expanded[i] = i == normalised ? 1 : shape[j++];
        }
        Var[] reshaped = new Var[parts.length];
        for (int p = 0; p < parts.length; p++) {
            reshaped[p] = parts[p].reshape(expanded);
        }
        if (parts.length == 1) {
            return reshaped[0];
        }
        return concat(normalised, reshaped);
    }

    private static void requireAxes(Var x, String operation) {
        if (x.value.rank() == 0) {
            throw new IllegalArgumentException(
                    operation + ": a scalar has no axis; reshape it to [1] first");
        }
    }
}
