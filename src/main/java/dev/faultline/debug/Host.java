package dev.faultline.debug;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The two things the debugger asks of the host that a browser has not: a thread with a large stack, and
 * symbolic links. The studio's browser build replaces this class with its own (src/studio/java).
 */
final class Host {
    private Host() {}

    /** A daemon thread with a stack as large as the launcher gives the main thread and more: the machine's. */
    static Thread thread(Runnable body, String name) {
        Thread t = new Thread(null, body, name, 64L << 20);
        t.setDaemon(true);
        return t;
    }

    /** Makes {@code link} a symbolic link to {@code target}. */
    static void symbolicLink(Path link, Path target) throws IOException {
        Files.createSymbolicLink(link, target);
    }
}
