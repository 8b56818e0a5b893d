package dev.chainrule.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.Derivatives;
import dev.chainrule.autodiff.Var;
import dev.chainrule.explain.Explanation.Edge;
import dev.chainrule.explain.Explanation.Node;
import dev.chainrule.explain.Explanation.PathSum;
import dev.chainrule.formula.Formula;
import dev.chainrule.tensor.Tensor;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class ExplanationTest {
    // The same derivative by another route (path sums, contributions, printed formulas).
    private static final double RTOL = 1e-12;
    private static final double ATOL = 1e-14;

    private static void assertClose(double expected, double actual, String label) {
        assertTrue(Math.abs(expected - actual) <= ATOL + RTOL * Math.abs(expected),
                label + ": expected " + expected + " but was " + actual);
    }

    /** A formula explained at a point, with the leaves it was evaluated on. */
    private static final class Explained {
        final Map<String, Var> leaves = new LinkedHashMap<>();
        final Var output;
        final Explanation explanation;

        Explained(String text, double... values) {
            Formula formula = Formula.parse(text);
            Map<Var, String> names = new IdentityHashMap<>();
            for (int i = 0; i < formula.variables().size(); i++) {
                Var leaf = Var.variable(values[i]);
                leaves.put(formula.variables().get(i), leaf);
                names.put(leaf, formula.variables().get(i));
            }
            output = formula.evaluate(leaves);
            explanation = Explanation.of(output, names);
        }

        double engineGradient(String variable) {
            return Derivatives.grad(output, leaves.get(variable))[0].item();
        }
    }

    private static final String[] FORMULAS = {
        "x^2*exp(x)",
        "x*y*x - y/(x + 1) + tanh(2*x)*x*3",
        "max(x, y)*min(x, 2*y) - x/y",
        "exp(x*y)*(x + y)^3 - x",
    };

    @Nested
    class SquareTimesExp {
        private final Explained explained = new Explained("x^2*exp(x)", 1.5);

        @Test
        void forwardTableListsEveryNodeInEvaluationOrder() {
            List<Node> nodes = explained.explanation.nodes();
            List<String> operations = new ArrayList<>();
            for (Node node : nodes) {
                operations.add(node.operation());
            }
            assertEquals(List.of("x", "pow(2.0)", "exp", "mul"), operations);
            assertEquals(List.of(2, 3), nodes.get(3).inputs());
            assertClose(2.25 * Math.exp(1.5), nodes.get(3).value().item(), "value");
        }

        @Test
        void adjointOfXIsTheProductRuleDerivative() {
            // d/dx x^2 e^x = (2x + x^2) e^x = 5.25 e^1.5 at x = 1.5
            Node x = explained.explanation.node(1);
            assertClose(5.25 * Math.exp(1.5), x.adjoint().item(), "adjoint of x");
            assertEquals(23.5289, x.adjoint().item(), 0.0001);
        }

        @Test
        void localDerivativesAreThoseOfEachOperation() {
            Map<String, Double> locals = new LinkedHashMap<>();
            for (Edge edge : explained.explanation.edges()) {
                locals.put("v" + edge.from() + "->v" + edge.to(), edge.local());
            }
            // d(x^2)/dx = 2x = 3, d(e^x)/dx = e^x, d(ab)/da = b = e^x, d(ab)/db = a = x^2
            assertClose(3.0, locals.get("v1->v2"), "pow");
            assertClose(Math.exp(1.5), locals.get("v1->v3"), "exp");
            assertClose(Math.exp(1.5), locals.get("v2->v4"), "mul, first input");
            assertClose(2.25, locals.get("v3->v4"), "mul, second input");
        }

        @Test
        void symbolicDerivativeIsSimplifiedProductRule() {
            assertEquals(Map.of("x", "x^2*exp(x) + 2*x*exp(x)"),
                    explained.explanation.derivatives());
            assertEquals("x^2*exp(x)", explained.explanation.formula());
        }

        @Test
        void textReportHasAllTablesAndTheDerivative() {
            String text = ExplanationReport.text(explained.explanation);
            assertTrue(text.contains("Forward pass"), text);
            assertTrue(text.contains("Backward pass"), text);
            assertTrue(text.contains("v1 -> v2 -> v4"), text);
            assertTrue(text.contains("13.445067 from v2 + 10.0838 from v3"), text);
            assertTrue(text.contains("d/dx = x^2*exp(x) + 2*x*exp(x) = 23.528868"), text);
        }

        @Test
        void markdownReportUsesPipeTables() {
            String markdown = ExplanationReport.markdown(explained.explanation);
            assertTrue(markdown.contains("| node | operation | inputs | value |"), markdown);
            assertTrue(markdown.contains("| v4 | mul | v2, v3 | 10.0838 |"), markdown);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {0, 1, 2, 3})
    void adjointsMatchTheEngineGradientAndContributionsAddUpAtFanOut(int which) {
        Explained explained = new Explained(FORMULAS[which], 0.7, 1.3);
        Explanation explanation = explained.explanation;
        for (Map.Entry<String, Integer> variable : explanation.variables().entrySet()) {
            assertClose(explained.engineGradient(variable.getKey()),
                    explanation.node(variable.getValue()).adjoint().item(),
                    "adjoint of " + variable.getKey());
        }
        for (Node node : explanation.nodes()) {
            if (node.adjoint() == null || node.id() == explanation.output().id()) {
                continue;
            }
            double received = 0;
            for (Edge edge : explanation.edgesOutOf(node.id())) {
                received += edge.contribution().item();
                Node consumer = explanation.node(edge.to());
                assertClose(consumer.adjoint().item() * edge.local(),
                        edge.contribution().item(), "contribution along " + edge);
            }
            assertClose(node.adjoint().item(), received, "sum into " + node.label());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {0, 1, 2, 3})
    void pathProductsSumToTheGradient(int which) {
        Explained explained = new Explained(FORMULAS[which], 0.7, 1.3);
        List<PathSum> sums = explained.explanation.pathSums();
        assertNotNull(sums, FORMULAS[which]);
        long listed = 0;
        for (PathSum sum : sums) {
            double expected = explained.engineGradient(sum.variable());
            assertClose(expected, sum.total(), "path total for " + sum.variable());
            assertClose(expected, sum.backward(), "backward for " + sum.variable());
            listed += sum.paths().size();
        }
        assertEquals(explained.explanation.pathCount(), listed);
    }

    @Test
    void pathsAreNotListedBeyondTheLimitButStillCounted() {
        // Each squaring doubles the paths: (((x^2)^2)...) written as products x*x has 2^7.
        Var x = Var.variable(1.01);
        Var y = x;
        for (int i = 0; i < 7; i++) {
            y = y.mul(y);
        }
        Explanation explanation = Explanation.of(y, Map.of(x, "x"));
        assertEquals(128, explanation.pathCount());
        assertNull(explanation.pathSums());
        assertTrue(ExplanationReport.text(explanation).contains("Not listed: 128 paths"));
    }

    @Test
    void anyRecordedComputationCanBeExplainedWithUnnamedLeaves() {
        Var a = Var.variable(2.0);
        Var b = Var.variable(-0.5);
        Var output = a.mul(b).exp().add(a.square());
        Explanation explanation = Explanation.of(output, Map.of());
        assertEquals(Set.of("input1", "input2"), explanation.variables().keySet());
        // d/da (e^(ab) + a^2) = b e^(ab) + 2a
        assertClose(-0.5 * Math.exp(-1.0) + 4.0,
                explanation.node(explanation.variables().get("input1")).adjoint().item(),
                "d/da");
        assertEquals("exp(input1*input2) + input1^2", explanation.formula());
    }

    @Test
    void tensorNodesShowContributionsButNoScalarLocalsOrPaths() {
        Var x = Var.variable(Tensor.vector(1.0, 2.0, 3.0));
        Var y = Var.variable(2.0);
        Var output = x.mul(y).exp();
        Explanation explanation = Explanation.of(output, Map.of(x, "x", y, "y"));
        assertEquals(-1, explanation.pathCount());
        assertNull(explanation.pathSums());
        for (Edge edge : explanation.edges()) {
            assertNull(edge.local());
            assertNotNull(edge.contribution());
        }
        // d/dy sum(e^(xy)) = sum(x e^(xy))
        double expected = Math.exp(2) + 2 * Math.exp(4) + 3 * Math.exp(6);
        assertClose(expected, explanation.node(explanation.variables().get("y")).adjoint()
                .item(), "d/dy");
    }

    @Test
    void textOfAVariableWithAThousandConsumersStaysProportionalToItsContent() {
        String formula = String.join("+", Collections.nCopies(1000, "x"));
        Explained sum = new Explained(formula, 2.0);
        String text = ExplanationReport.text(sum.explanation);
        // The cell listing what x receives from its 1000 consumers is some 17,000 characters;
        // padding the other 2000 rows to its width made the text 35 MB (and a 10,000-term
        // formula ran out of memory).
        assertTrue(text.length() < 1_000_000, "text of " + text.length() + " characters");
        assertTrue(text.endsWith("  d/dx = 1000 = 1000\n"), text.substring(text.length() - 300));
    }

    @Test
    void edgesIntoAndOutOfEachNodeAreExactlyTheEdgesListedForIt() {
        Explanation explanation = new Explained("x*y*x - y/(x + 1) + tanh(2*x)*x*3", 0.7, 1.3)
                .explanation;
        int found = 0;
        for (Node node : explanation.nodes()) {
            List<Edge> into = new ArrayList<>();
            List<Edge> outOf = new ArrayList<>();
            for (Edge edge : explanation.edges()) {
                if (edge.to() == node.id()) {
                    into.add(edge);
                }
                if (edge.from() == node.id()) {
                    outOf.add(edge);
                }
            }
            assertEquals(into, explanation.edgesInto(node.id()), node.label());
            assertEquals(outOf, explanation.edgesOutOf(node.id()), node.label());
            found += into.size();
        }
        assertEquals(explanation.edges().size(), found);
        assertEquals(List.of(), explanation.edgesInto(0));
        assertEquals(List.of(), explanation.edgesOutOf(explanation.nodes().size() + 1));
    }

    @Nested
    class Pictures {
        private final Explained explained =
                new Explained("x*y*x - y/(x + 1) + tanh(2*x)*x*3", 0.7, 1.3);

        @Test
        void svgIsWellFormedXmlWithABoxForEveryNodeAndALineForEveryEdge() throws Exception {
            String svg = ExplanationGraph.svg(explained.explanation);
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            Document document = factory.newDocumentBuilder()
                    .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
            assertEquals("svg", document.getDocumentElement().getLocalName());

            Set<String> nodeIds = new HashSet<>();
            int edges = 0;
            NodeList groups = document.getElementsByTagNameNS("http://www.w3.org/2000/svg", "g");
            for (int i = 0; i < groups.getLength(); i++) {
                Element group = (Element) groups.item(i);
                if (group.getAttribute("class").equals("node")) {
                    nodeIds.add(group.getAttribute("id"));
                    assertTrue(group.getTextContent().contains("value"), group.getAttribute("id"));
                } else if (group.getAttribute("class").equals("edge")) {
                    edges++;
                }
            }
            Set<String> expected = new HashSet<>();
            for (Node node : explained.explanation.nodes()) {
                expected.add(node.label());
            }
            assertEquals(expected, nodeIds);
            assertEquals(explained.explanation.edges().size(), edges);
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"x^2*exp(x)", "x*y*x - y/(x + 1) + tanh(2*x)*x*3",
            "atan2(y,x)*sqrt(x*y) + log10(x) - erf(x/y)*max(x,y)"})
        void svgLabelsCoverNoBoxAndNoOtherLabelAndBoxesHoldTheirTitles(String formula)
                throws Exception {
            Explained shown = new Explained(formula, 2.0, 3.0);
            Document document = svgDocument(ExplanationGraph.svg(shown.explanation));
            List<double[]> boxes = new ArrayList<>();
            NodeList rects = document.getElementsByTagNameNS(SVG, "rect");
            for (int i = 0; i < rects.getLength(); i++) {
                Element rect = (Element) rects.item(i);
                if (rect.getParentNode() instanceof Element group
                        && group.getAttribute("class").equals("node")) {
                    double x = number(rect, "x");
                    double y = number(rect, "y");
                    double[] box = {x, y, x + number(rect, "width"), y + number(rect, "height")};
                    String title = group.getElementsByTagNameNS(SVG, "text").item(0)
                            .getTextContent();
                    // 7 pixels a character is the least that 12-pixel bold text takes.
                    assertTrue(box[2] - box[0] >= 16 + 7 * title.length(), title);
                    boxes.add(box);
                }
            }
            List<double[]> labels = new ArrayList<>();
            NodeList texts = document.getElementsByTagNameNS(SVG, "text");
            for (int i = 0; i < texts.getLength(); i++) {
                Element text = (Element) texts.item(i);
                if (text.getAttribute("class").equals("edge-label")) {
                    double x = number(text, "x");
                    double y = number(text, "y");
                    double[] label = {x, y - 9, x + 6 * text.getTextContent().length(), y + 2};
                    for (double[] other : labels) {
                        assertFalse(overlap(label, other), text.getTextContent());
                    }
                    for (double[] box : boxes) {
                        assertFalse(overlap(label, box), text.getTextContent());
                    }
                    labels.add(label);
                }
            }
            assertEquals(shown.explanation.edges().size(), labels.size());
        }

        private static final String SVG = "http://www.w3.org/2000/svg";

        private Document svgDocument(String svg) throws Exception {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            return factory.newDocumentBuilder()
                    .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        }

        private static double number(Element element, String attribute) {
            return Double.parseDouble(element.getAttribute(attribute));
        }

        private static boolean overlap(double[] a, double[] b) {
            return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
        }

        @Test
        void svgEscapesOperationNamesThatAreNotXml() {
            Var x = Var.variable(1.0);
            Explanation explanation = Explanation.of(x.mul(2.0), Map.of(x, "a<b&c"));
            String svg = ExplanationGraph.svg(explanation);
            assertTrue(svg.contains("a&lt;b&amp;c"), svg);
        }

        @Test
        void dotNamesEveryNodeAndEdgeWithItsLocalDerivative() {
            String dot = ExplanationGraph.dot(explained.explanation);
            for (Node node : explained.explanation.nodes()) {
                assertTrue(dot.contains("  " + node.label() + " [label=\""), node.label());
            }
            for (Edge edge : explained.explanation.edges()) {
                String arrow = "v" + edge.from() + " -> v" + edge.to();
                assertTrue(dot.contains(arrow + " [label=\"local "),
                        edge.toString());
            }
            assertTrue(dot.startsWith("digraph explanation {"));
        }
    }
}
