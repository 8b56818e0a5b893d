package dev.chainrule.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a text file through {@link AtomicFiles} after checking the two mistakes people make
 * with picture paths (naming a folder, or a folder that does not exist), so that those get a
 * message saying what to do.
 */
final class AtomicTextFile {
    private AtomicTextFile() {}

    /**
     * Writes {@code content} to {@code target} as UTF-8.
     *
     * @throws IOException whose message is "cannot write TARGET: reason"
     */
    static void write(Path target, String content) throws IOException {
        if (Files.isDirectory(target)) {
            throw new IOException("cannot write " + target
                    + ": it is a folder; give the name of a file in it");
        }
        Path folder = target.toAbsolutePath().getParent();
        if (folder != null && !Files.isDirectory(folder)) {
            throw new IOException("cannot write " + target + ": the folder " + folder
                    + " does not exist; create it or write elsewhere");
        }
        AtomicFiles.writeText(target, content);
    }
}
