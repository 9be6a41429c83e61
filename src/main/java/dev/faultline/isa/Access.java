package dev.faultline.isa;

/** The three kinds of memory access; each needs its own PTE permission. */
public enum Access {
    FETCH, LOAD, STORE;

    public String traceName() {
        return switch (this) {
            case FETCH -> "fetch";
            case LOAD -> "load";
            case STORE -> "store";
        };
    }

    public TrapCause faultCause() {
        return TrapCause.of(ordinal());
    }

    public TrapCause tlbMissCause() {
        return TrapCause.of(TrapCause.TLB_MISS_FETCH.ordinal() + ordinal());
    }

    public static Access ofCause(TrapCause cause) {
        return switch (cause) {
            case FETCH_FAULT, TLB_MISS_FETCH -> FETCH;
            case LOAD_FAULT, TLB_MISS_LOAD -> LOAD;
            case STORE_FAULT, TLB_MISS_STORE -> STORE;
            default -> throw new IllegalArgumentException("not a memory trap: " + cause);
        };
    }
}
