package dev.faultline.debug;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The things the debugger asks of the host that a browser has not: a thread with a large stack, symbolic
 * links and FIFOs. The studio's browser build replaces this class with its own (src/studio/java).
 */
final class Host {
    private Host() {}

    /** A daemon thread with a stack as large as the launcher gives the main thread and more: the machine's. */
    static Thread thread(Runnable body, String name) {
        Thread t = new Thread(null, body, name, 64L << 20);
        t.setDaemon(true);
        return t;
    }

    /** A file's permissions (kept in a checkpoint, put back by {@link #mode(Path, Object)}). */
    static Object mode(Path f) throws IOException {
        return Files.getPosixFilePermissions(f, LinkOption.NOFOLLOW_LINKS);
    }

    @SuppressWarnings("unchecked")
    static void mode(Path f, Object mode) throws IOException {
        if (mode != null) Files.setPosixFilePermissions(f, (java.util.Set<java.nio.file.attribute.PosixFilePermission>) mode);
    }

    /** Makes {@code link} a symbolic link to {@code target}. */
    static void symbolicLink(Path link, Path target) throws IOException {
        Files.createSymbolicLink(link, target);
    }

    /**
     * A FIFO is made anew (with the host's mkfifo: Java has no call for it), so the guest finds the same
     * kind of file in the copy; device and socket nodes are left out of the copy (docs/reverse.md).
     */
    static void copySpecial(Path f, Path target) throws IOException {
        int fifo = 0010000, typeBits = 0170000;
        Object mode = Files.getAttribute(f, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        if (!(mode instanceof Integer m) || (m & typeBits) != fifo) return;
        try {
            Process p = new ProcessBuilder("mkfifo", target.toString()).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (p.waitFor() != 0) throw new IOException("mkfifo failed for " + target);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while making the FIFO " + target, e);
        }
    }
}
