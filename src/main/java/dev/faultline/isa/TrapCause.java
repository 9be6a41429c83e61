package dev.faultline.isa;

import java.util.Locale;

/** Trap causes (docs/isa.md section 5); the ordinal is the CAUSE value. */
public enum TrapCause {
    FETCH_FAULT, LOAD_FAULT, STORE_FAULT, ILLEGAL, SYSCALL, BREAKPOINT, DIVIDE, TIMER,
    TLB_MISS_FETCH, TLB_MISS_LOAD, TLB_MISS_STORE;

    private static final TrapCause[] VALUES = values();

    public final int code() {
        return ordinal();
    }

    public static TrapCause of(int code) {
        return code >= 0 && code < VALUES.length ? VALUES[code] : null;
    }

    /** The lower-case name used in traces: {@code store_fault}, {@code syscall}, ... */
    public String traceName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isPageFault() {
        return this == FETCH_FAULT || this == LOAD_FAULT || this == STORE_FAULT;
    }

    public boolean isTlbMiss() {
        return this == TLB_MISS_FETCH || this == TLB_MISS_LOAD || this == TLB_MISS_STORE;
    }
}
