package dev.faultline.trace;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** Trace record types (docs/cli.md); the lower-case name, with '-' for '_', is the {@code ev} field. */
public enum TraceKind {
    TRAP, FAULT, RESTART, SIGNAL, SYSCALL, FORK, EXIT, SWAP_OUT, SWAP_IN, EVICT, OOM, TLB, SCHED, INJECT,
    /** The bare machine's {@code halt} (docs/bare.md). */
    HALT;

    public String ev() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static TraceKind byEv(String ev) {
        for (TraceKind k : values()) {
            if (k.ev().equals(ev.trim().toLowerCase(Locale.ROOT))) return k;
        }
        return null;
    }

    /** The kinds of bare {@code --trace}. */
    public static Set<TraceKind> defaults() {
        return EnumSet.of(TRAP, FAULT, RESTART, SIGNAL);
    }

    /**
     * Parses a KINDS list ("all", or comma-separated ev names). {@code all} means every kind; {@code tlb}
     * records appear only when named or with all.
     */
    public static Set<TraceKind> parse(String list) {
        if (list == null || list.isBlank()) return defaults();
        Set<TraceKind> kinds = EnumSet.noneOf(TraceKind.class);
        for (String part : list.split(",")) {
            if (part.trim().equalsIgnoreCase("all")) return EnumSet.allOf(TraceKind.class);
            TraceKind k = byEv(part);
            if (k == null) throw new IllegalArgumentException("unknown trace kind '" + part.trim()
                    + "' (kinds: trap, fault, restart, signal, syscall, fork, exit, swap-out, swap-in, evict, oom,"
                    + " tlb, sched, inject, halt, or all)");
            kinds.add(k);
        }
        return kinds;
    }
}
