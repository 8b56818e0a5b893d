package dev.chainrule.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.chainrule.autodiff.Derivatives;
import dev.chainrule.autodiff.Var;
import dev.chainrule.formula.Decimal;
import dev.chainrule.formula.FormulaPrinter;
import dev.chainrule.tensor.Tensor;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code chainrule grad FORMULA --at x=1.5,y=2 [--wrt x,y] [--order 1|2] [--json]}: the value
 * of a formula at a point, its gradient, with {@code --order 2} its Hessian, and the symbolic
 * form of each derivative. All derivatives come from the engine's reverse sweeps; the Hessian
 * differentiates the recorded gradient once more.
 */
@Command(
        name = "grad",
        mixinStandardHelpOptions = true,
        description = {
            "Value, gradient and (with --order 2) Hessian of a formula at a point, with the"
                    + " symbolic derivatives.",
            "Example: chainrule grad \"sin(x*y)+x^3\" --at x=1,y=2 --order 2"
        })
public final class GradCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FORMULA",
            description = "The formula, e.g. \"x^2*exp(x)\" or \"-x^2\"; quote it for the"
                    + " shell.")
    String formula;

    @Option(names = "--at", required = true, paramLabel = "NAME=VALUE[,NAME=VALUE...]",
            description = "The point: a value for every variable, e.g. x=1.5,y=2 (x=inf:"
                    + " an infinity).")
    String at;

    @Option(names = "--wrt", split = ",", paramLabel = "NAME",
            description = "Differentiate by these variables only (default: all).")
    List<String> wrt;

    @Option(names = "--order", defaultValue = "1", paramLabel = "1|2",
            description = "1: gradient; 2: gradient and Hessian (default: ${DEFAULT-VALUE}).")
    int order;

    @Option(names = "--json", description = "Print exactly one JSON object instead of text.")
    boolean json;

    @Spec
    CommandSpec spec;

    /** What the command computes, before it is written out. */
    record Result(FormulaPoint point, double value, Map<String, Double> gradient,
            Map<String, String> derivatives, Map<String, Map<String, Double>> hessian,
            Map<String, Map<String, String>> secondDerivatives, String domainProblem) {}

    @Override
    public Integer call() throws Exception {
        try {
            return LargeStack.call(this::run);
        } catch (IllegalArgumentException tooLong) {
            spec.commandLine().getErr().println("chainrule grad: " + tooLong.getMessage());
            return Main.BAD_INPUT;
        }
    }

    private Integer run() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Result result;
        try {
            if (order != 1 && order != 2) {
                throw new IllegalArgumentException("--order must be 1 or 2, not " + order);
            }
            result = compute(FormulaPoint.parse(formula, at, wrt), order);
        } catch (IllegalArgumentException badInput) {
            err.println("chainrule grad: " + badInput.getMessage());
            return Main.BAD_INPUT;
        } catch (UnsupportedOperationException missing) {
            err.println("chainrule grad: this build cannot evaluate the formula: "
                    + missing.getMessage());
            return Main.FAILED;
        }
        out.print(json ? json(result) : text(result));
        out.flush();
        if (result.domainProblem() != null) {
            err.println("chainrule grad: " + result.domainProblem());
            return Main.BAD_INPUT;
        }
        return Main.OK;
    }

    /** Value, gradient, and for order 2 the Hessian, each with its symbolic form. */
    static Result compute(FormulaPoint point, int order) {
        Map<String, Var> bindings = point.bind(false);
        Map<Var, String> names = FormulaPoint.names(bindings);
        Var output = point.formula.evaluate(bindings);
        Var[] leaves = new Var[point.wrt.size()];
        for (int i = 0; i < leaves.length; i++) {
            leaves[i] = bindings.get(point.wrt.get(i));
        }

        Var[] gradient = firstDerivatives(output, leaves);
        Map<String, Double> gradientValues = new LinkedHashMap<>();
        Map<String, String> derivatives = new LinkedHashMap<>();
        for (int i = 0; i < leaves.length; i++) {
            gradientValues.put(point.wrt.get(i), gradient[i].item());
            derivatives.put(point.wrt.get(i), FormulaPrinter.print(gradient[i], names));
        }

        Map<String, Map<String, Double>> hessian = null;
        Map<String, Map<String, String>> secondDerivatives = null;
        if (order == 2) {
            hessian = new LinkedHashMap<>();
            secondDerivatives = new LinkedHashMap<>();
            for (int i = 0; i < leaves.length; i++) {
                Map<String, Double> row = new LinkedHashMap<>();
                Map<String, String> symbolicRow = new LinkedHashMap<>();
                Var[] second = secondDerivatives(gradient[i], leaves);
                for (int j = 0; j < leaves.length; j++) {
                    row.put(point.wrt.get(j), second[j].item());
                    symbolicRow.put(point.wrt.get(j), FormulaPrinter.print(second[j], names));
                }
                hessian.put(point.wrt.get(i), row);
                secondDerivatives.put(point.wrt.get(i), symbolicRow);
            }
        }
        return new Result(point, output.item(), gradientValues, derivatives, hessian,
                secondDerivatives, point.domainProblem(output, names));
    }

    private static Var[] firstDerivatives(Var output, Var[] leaves) {
        if (!output.requiresGrad()) {
            return zeros(leaves.length);
        }
        Var seed = Var.constant(Tensor.ones(output.shape()));
        return Derivatives.grad(output, seed, true, leaves);
    }

    private static Var[] zeros(int count) {
        Var[] zeros = new Var[count];
        for (int j = 0; j < count; j++) {
            zeros[j] = Var.constant(0.0);
        }
        return zeros;
    }

    /** The gradient of one recorded first derivative: a row of the Hessian. */
    private static Var[] secondDerivatives(Var firstDerivative, Var[] leaves) {
        if (!firstDerivative.requiresGrad()) {
            // A constant first derivative (a linear formula) has all second derivatives 0.
            return zeros(leaves.length);
        }
        return Derivatives.grad(firstDerivative, Var.constant(1.0), true, leaves);
    }

    static String text(Result result) {
        StringBuilder text = new StringBuilder();
        FormulaPoint point = result.point();
        text.append("f = ").append(point.formula.text()).append('\n');
        text.append("at ").append(point.describePoint()).append('\n');
        text.append("value = ").append(Decimal.shortest(result.value())).append("\n\n");
        text.append("gradient\n");
        for (String name : result.gradient().keySet()) {
            text.append("  d/d").append(name).append(" = ")
                    .append(Decimal.shortest(result.gradient().get(name)))
                    .append("    (").append(result.derivatives().get(name)).append(")\n");
        }
        if (result.hessian() != null) {
            text.append("\nhessian\n");
            for (String row : result.hessian().keySet()) {
                for (String column : result.hessian().get(row).keySet()) {
                    text.append("  d2/d").append(row).append('d').append(column).append(" = ")
                            .append(Decimal.shortest(result.hessian().get(row).get(column)))
                            .append("    (")
                            .append(result.secondDerivatives().get(row).get(column))
                            .append(")\n");
                }
            }
        }
        return text.toString();
    }

    /**
     * Exactly one JSON object: formula, at, value, gradient, derivatives and, for order 2,
     * hessian; numbers round-trip, non-finite ones are the strings "NaN", "Infinity",
     * "-Infinity".
     */
    static String json(Result result) throws IOException {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = new JsonFactory().createGenerator(text)) {
            json.useDefaultPrettyPrinter();
            json.writeStartObject();
            json.writeStringField("formula", result.point().formula.text());
            json.writeObjectFieldStart("at");
            for (Map.Entry<String, Double> entry : result.point().at.entrySet()) {
                json.writeFieldName(entry.getKey());
                JsonNumbers.write(json, entry.getValue());
            }
            json.writeEndObject();
            json.writeFieldName("value");
            JsonNumbers.write(json, result.value());
            writeNumbers(json, "gradient", result.gradient());
            json.writeObjectFieldStart("derivatives");
            for (Map.Entry<String, String> entry : result.derivatives().entrySet()) {
                json.writeStringField(entry.getKey(), entry.getValue());
            }
            json.writeEndObject();
            if (result.hessian() != null) {
                json.writeObjectFieldStart("hessian");
                for (Map.Entry<String, Map<String, Double>> row : result.hessian().entrySet()) {
                    writeNumbers(json, row.getKey(), row.getValue());
                }
                json.writeEndObject();
            }
            json.writeEndObject();
        }
        return text + "\n";
    }

    private static void writeNumbers(JsonGenerator json, String field,
            Map<String, Double> numbers) throws IOException {
        json.writeObjectFieldStart(field);
        for (Map.Entry<String, Double> entry : numbers.entrySet()) {
            json.writeFieldName(entry.getKey());
            JsonNumbers.write(json, entry.getValue());
        }
        json.writeEndObject();
    }
}
