package dev.faultline.debug;

import java.io.PrintStream;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The browser build's copier (in place of src/main/java's): TeaVM has no reflection to walk a machine with,
 * so the studio takes no checkpoints and every trip back replays from the start (docs/studio.md).
 */
final class DeepCopy {
    static final class Refused extends RuntimeException {
        final boolean foreign;

        Refused(String message) {
            this(message, false);
        }

        Refused(String message, boolean foreign) {
            super(message);
            this.foreign = foreign;
        }
    }

    interface Rule {
        Object copy(Object original, DeepCopy copier);
    }

    static boolean available() {
        return false;
    }

    DeepCopy(Map<Object, Object> substitutes, Map<Class<?>, Rule> rules, Map<Object, Object> previous) {
    }

    Object copy(Object o) {
        throw new Refused("checkpoints are not available in the browser");
    }

    IdentityHashMap<Object, Object> pages() {
        return new IdentityHashMap<>();
    }

    List<PrintStream> prints() {
        return List.of();
    }

    long bytes() {
        return 0;
    }
}
