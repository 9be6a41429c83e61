package dev.faultline.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.isa.Access;
import org.junit.jupiter.api.Test;

/**
 * The page-table walker on bare physical memory (docs/isa.md section 4): PTEs are written straight into frames,
 * with no kernel and no CPU, and the walker's A and D updates are read back from the same frames.
 */
class MmuTest {
    private static final int ROOT = 1, TABLE = 2, FRAME = 7;
    /** vpn 0x12345: root index 0x48, leaf index 0x345. */
    private static final int VA = 0x12345678, VPN = 0x12345;

    private final PhysicalMemory mem = new PhysicalMemory(16);
    private final Mmu mmu = new Mmu(mem);

    private void pointRootAtTable() {
        mem.writePte(ROOT, 0x48, Pte.make(TABLE, Pte.V));
    }

    private void leaf(int pte) {
        pointRootAtTable();
        mem.writePte(TABLE, 0x345, pte);
    }

    private int leafInMemory() {
        return mem.readPte(TABLE, 0x345);
    }

    @Test
    void walksTwoLevelsTenTenTwelve() {
        int pte = Pte.make(FRAME, Pte.V | Pte.R | Pte.U);
        leaf(pte);
        assertEquals(0x48, Pte.rootIndex(VPN));
        assertEquals(0x345, Pte.leafIndex(VPN));
        assertEquals(pte, mmu.walk(ROOT, VPN));
        assertEquals(pte, mmu.entry(ROOT, VPN));
        assertEquals(pte, leafInMemory(), "walk changes nothing");
        // Neighbours in both levels are not mapped.
        assertEquals(0, mmu.walk(ROOT, VPN + 1));
        assertEquals(0, mmu.walk(ROOT, VPN + 0x400));
        assertEquals(FRAME, Pte.pfn(mmu.translate(ROOT, VA, Access.LOAD, true)));
        assertEquals(0, mmu.translate(ROOT, VA + 0x1000, Access.LOAD, true));
    }

    @Test
    void theRootFrameComesFromTheArgument() {
        leaf(Pte.make(FRAME, Pte.V | Pte.R));
        mem.writePte(3, 0x48, Pte.make(4, Pte.V));
        mem.writePte(4, 0x345, Pte.make(9, Pte.V | Pte.R));
        assertEquals(FRAME, Pte.pfn(mmu.walk(ROOT, VPN)));
        assertEquals(9, Pte.pfn(mmu.walk(3, VPN)));
    }

    @Test
    void invalidRootEntryFaultsWhateverItsOtherBits() {
        // V=0 with every other bit set, including a plausible table pointer: ignored.
        mem.writePte(TABLE, 0x345, Pte.make(FRAME, Pte.V | Pte.R | Pte.W | Pte.X | Pte.U));
        mem.writePte(ROOT, 0x48, Pte.make(TABLE, 0) | 0x3FE);
        assertEquals(0, mmu.walk(ROOT, VPN));
        for (Access access : Access.values()) {
            assertEquals(0, mmu.translate(ROOT, VA, access, false), access.name());
        }
        assertEquals(Pte.make(FRAME, Pte.V | Pte.R | Pte.W | Pte.X | Pte.U), leafInMemory(), "no A set");
    }

    @Test
    void leafAtRootLevelFaults() {
        // A superpage-like leaf in the root: FL32 has leaves only at the second level.
        for (int flags : new int[] {Pte.R, Pte.W, Pte.X, Pte.R | Pte.W | Pte.X | Pte.U}) {
            int rootLeaf = Pte.make(FRAME, Pte.V | flags);
            mem.writePte(ROOT, 0x48, rootLeaf);
            assertEquals(0, mmu.walk(ROOT, VPN));
            assertEquals(0, mmu.entry(ROOT, VPN));
            for (Access access : Access.values()) {
                assertEquals(0, mmu.translate(ROOT, VA, access, false), access.name());
            }
            assertEquals(rootLeaf, mem.readPte(ROOT, 0x48), "root entry untouched");
        }
    }

