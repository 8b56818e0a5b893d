package dev.chainrule.fit.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.chainrule.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ParameterTest {
    @Test
    void usesWithinOneStepShareOneLeafAndAccumulate() {
        Parameter parameter = new Parameter("p", Tensor.scalar(3.0));

        // d/dp (p * p + p) = 2p + 1 = 7, through two uses of the same leaf.
        parameter.var().mul(parameter.var()).add(parameter.var()).backward();

        assertSame(parameter.var(), parameter.var());
        assertEquals(7.0, parameter.grad().item(), 1e-15);
    }

    @Test
    void settingAValueStartsAFreshLeafWithoutGradient() {
        Parameter parameter = new Parameter("p", Tensor.scalar(3.0));
        var before = parameter.var();
        before.square().backward();

        parameter.set(Tensor.scalar(1.0));

        assertNotSame(before, parameter.var());
        assertEquals(0.0, parameter.grad().item(), 0.0);
        assertEquals(1.0, parameter.var().item(), 0.0);
    }

    @Test
    void aValueOfAnotherShapeIsRejectedWithBothShapes() {
        Parameter parameter = new Parameter("layer1.bias", Tensor.zeros(4));

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> parameter.set(Tensor.zeros(5)));

        assertEquals("parameter layer1.bias: new value has shape [5] but the parameter has"
                + " shape [4]", error.getMessage());
    }
}
