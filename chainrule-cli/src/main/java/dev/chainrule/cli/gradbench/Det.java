package dev.chainrule.cli.gradbench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chainrule.autodiff.Derivatives;
import dev.chainrule.autodiff.GradMode;
import dev.chainrule.autodiff.Primitive;
import dev.chainrule.autodiff.Var;
import dev.chainrule.tensor.Tensor;
import java.util.List;

/**
 * Determinant of an ell x ell matrix by expansion by minors along the first row, one scalar
 * var per matrix element: {@code det A = sum_j (-1)^j a_0j det(minor_0j)}. {@code gradient}
 * is the reverse-mode gradient with respect to every element, row-major.
 *
 * <p>The expansion performs about e * ell! multiplications, so recording all of it would take
 * about 2.6 GB at ell = 10 and 29 GB at ell = 11. Minors larger than {@link #RECORDED_SIZE}
 * are therefore wrapped in a {@link MinorDeterminant} checkpoint: its value is computed
 * without recording, and its reverse rule records the minor's own expansion again, sweeps it
 * with the engine, and multiplies by the incoming adjoint (gradient checkpointing, trading
 * recomputation for memory). A recording thus holds at most one expansion of size
 * {@code RECORDED_SIZE + 1} (7! * 2e, about 27 000 scalar nodes) per checkpoint level, so
 * memory stays bounded at every ell, while time grows like ell! times the number of checkpoint
 * levels. Small recordings also die young in the garbage collector: at ell = 9 this was as
 * fast as or faster than recording everything (sizes 4 to 8 measured; 6 was the best).
 */
final class Det implements Eval {
    /** Largest minor expanded inline; larger minors become checkpoints. */
    static final int RECORDED_SIZE = 6;

    @Override
    public String module() {
        return "det";
    }

    @Override
    public List<String> functions() {
        return List.of("primal", "gradient");
    }

    @Override
    public JsonNode warmupInput() {
        return Evals.object("A", Json.flat(Tensor.randomUniform(1, 0, 1, 64)), "ell", 8);
    }

    @Override
    public Prepared<?> prepare(String function, JsonNode input) {
        Tensor matrix = Json.vector(input, "A");
        int ell = Json.integer(input, "ell");
        if (ell < 1) {
            throw new IllegalArgumentException("ell must be at least 1, got " + ell);
        }
        Evals.requireSize("A (ell * ell = " + ell * ell + " elements, row-major)",
                matrix.size(), ell * ell);
        double[] elements = matrix.toArray();
        return switch (function) {
            case "primal" -> Prepared.of(() -> primal(elements, ell), Json::number);
            case "gradient" -> Prepared.of(() -> Tensor.vector(gradient(elements, ell)),
                    Json::flat);
            default -> throw Evals.unknownFunction(module(), function, "primal", "gradient");
        };
    }

    static double primal(double[] elements, int ell) {
        Var[] a = new Var[elements.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = Var.constant(elements[i]);
        }
        return determinant(a, ell).item();
    }

