package dev.faultline.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;

/**
 * The streams one invocation uses: the guest's stdin, stdout for what the commands print, stderr for
 * everything the emulator says, and {@code guestOut}, the guest's own fd 1. For the real process that is
 * the unbuffered file descriptor itself, so a failing host write (a closed pipe, a full disk) reaches the
 * guest as the error of its own {@code write} (docs/kernel.md, "Host failures"); a PrintStream would hide it.
 */
public record Io(InputStream in, PrintStream out, PrintStream err, OutputStream guestOut) {
    public Io(InputStream in, PrintStream out, PrintStream err) {
        this(in, out, err, out);
    }

    /**
     * A command's own output (stdout) could not be written, a full disk or a closed pipe: says so on stderr and
     * returns exit status 74.
     */
    static int cannotWrite(Io io, String what) {
        io.err().println("faultline: cannot write " + what + " to stdout");
        return 74;
    }

    public static Io system() {
        return new Io(HostStdin.open(), System.out, System.err, new FileOutputStream(FileDescriptor.out));
    }
}
