package dev.faultline.kernel;

import java.util.Locale;

/** Page replacement policies (docs/kernel.md, swap). */
public enum PolicyKind {
    CLOCK, FIFO, LRU, RANDOM;

    public String lowerName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static PolicyKind parse(String s) {
        for (PolicyKind p : values()) {
            if (p.lowerName().equals(s.trim().toLowerCase(Locale.ROOT))) return p;
        }
        throw new IllegalArgumentException("unknown policy '" + s + "' (policies: clock, fifo, lru, random)");
    }
}
