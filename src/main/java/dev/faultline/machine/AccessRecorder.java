package dev.faultline.machine;

/** Hears every memory access the MMU translates with paging on: the page-reference string. */
@FunctionalInterface
public interface AccessRecorder {
    void access(int asid, int vpn, int pfn);
}
