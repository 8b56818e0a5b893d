package dev.chainrule.explain;

import dev.chainrule.explain.Explanation.Edge;
import dev.chainrule.explain.Explanation.Node;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Pictures of an {@link Explanation}: Graphviz DOT text, and an SVG drawn here with a layered
 * layout, so no external program is needed. Nodes show their operation, value and adjoint;
 * edges run from input to consumer and show the local derivative.
 *
 * <p>The layout: a node's layer is one more than the deepest of its inputs (leaves on top, the
 * output at the bottom), and each layer is ordered by the mean position of the nodes' inputs
 * in the layers above (the barycenter heuristic), which removes most crossings in formula
 * graphs. Edges that skip layers bend half a column aside; they are not routed around boxes,
 * so in a wide graph a bent edge can still touch a box of a neighbouring column. Boxes are as
 * wide as their text, and each edge's label goes to the first place along the edge where it
 * covers no box and no other label, drawn last with a white outline so lines do not hide it.
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
        List<List<Node>> rows = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            rows.add(new ArrayList<>());
        }
        for (Node node : nodes) {
            rows.get(layer[node.id()]).add(node);
        }
        for (List<Node> row : rows) {
            row.sort(Comparator.comparingDouble(node -> barycenter(node, slot)));
            for (int i = 0; i < row.size(); i++) {
                slot[row.get(i).id()] = i;
            }
            widest = Math.max(widest, row.size());
        }

        // Boxes are wide enough for their longest line, mul(0.43429448190325176) included.
        int boxWidth = BOX_WIDTH;
        for (Node node : nodes) {
            for (String line : boxLines(node)) {
                boxWidth = Math.max(boxWidth, (int) Math.ceil(textWidth(line, true)) + 16);
            }
        }
        Layout layout = new Layout(boxWidth, boxWidth + COLUMN - BOX_WIDTH);
        int width = 2 * MARGIN + (widest - 1) * layout.column + boxWidth;
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

        // Every box is an obstacle for the labels, which are placed after all edges are known.
        Occupied occupied = new Occupied();
        for (Node node : nodes) {
            double x = layout.centerX(slot[node.id()]) - boxWidth / 2.0;
            double y = top(layer[node.id()]);
            occupied.add(new double[] {x, y, x + boxWidth, y + BOX_HEIGHT});
        }
        StringBuilder labels = new StringBuilder();
        for (Edge edge : explanation.edges()) {
            double x1 = layout.centerX(slot[edge.from()]);
            double y1 = top(layer[edge.from()]) + BOX_HEIGHT;
            double x2 = layout.centerX(slot[edge.to()]);
            double y2 = top(layer[edge.to()]);
            // An edge over several layers bends aside so that its middle runs half a column
            // off, between the columns, not through the boxes of the layers it skips (the
            // middle of a quadratic curve is halfway between its chord and control point).
            boolean skipsLayers = layer[edge.to()] - layer[edge.from()] > 1;
            double controlX = (x1 + x2) / 2 + (skipsLayers ? layout.column : 0);
            double controlY = (y1 + y2) / 2;
            svg.append("  <g class=\"edge\" id=\"v").append(edge.from()).append("-v")
                    .append(edge.to()).append("\">")
                    .append("<path d=\"M ").append(fixed(x1)).append(' ').append(fixed(y1))
                    .append(" Q ").append(fixed(controlX)).append(' ').append(fixed(controlY))
                    .append(' ').append(fixed(x2)).append(' ').append(fixed(y2))
                    .append("\" fill=\"none\" stroke=\"#555\" marker-end=\"url(#arrow)\"/>")
                    .append("</g>\n");
            String label = edgeLabel(edge);
            double[] spot = labelSpot(label, new double[] {x1, controlX, x2},
                    new double[] {y1, controlY, y2}, occupied, width);
            // A white outline under the letters keeps a label legible where it crosses a line.
            labels.append("  <text class=\"edge-label\" x=\"").append(fixed(spot[0]))
                    .append("\" y=\"").append(fixed(spot[1]))
                    .append("\" fill=\"#a03000\" stroke=\"white\" stroke-width=\"3\""
                            + " paint-order=\"stroke\">")
                    .append(xmlEscape(label)).append("</text>\n");
        }
        for (Node node : nodes) {
            double x = layout.centerX(slot[node.id()]) - boxWidth / 2.0;
            double y = top(layer[node.id()]);
            String fill = node.leaf() ? "#e8f0fe" : "#f5f5f5";
            svg.append("  <g class=\"node\" id=\"").append(node.label()).append("\">")
                    .append("<rect x=\"").append(fixed(x)).append("\" y=\"").append(fixed(y))
                    .append("\" width=\"").append(boxWidth).append("\" height=\"")
                    .append(BOX_HEIGHT).append("\" rx=\"6\" fill=\"").append(fill)
                    .append("\" stroke=\"#333\"/>");
            String[] lines = boxLines(node);
            for (int i = 0; i < lines.length; i++) {
                svg.append("<text x=\"").append(fixed(x + 8)).append("\" y=\"")
                        .append(fixed(y + 17 + 16 * i)).append("\"")
                        .append(i == 0 ? " font-weight=\"bold\"" : "").append(">")
                        .append(xmlEscape(lines[i])).append("</text>");
            }
            svg.append("</g>\n");
        }
        // Labels last, so no box or edge is drawn over them.
        return svg.append(labels).append("</svg>\n").toString();
    }

    /** Horizontal measures of one picture: boxes as wide as their text, columns apart. */
    private record Layout(int boxWidth, int column) {
        double centerX(double slot) {
            return MARGIN + boxWidth / 2.0 + slot * column;
        }
    }

    private static String[] boxLines(Node node) {
        return new String[] {
            node.label() + "  " + node.operation(),
            "value " + Values.format(node.value()),
            "adjoint " + Values.format(node.adjoint())
        };
    }

    /**
     * Where a label goes on the quadratic curve with control points {@code xs, ys}: the first
     * of several places along it, right or left of the line, whose text box overlaps no box and
     * no label placed before, and stays inside the picture; the middle when none is free. The
     * chosen text box is added to {@code occupied}. Returns the text's x (start) and baseline.
     */
    private static double[] labelSpot(String label, double[] xs, double[] ys,
            Occupied occupied, int pictureWidth) {
        double width = textWidth(label, false);
        double[] first = null;
        for (double t : LABEL_PLACES) {
            double x = (1 - t) * (1 - t) * xs[0] + 2 * t * (1 - t) * xs[1] + t * t * xs[2];
            double y = (1 - t) * (1 - t) * ys[0] + 2 * t * (1 - t) * ys[1] + t * t * ys[2] + 4;
            for (double left : new double[] {x + 5, x - 5 - width}) {
                double[] box = {left - 2, y - 11, left + width + 2, y + 3};
                if (first == null) {
                    first = box;
                }
                if (box[0] >= 0 && box[2] <= pictureWidth && !occupied.overlaps(box)) {
                    occupied.add(box);
                    return new double[] {left, y};
                }
            }
        }
        occupied.add(first);
        return new double[] {first[0] + 2, first[1] + 11};
    }

    /** Fractions of the way along an edge where its label may go, best first. */
    private static final double[] LABEL_PLACES = {0.5, 0.35, 0.65, 0.25, 0.75, 0.15, 0.85};

    /**
     * Rectangles ({left, top, right, bottom}) already drawn, filed by the grid cells they
     * touch, so a new label is checked against its neighbours only and a picture of n labels
     * is placed in time proportional to n.
     */
    private static final class Occupied {
        private static final double CELL = 200;
        private final Map<Long, List<double[]>> cells = new HashMap<>();

        void add(double[] box) {
            for (long key : keys(box)) {
                cells.computeIfAbsent(key, unused -> new ArrayList<>()).add(box);
            }
        }

        boolean overlaps(double[] box) {
            for (long key : keys(box)) {
                for (double[] other : cells.getOrDefault(key, List.of())) {
                    if (box[0] < other[2] && other[0] < box[2] && box[1] < other[3]
                            && other[1] < box[3]) {
                        return true;
                    }
                }
            }
            return false;
        }

        private static List<Long> keys(double[] box) {
            List<Long> keys = new ArrayList<>();
            for (long cx = (long) Math.floor(box[0] / CELL); cx <= Math.floor(box[2] / CELL);
                    cx++) {
                for (long cy = (long) Math.floor(box[1] / CELL);
                        cy <= Math.floor(box[3] / CELL); cy++) {
                    keys.add(cx * 1_000_003L + cy);
                }
            }
            return keys;
        }
    }

    /**
     * Width of a line of 12-pixel Helvetica, from generous per-character widths, so that a
     * box or a label reserves at least the room its text takes.
     */
    private static double textWidth(String text, boolean bold) {
        double width = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            width += c == '.' || c == ' ' || c == 'i' || c == 'l' || c == '(' || c == ')' ? 4.5
                    : Character.isUpperCase(c) || c == 'm' || c == 'w' ? 11.0 : 7.7;
        }
        return bold ? width * 1.12 : width;
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
