package dev.chainrule.cli.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataReaderTest {
    @TempDir
    Path directory;

    private Path file(String name, String content) throws IOException {
        Path path = directory.resolve(name);
        Files.writeString(path, content);
        return path;
    }

    @Test
    void csvRowsKeepTheirFileLinesAcrossCommentsAndBlankLines() throws IOException {
        DataTable table = DataReader.read(file("d.csv", "x,y\n# note\n1,2\n\n3,4\n"));

        assertEquals(List.of("x", "y"), table.names());
        assertArrayEquals(new double[] {1, 3}, table.column("x", "the"), 0.0);
        assertEquals(3, table.line(0));
        assertEquals(5, table.line(1));
    }

    @Test
    void whitespaceFileWithHeaderUsesItsNames() throws IOException {
        DataTable table = DataReader.read(file("d.dat", "t  count\n0 10\n1\t8\n"));

        assertEquals(List.of("t", "count"), table.names());
        assertArrayEquals(new double[] {10, 8}, table.column("count", "the"), 0.0);
    }

    @Test
    void whitespaceFileWithThreeColumnsAndNoHeaderNamesThemX1X2Y() throws IOException {
        DataTable table = DataReader.read(file("d.txt", "1 2 3\n4 5 6\n"));

        assertEquals(List.of("x1", "x2", "y"), table.names());
    }

    @Test
    void rowWithTooFewFieldsIsReported() throws IOException {
        Path data = file("d.csv", "x,y\n1,2\n3\n");

        IllegalArgumentException error =
                assertThrows(IllegalArgumentException.class, () -> DataReader.read(data));

        assertEquals("line 3 of " + data + " has 1 fields but the header names 2 (x, y)",
                error.getMessage());
    }

    @Test
    void infinityCellsAreReadAndThenRejectedAsNonFinite() throws IOException {
        Path data = file("d.csv", "x,y\n1,inf\n");
        DataTable table = DataReader.read(data);

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> table.requireFinite(List.of("x", "y")));

        assertEquals("value Infinity in column y, line 2 of " + data + " is not finite; remove"
                + " the row or pass --drop-nonfinite", error.getMessage());
    }

    @Test
    void byteOrderMarkIsNotPartOfTheFirstColumnName() throws IOException {
        DataTable table = DataReader.read(file("d.csv", "\uFEFFx,y\r\n1,2\r\n3,4\r\n"));

        assertEquals(List.of("x", "y"), table.names());
        assertArrayEquals(new double[] {1, 3}, table.column("x", "the"), 0.0);
    }

    @Test
    void latin1WhitespaceFileIsReportedWithItsLineNotAsAnIoFailure() throws IOException {
        Path data = directory.resolve("d.txt");
        Files.write(data, "x y\n1 2\n# caf\u00e9\n3 4\n"
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));

        IllegalArgumentException error =
                assertThrows(IllegalArgumentException.class, () -> DataReader.read(data));

        assertEquals("data file " + data + " is not UTF-8 text (the first invalid byte, 0xe9,"
                + " is on line 3); save it as UTF-8, or as plain ASCII", error.getMessage());
    }

    @Test
    void whitespaceFileWithOneColumnAndNoHeaderNamesItX() throws IOException {
        DataTable table = DataReader.read(file("points.txt", "-1\n0.5\n2\n"));

        assertEquals(List.of("x"), table.names());
    }

    @Test
    void csvWithoutHeaderKeepsItsFirstRowAndNamesColumnsXAndY() throws IOException {
        DataTable table = DataReader.read(file("d.csv", "1,2\n3,4\n5,6.5\n"));

        assertEquals(List.of("x", "y"), table.names());
        assertArrayEquals(new double[] {2, 4, 6.5}, table.column("y", "the"), 0.0);
        assertEquals(1, table.line(0));
    }

    @Test
    void semicolonSeparatedFileIsNamedAsSuchInTheError() throws IOException {
        Path data = file("d.csv", "x;y\n1;2,5\n2;3,5\n");

        IllegalArgumentException error =
                assertThrows(IllegalArgumentException.class, () -> DataReader.read(data));

        assertEquals("the header of " + data + " is one column named 'x;y': its fields are"
                + " separated by ';', but CSV here means commas (and '.' for decimals); export"
                + " the file with commas", error.getMessage());
    }
}
