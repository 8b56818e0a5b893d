package dev.chainrule.cli.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Numeric columns read from a data file, with the file line of every row so that later errors
 * (a non-finite value, a model that is not finite at a row) can name the line. Cells may be NaN
 * or infinite; {@link #requireFinite} and {@link #dropNonFinite} deal with them. Immutable.
 */
public final class DataTable {
    private final Path file;
    private final List<String> names;
    private final double[][] columns;
    private final int[] lines;

    DataTable(Path file, List<String> names, double[][] columns, int[] lines) {
        this.file = file;
        this.names = List.copyOf(names);
        this.columns = columns;
        this.lines = lines;
    }

    /** The file the table came from. */
    public Path file() {
        return file;
    }

    /** Column names in file order. */
    public List<String> names() {
        return names;
    }

    /** Number of data rows. */
    public int rowCount() {
        return lines.length;
    }

    /** The one-based file line of a zero-based row. */
    public int line(int row) {
        return lines[row];
    }

    /** Whether the table has a column of this name. */
    public boolean has(String name) {
        return names.contains(name);
    }

    /**
     * The named column's values (a copy).
     *
     * @throws IllegalArgumentException naming the file's columns when there is no such column
     */
    public double[] column(String name, String role) {
        int index = names.indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException(role + " column '" + name + "' is not in "
                    + file + "; its columns are " + String.join(", ", names));
        }
        return columns[index].clone();
    }

    /**
     * Checks that the named columns hold only finite numbers.
     *
     * @throws IllegalArgumentException for the first NaN or infinite cell, naming file, line and
     *     column, and suggesting --drop-nonfinite
     */
    public void requireFinite(List<String> used) {
        requireFinite(used, "remove the row or pass --drop-nonfinite");
    }

    /**
     * Checks that the named columns exist and hold only finite numbers.
     *
     * @param remedy what the user can do about a non-finite cell, ending the message
     * @throws IllegalArgumentException for a missing column (listing the file's columns) or the
     *     first NaN or infinite cell, naming file, line and column
     */
    public void requireFinite(List<String> used, String remedy) {
        for (String name : used) {
            column(name, "the");
        }
        for (int row = 0; row < rowCount(); row++) {
            for (String name : used) {
                double value = columns[names.indexOf(name)][row];
                if (!Double.isFinite(value)) {
                    throw new IllegalArgumentException("value " + value + " in column " + name
                            + ", line " + lines[row] + " of " + file + " is not finite; "
                            + remedy);
                }
            }
        }
    }

    /** The table without the rows where any of the named columns is NaN or infinite. */
    public DataTable dropNonFinite(List<String> used) {
        boolean[] keep = new boolean[rowCount()];
        for (int row = 0; row < rowCount(); row++) {
            keep[row] = true;
            for (String name : used) {
                keep[row] &= Double.isFinite(columns[names.indexOf(name)][row]);
            }
        }
        return keepRows(keep);
    }

    /** The table with only the rows whose entry in {@code keep} is true (one per row). */
    public DataTable keepRows(boolean[] keep) {
        List<Integer> kept = new ArrayList<>();
        for (int row = 0; row < rowCount(); row++) {
            if (keep[row]) {
                kept.add(row);
            }
        }
        double[][] keptColumns = new double[columns.length][kept.size()];
        int[] keptLines = new int[kept.size()];
        for (int k = 0; k < kept.size(); k++) {
            int row = kept.get(k);
            for (int c = 0; c < columns.length; c++) {
                keptColumns[c][k] = columns[c][row];
            }
            keptLines[k] = lines[row];
        }
        return new DataTable(file, names, keptColumns, keptLines);
    }

    /** Builds a table from named columns of equal length; lines are 1, 2, ... */
    public static DataTable of(Path file, Map<String, double[]> columns) {
        List<String> names = new ArrayList<>(columns.keySet());
        double[][] values = new double[names.size()][];
        for (int c = 0; c < names.size(); c++) {
            values[c] = columns.get(names.get(c)).clone();
        }
        int rows = values.length == 0 ? 0 : values[0].length;
        int[] lines = new int[rows];
        Arrays.setAll(lines, row -> row + 1);
        return new DataTable(file, names, values, lines);
    }
}
