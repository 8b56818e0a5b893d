package dev.chainrule.explain;

import dev.chainrule.explain.Explanation.Edge;
import dev.chainrule.explain.Explanation.Node;
import dev.chainrule.explain.Explanation.PathProduct;
import dev.chainrule.explain.Explanation.PathSum;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes an {@link Explanation} for people: a forward table, a backward table, the paths with
 * their products and the symbolic derivatives, either as aligned plain text or as Markdown.
 * Every number is the shortest decimal that reads back as the same double; NaN and infinities
 * are written as such.
 */
public final class ExplanationReport {
    private ExplanationReport() {}

    /** Aligned plain text for a terminal. */
    public static String text(Explanation explanation) {
        return render(explanation, false);
    }

    /** Markdown: headings and pipe tables. */
    public static String markdown(Explanation explanation) {
        return render(explanation, true);
    }

    private static String render(Explanation explanation, boolean markdown) {
        StringBuilder text = new StringBuilder();
        Node output = explanation.output();
        text.append(markdown ? "# Explanation\n\n" : "");
        text.append("Formula: ").append(code(explanation.formula(), markdown))
                .append(markdown ? "  \n" : "\n");
        text.append("Value: ").append(Values.format(output.value()))
                .append(markdown ? "  \n" : "\n");
        text.append("(numbers to " + Values.DIGITS + " significant digits; the JSON form gives"
                + " them exactly)\n");
        if (explanation.variables().isEmpty()) {
            text.append("\nNo variable reaches the output, so there is nothing to"
                    + " differentiate.\n");
            return text.toString();
        }

        heading(text, markdown, "Forward pass: every node in evaluation order");
        table(text, markdown, forwardTable(explanation));

        heading(text, markdown, "Backward pass: adjoint = d(output)/d(node); a node sends"
                + " adjoint * local derivative to each input, and adds what its consumers send");
        table(text, markdown, backwardTable(explanation));

        heading(text, markdown, "Paths from each variable to the output: the product of the"
                + " local derivatives along each; their sum is the derivative");
        if (explanation.pathSums() == null) {
            line(text, markdown, explanation.pathCount() < 0
                    ? "Not listed: some nodes hold tensors, whose local derivatives are"
                            + " Jacobians."
                    : "Not listed: " + explanation.pathCount() + " paths, more than "
                            + Explanation.MAX_PATHS + ".");
        } else {
            table(text, markdown, pathTable(explanation));
            for (PathSum sum : explanation.pathSums()) {
                line(text, markdown, "d/d" + sum.variable() + ": sum of path products = "
                        + Values.format(sum.total()) + "; backward pass gives "
                        + Values.format(sum.backward()));
            }
        }

        heading(text, markdown, "Symbolic derivatives");
        for (Map.Entry<String, String> derivative : explanation.derivatives().entrySet()) {
            int id = explanation.variables().get(derivative.getKey());
            line(text, markdown, "d/d" + derivative.getKey() + " = "
                    + code(derivative.getValue(), markdown) + " = "
                    + Values.format(explanation.node(id).adjoint()));
        }
        return text.toString();
    }

    private static Table forwardTable(Explanation explanation) {
        Table table = new Table("node", "operation", "inputs", "value");
        for (Node node : explanation.nodes()) {
            table.add(node.label(), node.operation(), labels(node.inputs()),
                    Values.format(node.value()));
        }
        return table;
    }

    private static Table backwardTable(Explanation explanation) {
        Table table = new Table("node", "operation", "adjoint", "received from consumers",
                "input", "local derivative", "contribution");
        List<Node> nodes = explanation.nodes();
        for (int i = nodes.size() - 1; i >= 0; i--) {
            Node node = nodes.get(i);
            if (node.adjoint() == null) {
                continue;
            }
            String received = received(explanation, node);
            List<Edge> inputs = explanation.edgesInto(node.id());
            if (inputs.isEmpty()) {
                table.add(node.label(), node.operation(), Values.format(node.adjoint()),
                        received, "-", "-", "-");
            }
            for (int e = 0; e < inputs.size(); e++) {
                Edge edge = inputs.get(e);
                boolean first = e == 0;
                table.add(first ? node.label() : "", first ? node.operation() : "",
                        first ? Values.format(node.adjoint()) : "", first ? received : "",
                        "v" + edge.from(), Values.format(edge.local()),
                        Values.format(edge.contribution()));
            }
        }
        return table;
    }

    /** "seed" for the output, else each consumer's contribution, summed when several. */
    private static String received(Explanation explanation, Node node) {
        if (node.id() == explanation.output().id()) {
            return "seed";
        }
        List<String> terms = new ArrayList<>();
        for (Edge edge : explanation.edgesOutOf(node.id())) {
            terms.add(Values.format(edge.contribution()) + " from v" + edge.to());
        }
        return String.join(" + ", terms);
    }

    private static Table pathTable(Explanation explanation) {
        Table table = new Table("variable", "path", "local derivatives", "product");
        for (PathSum sum : explanation.pathSums()) {
            for (PathProduct path : sum.paths()) {
                List<String> locals = new ArrayList<>();
                for (Double local : path.locals()) {
                    locals.add(Values.format(local));
                }
                List<String> steps = new ArrayList<>();
                for (int id : path.nodes()) {
                    steps.add("v" + id);
                }
                table.add(sum.variable(), String.join(" -> ", steps),
                        locals.isEmpty() ? "(the output itself)" : String.join(" * ", locals),
                        Values.format(path.product()));
            }
        }
        return table;
    }

    private static String labels(List<Integer> ids) {
        if (ids.isEmpty()) {
            return "-";
        }
        List<String> labels = new ArrayList<>();
        for (int id : ids) {
            labels.add("v" + id);
        }
        return String.join(", ", labels);
    }

    private static String code(String formula, boolean markdown) {
        return markdown ? "`" + formula + "`" : formula;
    }

    private static void heading(StringBuilder text, boolean markdown, String title) {
        text.append('\n').append(markdown ? "## " : "").append(title).append('\n');
        if (markdown) {
            text.append('\n');
        }
    }

    private static void line(StringBuilder text, boolean markdown, String line) {
        text.append(markdown ? "" : "  ").append(line).append(markdown ? "\n\n" : "\n");
    }

    private static void table(StringBuilder text, boolean markdown, Table table) {
        text.append(markdown ? table.markdown() : table.aligned("  "));
        if (markdown) {
            text.append('\n');
        }
    }
}
