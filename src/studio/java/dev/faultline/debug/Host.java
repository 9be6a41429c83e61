package dev.faultline.debug;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The browser build's host (in place of src/main/java's): TeaVM's green threads have no stack size to choose,
 * and its in-memory file system has no symbolic links (the studio never copies a host folder anyway).
 */
final class Host {
    private Host() {}

    static Thread thread(Runnable body, String name) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        return t;
    }

    /** The browser's files have no permissions to keep (the studio takes no checkpoints anyway). */
    static Object mode(Path f) {
        return null;
    }

    static void mode(Path f, Object mode) {
    }

    static void symbolicLink(Path link, Path target) throws IOException {
        throw new IOException("symbolic links are not available in the browser");
    }

    static void copySpecial(Path from, Path to) throws IOException {
        throw new IOException("special files are not available in the browser");
    }
}
