package dev.faultline.abi;

import java.util.Locale;

/** System call numbers (docs/abi.md). */
public enum Syscall {
    EXIT(0), READ(1), WRITE(2), OPEN(3), CLOSE(4), FORK(5), WAIT(6), GETPID(7), GETPPID(8), KILL(9),
    SIGACTION(10), SIGRETURN(11), SBRK(12), MMAP(13), MUNMAP(14), MPROTECT(15), MSYNC(16), MADVISE(17),
    YIELD(18), EXEC(19), PGINFO(20), RUSAGE(21), LSEEK(22), TICKS(23);

    private static final Syscall[] BY_NUMBER = new Syscall[24];

    static {
        for (Syscall s : values()) BY_NUMBER[s.number] = s;
    }

    public final int number;

    Syscall(int number) {
        this.number = number;
    }

    /** The lower-case name used by {@code sys NAME} and in traces. */
    public String lowerName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Syscall byNumber(int n) {
        return n >= 0 && n < BY_NUMBER.length ? BY_NUMBER[n] : null;
    }

    public static Syscall byName(String name) {
        for (Syscall s : values()) {
            if (s.lowerName().equals(name.toLowerCase(Locale.ROOT))) return s;
        }
        return null;
    }
}
