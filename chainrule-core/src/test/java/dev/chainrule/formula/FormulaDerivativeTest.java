package dev.chainrule.formula;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.GradientCheck;
import dev.chainrule.autodiff.GradientCheckReport;
import dev.chainrule.autodiff.Var;
import dev.chainrule.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Values and derivatives of compiled formulas against the engine's finite-difference check. */
class FormulaDerivativeTest {
    // Against central finite differences (STYLE.md 2.12).
    private static final double RTOL = 1e-6;
    private static final double ATOL = 1e-8;
    // Second differences of a gradient carry more rounding (GradientCheck.checkHessian docs).
    private static final double HESSIAN_RTOL = 1e-5;
    private static final double HESSIAN_ATOL = 1e-7;

    /** The formula as a function of one var per variable, in order of appearance. */
    private static Function<Var[], Var> asFunction(Formula formula) {
        return inputs -> {
            Map<String, Var> bindings = new LinkedHashMap<>();
            List<String> variables = formula.variables();
            for (int i = 0; i < variables.size(); i++) {
                bindings.put(variables.get(i), inputs[i]);
            }
            return formula.evaluate(bindings);
        };
    }

    /** Points away from kinks and domain edges: 0.7, 1.3, 0.45, ... */
    private static Tensor[] pointFor(Formula formula) {
        double[] values = {0.7, 1.3, 0.45, 1.1};
        Tensor[] point = new Tensor[formula.variables().size()];
        for (int i = 0; i < point.length; i++) {
            point[i] = Tensor.scalar(values[i % values.length]);
        }
        return point;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "x^2*exp(x)",
        "x*y - y/(x + 1) + 2^-x",
        "tanh(x*y)^3 / (1 + x^2)",
        "pow(x, y) + x^y",
        "max(x, y)*min(x, 2*y) - x",
        "-x^2 + 3*x*y - 7.5e-1/y",
        "exp(-x/y)*x*x*x",
        "(x - y)^-2",
        "pi*x + e^y",
        "exp(x) + log(y) + ln(x*y) + log10(x)",
        "sqrt(x*y) + sin(x)*cos(y) + tan(x)",
        "asin(x/2) + acos(y/2) + atan(x) + atan2(y, x)",
        "sinh(x) + cosh(y) + tanh(x*y) + sigmoid(x - y)",
        "relu(x) + softplus(x - y) + abs(x - y) + erf(x*y)",
    })
    void gradientsOfFormulasMatchFiniteDifferences(String text) {
        Formula formula = Formula.parse(text);
        GradientCheckReport report = GradientCheck.check(asFunction(formula), pointFor(formula));
        assertTrue(report.passes(RTOL, ATOL), text + ": " + report);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"x^2*exp(x)", "tanh(x)^3/(1 + x^2)", "exp(-x)*x^4", "2^x"})
    void hessiansOfFormulasMatchFiniteDifferences(String text) {
        Formula formula = Formula.parse(text);
        Function<Var[], Var> function = asFunction(formula);
        GradientCheckReport report = GradientCheck.checkHessian(
                x -> function.apply(new Var[] {x}), Tensor.scalar(0.8));
        assertTrue(report.passes(HESSIAN_RTOL, HESSIAN_ATOL), text + ": " + report);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"x^2*exp(x) + y", "x*y/(1 + x^2)"})
    void formulasEvaluatedOnColumnsHaveElementwiseDerivatives(String text) {
        Formula formula = Formula.parse(text);
        Tensor[] columns = new Tensor[formula.variables().size()];
        for (int i = 0; i < columns.length; i++) {
            columns[i] = Tensor.vector(0.3 + i, 0.9, 1.7 - i / 2.0);
        }
        GradientCheckReport report = GradientCheck.check(asFunction(formula), columns);
        assertTrue(report.passes(RTOL, ATOL), text + ": " + report);
    }
}
