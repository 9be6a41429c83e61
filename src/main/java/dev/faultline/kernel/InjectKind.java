package dev.faultline.kernel;

import java.util.Locale;

/** The host operations {@code --inject KIND=N} can make fail (docs/kernel.md, "Host failures"). */
public enum InjectKind {
    /** Reading a page back from its swap slot. */
    SWAP_READ,
    /** Writing an evicted page to a swap slot. */
    SWAP_WRITE,
    /** Reading a file page from the host: a page-cache fill, or one chunk of {@code read()}. */
    FILE_READ,
    /** Writing a dirty page-cache page back to its host file. */
    FILE_WRITE,
    /** Taking a frame from the free list. */
    ALLOC;

    /** The name on the command line and in the trace: {@code swap-read}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The kind named {@code name}, or null. */
    public static InjectKind byName(String name) {
        for (InjectKind k : values()) {
            if (k.cliName().equals(name)) return k;
        }
        return null;
    }
}
