package dev.faultline.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The scratch folders Faultline makes (a debug session's private files, a grader's cases, the golden programs'
 * roots): a named pipe made in one, and the folder deleted.
 */
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

    /** Makes a named pipe (FIFO) at p; Java has no call for it, so the system's mkfifo makes it. */
    public static void makeFifo(Path p) throws IOException {
        try {
            Process mk = new ProcessBuilder("mkfifo", p.toString()).redirectErrorStream(true).start();
            mk.getInputStream().readAllBytes();
            if (mk.waitFor() != 0) throw new IOException("mkfifo " + p + " failed");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("mkfifo " + p + " interrupted", e);
        }
    }
}
