package dev.chainrule.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes output files whole or not at all: the content goes to a temporary file in the same
 * directory, which is then renamed over the target (atomically where the file system allows).
 * If writing fails, the temporary file is removed and an existing target is left untouched.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /**
     * Whether an output option names standard output: the file name {@code -}, as many
     * command-line tools read it.
     */
    public static boolean isStandardOutput(Path target) {
        return target != null && target.toString().equals("-");
    }

    /**
     * Refuses an output file that is one of the command's input files, which the output would
     * replace (for example {@code --json data.csv}).
     *
     * @throws IllegalArgumentException naming the option and the file
     */
    public static void refuseInputAsOutput(Path output, String option, Path... inputs) {
        if (output == null || isStandardOutput(output) || !Files.exists(output)) {
            return;
        }
        for (Path input : inputs) {
            try {
                if (input != null && Files.exists(input) && Files.isSameFile(output, input)) {
                    throw new IllegalArgumentException(option + " " + output + " is an input"
                            + " of this command and would be overwritten; choose another"
                            + " file name");
                }
            } catch (IOException e) {
                // Unreadable paths are reported by the steps that read or write them.
            }
        }
    }

    /** Writes the file's content to the given stream. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code target} from {@code content}.
     *
     * @throws IOException when the directory does not exist or the file cannot be written, with
     *     a message "cannot write TARGET: reason"; the target is then unchanged
     */
    public static void write(Path target, Content content) throws IOException {
        try {
            writeAtomically(target, content);
        } catch (IOException e) {
            throw new IOException("cannot write " + target + ": " + reason(e, target), e);
        }
    }

    /** Writes {@code text} as UTF-8 to {@code target}, whole or not at all; see {@link #write}. */
    public static void writeText(Path target, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        write(target, out -> out.write(bytes));
    }

    /** Why a write failed, in words, without the name of the temporary file. */
    private static String reason(IOException e, Path target) {
        if (Files.isDirectory(target)) {
            return "it is a directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "the directory " + target.toAbsolutePath().getParent() + " does not exist";
        }
        if (e instanceof FileSystemException failure && failure.getReason() != null) {
            return failure.getReason();
        }
        return e.getMessage();
    }

    private static void writeAtomically(Path target, Content content) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path directory = absolute.getParent();
        Path temporary = Files.createTempFile(directory, "." + absolute.getFileName(), ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(temporary)) {
                content.writeTo(out);
            }
            keepPermissions(temporary, absolute);
            try {
                Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * Temporary files are created readable by their owner only; give the new file the
     * target's permissions, or rw-r--r-- for a new target, as an ordinary file would have.
     * Does nothing on file systems without POSIX permissions.
     */
    private static void keepPermissions(Path temporary, Path target) throws IOException {
        if (!temporary.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        Set<PosixFilePermission> permissions = Files.exists(target)
                ? Files.getPosixFilePermissions(target)
                : PosixFilePermissions.fromString("rw-r--r--");
        Files.setPosixFilePermissions(temporary, permissions);
    }
}
