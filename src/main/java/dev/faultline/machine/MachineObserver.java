package dev.faultline.machine;

/** Hears the machine's TLB and trap events (for traces and debuggers); called only on slow paths. */
public interface MachineObserver {
    /** A translation of va missed the TLB. */
    void tlbMiss(int va, int asid);

    /** A TLB entry was written for vpn (by the walker, or by {@code tlbwr}). */
    void tlbRefill(int vpn, int asid);

    /** A TLB flush: of one page (va), or of everything when {@code all}. */
    void tlbFlush(int va, boolean all);

    /** Trap entry is done (EPC, CAUSE, TVAL set; pc = TVEC); called before any trap handler. */
    default void trapTaken(int cause, int epc, int tval) {}

    /** {@code sret} (or {@link Cpu#sret()}) is done: pc is now the given value. */
    default void trapReturn(int pc) {}
}
