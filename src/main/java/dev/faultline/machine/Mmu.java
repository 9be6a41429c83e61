package dev.faultline.machine;

import dev.faultline.isa.Access;

/**
 * The page-table walker: two levels (10 + 10 + 12 bits) in emulated physical memory, in the style of
 * RISC-V Sv32. It reads the tables from physical memory and sets the A and D bits there.
 */
public final class Mmu {
    private final PhysicalMemory mem;

    public Mmu(PhysicalMemory mem) {
        this.mem = mem;
    }

    /**
     * Walks the tables rooted at rootPfn for vpn. Returns the leaf PTE, or 0 when there is no valid leaf
     * (an invalid root entry, a leaf at the root level, an invalid or pointer entry at the second level).
     * Changes nothing.
     */
    public int walk(int rootPfn, int vpn) {
        if (rootPfn >= mem.frameCount()) return 0;
        int root = mem.readPte(rootPfn, Pte.rootIndex(vpn));
        if (!Pte.isPointer(root) || Pte.pfn(root) >= mem.frameCount()) return 0;
        int leaf = mem.readPte(Pte.pfn(root), Pte.leafIndex(vpn));
        if (!Pte.isValid(leaf) || Pte.isPointer(leaf) || Pte.pfn(leaf) >= mem.frameCount()) return 0;
        return leaf;
    }

    /**
     * The raw second-level entry for vpn (valid or not: a swap entry, 0), or 0 when there is no
     * second-level table. For kernels and debuggers.
     */
    public int entry(int rootPfn, int vpn) {
        if (rootPfn >= mem.frameCount()) return 0;
        int root = mem.readPte(rootPfn, Pte.rootIndex(vpn));
        if (!Pte.isPointer(root) || Pte.pfn(root) >= mem.frameCount()) return 0;
        return mem.readPte(Pte.pfn(root), Pte.leafIndex(vpn));
    }

    /**
     * Translates va for one access: walks, checks the permission, and sets A (and D for a store) in the
     * leaf PTE in memory. Returns the leaf PTE as updated, or 0 when the access must fault.
     */
    public int translate(int rootPfn, int va, Access access, boolean user) {
        if (user && va < 0) return 0;
        int vpn = va >>> PhysicalMemory.PAGE_SHIFT;
        if (rootPfn >= mem.frameCount()) return 0;
        int root = mem.readPte(rootPfn, Pte.rootIndex(vpn));
        if (!Pte.isPointer(root) || Pte.pfn(root) >= mem.frameCount()) return 0;
        int tablePfn = Pte.pfn(root);
        int index = Pte.leafIndex(vpn);
        int leaf = mem.readPte(tablePfn, index);
        if (!Pte.isValid(leaf) || Pte.isPointer(leaf) || !permits(leaf, access, user)) return 0;
        if (Pte.pfn(leaf) >= mem.frameCount() && !mem.isDevice(Pte.pfn(leaf))) return 0; // no such frame: an access fault
        int updated = leaf | Pte.A | (access == Access.STORE ? Pte.D : 0);
        if (updated != leaf) mem.writePte(tablePfn, index, updated);
        return updated;
    }

    /** Whether a valid leaf PTE allows the access: U for user mode; X, R or W for fetch, load, store. */
    public static boolean permits(int pte, Access access, boolean user) {
        if ((pte & Pte.V) == 0) return false;
        if (user && (pte & Pte.U) == 0) return false;
        int need = switch (access) {
            case FETCH -> Pte.X;
            case LOAD -> Pte.R;
            case STORE -> Pte.W;
        };
        return (pte & need) != 0;
    }
}
