package dev.chainrule.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.chainrule.autodiff.Var;
import dev.chainrule.explain.Explanation;
import dev.chainrule.explain.Explanation.Edge;
import dev.chainrule.explain.Explanation.Node;
import dev.chainrule.explain.Explanation.PathProduct;
import dev.chainrule.explain.Explanation.PathSum;
import dev.chainrule.explain.ExplanationGraph;
import dev.chainrule.explain.ExplanationReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code chainrule explain FORMULA --at x=1.5 [--wrt x] [--format text|markdown|json]
 * [--dot FILE] [--svg FILE]}: shows how the derivative of a formula at a point comes about,
 * node by node and path by path (see {@link Explanation}).
 */
@Command(
        name = "explain",
        mixinStandardHelpOptions = true,
        description = {
            "Show step by step how local derivatives multiply along the paths of a formula's"
                    + " computation and add up to its derivative.",
            "Example: chainrule explain \"x^2*exp(x)\" --at x=1.5 --svg graph.svg"
        })
public final class ExplainCommand implements Callable<Integer> {
    /** Output formats of the explanation on stdout. */
    enum Format { text, markdown, json }

    @Parameters(index = "0", paramLabel = "FORMULA",
            description = "The formula, e.g. \"x^2*exp(x)\" or \"-x^2\"; quote it for the"
                    + " shell.")
    String formula;

    @Option(names = "--at", required = true, paramLabel = "NAME=VALUE[,NAME=VALUE...]",
            description = "The point: a value for every variable, e.g. x=1.5,y=2 (x=inf:"
                    + " an infinity).")
    String at;

    @Option(names = "--wrt", split = ",", paramLabel = "NAME",
            description = "Explain the derivative by these variables only; the others are"
                    + " held constant (default: all).")
    List<String> wrt;

    @Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT",
            description = "text, markdown or json (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--dot", paramLabel = "FILE",
            description = "Also write the graph as Graphviz DOT to FILE.")
    Path dotFile;

    @Option(names = "--svg", paramLabel = "FILE",
            description = "Also write the graph as an SVG picture to FILE.")
    Path svgFile;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try {
            return LargeStack.call(this::run);
        } catch (IllegalArgumentException tooLong) {
            spec.commandLine().getErr().println("chainrule explain: " + tooLong.getMessage());
            return Main.BAD_INPUT;
        }
    }

    private Integer run() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        FormulaPoint point;
        try {
            point = FormulaPoint.parse(formula, at, wrt);
        } catch (IllegalArgumentException badInput) {
            err.println("chainrule explain: " + badInput.getMessage());
            return Main.BAD_INPUT;
        }

        Map<String, Var> bindings = point.bind(true);
        Map<Var, String> names = FormulaPoint.names(bindings);
        Var output;
        Explanation explanation;
        try {
            output = point.formula.evaluate(bindings);
            explanation = Explanation.of(output, names);
        } catch (UnsupportedOperationException missing) {
            err.println("chainrule explain: this build cannot evaluate the formula: "
                    + missing.getMessage());
            return Main.FAILED;
        }
        try {
            if (dotFile != null) {
                AtomicTextFile.write(dotFile, ExplanationGraph.dot(explanation));
            }
            if (svgFile != null) {
                AtomicTextFile.write(svgFile, ExplanationGraph.svg(explanation));
            }
            out.print(render(explanation, point, format));
            out.flush();
        } catch (IOException writeFailed) {
            err.println("chainrule explain: " + writeFailed.getMessage());
            return Main.FAILED;
        }

        String problem = point.domainProblem(output, names);
        if (problem != null) {
            err.println("chainrule explain: " + problem);
            return Main.BAD_INPUT;
        }
        return Main.OK;
    }

    static String render(Explanation explanation, FormulaPoint point, Format format)
            throws IOException {
        switch (format) {
            case markdown:
                return ExplanationReport.markdown(explanation);
            case json:
                return json(explanation, point);
            default:
                return ExplanationReport.text(explanation);
        }
    }

    /**
     * One JSON object: formula, at, value, nodes (forward table, with adjoints), edges
     * (local derivatives and contributions), paths (null when not listed) and derivatives.
     */
    static String json(Explanation explanation, FormulaPoint point) throws IOException {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = new JsonFactory().createGenerator(text)) {
            json.useDefaultPrettyPrinter();
            json.writeStartObject();
            json.writeStringField("formula", point.formula.text());
            json.writeStringField("printed", explanation.formula());
            json.writeObjectFieldStart("at");
            for (Map.Entry<String, Double> entry : point.at.entrySet()) {
                json.writeFieldName(entry.getKey());
                JsonNumbers.write(json, entry.getValue());
            }
            json.writeEndObject();
            json.writeFieldName("value");
            JsonNumbers.write(json, explanation.output().value());

            json.writeArrayFieldStart("nodes");
            for (Node node : explanation.nodes()) {
                json.writeStartObject();
                json.writeStringField("id", node.label());
                json.writeStringField("operation", node.operation());
                json.writeArrayFieldStart("inputs");
                for (int input : node.inputs()) {
                    json.writeString("v" + input);
                }
                json.writeEndArray();
                json.writeFieldName("value");
                JsonNumbers.write(json, node.value());
                json.writeFieldName("adjoint");
                JsonNumbers.write(json, node.adjoint());
                json.writeEndObject();
            }
            json.writeEndArray();

            json.writeArrayFieldStart("edges");
            for (Edge edge : explanation.edges()) {
                json.writeStartObject();
                json.writeStringField("from", "v" + edge.from());
                json.writeStringField("to", "v" + edge.to());
                json.writeFieldName("local");
                if (edge.local() == null) {
                    json.writeNull();
                } else {
                    JsonNumbers.write(json, edge.local());
                }
                json.writeFieldName("contribution");
                JsonNumbers.write(json, edge.contribution());
                json.writeEndObject();
            }
            json.writeEndArray();

            writePaths(json, explanation);
            json.writeObjectFieldStart("derivatives");
            for (Map.Entry<String, String> entry : explanation.derivatives().entrySet()) {
                json.writeStringField(entry.getKey(), entry.getValue());
            }
            json.writeEndObject();
            json.writeEndObject();
        }
        return text + "\n";
    }

    private static void writePaths(JsonGenerator json, Explanation explanation)
            throws IOException {
        json.writeObjectFieldStart("paths");
        json.writeNumberField("count", explanation.pathCount());
        json.writeFieldName("byVariable");
        if (explanation.pathSums() == null) {
            json.writeNull();
            json.writeEndObject();
            return;
        }
        json.writeStartObject();
        for (PathSum sum : explanation.pathSums()) {
            json.writeObjectFieldStart(sum.variable());
            json.writeArrayFieldStart("paths");
            for (PathProduct path : sum.paths()) {
                json.writeStartObject();
                json.writeArrayFieldStart("nodes");
                for (int id : path.nodes()) {
                    json.writeString("v" + id);
                }
                json.writeEndArray();
                json.writeArrayFieldStart("locals");
                for (double local : path.locals()) {
                    JsonNumbers.write(json, local);
                }
                json.writeEndArray();
                json.writeFieldName("product");
                JsonNumbers.write(json, path.product());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeFieldName("total");
            JsonNumbers.write(json, sum.total());
            json.writeFieldName("backward");
            JsonNumbers.write(json, sum.backward());
            json.writeEndObject();
        }
        json.writeEndObject();
        json.writeEndObject();
    }
}
