package dev.chainrule.explain;

import dev.chainrule.explain.Explanation.Edge;
import dev.chainrule.explain.Explanation.Node;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Pictures of an {@link Explanation}: Graphviz DOT text, and an SVG drawn here with a layered
 * layout, so no external program is needed. Nodes show their operation, value and adjoint;
 * edges run from input to consumer and show the local derivative.
 *
 * <p>The layout: a node's layer is one more than the deepest of its inputs (leaves on top, the
 * output at the bottom), and each layer is ordered by the mean position of the nodes' inputs
 * in the layers above (the barycenter heuristic), which removes most crossings in formula
 * graphs. Edges that skip layers bend half a column aside; they are not routed around boxes,
 * so in a wide graph a bent edge can still touch a box of a neighbouring column.
 */
public final class ExplanationGraph {
    private static final int BOX_WIDTH = 180;
    private static final int BOX_HEIGHT = 58;
    private static final int COLUMN = 220;
    private static final int ROW = 130;
    private static final int MARGIN = 30;

    private ExplanationGraph() {}

    /** Graphviz DOT: render with {@code dot -Tpng}, or read as text. */
    public static String dot(Explanation explanation) {
        StringBuilder dot = new StringBuilder("digraph explanation {\n");
        dot.append("  rankdir=TB;\n  node [shape=box, fontname=\"Helvetica\"];\n");
        for (Node node : explanation.nodes()) {
            dot.append("  ").append(node.label()).append(" [label=\"")
                    .append(dotEscape(node.label() + " " + node.operation()))
                    .append("\\nvalue ").append(dotEscape(Values.format(node.value())))
                    .append("\\nadjoint ").append(dotEscape(Values.format(node.adjoint())))
                    .append("\"];\n");
        }
        for (Edge edge : explanation.edges()) {
            dot.append("  v").append(edge.from()).append(" -> v").append(edge.to())
                    .append(" [label=\"")
                    .append(dotEscape(edgeLabel(edge)))
                    .append("\"];\n");
        }
        return dot.append("}\n").toString();
    }

    /** A standalone SVG document (UTF-8 XML). */
    public static String svg(Explanation explanation) {
        List<Node> nodes = explanation.nodes();
        int[] layer = new int[nodes.size() + 1];
        int layers = 0;
        for (Node node : nodes) {
            for (int input : node.inputs()) {
                layer[node.id()] = Math.max(layer[node.id()], layer[input] + 1);
            }
            layers = Math.max(layers, layer[node.id()] + 1);
        }
        double[] slot = new double[nodes.size() + 1];
        int widest = 0;
        for (int l = 0; l < layers; l++) {
            List<Node> row = new ArrayList<>();
            for (Node node : nodes) {
                if (layer[node.id()] == l) {
                    row.add(node);
                }
            }
            row.sort(Comparator.comparingDouble(node -> barycenter(node, slot)));
            for (int i = 0; i < row.size(); i++) {
                slot[row.get(i).id()] = i;
            }
            widest = Math.max(widest, row.size());
        }

        int width = 2 * MARGIN + (widest - 1) * COLUMN + BOX_WIDTH;
        int height = 2 * MARGIN + (layers - 1) * ROW + BOX_HEIGHT;
        StringBuilder svg = new StringBuilder();
        svg.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width)
                .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ")
                .append(width).append(' ').append(height).append("\" font-family=\"Helvetica,"
                        + " Arial, sans-serif\" font-size=\"12\">\n")
                .append("  <defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\""
                        + " refY=\"5\" markerWidth=\"8\" markerHeight=\"8\""
                        + " orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\""
                        + " fill=\"#555\"/></marker></defs>\n")
                .append("  <rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        for (Edge edge : explanation.edges()) {
            double x1 = centerX(slot[edge.from()]);
            double y1 = top(layer[edge.from()]) + BOX_HEIGHT;
            double x2 = centerX(slot[edge.to()]);
            double y2 = top(layer[edge.to()]);
            // An edge over several layers bends half a column aside, between the columns, so
            // it does not run through the boxes of the layers it skips.
            boolean skipsLayers = layer[edge.to()] - layer[edge.from()] > 1;
            double controlX = (x1 + x2) / 2 + (skipsLayers ? COLUMN / 2.0 : 0);
            double controlY = (y1 + y2) / 2;
            // Label on the curve at t = 0.5 when bent, else at 0.65 of the way: crossing
            // straight edges then do not share a label spot at their common midpoint.
            double t = skipsLayers ? 0.5 : 0.65;
            double labelX = (1 - t) * (1 - t) * x1 + 2 * t * (1 - t) * controlX + t * t * x2;
            double labelY = (1 - t) * (1 - t) * y1 + 2 * t * (1 - t) * controlY + t * t * y2;
            svg.append("  <g class=\"edge\" id=\"v").append(edge.from()).append("-v")
                    .append(edge.to()).append("\">")
                    .append("<path d=\"M ").append(fixed(x1)).append(' ').append(fixed(y1))
                    .append(" Q ").append(fixed(controlX)).append(' ').append(fixed(controlY))
                    .append(' ').append(fixed(x2)).append(' ').append(fixed(y2))
                    .append("\" fill=\"none\" stroke=\"#555\" marker-end=\"url(#arrow)\"/>")
                    .append("<text x=\"").append(fixed(labelX + 4)).append("\" y=\"")
                    .append(fixed(labelY)).append("\" fill=\"#a03000\">")
                    .append(xmlEscape(edgeLabel(edge))).append("</text></g>\n");
        }
        for (Node node : nodes) {
            double x = centerX(slot[node.id()]) - BOX_WIDTH / 2.0;
            double y = top(layer[node.id()]);
            String fill = node.leaf() ? "#e8f0fe" : "#f5f5f5";
            svg.append("  <g class=\"node\" id=\"").append(node.label()).append("\">")
                    .append("<rect x=\"").append(fixed(x)).append("\" y=\"").append(fixed(y))
                    .append("\" width=\"").append(BOX_WIDTH).append("\" height=\"")
                    .append(BOX_HEIGHT).append("\" rx=\"6\" fill=\"").append(fill)
                    .append("\" stroke=\"#333\"/>");
            String[] lines = {
                node.label() + "  " + node.operation(),
                "value " + Values.format(node.value()),
                "adjoint " + Values.format(node.adjoint())
            };
            for (int i = 0; i < lines.length; i++) {
                svg.append("<text x=\"").append(fixed(x + 8)).append("\" y=\"")
                        .append(fixed(y + 17 + 16 * i)).append("\"")
                        .append(i == 0 ? " font-weight=\"bold\"" : "").append(">")
                        .append(xmlEscape(lines[i])).append("</text>");
            }
            svg.append("</g>\n");
        }
        return svg.append("</svg>\n").toString();
    }

    /** Mean slot of a node's inputs; leaves keep evaluation order. */
    private static double barycenter(Node node, double[] slot) {
        if (node.inputs().isEmpty()) {
            return node.id();
        }
        double sum = 0;
        for (int input : node.inputs()) {
            sum += slot[input];
        }
        return sum / node.inputs().size();
    }

    private static String edgeLabel(Edge edge) {
        return edge.local() == null ? "(Jacobian)" : "local " + Values.format(edge.local());
    }

    private static double centerX(double slot) {
        return MARGIN + BOX_WIDTH / 2.0 + slot * COLUMN;
    }

    private static double top(int layer) {
        return MARGIN + layer * ROW;
    }

    private static String fixed(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    private static String dotEscape(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static String xmlEscape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
