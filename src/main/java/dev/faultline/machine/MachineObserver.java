package dev.faultline.machine;

/** Hears the machine's TLB events (for traces); called only on slow paths. */
public interface MachineObserver {
    /** A translation of va missed the TLB. */
    void tlbMiss(int va, int asid);

    /** A TLB entry was written for vpn (by the walker, or by {@code tlbwr}). */
    void tlbRefill(int vpn, int asid);

    /** A TLB flush: of one page (va), or of everything when {@code all}. */
    void tlbFlush(int va, boolean all);
}