    static double[] gradient(double[] elements, int ell) {
        Var[] a = new Var[elements.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = Var.variable(elements[i]);
        }
        Var[] adjoints = Derivatives.grad(determinant(a, ell), a);
        double[] result = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            result[i] = adjoints[i].item();
        }
        return result;
    }

    /** The determinant of the row-major ell x ell matrix of scalar vars {@code a}. */
    static Var determinant(Var[] a, int ell) {
        return determinant(a, ell, RECORDED_SIZE);
    }

    /**
     * The determinant with minors larger than {@code recordedSize} checkpointed (tests use a
     * small size to exercise nested checkpoints on small matrices).
     */
    static Var determinant(Var[] a, int ell, int recordedSize) {
        int[] columns = new int[ell];
        for (int c = 0; c < ell; c++) {
            columns[c] = c;
        }
        return expand(a, ell, 0, columns, recordedSize);
    }

    /**
     * Determinant of the minor made of rows {@code row..ell-1} and the given columns, expanded
     * along its first row. Recursion depth is ell, so the stack is never at risk.
     */
    private static Var expand(Var[] a, int ell, int row, int[] columns, int recordedSize) {
        int size = columns.length;
        if (size == 1) {
            return a[row * ell + columns[0]];
        }
        Var total = null;
        for (int p = 0; p < size; p++) {
            int[] rest = without(columns, p);
            Var minor = size - 1 > recordedSize
                    ? MinorDeterminant.of(a, ell, row + 1, rest, recordedSize)
                    : expand(a, ell, row + 1, rest, recordedSize);
            Var term = a[row * ell + columns[p]].mul(minor);
            if (total == null) {
                total = term;
            } else {
                total = p % 2 == 0 ? total.add(term) : total.sub(term);
            }
        }
        return total;
    }

    private static int[] without(int[] columns, int position) {
        int[] rest = new int[columns.length - 1];
        System.arraycopy(columns, 0, rest, 0, position);
        System.arraycopy(columns, position + 1, rest, position, rest.length - position);
        return rest;
    }

    /**
     * Checkpoint: the determinant of a minor, whose inputs are the minor's m * m scalar
     * elements (row-major). Without a gradient to take, the value is the unrecorded expansion.
     * When the checkpoint is recorded (an element needs a gradient), the expansion is recorded
     * on fresh leaves and swept at once, giving the value and the minor's gradient g together;
     * the recording is dropped and only g (m * m numbers) is kept, so memory stays bounded as
     * before, and the reverse sweep does not expand the minor a second time. The rules are
     * {@code vjp = adjoint * g} and {@code jvp = sum_i g_i * tangent_i}.
     *
     * <p>Limitation: g enters the rules as a constant, so the derivative of this checkpoint is
     * first order only (a Hessian through it would miss the minor's second derivatives). The
     * det eval needs only the gradient.
     */
    static final class MinorDeterminant extends Primitive {
        private final int size;
        private final int recordedSize;
        /** The input values the value and gradient below belong to; null when not taken. */
        private final Tensor[] expandedAt;
        private final Tensor value;
        private final Tensor[] gradient;

        private MinorDeterminant(int size, int recordedSize, Tensor[] expandedAt, Tensor value,
                Tensor[] gradient) {
            super("minorDeterminant");
            this.size = size;
            this.recordedSize = recordedSize;
            this.expandedAt = expandedAt;
            this.value = value;
            this.gradient = gradient;
        }

        static Var of(Var[] a, int ell, int firstRow, int[] columns, int recordedSize) {
            int size = columns.length;
            Var[] elements = new Var[size * size];
            boolean anyVariable = false;
            for (int r = 0; r < size; r++) {
                for (int c = 0; c < size; c++) {
                    elements[r * size + c] = a[(firstRow + r) * ell + columns[c]];
                    anyVariable |= elements[r * size + c].requiresGrad();
                }
            }
            if (!anyVariable || !GradMode.isEnabled()) {
                return new MinorDeterminant(size, recordedSize, null, null, null).apply(elements);
            }
            Tensor[] values = new Tensor[elements.length];
            for (int i = 0; i < elements.length; i++) {
                values[i] = elements[i].value();
            }
            Var[] leaves = new Var[values.length];
            for (int i = 0; i < values.length; i++) {
                leaves[i] = Var.variable(values[i]);
            }
            Var minor = determinant(leaves, size, recordedSize);
            Var[] adjoints = Derivatives.grad(minor, leaves);
            Tensor[] gradient = new Tensor[values.length];
            for (int i = 0; i < values.length; i++) {
                gradient[i] = adjoints[i].value();
            }
            return new MinorDeterminant(size, recordedSize, values, minor.value(), gradient)
                    .apply(elements);
        }

        /** Whether the stored value and gradient were taken at exactly these input values. */
        private boolean expandedAt(Tensor[] inputs) {
            if (expandedAt == null || inputs.length != expandedAt.length) {
                return false;
            }
            for (int i = 0; i < inputs.length; i++) {
                if (inputs[i] != expandedAt[i]) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public Tensor forward(Tensor[] inputs) {
            if (expandedAt(inputs)) {
                return value;
            }
            Var[] elements = new Var[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                elements[i] = Var.constant(inputs[i]);
            }
            return determinant(elements, size, recordedSize).value();
        }

        @Override
        public Var[] vjp(Var grad, Var output, Var[] inputs) {
            Tensor[] gradient = recordedGradient(inputs);
            Var[] contributions = new Var[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                contributions[i] = grad.mul(Var.constant(gradient[i]));
            }
            return contributions;
        }

        @Override
        public Var jvp(Var[] tangents, Var output, Var[] inputs) {
            Tensor[] gradient = recordedGradient(inputs);
            Var total = null;
            for (int i = 0; i < inputs.length; i++) {
                if (tangents[i] != null) {
                    Var term = tangents[i].mul(Var.constant(gradient[i]));
                    total = total == null ? term : total.add(term);
                }
            }
            return total;
        }

        private Tensor[] recordedGradient(Var[] inputs) {
            Tensor[] values = new Tensor[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                values[i] = inputs[i].value();
            }
            if (expandedAt(values)) {
                return gradient;
            }
            try (GradMode.Scope scope = GradMode.enableGrad()) {
                Var[] leaves = new Var[inputs.length];
                for (int i = 0; i < inputs.length; i++) {
                    leaves[i] = Var.variable(inputs[i].value());
                }
                Var minor = determinant(leaves, size, recordedSize);
                Var[] adjoints = Derivatives.grad(minor, leaves);
                Tensor[] gradient = new Tensor[inputs.length];
                for (int i = 0; i < inputs.length; i++) {
                    gradient[i] = adjoints[i].value();
                }
                return gradient;
            }
        }
    }
}