    @Test
    void pointerAtSecondLevelFaults() {
        int pointer = Pte.make(FRAME, Pte.V | Pte.U);
        leaf(pointer);
        mem.writePte(FRAME, 0, Pte.make(9, Pte.V | Pte.R | Pte.W | Pte.X | Pte.U));
        assertEquals(0, mmu.walk(ROOT, VPN));
        for (Access access : Access.values()) {
            assertEquals(0, mmu.translate(ROOT, VA, access, false), access.name());
            assertEquals(0, mmu.translate(ROOT, VA, access, true), access.name());
        }
        assertEquals(pointer, leafInMemory());
    }

    @Test
    void invalidLeafWithOtherBitsSetIsIgnored() {
        // A swap entry (the kernel's SWAP_MARK, slot in the PFN bits), and V=0 with every permission set.
        int[] entries = {Pte.swapEntry(77), Pte.make(FRAME, Pte.R | Pte.W | Pte.X | Pte.U | Pte.A | Pte.D), 0xFFFFFFFE};
        for (int pte : entries) {
            leaf(pte);
            assertEquals(0, mmu.walk(ROOT, VPN));
            assertEquals(pte, mmu.entry(ROOT, VPN), "entry() shows the raw bits");
            for (Access access : Access.values()) {
                assertEquals(0, mmu.translate(ROOT, VA, access, false), access.name());
                assertEquals(0, mmu.translate(ROOT, VA, access, true), access.name());
            }
            assertEquals(pte, leafInMemory(), "an invalid entry is never written");
        }
    }

    @Test
    void permissionMatrixForEveryFlagCombination() {
        int[] needs = {Pte.X, Pte.R, Pte.W}; // FETCH, LOAD, STORE
        for (int flags = 0; flags < 16; flags++) {
            int perms = flags << 1; // R, W, X, U
            for (Access access : Access.values()) {
                for (boolean user : new boolean[] {false, true}) {
                    int pte = Pte.make(FRAME, Pte.V | perms);
                    if (Pte.isPointer(pte)) continue; // R=W=X=0 at the second level: covered above
                    leaf(pte);
                    boolean allowed = (perms & needs[access.ordinal()]) != 0 && (!user || (perms & Pte.U) != 0);
                    int got = mmu.translate(ROOT, VA, access, user);
                    String what = Pte.describe(pte) + " " + access + (user ? " user" : " kernel");
                    assertEquals(allowed, Mmu.permits(pte, access, user), what);
                    if (allowed) {
                        int expected = pte | Pte.A | (access == Access.STORE ? Pte.D : 0);
                        assertEquals(expected, got, what);
                        assertEquals(expected, leafInMemory(), what + ": A/D written back");
                    } else {
                        assertEquals(0, got, what);
                        assertEquals(pte, leafInMemory(), what + ": a fault sets no bit");
                    }
                }
            }
        }
    }

    @Test
    void executeOnlyPageFetchesButDoesNotLoad() {
        leaf(Pte.make(FRAME, Pte.V | Pte.X | Pte.U));
        assertEquals(0, mmu.translate(ROOT, VA, Access.LOAD, true));
        assertEquals(0, mmu.translate(ROOT, VA, Access.LOAD, false));
        assertEquals(0, mmu.translate(ROOT, VA, Access.STORE, true));
        assertEquals(Pte.make(FRAME, Pte.V | Pte.X | Pte.U | Pte.A), mmu.translate(ROOT, VA, Access.FETCH, true));
    }

    @Test
    void userAccessToSupervisorPageFaultsKernelAccessWorks() {
        leaf(Pte.make(FRAME, Pte.V | Pte.R | Pte.W | Pte.X));
        for (Access access : Access.values()) {
            assertEquals(0, mmu.translate(ROOT, VA, access, true), access.name());
        }
        assertEquals(Pte.make(FRAME, Pte.V | Pte.R | Pte.W | Pte.X), leafInMemory());
        for (Access access : Access.values()) {
            assertEquals(FRAME, Pte.pfn(mmu.translate(ROOT, VA, access, false)), access.name());
        }
    }

