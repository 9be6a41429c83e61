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

    /**
     * The call whose name is closest to a misspelt one ({@code writ} → write), or null when none is within two
     * edits: for the assembler's "did you mean" after {@code sys NAME}.
     */
    public static Syscall closest(String name) {
        Syscall best = null;
        int bestDistance = 3;
        String word = name.toLowerCase(Locale.ROOT);
        for (Syscall s : values()) {
            int d = distance(word, s.lowerName());
            if (d < bestDistance) {
                bestDistance = d;
                best = s;
            }
        }
        return best;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
