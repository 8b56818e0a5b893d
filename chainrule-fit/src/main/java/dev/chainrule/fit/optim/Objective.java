package dev.chainrule.fit.optim;

import dev.chainrule.autodiff.Var;

/**
 * The function an optimizer minimises: builds the scalar loss from the current leaves of the
 * parameters ({@link Parameter#var()}). Optimizers call it once per step (first-order methods)
 * or several times per iteration (L-BFGS line searches), each time after setting new values, so
 * it must read the parameters afresh on every call and not cache vars.
 */
@FunctionalInterface
public interface Objective {
    /** The loss at the parameters' current values, a recorded scalar. */
    Var loss();
}
