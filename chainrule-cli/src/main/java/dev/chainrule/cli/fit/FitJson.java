package dev.chainrule.cli.fit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chainrule.fit.FitResult;
import java.util.List;

/**
 * The fit as one JSON object (the format documented for {@code chainrule fit --json}). Doubles
 * are written by Jackson with Java's shortest round-tripping decimal form, so reading them back
 * gives the same bits; NaN and infinities, which JSON cannot hold, are written as null.
 */
public final class FitJson {
    private static final ObjectMapper MAPPER =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private FitJson() {}

    /** The JSON text of a fit of {@code model} to {@code response}. */
    public static String toJson(String model, String response, FitResult fit) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("model", model);
        root.put("response", response);
        root.put("converged", fit.converged());
        root.put("reason", fit.reason().description());
        root.put("n", fit.observations());
        root.put("dof", fit.degreesOfFreedom());
        ObjectNode parameters = root.putObject("parameters");
        List<String> names = fit.parameterNames();
        for (int j = 0; j < names.size(); j++) {
            ObjectNode parameter = parameters.putObject(names.get(j));
            number(parameter, "value", fit.values()[j]);
            number(parameter, "stderr", fit.standardErrors()[j]);
            ArrayNode interval = parameter.putArray("ci95");
            add(interval, fit.ci95Lower()[j]);
            add(interval, fit.ci95Upper()[j]);
        }
        number(root, "rss", fit.rss());
        number(root, "residual_sd", fit.residualSd());
        number(root, "r_squared", fit.rSquared());
        ObjectNode correlation = root.putObject("correlation");
        for (int i = 0; i < names.size(); i++) {
            ObjectNode row = correlation.putObject(names.get(i));
            for (int j = 0; j < names.size(); j++) {
                number(row, names.get(j), fit.correlation()[i][j]);
            }
        }
        root.put("rank", fit.rank());
        ArrayNode groups = root.putArray("non_identifiable");
        for (List<String> group : fit.nonIdentifiable()) {
            ArrayNode members = groups.addArray();
            group.forEach(members::add);
        }
        root.put("iterations", fit.iterations());
        ObjectNode evaluations = root.putObject("evaluations");
        evaluations.put("residual", fit.residualEvaluations());
        evaluations.put("jacobian", fit.jacobianEvaluations());
        number(root, "seconds", fit.seconds());
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("fit: could not write the JSON result", e);
        }
    }

    private static void number(ObjectNode node, String name, double value) {
        if (Double.isFinite(value)) {
            node.put(name, value);
        } else {
            node.putNull(name);
        }
    }

    private static void add(ArrayNode array, double value) {
        if (Double.isFinite(value)) {
            array.add(value);
        } else {
            array.addNull();
        }
    }
}
