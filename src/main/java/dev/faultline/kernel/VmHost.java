package dev.faultline.kernel;

/**
 * What the address-space layer ({@link Vm}) needs from the kernel above it: a word to the trace and the debugger when a page comes back from swap. Handed down, so {@code Vm} never sees the
 * whole kernel.
 */
interface VmHost {
    /** A page came back from swap slot {@code slot} into {@code pfn} ({@code cached}: from the swap cache). */
    void swappedIn(int pfn, int slot, boolean cached);
}
