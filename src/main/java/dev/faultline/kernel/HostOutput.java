package dev.faultline.kernel;

import dev.faultline.abi.Errno;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Locale;

/**
 * The host stream behind a guest's fd 1 or 2 (docs/kernel.md, "Host failures"). Every {@code write} goes through at
 * once, so a host failure is the failure of that very call, as -errno: -EPIPE when the reader of a pipe has
 * gone, -ENOSPC for a full device, -EIO for anything else. A {@link PrintStream} hides its exceptions: for
 * one, only its error flag is seen, as -EIO.
 */
final class HostOutput {
    private final OutputStream target;
    private boolean broken;

    HostOutput(OutputStream target) {
        this.target = target;
    }

    /** Writes len bytes; 0 on success, or -errno. */
    int write(byte[] bytes, int off, int len) {
        try {
            target.write(bytes, off, len);
            target.flush();
        } catch (IOException e) {
            return errno(e);
        }
        if (target instanceof PrintStream ps && ps.checkError()) return -Errno.EIO;
        return 0;
    }

    /** Flushes what was written; a failure here was, or will be, reported by a write. */
    void flush() {
        if (broken) return;
        try {
            target.flush();
        } catch (IOException e) {
            broken = true;
        }
    }

    /** The -errno a host I/O exception stands for. */
    static int errno(IOException e) {
        String m = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
        if (m.contains("broken pipe")) return -Errno.EPIPE;
        if (m.contains("no space left") || m.contains("quota")) return -Errno.ENOSPC;
        return -Errno.EIO;
    }
}
