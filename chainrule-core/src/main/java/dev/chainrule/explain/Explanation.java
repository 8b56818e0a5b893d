package dev.chainrule.explain;

import dev.chainrule.autodiff.Derivatives;
import dev.chainrule.autodiff.GradMode;
import dev.chainrule.autodiff.Gradients;
import dev.chainrule.autodiff.Var;
import dev.chainrule.formula.FormulaPrinter;
import dev.chainrule.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the derivative of a recorded computation comes about: every node with its value, the
 * local derivative of each node with respect to each input, the adjoints and the contributions
 * they send back, the products of local derivatives along every input-to-output path, and the
 * symbolic derivative.
 *
 * <p>It reads what the engine recorded and computes no derivative of its own: adjoints come
 * from one reverse sweep ({@link Derivatives#gradients}), contributions from each op's
 * reverse rule, local derivatives from each op's forward rule with a unit tangent, and the
 * symbolic derivatives from a recorded reverse sweep printed by {@link FormulaPrinter}.
 *
 * <p>Works for any recorded computation. Local derivatives and paths need scalar nodes: for a
 * node or input holding a tensor, the local derivative is a Jacobian, which is not shown (the
 * contribution, a tensor, is), and paths are listed only when every node is a scalar. A
 * non-scalar output is explained as the sum of its elements (the seed is all ones).
 *
 * <p>Immutable once built.
 */
public final class Explanation {
    /** Paths are listed only up to this many; their count grows exponentially with fan-out. */
    public static final int MAX_PATHS = 64;

    /**
     * One node of the computation.
     *
     * @param id position in evaluation order, from 1; shown as {@code v1, v2, ...}
     * @param operation the variable's name for a named leaf, "variable" or "constant" for
     *     other leaves, else the op's description ({@code mul}, {@code pow(2.0)})
     * @param inputs ids of the inputs, in the order the op takes them
     * @param adjoint derivative of the output with respect to this node, or null when the
     *     output does not depend on it (constants)
     */
    public record Node(int id, String operation, boolean leaf, List<Integer> inputs,
            Tensor value, Tensor adjoint) {
        /** {@code v} followed by the id. */
        public String label() {
            return "v" + id;
        }
    }

    /**
     * The link from an input to the node that consumes it.
     *
     * @param inputIndex which argument of the consumer this is
     * @param local d(consumer)/d(input) for scalar nodes, else null (a Jacobian)
     * @param contribution consumer's adjoint sent to this input by the op's reverse rule
     */
    public record Edge(int from, int to, int inputIndex, Double local, Tensor contribution) {}

    /**
     * One input-to-output path: node ids from the variable to the output, and the product of
     * the local derivatives along it.
     */
    public record PathProduct(List<Integer> nodes, List<Double> locals, double product) {}

    /**
     * All paths from one variable, their sum, and the adjoint the reverse sweep found; the two
     * agree up to rounding (the chain rule).
     */
    public record PathSum(String variable, int node, List<PathProduct> paths, double total,
            double backward) {}

    private final List<Node> nodes;
    private final List<Edge> edges;
    private final Map<String, Integer> variables;
    private final String formula;
    private final Map<String, String> derivatives;
    private final long pathCount;
    private final List<PathSum> pathSums;
    /** Edges by consumer and by input, indexed by node id, so lookups take no scan. */
    private final List<List<Edge>> edgesInto;
    private final List<List<Edge>> edgesOutOf;

    private Explanation(Builder builder) {
        this.nodes = Collections.unmodifiableList(builder.nodes);
        this.edges = Collections.unmodifiableList(builder.edges);
        this.variables = Collections.unmodifiableMap(builder.variables);
        this.formula = builder.formula;
        this.derivatives = Collections.unmodifiableMap(builder.derivatives);
        this.pathCount = builder.pathCount;
        this.pathSums = builder.pathSums == null ? null
                : Collections.unmodifiableList(builder.pathSums);
        List<List<Edge>> into = new ArrayList<>();
        List<List<Edge>> outOf = new ArrayList<>();
        for (int id = 0; id <= nodes.size(); id++) {
            into.add(new ArrayList<>());
            outOf.add(new ArrayList<>());
        }
        for (Edge edge : edges) {
            into.get(edge.to()).add(edge);
            outOf.get(edge.from()).add(edge);
        }
        this.edgesInto = into;
        this.edgesOutOf = outOf;
    }

    /**
     * Explains the derivative of {@code output} with respect to every variable leaf it depends
     * on. The recording is kept (it can still be swept or explained again).
     *
     * @param names names of variable leaves (matched by identity); unnamed variable leaves are
     *     called {@code input1, input2, ...} in the order they are met
     * @throws IllegalStateException when an earlier {@link Var#backward()} released the
     *     recording; record again, or sweep with {@link Var#backwardRetaining()}
     */
    public static Explanation of(Var output, Map<Var, String> names) {
        return new Builder(output, names).build();
    }

    /** Every node, inputs before the nodes that use them; the output is last. */
    public List<Node> nodes() {
        return nodes;
    }

    /** Node by its id (from 1). */
    public Node node(int id) {
        return nodes.get(id - 1);
    }

    public Node output() {
        return nodes.get(nodes.size() - 1);
    }

    /** Every input-to-consumer link, grouped by consumer in evaluation order. */
    public List<Edge> edges() {
        return edges;
    }

    /** Edges into a node (its inputs), in argument order. */
    public List<Edge> edgesInto(int id) {
        return id < 1 || id > nodes.size() ? List.of()
                : Collections.unmodifiableList(edgesInto.get(id));
    }

    /** Edges out of a node (its consumers), in evaluation order of the consumers. */
    public List<Edge> edgesOutOf(int id) {
        return id < 1 || id > nodes.size() ? List.of()
                : Collections.unmodifiableList(edgesOutOf.get(id));
    }

    /** Variable leaves by name, with their node ids, in order of appearance. */
    public Map<String, Integer> variables() {
        return variables;
    }

    /** The computation written as a simplified formula. */
    public String formula() {
        return formula;
    }

    /** The symbolic derivative of the output with respect to each variable, simplified. */
    public Map<String, String> derivatives() {
        return derivatives;
    }

    /**
     * Number of input-to-output paths over all variables, counted even when too many to list;
     * -1 when some node is not a scalar.
     */
    public long pathCount() {
        return pathCount;
    }

    /**
     * The paths and their sums per variable, or null when there are more than
     * {@link #MAX_PATHS} paths or some node is not a scalar.
     */
    public List<PathSum> pathSums() {
        return pathSums;
    }

    // ---------------------------------------------------------------- building

    private static final class Builder {
        private final Var output;
        private final Map<Var, String> names;
        private final Map<Var, Integer> ids = new IdentityHashMap<>();
        private final List<Var> order = new ArrayList<>();
        private final List<Node> nodes = new ArrayList<>();
        private final List<Edge> edges = new ArrayList<>();
        private final Map<String, Integer> variables = new LinkedHashMap<>();
        private final Map<String, String> derivatives = new LinkedHashMap<>();
        private String formula;
        private long pathCount;
        private List<PathSum> pathSums;
        private List<List<Edge>> edgesByInput;

        Builder(Var output, Map<Var, String> names) {
            this.output = output;
            this.names = new IdentityHashMap<>(names);
        }

        Explanation build() {
            orderNodes();
            nameVariables();
            Gradients gradients = Derivatives.gradients(output, Tensor.ones(output.shape()));
            try (GradMode.Scope scope = GradMode.noGrad()) {
                for (Var var : order) {
                    addNode(var, gradients);
                }
            }
            formula = FormulaPrinter.print(output, names);
            addSymbolicDerivatives();
            addPaths();
            return new Explanation(this);
        }

        /** Post-order walk with an explicit stack: every var after its inputs. */
        private void orderNodes() {
            List<Var> stack = new ArrayList<>();
            List<Integer> nextInput = new ArrayList<>();
            Map<Var, Boolean> seen = new IdentityHashMap<>();
            stack.add(output);
            nextInput.add(0);
            seen.put(output, true);
            while (!stack.isEmpty()) {
                int top = stack.size() - 1;
                Var var = stack.get(top);
                List<Var> inputs = var.inputs();
                int next = nextInput.get(top);
                if (next < inputs.size()) {
                    nextInput.set(top, next + 1);
                    Var input = inputs.get(next);
                    if (seen.put(input, true) == null) {
                        stack.add(input);
                        nextInput.add(0);
                    }
                } else {
                    stack.remove(top);
                    nextInput.remove(top);
                    ids.put(var, order.size() + 1);
                    order.add(var);
                }
            }
        }

        private void nameVariables() {
            int unnamed = 0;
            for (Var var : order) {
                if (var.isLeaf() && var.requiresGrad()) {
                    String name = names.get(var);
                    if (name == null) {
                        name = "input" + (++unnamed);
                        names.put(var, name);
                    }
                    variables.put(name, ids.get(var));
                }
            }
        }

        private void addNode(Var var, Gradients gradients) {
            int id = ids.get(var);
            List<Var> inputs = var.inputs();
            List<Integer> inputIds = new ArrayList<>();
            for (Var input : inputs) {
                inputIds.add(ids.get(input));
            }
            Var adjoint = gradients.adjoint(var);
            nodes.add(new Node(id, operation(var), var.isLeaf(), List.copyOf(inputIds),
                    var.value(), adjoint == null ? null : adjoint.value()));
            if (var.isLeaf()) {
                return;
            }

            Var[] inputArray = inputs.toArray(new Var[0]);
            Var[] contributions = adjoint == null ? new Var[inputArray.length]
                    : var.op().vjp(adjoint, var, inputArray);
            for (int i = 0; i < inputArray.length; i++) {
                if (!inputArray[i].requiresGrad()) {
                    continue;
                }
                Tensor contribution = contributions[i] == null ? null : contributions[i].value();
                edges.add(new Edge(ids.get(inputArray[i]), id, i, local(var, inputArray, i),
                        contribution));
            }
        }

        /**
         * d(node)/d(input i) from the op's forward rule with tangent 1 on that input and none
         * on the others; null when the node or the input is not a scalar.
         */
        private static Double local(Var var, Var[] inputs, int index) {
            if (var.value().size() != 1 || inputs[index].value().size() != 1) {
                return null;
            }
            Var[] tangents = new Var[inputs.length];
            tangents[index] = Var.constant(Tensor.ones(inputs[index].shape()));
            Var tangent = var.op().jvp(tangents, var, inputs);
            return tangent.value().size() == 1 ? tangent.item() : null;
        }

        private String operation(Var var) {
            if (!var.isLeaf()) {
                return var.op().describe();
            }
            String name = names.get(var);
            if (name != null) {
                return name;
            }
            return var.requiresGrad() ? "variable" : "constant";
        }

        private void addSymbolicDerivatives() {
            List<Var> leaves = new ArrayList<>();
            for (int id : variables.values()) {
                leaves.add(order.get(id - 1));
            }
            Var seed = Var.constant(Tensor.ones(output.shape()));
            Var[] gradients = Derivatives.grad(output, seed, true, leaves.toArray(new Var[0]));
            int i = 0;
            for (String name : variables.keySet()) {
                derivatives.put(name, FormulaPrinter.print(gradients[i++], names));
            }
        }

        private void addPaths() {
            for (Var var : order) {
                if (var.value().size() != 1) {
                    pathCount = -1;
                    return;
                }
            }
            // paths[id]: number of paths from node id to the output, saturating at Long.MAX.
            long[] pathsToOutput = new long[order.size() + 1];
            pathsToOutput[order.size()] = 1;
            for (int id = order.size(); id >= 1; id--) {
                for (Edge edge : edgesFrom(id)) {
                    pathsToOutput[id] = saturatingAdd(pathsToOutput[id], pathsToOutput[edge.to()]);
                }
            }
            for (int id : variables.values()) {
                pathCount = saturatingAdd(pathCount, pathsToOutput[id]);
            }
            if (pathCount > MAX_PATHS) {
                return;
            }
            pathSums = new ArrayList<>();
            for (Map.Entry<String, Integer> variable : variables.entrySet()) {
                pathSums.add(pathSum(variable.getKey(), variable.getValue()));
            }
        }

        /** Edges out of a node, from an index built on first use (after all edges exist). */
        private List<Edge> edgesFrom(int id) {
            if (edgesByInput == null) {
                edgesByInput = new ArrayList<>();
                for (int i = 0; i <= order.size(); i++) {
                    edgesByInput.add(new ArrayList<>());
                }
                for (Edge edge : edges) {
                    edgesByInput.get(edge.from()).add(edge);
                }
            }
            return edgesByInput.get(id);
        }

        private static long saturatingAdd(long a, long b) {
            long sum = a + b;
            return sum < 0 ? Long.MAX_VALUE : sum;
        }

        /** Depth-first over consumers with an explicit stack of partial paths. */
        private PathSum pathSum(String name, int start) {
            List<PathProduct> paths = new ArrayList<>();
            List<List<Edge>> stack = new ArrayList<>();
            stack.add(List.of());
            while (!stack.isEmpty()) {
                List<Edge> partial = stack.remove(stack.size() - 1);
                int at = partial.isEmpty() ? start : partial.get(partial.size() - 1).to();
                if (at == order.size()) {
                    paths.add(toPath(start, partial));
                    continue;
                }
                List<Edge> onward = edgesFrom(at);
                for (int i = onward.size() - 1; i >= 0; i--) {
                    List<Edge> longer = new ArrayList<>(partial);
                    longer.add(onward.get(i));
                    stack.add(longer);
                }
            }
            double total = 0;
            for (PathProduct path : paths) {
                total += path.product();
            }
            Tensor adjoint = nodes.get(start - 1).adjoint();
            return new PathSum(name, start, List.copyOf(paths), total,
                    adjoint == null ? 0.0 : adjoint.item());
        }

        private static PathProduct toPath(int start, List<Edge> edgesAlong) {
            List<Integer> ids = new ArrayList<>();
            List<Double> locals = new ArrayList<>();
            ids.add(start);
            double product = 1;
            for (Edge edge : edgesAlong) {
                ids.add(edge.to());
                locals.add(edge.local());
                product *= edge.local();
            }
            return new PathProduct(List.copyOf(ids), List.copyOf(locals), product);
        }
    }

    @Override
    public String toString() {
        return "Explanation of " + formula + " (" + nodes.size() + " nodes, "
                + Arrays.toString(variables.keySet().toArray()) + ")";
    }
}
