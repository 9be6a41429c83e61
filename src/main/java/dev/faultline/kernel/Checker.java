package dev.faultline.kernel;

import dev.faultline.machine.PhysicalMemory;
import dev.faultline.machine.Pte;
import dev.faultline.machine.Tlb;

/**
 * {@code --check}: the kernel's invariants, verified after every kernel operation. {@link #check()} returns
 * null, or a sentence naming the first invariant broken and where.
 */
final class Checker {
    private final PhysicalMemory mem;
    private final Pager pager;
    private final Tlb tlb;
    private final Pmap pmap;
    private final ProcessTable procs;

    /** pmap holds the spaces, and names the live space whose entries the TLB may hold under an ASID. */
    Checker(PhysicalMemory mem, Pager pager, Tlb tlb, Pmap pmap, ProcessTable procs) {
        this.mem = mem;
        this.pager = pager;
        this.tlb = tlb;
        this.pmap = pmap;
        this.procs = procs;
    }

    String check() {
        Pager f = pager;
        int n = f.frameCount;
        int[] mapped = new int[n];
        int slots = f.swap == null ? 0 : f.swap.slots();
        int[] slotEntries = new int[slots];
        for (AddressSpace as : pmap.spaces()) {
            if (as == null) continue;
            if (f.table.kind(as.rootPfn) != FrameKind.PAGE_TABLE) return "root table frame " + as.rootPfn + " of space " + as.id + " is not a page table";
            int resident = 0;
            for (int i = 0; i < 1024; i++) {
                int root = mem.readPte(as.rootPfn, i);
                if (as.tables[i] == 0) {
                    if (root != 0) return String.format("root entry %d of space %d is set but the kernel knows no table", i, as.id);
                    continue;
                }
                int table = as.tables[i] - 1;
                if (!Pte.isPointer(root) || Pte.pfn(root) != table) return String.format("root entry %d of space %d does not point to its table", i, as.id);
                for (int j = 0; j < 1024; j++) {
                    int pte = mem.readPte(table, j);
                    if (pte == 0) continue;
                    int va = (i << 10 | j) << 12;
                    if (Pte.isSwap(pte)) {
                        int slot = Pte.swapSlot(pte);
                        if (slot >= slots || !f.swap.inUse(slot)) return String.format("swap entry at 0x%08x names free slot %d", va, slot);
                        slotEntries[slot]++;
                        continue;
                    }
                    if (!Pte.isValid(pte)) return String.format("PTE 0x%08x at 0x%08x is neither valid, zero nor a swap entry", pte, va);
                    int pfn = Pte.pfn(pte);
                    if (pfn >= n || f.table.kind(pfn) == FrameKind.FREE) return String.format("free frame %d is mapped at 0x%08x in space %d", pfn, va, as.id);
                    if (f.table.kind(pfn) == FrameKind.PAGE_TABLE) return String.format("page-table frame %d is mapped at 0x%08x", pfn, va);
                    mapped[pfn]++;
                    resident++;
                    Vma v = as.find(va);
                    if (v == null) return String.format("PTE at 0x%08x in space %d lies outside every VMA", va, as.id);
                    int vmaFlags = Vm.pteFlags(v);
                    if ((pte & (Pte.R | Pte.W | Pte.X) & ~vmaFlags) != 0) return String.format("PTE at 0x%08x allows more than its VMA %s", va, v);
                    if ((pte & Pte.W) != 0 && !v.shared) {
                        int users = f.table.mapperCount(pfn) + (f.table.slot(pfn) >= 0 ? f.swap.refs(f.table.slot(pfn)) : 0);
                        if (users != 1) return String.format("writable private page at 0x%08x (frame %d) has %d users", va, pfn, users);
                        if (f.table.kind(pfn) == FrameKind.CACHE) return String.format("writable private page at 0x%08x maps page-cache frame %d", va, pfn);
                    }
                }
            }
            if (resident != as.resident) return String.format("space %d counts %d resident pages but maps %d", as.id, as.resident, resident);
        }
        for (int pfn = 0; pfn < n; pfn++) {
            if (f.table.kind(pfn) == FrameKind.FREE || f.table.kind(pfn) == FrameKind.PAGE_TABLE) continue;
            if (mapped[pfn] != f.table.mapperCount(pfn)) return String.format("frame %d has %d reverse-map entries but %d PTEs map it", pfn, f.table.mapperCount(pfn), mapped[pfn]);
            int expected = mapped[pfn] + (f.table.file(pfn) != null ? 1 : 0) + (f.table.slot(pfn) >= 0 ? 1 : 0);
            if (f.table.refs(pfn) != expected) return String.format("frame %d has reference count %d, but %d references", pfn, f.table.refs(pfn), expected);
            if (f.table.file(pfn) != null && f.cached(f.table.file(pfn), f.table.filePage(pfn)) != pfn) return String.format("frame %d is not where the page cache says", pfn);
            // truncation drops every page wholly past the end of its file (docs/kernel.md, Files)
            if (f.table.file(pfn) != null && (long) f.table.filePage(pfn) << 12 >= f.table.file(pfn).size()) return String.format("page-cache frame %d holds page %d of %s, past its end (%d bytes)", pfn, f.table.filePage(pfn), f.table.file(pfn).name(), f.table.file(pfn).size());
            if (f.table.slot(pfn) >= 0 && f.swap.cacheFrame(f.table.slot(pfn)) != pfn) return String.format("frame %d and swap slot %d disagree about the swap cache", pfn, f.table.slot(pfn));
        }
        for (int s = 0; s < slots; s++) {
            if (!f.swap.inUse(s)) continue;
            if (f.swap.refs(s) != slotEntries[s]) return String.format("swap slot %d has reference count %d, but %d swap entries", s, f.swap.refs(s), slotEntries[s]);
            if (slotEntries[s] == 0 && f.swap.cacheFrame(s) < 0) return String.format("swap slot %d is in use but nothing names it", s);
        }
        for (int i = 0; i < Math.max(tlb.size(), 0); i++) {
            int[] e = tlb.entry(i);
            if (e == null) continue;
            AddressSpace owner = pmap.asidOwner(e[1]);
            if (owner == null) continue; // a dead space's entry: flushed before its ASID runs again
            int pte = owner.pte(mem, e[0]);
            int mask = ~(Pte.A | Pte.D);
            if ((pte & mask) != (e[2] & mask)) return String.format("TLB entry for 0x%08x (asid %d) holds 0x%08x but the PTE is 0x%08x", e[0] << 12, e[1], e[2], pte);
        }
        for (Process p : procs.all()) {
            if (!p.alive() && p.space != null) return "zombie process " + p.pid + " still holds an address space";
        }
        return null;
    }
}
