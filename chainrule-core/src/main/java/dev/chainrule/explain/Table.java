package dev.chainrule.explain;

import java.util.ArrayList;
import java.util.List;

/** A table of text cells, written either aligned for a terminal or as a Markdown table. */
final class Table {
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    Table(String... header) {
        this.header = List.of(header);
    }

    void add(String... cells) {
        rows.add(List.of(cells));
    }

    /**
     * Widest a column is padded to. A longer cell is written whole and pushes the rest of its
     * row to the right, so one huge cell (a variable with 10,000 consumers) does not pad every
     * row of the table to its width.
     */
    static final int MAX_ALIGNED_WIDTH = 60;

    /**
     * Columns padded to their widest cell (at most {@link #MAX_ALIGNED_WIDTH}), separated by at
     * least two spaces, with a rule under the head.
     */
    String aligned(String indent) {
        int[] widths = new int[header.size()];
        for (List<String> row : allRows()) {
            for (int c = 0; c < row.size(); c++) {
                widths[c] = Math.min(MAX_ALIGNED_WIDTH,
                        Math.max(widths[c], row.get(c).length()));
            }
        }
        StringBuilder text = new StringBuilder();
        appendAligned(text, indent, header, widths);
        List<String> rules = new ArrayList<>();
        for (int width : widths) {
            rules.add("-".repeat(width));
        }
        appendAligned(text, indent, rules, widths);
        for (List<String> row : rows) {
            appendAligned(text, indent, row, widths);
        }
        return text.toString();
    }

    private static void appendAligned(StringBuilder text, String indent, List<String> row,
            int[] widths) {
        StringBuilder line = new StringBuilder(indent);
        for (int c = 0; c < row.size(); c++) {
            line.append(row.get(c));
            if (c < row.size() - 1) {
                line.append(" ".repeat(Math.max(widths[c] - row.get(c).length(), 0) + 2));
            }
        }
        text.append(line.toString().stripTrailing()).append('\n');
    }

    String markdown() {
        StringBuilder text = new StringBuilder();
        appendMarkdown(text, header);
        List<String> rules = new ArrayList<>();
        for (int c = 0; c < header.size(); c++) {
            rules.add("---");
        }
        appendMarkdown(text, rules);
        for (List<String> row : rows) {
            appendMarkdown(text, row);
        }
        return text.toString();
    }

    private static void appendMarkdown(StringBuilder text, List<String> row) {
        text.append('|');
        for (String cell : row) {
            text.append(' ').append(cell.replace("|", "\\|")).append(" |");
        }
        text.append('\n');
    }

    private List<List<String>> allRows() {
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        return all;
    }
}
