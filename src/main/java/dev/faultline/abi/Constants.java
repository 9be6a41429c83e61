package dev.faultline.abi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Flag values of docs/abi.md, and the predefined assembler constants built from them. */
public final class Constants {
    private Constants() {}

    public static final int PAGE_SIZE = 4096;
    public static final int PROT_NONE = 0, PROT_READ = 1, PROT_WRITE = 2, PROT_EXEC = 4;
    public static final int MAP_SHARED = 1, MAP_PRIVATE = 2, MAP_FIXED = 0x10, MAP_ANONYMOUS = 0x20;
    public static final int O_RDONLY = 0, O_WRONLY = 1, O_RDWR = 2, O_CREAT = 0x40, O_TRUNC = 0x200,
            O_APPEND = 0x400;
    public static final int MADV_DONTNEED = 4;
    public static final int MS_SYNC = 4;

    private static final Map<String, Integer> PREDEFINED;

    static {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (Syscall s : Syscall.values()) m.put("SYS_" + s.name(), s.number);
        m.put("PROT_NONE", PROT_NONE);
        m.put("PROT_READ", PROT_READ);
        m.put("PROT_WRITE", PROT_WRITE);
        m.put("PROT_EXEC", PROT_EXEC);
        m.put("MAP_SHARED", MAP_SHARED);
        m.put("MAP_PRIVATE", MAP_PRIVATE);
        m.put("MAP_FIXED", MAP_FIXED);
        m.put("MAP_ANONYMOUS", MAP_ANONYMOUS);
        m.put("MAP_ANON", MAP_ANONYMOUS);
        m.put("O_RDONLY", O_RDONLY);
        m.put("O_WRONLY", O_WRONLY);
        m.put("O_RDWR", O_RDWR);
        m.put("O_CREAT", O_CREAT);
        m.put("O_TRUNC", O_TRUNC);
        m.put("O_APPEND", O_APPEND);
        for (int sig : new int[] {Signal.SIGILL, Signal.SIGTRAP, Signal.SIGBUS, Signal.SIGFPE, Signal.SIGKILL,
                Signal.SIGSEGV, Signal.SIGPIPE, Signal.SIGTERM, Signal.SIGCHLD}) {
            m.put(Signal.name(sig), sig);
        }
        m.put("SIG_DFL", Signal.SIG_DFL);
        m.put("SIG_IGN", Signal.SIG_IGN);
        m.put("MADV_DONTNEED", MADV_DONTNEED);
        m.put("MS_SYNC", MS_SYNC);
        m.put("PAGE_SIZE", PAGE_SIZE);
        PREDEFINED = Collections.unmodifiableMap(m);
    }

    /** Every predefined assembler constant: SYS_*, PROT_*, MAP_*, O_*, SIG*, MADV_*, MS_*, PAGE_SIZE. */
    public static Map<String, Integer> predefined() {
        return PREDEFINED;
    }
}
