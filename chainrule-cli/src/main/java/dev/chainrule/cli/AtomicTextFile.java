package dev.chainrule.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a text file whole or not at all, through {@link AtomicFiles} (a temporary file renamed
 * over the target, with the permissions an ordinary new file has). Failures name the target,
 * not the temporary file, and say why.
 */
final class AtomicTextFile {
    private AtomicTextFile() {}

    /**
     * Writes {@code content} to {@code target} as UTF-8.
     *
     * @throws IOException whose message is the target and the reason, such as "the folder
     *     out does not exist"
     */
    static void write(Path target, String content) throws IOException {
        if (Files.isDirectory(target)) {
            throw new IOException(target + ": it is a folder; give the name of a file in it");
        }
        Path folder = target.toAbsolutePath().getParent();
        if (folder != null && !Files.isDirectory(folder)) {
            throw new IOException(target + ": the folder " + folder + " does not exist; create"
                    + " it or write elsewhere");
        }
        try {
            AtomicFiles.write(target, out -> out.write(content.getBytes(StandardCharsets.UTF_8)));
        } catch (AccessDeniedException denied) {
            throw new IOException(target + ": permission denied in " + folder, denied);
        } catch (IOException failed) {
            throw new IOException(target + ": " + failed.getMessage(), failed);
        }
    }
}
