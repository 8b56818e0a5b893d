package dev.chainrule.cli.gradbench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chainrule.autodiff.Derivatives;
import dev.chainrule.autodiff.Var;
import dev.chainrule.tensor.Tensor;
import java.util.List;

/**
 * GradBench's smoke test: {@code square} returns x^2 and {@code double} its derivative 2x,
 * taken by the reverse sweep. The input is a bare number.
 */
final class Hello implements Eval {
    @Override
    public String module() {
        return "hello";
    }

    @Override
    public List<String> functions() {
        return List.of("square", "double");
    }

    @Override
    public JsonNode warmupInput() {
        return Json.number(1.5);
    }

    @Override
    public Prepared<?> prepare(String function, JsonNode input) {
        if (input == null || !input.isNumber()) {
            throw new IllegalArgumentException("input must be a number, got " + input);
        }
        Tensor x = Tensor.scalar(input.doubleValue());
        return switch (function) {
            case "square" -> Prepared.of(() -> square(Var.constant(x)).item(), Json::number);
            case "double" -> Prepared.of(() -> Derivatives.grad(Hello::square, x).item(),
                    Json::number);
            default -> throw Evals.unknownFunction(module(), function, "square", "double");
        };
    }

    static Var square(Var x) {
        return x.mul(x);
    }
}
