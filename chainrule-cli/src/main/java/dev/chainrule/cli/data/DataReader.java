package dev.chainrule.cli.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads numeric data files into a {@link DataTable}, with Apache Commons CSV.
 *
 * <ul>
 *   <li>CSV (name ending in .csv, or a first data line containing a comma): a header row
 *       naming the columns, then one row per observation; {@code #} starts a comment line.
 *       Without a header (a first row of numbers only), the columns are named as below.
 *   <li>Whitespace-separated text (anything else): columns separated by spaces or tabs,
 *       {@code #} comments, an optional header (the first line when any of its fields is not a
 *       number). Without a header, one column is named {@code x} (points to predict at), two
 *       are named {@code x, y}, more are named {@code x1, x2, ..., y}.
 * </ul>
 *
 * Cells are parsed with {@link Double#parseDouble} after trimming, so {@code NaN},
 * {@code Infinity} and {@code inf} are read as such (and rejected later unless dropped).
 */
public final class DataReader {
    private DataReader() {}

    /**
     * @throws IllegalArgumentException for a non-numeric cell (file, line, column, the text
     *     found), a row with the wrong number of fields, duplicate or missing column names, or
     *     a file without data rows, or a file that is not UTF-8 text (a leading byte order
     *     mark is skipped)
     * @throws IOException when the file cannot be read
     */
    public static DataTable read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("data file " + file + " does not exist or is not"
                    + " a regular file");
        }
        String text = readText(file);
        boolean csv = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")
                || firstDataLine(text).contains(",");
        CSVFormat format = csv
                ? CSVFormat.DEFAULT.builder().setCommentMarker('#').setTrim(true)
                        .setIgnoreEmptyLines(true).build()
                : CSVFormat.DEFAULT.builder().setDelimiter(' ').setCommentMarker('#')
                        .setIgnoreSurroundingSpaces(true).setIgnoreEmptyLines(true).build();
        if (!csv) {
            text = normaliseWhitespace(text);
        }
        List<Integer> lineStarts = lineStarts(text);
        List<CSVRecord> records = new ArrayList<>();
        try (CSVParser parser = CSVParser.parse(text, format)) {
            for (CSVRecord record : parser) {
                records.add(record);
            }
        }
        if (records.isEmpty()) {
            throw new IllegalArgumentException("data file " + file + " has no rows");
        }
        List<String> header = fields(records.get(0));
        // A first row of numbers is data, also in CSV: taken as a header it would lose a row
        // and name the columns "1", "2", which no formula can refer to.
        boolean hasHeader = !allNumbers(header);
        List<String> names = hasHeader ? header : defaultNames(header.size());
        if (csv && names.size() == 1 && names.get(0).contains(";")) {
            throw new IllegalArgumentException("the header of " + file + " is one column named '"
                    + names.get(0) + "': its fields are separated by ';', but CSV here means"
                    + " commas (and '.' for decimals); export the file with commas");
        }
        checkNames(file, names);
        List<CSVRecord> rows = hasHeader ? records.subList(1, records.size()) : records;
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("data file " + file + " has a header but no data"
                    + " rows");
        }

        double[][] columns = new double[names.size()][rows.size()];
        int[] lines = new int[rows.size()];
        for (int row = 0; row < rows.size(); row++) {
            CSVRecord record = rows.get(row);
            int line = lineOf(lineStarts, firstContent(text, record.getCharacterPosition()));
            List<String> cells = fields(record);
            if (cells.size() != names.size()) {
                throw new IllegalArgumentException("line " + line + " of " + file + " has "
                        + cells.size() + " fields but the header names " + names.size() + " ("
                        + String.join(", ", names) + ")");
            }
            for (int c = 0; c < names.size(); c++) {
                columns[c][row] = number(cells.get(c), file, line, c, names.get(c));
            }
            lines[row] = line;
        }
        return new DataTable(file, names, columns, lines);
    }

    /**
     * The whitespace format as CSV with a single space as delimiter: each line trimmed, runs
     * of spaces and tabs made one space, text from {@code #} on removed. The line count is
     * kept, so line numbers still refer to the file.
     */
    private static String normaliseWhitespace(String text) {
        StringBuilder result = new StringBuilder(text.length());
        for (String line : text.split("\\R", -1)) {
            int comment = line.indexOf('#');
            String content = comment >= 0 ? line.substring(0, comment) : line;
            result.append(content.strip().replaceAll("\\s+", " ")).append('\n');
        }
        return result.toString();
    }

    private static List<Integer> lineStarts(String text) {
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean loneReturn = c == '\r'
                    && (i + 1 == text.length() || text.charAt(i + 1) != '\n');
            if (c == '\n' || loneReturn) {
                starts.add(i + 1);
            }
        }
        return starts;
    }

    /**
     * The first position at or after {@code position} that is not on an empty or comment line:
     * Commons CSV reports a record as starting where the previous one ended, before any empty
     * lines and comments it skipped.
     */
    private static long firstContent(String text, long position) {
        int p = (int) position;
        while (p < text.length()) {
            char c = text.charAt(p);
            if (c == '\n' || c == '\r' || c == ' ' || c == '\t') {
                p++;
            } else if (c == '#') {
                while (p < text.length() && text.charAt(p) != '\n' && text.charAt(p) != '\r') {
                    p++;
                }
            } else {
                break;
            }
        }
        return p;
    }

    /** One-based line of a character position. */
    private static int lineOf(List<Integer> lineStarts, long position) {
        int index = Collections.binarySearch(lineStarts, (int) position);
        return (index >= 0 ? index : -index - 2) + 1;
    }

    private static double number(String text, Path file, int line, int column, String name) {
        String cell = text.trim();
        String lower = cell.toLowerCase(Locale.ROOT);
        if (lower.equals("inf") || lower.equals("+inf")) {
            return Double.POSITIVE_INFINITY;
        }
        if (lower.equals("-inf")) {
            return Double.NEGATIVE_INFINITY;
        }
        if (lower.equals("nan")) {
            return Double.NaN;
        }
        try {
            if (cell.isEmpty() || cell.endsWith("d") || cell.endsWith("D")
                    || cell.endsWith("f") || cell.endsWith("F")) {
                throw new NumberFormatException(cell);
            }
            return Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("value \"" + cell + "\" in column " + name
                    + " (column " + (column + 1) + "), line " + line + " of " + file
                    + " is not a number; fix the cell or remove the row");
        }
    }

    private static List<String> fields(CSVRecord record) {
        List<String> fields = new ArrayList<>();
        for (String value : record) {
            fields.add(value.trim());
        }
        return fields;
    }

    private static boolean allNumbers(List<String> fields) {
        for (String field : fields) {
            try {
                Double.parseDouble(field);
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return true;
    }

    private static List<String> defaultNames(int count) {
        if (count == 1) {
            return List.of("x");
        }
        if (count == 2) {
            return List.of("x", "y");
        }
        List<String> names = new ArrayList<>();
        for (int c = 1; c < count; c++) {
            names.add("x" + c);
        }
        names.add("y");
        return names;
    }

    private static void checkNames(Path file, List<String> names) {
        Set<String> seen = new HashSet<>();
        for (int c = 0; c < names.size(); c++) {
            String name = names.get(c);
            if (name.isEmpty()) {
                throw new IllegalArgumentException("column " + (c + 1) + " of " + file
                        + " has an empty name in the header");
            }
            if (!seen.add(name)) {
                throw new IllegalArgumentException("column name '" + name + "' appears twice in"
                        + " the header of " + file);
            }
        }
    }

    private static String firstDataLine(String text) {
        return text.lines().map(String::trim)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .findFirst().orElse("");
    }

    /**
     * The file as UTF-8 text without a leading byte order mark: spreadsheets write one at the
     * start of "CSV UTF-8" files, and kept, it would become part of the first column's name.
     *
     * @throws IllegalArgumentException naming the line when the file is not valid UTF-8
     */
    private static String readText(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        String text;
        try {
            text = decoder.decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            int line = 1;
            int valid = validUtf8Prefix(bytes);
            for (int i = 0; i < valid; i++) {
                line += bytes[i] == '\n' ? 1 : 0;
            }
            throw new IllegalArgumentException("data file " + file + " is not UTF-8 text (the"
                    + " first invalid byte, 0x" + String.format("%02x", bytes[valid] & 0xff)
                    + ", is on line " + line + "); save it as UTF-8, or as plain ASCII");
        }
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /** The length of the longest prefix of {@code bytes} that decodes as UTF-8. */
    private static int validUtf8Prefix(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer input = ByteBuffer.wrap(bytes);
        CharBuffer output = CharBuffer.allocate(bytes.length + 1);
        decoder.decode(input, output, true);
        return input.position();
    }
}
