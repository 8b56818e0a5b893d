package dev.chainrule.formula;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Recursive-descent parser for the formula grammar, lowest precedence first:
 * <pre>
 * sum      = product (("+" | "-") product)*
 * product  = signed (("*" | "/") signed)*
 * signed   = ("-" | "+") signed | power           unary minus is looser than ^: -x^2 = -(x^2)
 * power    = primary ("^" exponent)?
 * exponent = ("-" | "+") exponent | power         right-associative; allows 2^-1
 * primary  = number | name | name "(" sum ("," sum)* ")" | "(" sum ")"
 * </pre>
 * Recursion depth grows with the nesting of parentheses, calls, signs and powers, so nesting is
 * limited to {@link #MAX_NESTING} levels: deeper formulas get a {@link FormulaException} instead
 * of exhausting the thread stack here or in the tree walks that evaluate and print them.
 */
final class Parser {
    /** Most levels of parentheses, calls, signs and powers one inside another. */
    static final int MAX_NESTING = 256;

    /** Characters that look like an operator or a power, with what to type instead. */
    private static final Map<Integer, String> ASCII_LOOKALIKES = Map.of(
            0x2212, "'-'", 0x2013, "'-'", 0x00D7, "'*'", 0x22C5, "'*'", 0x00B7, "'*'",
            0x00F7, "'/'", 0x00B2, "^2", 0x00B3, "^3");

    private final String text;
    private int position;
    private int nesting;

    private Parser(String text) {
        this.text = text;
    }

    static Expr parse(String text) {
        Parser parser = new Parser(text);
        parser.skipSpaces();
        if (parser.atEnd()) {
            throw parser.error(0, "the formula is empty; write an expression such as 2*x+1");
        }
        Expr result = parser.sum();
        parser.skipSpaces();
        if (!parser.atEnd()) {
            throw parser.unexpectedAfterOperand();
        }
        return result;
    }

    private Expr sum() {
        enter();
        Expr result = product();
        while (true) {
            skipSpaces();
            if (accept('+')) {
                result = new Expr.Binary('+', result, product());
            } else if (accept('-')) {
                result = new Expr.Binary('-', result, product());
            } else {
                nesting--;
                return result;
            }
        }
    }

    /** One level deeper; refuses to go past {@link #MAX_NESTING}. */
    private void enter() {
        if (++nesting > MAX_NESTING) {
            throw error(Math.min(position, text.length()), "the formula nests more than "
                    + MAX_NESTING + " levels deep (parentheses, function calls, signs and"
                    + " powers inside one another); write it with less nesting");
        }
    }

    private Expr product() {
        Expr result = signed();
        while (true) {
            skipSpaces();
            if (accept('*')) {
                skipSpaces();
                if (!atEnd() && peek() == '*') {
                    throw error(position, "'**' is not an operator; write ^ for a power, as in"
                            + " 2^3");
                }
                result = new Expr.Binary('*', result, signed());
            } else if (accept('/')) {
                result = new Expr.Binary('/', result, signed());
            } else {
                return result;
            }
        }
    }

    private Expr signed() {
        skipSpaces();
        if (accept('-')) {
            return new Expr.Neg(nested(this::signed));
        }
        if (accept('+')) {
            return nested(this::signed);
        }
        return power();
    }

    private Expr nested(Supplier<Expr> inner) {
        enter();
        Expr result = inner.get();
        nesting--;
        return result;
    }

    private Expr power() {
        Expr base = primary();
        skipSpaces();
        if (accept('^')) {
            skipSpaces();
            if (!atEnd() && peek() == '^') {
                throw error(position, "'^^' is not an operator; write a single ^ for a power,"
                        + " as in x^2");
            }
            return new Expr.Binary('^', base, nested(this::exponent));
        }
        return base;
    }

    private Expr exponent() {
        skipSpaces();
        if (accept('-')) {
            return new Expr.Neg(nested(this::exponent));
        }
        if (accept('+')) {
            return nested(this::exponent);
        }
        return power();
    }

    private Expr primary() {
        skipSpaces();
        if (atEnd()) {
            throw error(position, "expected a number, a variable, a function call or '('"
                    + " but the formula ended");
        }
        char c = text.charAt(position);
        if (c == '(') {
            int open = position++;
            Expr inner = sum();
            skipSpaces();
            if (!accept(')')) {
                throw error(position, "expected ')' to close the '(' at column " + (open + 1)
                        + found());
            }
            return inner;
        }
        if (isDigit(c) || c == '.') {
            return number();
        }
        if (Character.isLetter(c) || c == '_') {
            return name();
        }
        throw error(position, "expected a number, a variable, a function call or '('"
                + found());
    }

    private Expr number() {
        int start = position;
        while (!atEnd() && isDigit(peek())) {
            position++;
        }
        if (!atEnd() && peek() == '.') {
            position++;
            while (!atEnd() && isDigit(peek())) {
                position++;
            }
        }
        if (position - start == 1 && text.charAt(start) == '.') {
            throw error(start, "expected digits after '.', as in .5");
        }
        if (!atEnd() && (peek() == 'e' || peek() == 'E') && startsExponent(position + 1)) {
            position++;
            if (peek() == '+' || peek() == '-') {
                position++;
            }
            while (!atEnd() && isDigit(peek())) {
                position++;
            }
        }
        if (!atEnd() && peek() == '.') {
            throw error(position, "a number has at most one '.', and none in its exponent"
                    + found());
        }
        String literal = text.substring(start, position);
        double value = Double.parseDouble(literal);
        if (Double.isInfinite(value)) {
            throw error(start, "the number " + literal + " is too large for a double (the"
                    + " largest is about 1.8e308)");
        }
        if (value == 0 && literal.split("[eE]")[0].matches(".*[1-9].*")) {
            throw error(start, "the number " + literal + " is too small for a double and would"
                    + " read as 0 (the smallest is about 4.9e-324); write 0 if 0 is meant");
        }
        return new Expr.Num(value);
    }

    /** The digits of numbers are 0 to 9 only, not the other digits Unicode knows. */
    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Whether an 'e' before {@code index} starts an exponent (1e-3) rather than a name. */
    private boolean startsExponent(int index) {
        if (index < text.length() && (text.charAt(index) == '+' || text.charAt(index) == '-')) {
            index++;
        }
        return index < text.length() && isDigit(text.charAt(index));
    }

    private Expr name() {
        int start = position;
        while (!atEnd() && (Character.isLetterOrDigit(peek()) || peek() == '_')) {
            position++;
        }
        String name = text.substring(start, position);
        int afterName = position;
        skipSpaces();
        if (!atEnd() && peek() == '(') {
            return call(name, start);
        }
        position = afterName;
        Double constant = Functions.CONSTANTS.get(name);
        if (constant != null) {
            return new Expr.Num(constant);
        }
        if (Functions.find(name) != null) {
            throw error(start, "'" + name + "' is a function; call it with its arguments, as in "
                    + name + "(x)");
        }
        return new Expr.Ref(name);
    }

    private Expr call(String name, int start) {
        Functions.Spec spec = Functions.find(name);
        if (spec == null) {
            if (Functions.CONSTANTS.containsKey(name)) {
                throw error(start, "'" + name + "' is a constant, not a function; write " + name
                        + "*(...) to multiply");
            }
            List<String> closest = Functions.closest(name, Functions.names());
            throw error(start, "unknown function '" + name + "'"
                    + (closest.isEmpty() ? "; known functions: " + String.join(", ",
                            Functions.names())
                            : "; closest known: " + String.join(", ", closest)));
        }
        int open = position++;
        skipSpaces();
        if (!atEnd() && peek() == ')') {
            throw error(start, "function " + name + " takes " + spec.arity() + " argument"
                    + (spec.arity() == 1 ? "" : "s") + " but was given none");
        }
        List<Expr> arguments = new ArrayList<>();
        arguments.add(sum());
        skipSpaces();
        while (accept(',')) {
            arguments.add(sum());
            skipSpaces();
        }
        if (!accept(')')) {
            throw error(position, "expected ',' or ')' to close the '(' of " + name
                    + " at column " + (open + 1) + found());
        }
        if (arguments.size() != spec.arity()) {
            throw error(start, "function " + name + " takes " + spec.arity() + " argument"
                    + (spec.arity() == 1 ? "" : "s") + " but was given " + arguments.size());
        }
        return new Expr.Call(name, arguments);
    }

    private FormulaException unexpectedAfterOperand() {
        char c = peek();
        String hint = Character.isLetterOrDigit(c) || c == '(' || c == '_' || c == '.'
                ? "; write '*' to multiply" : "";
        if (c == ')') {
            return error(position, "unmatched ')': no '(' is open here");
        }
        return error(position, "expected an operator (+ - * / ^) or the end of the formula"
                + found() + hint);
    }

    private String found() {
        if (atEnd()) {
            return " but the formula ended";
        }
        int c = text.codePointAt(position);
        if (c >= ' ' && c <= '~') {
            return " but found '" + (char) c + "'";
        }
        String shown = " but found '" + new String(Character.toChars(c)) + "' (U+"
                + String.format("%04X", c) + ")";
        String ascii = ASCII_LOOKALIKES.get(c);
        return ascii == null ? shown : shown + "; type " + ascii + " instead";
    }


    private boolean accept(char expected) {
        if (!atEnd() && peek() == expected) {
            position++;
            return true;
        }
        return false;
    }

    private void skipSpaces() {
        while (!atEnd() && (Character.isWhitespace(peek()) || Character.isSpaceChar(peek()))) {
            position++;
        }
    }

    private char peek() {
        return text.charAt(position);
    }

    private boolean atEnd() {
        return position >= text.length();
    }

    private FormulaException error(int at, String reason) {
        return new FormulaException(text, at, reason);
    }
}
