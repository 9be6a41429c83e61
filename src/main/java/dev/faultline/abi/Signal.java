package dev.faultline.abi;

/** Signals (docs/abi.md section 5) and their default actions. */
public final class Signal {
    private Signal() {}

    public static final int SIGILL = 4, SIGTRAP = 5, SIGBUS = 7, SIGFPE = 8, SIGKILL = 9, SIGSEGV = 11,
            SIGPIPE = 13, SIGTERM = 15, SIGCHLD = 17;
    public static final int MAX = 31;

    /** Handler values with a meaning of their own in {@code sigaction}. */
    public static final int SIG_DFL = 0, SIG_IGN = 1;

    /** Name of signal n: {@code SIGSEGV}, or {@code signal 23} for one without a name. */
    public static String name(int n) {
        return switch (n) {
            case SIGILL -> "SIGILL";
            case SIGTRAP -> "SIGTRAP";
            case SIGBUS -> "SIGBUS";
            case SIGFPE -> "SIGFPE";
            case SIGKILL -> "SIGKILL";
            case SIGSEGV -> "SIGSEGV";
            case SIGPIPE -> "SIGPIPE";
            case SIGTERM -> "SIGTERM";
            case SIGCHLD -> "SIGCHLD";
            default -> "signal " + n;
        };
    }

    /** True when the default action is to ignore the signal (SIGCHLD); every other one terminates. */
    public static boolean ignoredByDefault(int n) {
        return n == SIGCHLD;
    }
}
