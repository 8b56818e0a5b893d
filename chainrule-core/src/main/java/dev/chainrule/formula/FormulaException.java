package dev.chainrule.formula;

/**
 * A formula that cannot be read. The message shows the formula, a caret under the offending
 * column and what was expected there, for example:
 * <pre>
 * formula error at column 7: expected ')' to close the '(' at column 3
 *   x*(y+1
 *         ^
 * </pre>
 */
public final class FormulaException extends IllegalArgumentException {
    private final String formula;
    private final int position;
    private final String reason;

    FormulaException(String formula, int position, String reason) {
        super(render(formula, position, reason));
        this.formula = formula;
        this.position = position;
        this.reason = reason;
    }

    /** Zero-based index of the offending character in the formula (its length at the end). */
    public int position() {
        return position;
    }

    /** One-based column of the offending character, as the message shows it. */
    public int column() {
        return position + 1;
    }

    public String formula() {
        return formula;
    }

    /** What went wrong and what was expected, without the formula and caret lines. */
    public String reason() {
        return reason;
    }

    private static String render(String formula, int position, String reason) {
        return "formula error at column " + (position + 1) + ": " + reason + "\n  "
                + formula + "\n  " + " ".repeat(position) + "^";
    }
}
