package dev.chainrule.cli.gradbench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chainrule.autodiff.Derivatives;
import dev.chainrule.autodiff.Var;
import dev.chainrule.tensor.Tensor;
import java.util.List;

/**
 * Log-sum-exp of a vector, {@code log sum_i e^(x_i)}, with the engine's stable reduction;
 * {@code gradient} is its reverse-mode gradient (the softmax of x).
 */
final class Lse implements Eval {
    @Override
    public String module() {
        return "lse";
    }

    @Override
    public List<String> functions() {
        return List.of("primal", "gradient");
    }

    @Override
    public JsonNode warmupInput() {
        return Evals.object("x", Json.flat(Tensor.randomUniform(1, 0, 1, 10_000)));
    }

    @Override
    public Prepared<?> prepare(String function, JsonNode input) {
        Tensor x = Json.vector(input, "x");
        return switch (function) {
            case "primal" -> Prepared.of(() -> Var.constant(x).logsumexp().item(),
                    Json::number);
            case "gradient" -> Prepared.of(() -> Derivatives.grad(Var::logsumexp, x),
                    Json::flat);
            default -> throw Evals.unknownFunction(module(), function, "primal", "gradient");
        };
    }
}
