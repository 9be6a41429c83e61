package dev.faultline.kernel;

import dev.faultline.machine.PhysicalMemory;
import java.util.Map;
import java.util.TreeMap;

/**
 * One process's address space: a two-level page table in emulated physical memory (the root and
 * second-level tables are frames) and the sorted set of its VMAs. {@link #tables} mirrors the root table
 * (second-level frame + 1, or 0 for none) so the kernel need not read the root to find a table.
 */
final class AddressSpace {
    static final int USER_TOP = 0x80000000;
    static final int STACK_LIMIT = 0x80000000 - (1 << 20);
    static final int MMAP_BASE = 0x40000000;

    final int id;
    final int asid;
    final int rootPfn;
    final int[] tables = new int[1024];
    int tableCount;
    final TreeMap<Integer, Vma> vmas = new VmaMap();
    /** The area {@link #find} found last (the next fault is most often in the same one); null after any change to vmas. */
    private Vma lastFound;
    int brkStart;
    int brk;
    /** Valid PTEs in this space. */
    int resident;
    Process owner;

    AddressSpace(int id, int asid, int rootPfn) {
        this.id = id;
        this.asid = asid;
        this.rootPfn = rootPfn;
    }

    /** The PTBR value that selects this space: root frame, ASID, paging on. */
    int ptbr() {
        return rootPfn | asid << 22 | 1 << 31;
    }

    /** The VMA covering va, or null. */
    Vma find(int va) {
        Vma last = lastFound;
        if (last != null && last.contains(va)) return last;
        Map.Entry<Integer, Vma> e = vmas.floorEntry(va);
        if (e == null || !e.getValue().contains(va)) return null;
        lastFound = e.getValue();
        return lastFound;
    }

    /** The VMAs by start address; every change forgets {@link #lastFound}. (Areas never overlap, so an area
     *  still in the map that contains va is the one floorEntry would find.) */
    private final class VmaMap extends TreeMap<Integer, Vma> {
        VmaMap() {
            super(Integer::compareUnsigned);
        }

        @Override
        public Vma put(Integer start, Vma v) {
            lastFound = null;
            return super.put(start, v);
        }

        @Override
        public Vma remove(Object start) {
            lastFound = null;
            return super.remove(start);
        }

        @Override
        public void putAll(Map<? extends Integer, ? extends Vma> m) {
            lastFound = null;
            super.putAll(m);
        }

        @Override
        public void clear() {
            lastFound = null;
            super.clear();
        }
    }

    Vma stack() {
        for (Vma v : vmas.values()) {
            if (v.role == Vma.Role.STACK) return v;
        }
        return null;
    }

    Vma heap() {
        for (Vma v : vmas.values()) {
            if (v.role == Vma.Role.HEAP) return v;
        }
        return null;
    }

    /** True when no VMA overlaps [start, end). */
    boolean isFree(int start, int end) {
        Map.Entry<Integer, Vma> e = vmas.lowerEntry(end);
        return e == null || Integer.compareUnsigned(e.getValue().end, start) <= 0;
    }

    /** Second-level table frame for vpn, or -1. */
    int table(int vpn) {
        return tables[vpn >>> 10] - 1;
    }

    int pte(PhysicalMemory mem, int vpn) {
        int t = tables[vpn >>> 10];
        return t == 0 ? 0 : mem.readPte(t - 1, vpn & 0x3FF);
    }
}
