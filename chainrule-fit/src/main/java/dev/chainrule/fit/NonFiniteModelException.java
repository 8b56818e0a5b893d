package dev.chainrule.fit;

/**
 * The model, or one of its derivatives, is NaN or infinite at some row for the given
 * parameter values. Carries where, so that a caller can name the input line.
 */
public final class NonFiniteModelException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final int row;
    private final String parameter;
    private final double value;

    /**
     * @param row zero-based row (observation) index
     * @param parameter the parameter whose Jacobian column is not finite, or {@code null} when
     *     the residual itself is not finite
     * @param value the offending value
     */
    public NonFiniteModelException(int row, String parameter, double value, String message) {
        super(message);
        this.row = row;
        this.parameter = parameter;
        this.value = value;
    }

    /** Zero-based row index. */
    public int row() {
        return row;
    }

    /** The parameter of the non-finite Jacobian column, or {@code null} for the residual. */
    public String parameter() {
        return parameter;
    }

    /** The non-finite value found (NaN or an infinity). */
    public double value() {
        return value;
    }
}
