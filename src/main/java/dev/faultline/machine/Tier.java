package dev.faultline.machine;

import java.util.Locale;

/** How the CPU runs instructions (docs/cli.md, {@code --tier}; docs/tier.md). */
public enum Tier {
    /** Every instruction through the dispatch loop. */
    INTERP,
    /** The dispatch loop, plus hot code translated to JVM bytecode (docs/tier.md). */
    AUTO;

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The tier named {@code name} (interp or auto), or null. */
    public static Tier byName(String name) {
        for (Tier t : values()) {
            if (t.cliName().equals(name)) return t;
        }
        return null;
    }
}
