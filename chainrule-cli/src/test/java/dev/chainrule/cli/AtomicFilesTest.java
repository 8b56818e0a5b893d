package dev.chainrule.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path directory;

    private static void writeText(Path target, String text) throws IOException {
        AtomicFiles.write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    private List<Path> listing() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.sorted().toList();
        }
    }

    @Test
    void writeOverADirectorySaysSoAndLeavesNoTemporaryFile() throws IOException {
        Path target = Files.createDirectory(directory.resolve("out.json"));
        Files.writeString(target.resolve("keep.txt"), "old");

        IOException error = assertThrows(IOException.class, () -> writeText(target, "{}"));

        assertEquals("cannot write " + target + ": it is a directory", error.getMessage());
        assertEquals(List.of(target), listing());
        assertEquals("old", Files.readString(target.resolve("keep.txt")));
    }

    @Test
    void writeIntoAMissingDirectoryNamesTheDirectoryNotATemporaryFile() {
        Path target = directory.resolve("missing").resolve("out.json");

        IOException error = assertThrows(IOException.class, () -> writeText(target, "{}"));

        assertEquals("cannot write " + target + ": the directory " + target.getParent()
                + " does not exist", error.getMessage());
    }

    @Test
    void failingContentLeavesTheOldFileIntact() throws IOException {
        Path target = Files.writeString(directory.resolve("out.json"), "old");

        assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
            out.write('{');
            throw new IOException("disk full");
        }));

        assertEquals("old", Files.readString(target));
        assertEquals(List.of(target), listing());
    }
}
