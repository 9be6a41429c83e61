package dev.faultline.cli;

import java.io.InputStream;
import java.io.PrintStream;

/** The streams one invocation uses: the guest's stdin and stdout, and stderr for everything the emulator says. */
public record Io(InputStream in, PrintStream out, PrintStream err) {
    public static Io system() {
        return new Io(System.in, System.out, System.err);
    }
}