    @Test
    void addressesFromTwoGigabytesUpAreNeverUserAccessible() {
        for (int va : new int[] {0x80000000, 0x80000FFF, 0xC0001234, 0xFFFFF000, 0xFFFFFFFF}) {
            int vpn = va >>> 12;
            int table = 3;
            mem.writePte(ROOT, Pte.rootIndex(vpn), Pte.make(table, Pte.V));
            int pte = Pte.make(FRAME, Pte.V | Pte.R | Pte.W | Pte.X | Pte.U);
            mem.writePte(table, Pte.leafIndex(vpn), pte);
            for (Access access : Access.values()) {
                assertEquals(0, mmu.translate(ROOT, va, access, true), String.format("user %s 0x%08x", access, va));
            }
            assertEquals(pte, mem.readPte(table, Pte.leafIndex(vpn)));
            assertEquals(FRAME, Pte.pfn(mmu.translate(ROOT, va, Access.LOAD, false)), "kernel may");
        }
        // Just below the line, a U page is fine.
        mem.writePte(ROOT, 0x1FF, Pte.make(4, Pte.V));
        mem.writePte(4, 0x3FF, Pte.make(FRAME, Pte.V | Pte.R | Pte.U));
        assertEquals(FRAME, Pte.pfn(mmu.translate(ROOT, 0x7FFFFFFF, Access.LOAD, true)));
    }

    @Test
    void accessedOnAnyAccessDirtyOnlyOnStore() {
        int base = Pte.make(FRAME, Pte.V | Pte.R | Pte.W | Pte.X | Pte.U);
        leaf(base);
        mmu.translate(ROOT, VA, Access.FETCH, true);
        assertEquals(base | Pte.A, leafInMemory(), "fetch sets A");
        leaf(base);
        mmu.translate(ROOT, VA, Access.LOAD, true);
        assertEquals(base | Pte.A, leafInMemory(), "load sets A");
        mmu.translate(ROOT, VA, Access.LOAD, true);
        assertEquals(base | Pte.A, leafInMemory(), "no D from loads");
        mmu.translate(ROOT, VA, Access.STORE, true);
        assertEquals(base | Pte.A | Pte.D, leafInMemory(), "store sets D");
        mmu.translate(ROOT, VA, Access.LOAD, true);
        assertEquals(base | Pte.A | Pte.D, leafInMemory(), "a later load keeps D");
        leaf(base);
        assertEquals(base | Pte.A | Pte.D, mmu.translate(ROOT, VA, Access.STORE, false), "store alone sets both");
        assertEquals(base | Pte.A | Pte.D, leafInMemory());
    }

    @Test
    void softwareBitsAndPfnSurviveTheAccessedDirtyUpdate() {
        int pte = Pte.make(15, Pte.V | Pte.R | Pte.W | Pte.COW | Pte.SW2);
        leaf(pte);
        assertEquals(pte | Pte.A | Pte.D, mmu.translate(ROOT, VA, Access.STORE, false));
        assertEquals(pte | Pte.A | Pte.D, leafInMemory());
        assertEquals(15, Pte.pfn(leafInMemory()));
    }

    @Test
    void aLeafNamingAFrameBeyondPhysicalMemoryFaults() {
        int pte = Pte.make(0x3FFFFF, Pte.V | Pte.R | Pte.W | Pte.U);
        leaf(pte);
        assertEquals(0, mmu.translate(ROOT, VA, Access.LOAD, true));
        assertEquals(pte, leafInMemory(), "nothing set on a faulting access");
        assertEquals(0, mmu.walk(ROOT, VA >>> 12));
    }

    @Test
    void theRootEntryIsNeverWritten() {
        leaf(Pte.make(FRAME, Pte.V | Pte.R | Pte.W));
        int rootEntry = mem.readPte(ROOT, 0x48);
        mmu.translate(ROOT, VA, Access.STORE, false);
        assertEquals(rootEntry, mem.readPte(ROOT, 0x48));
    }

    @Test
    void pteHelpers() {
        int pte = Pte.make(0x12345, Pte.V | Pte.R);
        assertEquals(0x12345, Pte.pfn(pte));
        assertEquals(0x048D1403, pte);
        assertTrue(Pte.isPointer(Pte.make(5, Pte.V)));
        assertTrue(Pte.isPointer(Pte.make(5, Pte.V | Pte.U | Pte.A)));
        assertFalse(Pte.isPointer(Pte.make(5, Pte.V | Pte.X)));
        assertFalse(Pte.isValid(Pte.swapEntry(3)));
        assertTrue(Pte.isSwap(Pte.swapEntry(3)));
        assertEquals(3, Pte.swapSlot(Pte.swapEntry(3)));
    }
}
