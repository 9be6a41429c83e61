package dev.faultline.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Deleting the scratch folders Faultline makes (a debug session's private files, a grader's cases). */
public final class FileTrees {
    private FileTrees() {}

    /**
     * Deletes a folder and everything in it, deepest first, by name only: no file is ever opened (opening a FIFO
     * waits for a writer forever, which commons-io's delete does to clear a DOS read-only flag), and links are
     * removed, never followed. Deletes all it can; the first failure, if any, is thrown at the end.
     */
    public static void delete(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) return;
        IOException first = null;
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    if (first == null) first = e;
                }
            }
        } catch (UncheckedIOException e) {
            if (first == null) first = e.getCause();
        }
        if (first != null) throw first;
    }
}
