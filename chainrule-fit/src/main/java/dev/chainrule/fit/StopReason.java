package dev.chainrule.fit;

/**
 * Why the Levenberg-Marquardt iteration stopped. The tests follow MINPACK's {@code lmder}
 * (Moré 1978); see {@link LevenbergMarquardt} for the tolerances.
 */
public enum StopReason {
    /** The actual and the predicted relative reduction of the sum of squares are <= ftol. */
    SUM_OF_SQUARES(true, "the relative reduction of the sum of squares is below ftol"),
    /** The trust region radius is at most xtol times the scaled parameter norm. */
    STEP(true, "the relative change of the parameters is below xtol"),
    /** Both the sum-of-squares and the step test hold. */
    SUM_OF_SQUARES_AND_STEP(true,
            "the relative reduction of the sum of squares and the relative step are below"
                    + " ftol and xtol"),
    /** The residuals are orthogonal to the Jacobian's columns to within gtol. */
    GRADIENT(true, "the residuals are orthogonal to the Jacobian columns (gradient below gtol)"),
    /** The residuals are all exactly zero: the model interpolates the data. */
    EXACT_FIT(true, "the residuals are all zero"),
    /**
     * No step can reduce the sum of squares any further in double precision (MINPACK's info 6
     * to 8 with tolerances tighter than the machine can meet): the point is a minimum to
     * working precision.
     */
    MACHINE_PRECISION(true, "no further reduction is possible in double precision"),
    /** The iteration limit was reached before any test held. */
    ITERATION_LIMIT(false, "the iteration limit was reached"),
    /** The model's Jacobian is not finite at the current point. */
    NON_FINITE(false, "the model or its Jacobian is not finite at the current point");

    private final boolean converged;
    private final String description;

    StopReason(boolean converged, String description) {
        this.converged = converged;
        this.description = description;
    }

    /** Whether this reason means the iteration reached a solution. */
    public boolean converged() {
        return converged;
    }

    /** A sentence fragment for people: "the relative change of the parameters is below xtol". */
    public String description() {
        return description;
    }
}
