package dev.chainrule.fit.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class OptimizerKindTest {
    @Test
    void namesAreReadIgnoringCaseAndNesterovIsSgd() {
        assertEquals(OptimizerKind.LBFGS, OptimizerKind.parse("LBFGS"));
        assertEquals(OptimizerKind.ADAMW, OptimizerKind.parse(" adamw "));
        assertEquals(OptimizerKind.SGD, OptimizerKind.parse("sgd"));
        assertEquals(OptimizerKind.SGD, OptimizerKind.parse("Nesterov"));
    }

    @Test
    void unknownNameListsTheChoices() {
        IllegalArgumentException error =
                assertThrows(IllegalArgumentException.class, () -> OptimizerKind.parse("rmsprop"));

        assertEquals("unknown optimizer \"rmsprop\"; choose lbfgs, adam, adamw or sgd (also called"
                + " nesterov)", error.getMessage());
    }
}
