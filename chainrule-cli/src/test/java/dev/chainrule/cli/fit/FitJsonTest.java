package dev.chainrule.cli.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chainrule.autodiff.Var;
import dev.chainrule.fit.FitResult;
import dev.chainrule.fit.LevenbergMarquardt;
import dev.chainrule.fit.ModelProblem;
import dev.chainrule.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class FitJsonTest {
    private static FitResult exampleFit() {
        Tensor x = Tensor.linspace(0.1, 3.0, 25);
        Tensor y = x.map(v -> 1.0 / 3.0 * Math.exp(-0.7 * v) + 0.1 * Math.sin(7 * v));
        return new LevenbergMarquardt().fit(ModelProblem.of(List.of("a", "b"),
                p -> p[0].mul(p[1].neg().mul(Var.constant(x)).exp()), y), new double[] {1, 1});
    }

    @Test
    void doublesRoundTripExactly() throws Exception {
        FitResult fit = exampleFit();

        JsonNode json = new ObjectMapper().readTree(FitJson.toJson("a*exp(-b*x)", "y", fit));

        // Exactness is the point: the text must give back the same double.
        assertEquals(fit.values()[0], json.at("/parameters/a/value").doubleValue());
        assertEquals(fit.standardErrors()[1], json.at("/parameters/b/stderr").doubleValue());
        assertEquals(fit.ci95Lower()[1], json.at("/parameters/b/ci95/0").doubleValue());
        assertEquals(fit.rss(), json.get("rss").doubleValue());
        assertEquals(fit.correlation()[0][1], json.at("/correlation/a/b").doubleValue());
    }

    @Test
    void objectHasTheDocumentedFields() throws Exception {
        JsonNode json = new ObjectMapper().readTree(
                FitJson.toJson("a*exp(-b*x)", "y", exampleFit()));

        for (String field : List.of("model", "response", "converged", "reason", "n", "dof",
                "parameters", "rss", "residual_sd", "r_squared", "correlation", "iterations",
                "evaluations", "seconds")) {
            assertTrue(json.has(field), "missing " + field);
        }
        assertEquals(25, json.get("n").asInt());
        assertEquals(23, json.get("dof").asInt());
        assertTrue(json.at("/evaluations/jacobian").asInt() >= 1);
    }
}
