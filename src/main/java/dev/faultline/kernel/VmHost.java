package dev.faultline.kernel;

/**
 * What the address-space layer ({@link Vm}) needs from the kernel above it: ASIDs for new spaces, and a word
 * to the trace and the debugger when a page comes back from swap. Handed down, so {@code Vm} never sees the
 * whole kernel.
 */
interface VmHost {
    /** Registers a new space whose root table is {@code rootPfn}: its id and ASID. */
    AddressSpace registerSpace(int rootPfn);

    /** Every address space, by id (null where a destroyed one was): truncation looks for mappings of a file. */
    java.util.List<AddressSpace> spaces();

    /** Forgets a destroyed space. */
    void unregisterSpace(AddressSpace as);

    /** A page came back from swap slot {@code slot} into {@code pfn} ({@code cached}: from the swap cache). */
    void swappedIn(int pfn, int slot, boolean cached);
}
