package dev.chainrule.fit.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.GradientCheck;
import dev.chainrule.autodiff.GradientCheckReport;
import dev.chainrule.autodiff.Var;
import dev.chainrule.fit.optim.Parameter;
import dev.chainrule.tensor.Tensor;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Gradients of every module and loss, with respect to inputs and parameters at once, against
 * central finite differences (reverse and forward mode, via {@link GradientCheck}).
 */
class ModuleGradientTest {
    // Against finite differences: rtol 1e-6, atol 1e-8, as the GradientCheck docs advise.
    private static final double RTOL = 1e-6;
    private static final double ATOL = 1e-8;

    private static final Tensor BATCH = Tensor.randomNormal(11, 0.0, 1.0, 5, 3);

    /**
     * Checks {@code function(module(input))} with respect to the input and every parameter,
     * binding the checker's vars to the parameters.
     */
    private static void assertGradientsMatch(Module module, Tensor input,
            Function<Var, Var> head) {
        List<Parameter> parameters = module.parameters();
        Tensor[] points = new Tensor[parameters.size() + 1];
        points[0] = input;
        for (int i = 0; i < parameters.size(); i++) {
            points[i + 1] = parameters.get(i).value();
        }

        GradientCheckReport report = GradientCheck.check(vars -> {
            for (int i = 0; i < parameters.size(); i++) {
                parameters.get(i).bind(vars[i + 1]);
            }
            return head.apply(module.forward(vars[0]));
        }, points);

        assertTrue(report.passes(RTOL, ATOL), report.toString());
    }

    @Test
    void linearLayerGradientsMatchFiniteDifferences() {
        Linear linear = new Linear("layer", 3, 4, Initializer.GLOROT, 5);
        // Non-zero biases, so that their path is exercised away from the initial zeros.
        linear.bias().set(Tensor.randomNormal(6, 0.0, 1.0, 4));

        assertGradientsMatch(linear, BATCH, Function.identity());
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void mlpGradientsMatchFiniteDifferencesForEachActivation(Activation activation) {
        Mlp mlp = new Mlp(new int[] {3, 4, 2}, activation, Activation.TANH, 7);
        mlp.linearLayers().get(0).bias().set(Tensor.randomNormal(8, 0.0, 0.5, 4));

        assertGradientsMatch(mlp, BATCH, Function.identity());
    }

    @Test
    void sequentialGradientsMatchFiniteDifferences() {
        Sequential sequential = new Sequential(
                new Linear("first", 3, 4, Initializer.HE, 1), Activation.SOFTPLUS,
                new Linear("second", 4, 2, Initializer.GLOROT, 2), Activation.SIGMOID);

        assertGradientsMatch(sequential, BATCH, Function.identity());
    }

    @Test
    void regressionLossGradientsMatchFiniteDifferences() {
        Mlp mlp = new Mlp(new int[] {3, 4, 2}, Activation.TANH, Activation.IDENTITY, 3);
        Tensor target = Tensor.randomNormal(4, 0.0, 1.0, 5, 2);

        for (Loss loss : List.of(Loss.meanSquaredError(), Loss.meanAbsoluteError(),
                Loss.huber(0.5))) {
            assertGradientsMatch(mlp, BATCH, prediction -> loss.apply(prediction, target));
        }
    }

    @Test
    void binaryCrossEntropyGradientsMatchFiniteDifferences() {
        Mlp mlp = new Mlp(new int[] {3, 4, 1}, Activation.TANH, Activation.IDENTITY, 3);
        Tensor labels = Tensor.of(new int[] {5, 1}, 0, 1, 1, 0, 1);

        assertGradientsMatch(mlp, BATCH,
                logits -> Loss.binaryCrossEntropyWithLogits().apply(logits, labels));
    }

    @Test
    void softmaxCrossEntropyGradientsMatchFiniteDifferences() {
        Mlp mlp = new Mlp(new int[] {3, 4, 3}, Activation.TANH, Activation.IDENTITY, 3);
        Tensor classes = Tensor.vector(0, 2, 1, 1, 0);

        assertGradientsMatch(mlp, BATCH,
                logits -> Loss.softmaxCrossEntropy().apply(logits, classes));
    }
}
