package dev.faultline.kernel;

import dev.faultline.isa.Access;
import dev.faultline.machine.PhysicalMemory;
import dev.faultline.machine.Pte;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Address spaces and their page tables: making and tearing down spaces, mapping and unmapping pages,
 * fork's copy of the tables, the page-fault handler (docs/kernel.md), munmap, mprotect and madvise.
 * In the manner of xv6's vm.c, one small method per operation.
 */
final class Vm implements Inode.Shrinking {
    private final KernelEvents events;
    private final Pmap pmap;
    private final Pager pager;
    private final PhysicalMemory mem;

    /** pmap writes the PTEs, pager finds and frees the frames; mem is for page contents (copies, zeroing). */
    Vm(KernelEvents events, Pmap pmap, Pager pager, PhysicalMemory mem) {
        this.events = events;
        this.pmap = pmap;
        this.pager = pager;
        this.mem = mem;
    }

    // ------------------------------------------------------------------ page tables

    /** A new, empty address space; null when no frame is free for its root table. */
    AddressSpace newSpace(Process owner, boolean mayKill) {
        int root = pager.allocate(FrameKind.PAGE_TABLE, owner, mayKill);
        if (root < 0) return null;
        AddressSpace as = pmap.create(root);
        as.owner = owner;
        return as;
    }

    /** The second-level table for vpn, made if missing; -1 when no frame could be had. */
    private int ensureTable(AddressSpace as, int vpn, boolean mayKill) {
        int t = as.table(vpn);
        if (t >= 0) return t;
        t = pager.allocate(FrameKind.PAGE_TABLE, as.owner, mayKill);
        if (t < 0) return -1;
        if (as.table(vpn) >= 0) { // made while we were evicting: cannot happen, tables are not evicted
            pager.release(t);
            return as.table(vpn);
        }
        pmap.addTable(as, vpn, t);
        return t;
    }

    /** PTE permission bits for a VMA's protection. */
    static int pteFlags(Vma vma) {
        int f = Pte.V | Pte.U;
        if ((vma.prot & Vma.READ) != 0) f |= Pte.R;
        if ((vma.prot & Vma.WRITE) != 0) f |= Pte.W;
        if ((vma.prot & Vma.EXEC) != 0) f |= Pte.X;
        return f;
    }

    /** Maps pfn at vpn (the table exists or is made); false when a table frame could not be had. */
    private boolean mapPage(AddressSpace as, int vpn, int pfn, int flags) {
        pager.pin(pfn); // a table allocation must not evict the page being mapped
        int t = ensureTable(as, vpn, true);
        pager.unpin(pfn);
        if (t < 0) return false;
        install(as, vpn, pfn, flags);
        return true;
    }

    /** Points vpn's PTE (its table exists) at pfn, and counts the mapping: reverse map, resident pages. */
    private void install(AddressSpace as, int vpn, int pfn, int flags) {
        pmap.writePte(as, vpn, Pte.make(pfn, flags));
        pager.addMapper(pfn, as, vpn);
        as.resident++;
        if (as.owner != null) as.owner.residentPeak = Math.max(as.owner.residentPeak, as.resident);
    }

    /** Clears one PTE: drops the frame's reference or the swap slot's; writes back a dirty shared-file page. */
    void clearPage(AddressSpace as, int vpn) {
        int pte = pmap.pte(as, vpn);
        if (pte == 0) return;
        if (Pte.isValid(pte)) {
            int pfn = Pte.pfn(pte);
            pmap.writePte(as, vpn, 0);
            if ((pte & Pte.D) != 0) pager.unmappedDirty(pfn);
            as.resident--;
            pager.removeMapper(pfn, as, vpn);
        } else {
            pmap.writePte(as, vpn, 0);
            if (Pte.isSwap(pte)) pager.dropSlotRef(Pte.swapSlot(pte));
        }
    }

    /** Clears every PTE in [start, end), skipping absent second-level tables whole. */
    void clearRange(AddressSpace as, int start, int end) {
        long vpn = Integer.toUnsignedLong(start) >>> 12;
        long last = Integer.toUnsignedLong(end) >>> 12;
        while (vpn < last) {
            if (as.tables[(int) (vpn >>> 10)] == 0) {
                vpn = (vpn | 0x3FF) + 1;
                continue;
            }
            clearPage(as, (int) vpn);
            vpn++;
        }
    }

    /** Tears down a whole space: every page, then the tables and the root. */
    void destroy(AddressSpace as) {
        for (Vma v : new ArrayList<>(as.vmas.values())) clearRange(as, v.start, v.end);
        // pages mapped outside any VMA cannot exist, but sweep every table to be safe
        for (int i = 0; i < 1024; i++) {
            if (as.tables[i] == 0) continue;
            for (int j = 0; j < 1024; j++) {
                if (pmap.pte(as, i << 10 | j) != 0) clearPage(as, i << 10 | j);
            }
            pager.release(pmap.removeTable(as, i));
        }
        as.vmas.clear();
        pager.release(as.rootPfn);
        pmap.remove(as);
    }

    /**
     * A file shrank to {@code size} bytes ({@code O_TRUNC}, or a host writer): as Linux's truncate does,
     * the page-cache pages wholly past the end leave the cache and every mapping without being written,
     * private copies of them are unmapped too, and the bytes past the end of the last partial page become
     * zero. A later access to a mapped page past the end finds no page, and the fault raises SIGBUS.
     */
    @Override
    public void shrunk(Inode file, long size) {
        truncate(file, size);
    }

    /** As {@link #shrunk}: the pages of file past size leave the cache and every mapping. */
    void truncate(Inode file, long size) {
        int firstGone = (int) ((size + 0xFFF) >>> 12);
        for (int pfn : new ArrayList<>(file.pages.tailMap(firstGone).values())) pager.dropCached(pfn);
        for (AddressSpace as : pmap.spaces()) {
            if (as == null) continue;
            for (Vma v : new ArrayList<>(as.vmas.values())) {
                if (v.file != file) continue;
                long from = (Integer.toUnsignedLong(v.start) >>> 12) + Math.max(0, firstGone - v.filePage);
                if (from < Integer.toUnsignedLong(v.end) >>> 12) clearRange(as, (int) (from << 12), v.end);
            }
        }
        int partial = (int) (size & 0xFFF);
        int last = pager.cached(file, (int) (size >>> 12));
        if (partial != 0 && last >= 0) mem.write(last, partial, new byte[4096 - partial], 0, 4096 - partial);
    }

    // ------------------------------------------------------------------ fork

    /**
     * Copies the parent's page tables into child (not its pages): every private writable page, and every
     * private anonymous one (mprotect may make it writable later), becomes read-only and copy-on-write in
     * both; shared pages stay shared; swap entries share their slot.
     * False when a page-table frame could not be had (the caller undoes the child and fails with -ENOMEM).
     */
    boolean copyTables(AddressSpace parent, AddressSpace child) {
        child.brkStart = parent.brkStart;
        child.brk = parent.brk;
        boolean flushParent = false;
        // One table's entries at a time, parent's and child's: two bulk reads and at most two bulk writes per
        // table instead of two or three PTE accesses per page (fork copies 16,384 PTEs for 64 MiB).
        int[] ptes = new int[1024], cptes = new int[1024];
        for (Vma v : parent.vmas.values()) {
            child.vmas.put(v.start, v.copy());
            long first = Integer.toUnsignedLong(v.start) >>> 12, last = Integer.toUnsignedLong(v.end) >>> 12;
            for (long vpn = first; vpn < last; vpn = (vpn | 0x3FF) + 1) {
                int i = (int) (vpn >>> 10);
                if (parent.tables[i] == 0) continue; // no table: skip to the next one
                int to = (int) Math.min(last - ((long) i << 10), 1024);
                int copied = copyTable(parent, child, v, i, (int) vpn & 0x3FF, to, ptes, cptes);
                if (copied < 0) return false;
                if (copied > 0) flushParent = true;
            }
        }
        if (flushParent) pmap.flush(parent);
        if (child.owner != null) child.owner.residentPeak = Math.max(child.owner.residentPeak, child.resident);
        return true;
    }

    /**
     * Copies entries [from, to) of the parent's table i (which exists) into the child's, as
     * {@link #copyTables} says. -1 when the child's table could not be made, 1 when a parent PTE became
     * copy-on-write (its TLB entries must go), else 0.
     */
    private int copyTable(AddressSpace parent, AddressSpace child, Vma v, int i, int from, int to, int[] ptes,
            int[] cptes) {
        pmap.readTable(parent, i, ptes);
        int j = from;
        while (j < to && ptes[j] == 0) j++;
        if (j == to) return 0;
        if (child.table(i << 10) < 0) {
            if (ensureTable(child, i << 10 | j, false) < 0) return -1;
            pmap.readTable(parent, i, ptes); // making the table may have evicted pages this table maps
        }
        pmap.readTable(child, i, cptes); // an earlier area may share this table
        boolean parentChanged = false;
        for (; j < to; j++) {
            int pte = ptes[j];
            if (pte == 0) continue;
            if (Pte.isValid(pte)) {
                // A private anonymous page is COW in both from now on, even one mprotect has made
                // read-only: a later mprotect must not make a shared frame writable.
                boolean anon = pager.kind(Pte.pfn(pte)) == FrameKind.ANON;
                if (!v.shared && ((pte & Pte.W) != 0 || anon) && (pte & Pte.COW) == 0) {
                    pte = (pte & ~Pte.W) | Pte.COW;
                    ptes[j] = pte;
                    parentChanged = true;
                }
                pager.addMapper(Pte.pfn(pte), child, i << 10 | j);
                child.resident++;
            } else if (Pte.isSwap(pte)) {
                pager.refSlot(Pte.swapSlot(pte));
            }
            cptes[j] = pte;
        }
        if (parentChanged) pmap.writeTable(parent, i, ptes);
        pmap.writeTable(child, i, cptes);
        return parentChanged ? 1 : 0;
    }

    // ------------------------------------------------------------------ the page-fault handler

    /**
     * Handles a fault at va (docs/kernel.md, the page-fault handler), by the program or by the kernel's own access to user
     * memory. The result says how it ended: resolved (the access can be retried), a signal to raise, or no
     * memory (the process was killed); and for the trace, the kind, whether it was major, and the frame.
     */
    FaultResult handleFault(Process p, int va, Access access) {
        AddressSpace as = p.space;
        Vma vma = as.find(va);
        boolean grew = false;
        if (vma == null) {
            vma = growStack(as, va);
            if (vma == null) return FaultResult.MAPERR;
            grew = true;
        }
        if (!vma.permits(access)) return FaultResult.ACCERR;
        int vpn = va >>> 12;
        int pte = pmap.pte(as, vpn);
        if (pte == 0) {
            if (vma.file == null) return demandZero(p, as, vma, vpn, grew);
            return filePage(p, as, vma, vpn, access);
        }
        if (Pte.isSwap(pte)) return swapIn(p, as, vma, vpn, Pte.swapSlot(pte));
        if (!Pte.isValid(pte)) {
            throw new IllegalStateException(String.format("Vm.handleFault: corrupt PTE 0x%08x at 0x%08x", pte, va));
        }
        if (access == Access.STORE && (pte & Pte.COW) != 0) return copyOnWrite(p, as, vma, vpn, pte);
        // The PTE already allows the access (a stale TLB entry), or lags its VMA: refresh it and retry.
        int want = (pte & ~(Pte.R | Pte.W | Pte.X)) | (pteFlags(vma) & (Pte.R | Pte.W | Pte.X));
        if ((pte & Pte.COW) != 0) want &= ~Pte.W;
        pmap.writePte(as, vpn, want);
        return FaultResult.minor(FaultKind.SPURIOUS, Pte.pfn(pte));
    }

    /** Grows the stack area down to va's page if va lies within the stack limit; the grown VMA, or null. */
    private Vma growStack(AddressSpace as, int va) {
        Vma stack = as.stack();
        if (stack == null || va < AddressSpace.STACK_LIMIT || Integer.compareUnsigned(va, stack.start) >= 0) return null;
        int page = va & ~0xFFF;
        if (!as.isFree(page, stack.start)) return null;
        as.vmas.remove(stack.start);
        stack.start = page;
        as.vmas.put(stack.start, stack);
        return stack;
    }

    private FaultResult demandZero(Process p, AddressSpace as, Vma vma, int vpn, boolean grew) {
        int pfn = pager.allocate(FrameKind.ANON, p, true);
        if (pfn < 0) return FaultResult.NOMEM;
        if (!mapPage(as, vpn, pfn, pteFlags(vma))) {
            pager.release(pfn);
            return FaultResult.NOMEM;
        }
        return FaultResult.minor(grew ? FaultKind.STACK_GROW : FaultKind.DEMAND_ZERO, pfn);
    }

    /** A never-touched page of a file mapping: from the page cache (reading the file if needed). */
    private FaultResult filePage(Process p, AddressSpace as, Vma vma, int vpn, Access access) {
        int page = vma.filePageOf(vpn);
        if ((long) page << 12 >= vma.file.size()) {
            vma.file.refreshSize();
            if ((long) page << 12 >= vma.file.size()) return FaultResult.BUS;
        }
        // Shared anonymous memory: a page no sharer has touched yet arrives as a zero page.
        boolean fresh = vma.file.isAnonymous() && pager.cached(vma.file, page) < 0 && !vma.file.holdsPage(page);
        PageIn in = pager.cachePage(vma.file, page, p);
        if (in.outcome() == PageIn.Outcome.IO_ERROR) return FaultResult.IO_ERROR; // the access cannot be satisfied
        if (!in.ready()) return FaultResult.NOMEM;
        int cache = in.pfn();
        boolean wasMajor = in.major() && !vma.file.isAnonymous();
        if (vma.shared) {
            if (!mapPage(as, vpn, cache, pteFlags(vma))) return FaultResult.NOMEM;
            return FaultResult.resolved(fresh ? FaultKind.DEMAND_ZERO : FaultKind.FILE, wasMajor, cache);
        }
        if (access == Access.STORE) { // private: the first store maps a private copy
            pager.pin(cache);
            int copy = pager.allocate(FrameKind.ANON, p, true, false);
            pager.unpin(cache);
            if (copy < 0) return FaultResult.NOMEM;
            mem.copyFrame(cache, copy);
            if (!mapPage(as, vpn, copy, pteFlags(vma))) {
                pager.release(copy);
                return FaultResult.NOMEM;
            }
            return FaultResult.resolved(FaultKind.COW, wasMajor, copy);
        }
        int flags = pteFlags(vma);
        if ((flags & Pte.W) != 0) flags = (flags & ~Pte.W) | Pte.COW;
        if (!mapPage(as, vpn, cache, flags)) return FaultResult.NOMEM;
        return FaultResult.resolved(FaultKind.FILE, wasMajor, cache);
    }

    /** A swap entry: read the slot back, or find it in the swap cache. */
    private FaultResult swapIn(Process p, AddressSpace as, Vma vma, int vpn, int slot) {
        PageIn in = pager.swapIn(slot, p);
        if (in.outcome() == PageIn.Outcome.IO_ERROR) return FaultResult.IO_ERROR; // SIGBUS; the slot stays for the others
        if (!in.ready()) return FaultResult.NOMEM;
        int pfn = in.pfn();
        boolean cachedHit = !in.major();
        pager.pin(pfn);
        int t = ensureTable(as, vpn, true);
        pager.unpin(pfn);
        if (t < 0) return FaultResult.NOMEM;
        pager.dropSlotRef(slot);
        int flags = pteFlags(vma);
        boolean sharedWithOthers = pager.slotEntries(slot) > 0 || pager.mapperCount(pfn) > 0;
        if (!vma.shared && sharedWithOthers) flags = (flags & ~Pte.W) | Pte.COW; // even while read-only
        install(as, vpn, pfn, flags);
        events.swapIn(pfn, slot, cachedHit);
        // A page no swap entry names any more need not stay in the swap cache once it is written;
        // it stays (clean relative to its slot) so a later eviction need not write it again.
        return FaultResult.resolved(FaultKind.SWAP_IN, !cachedHit, pfn);
    }

    /** A store to a copy-on-write page: copy it if it has other users, else make it writable. */
    private FaultResult copyOnWrite(Process p, AddressSpace as, Vma vma, int vpn, int pte) {
        int pfn = Pte.pfn(pte);
        int others = pager.mapperCount(pfn) - 1 + pager.swapEntriesOf(pfn);
        boolean fromCache = pager.kind(pfn) == FrameKind.CACHE;
        int flags = pteFlags(vma);
        if (!fromCache && others == 0) {
            pmap.writePte(as, vpn, Pte.make(pfn, flags | (pte & (Pte.A | Pte.D))));
            return FaultResult.minor(FaultKind.COW_REUSE, pfn);
        }
        pager.pin(pfn);
        int copy = pager.allocate(FrameKind.ANON, p, true, false);
        pager.unpin(pfn);
        if (copy < 0) return FaultResult.NOMEM;
        // allocation may have evicted the old page: re-read the PTE
        int now = pmap.pte(as, vpn);
        if (now != pte && (!Pte.isValid(now) || Pte.pfn(now) != pfn)) {
            pager.release(copy);
            return FaultResult.minor(FaultKind.SPURIOUS, -1); // the retried store faults again and takes the right path
        }
        mem.copyFrame(pfn, copy);
        pmap.writePte(as, vpn, Pte.make(copy, flags));
        pager.addMapper(copy, as, vpn);
        pager.removeMapper(pfn, as, vpn);
        return FaultResult.minor(FaultKind.COW, copy);
    }

    // ------------------------------------------------------------------ mprotect, munmap, madvise

    /** Splits VMAs so that start and end are area boundaries. */
    void split(AddressSpace as, int start, int end) {
        for (int cut : new int[] {start, end}) {
            Vma v = as.find(cut);
            if (v != null && v.start != cut) {
                as.vmas.remove(v.start);
                Vma lo = v.slice(v.start, cut), hi = v.slice(cut, v.end);
                as.vmas.put(lo.start, lo);
                as.vmas.put(hi.start, hi);
            }
        }
    }

    /** The VMAs inside [start, end) (after a split at both ends). */
    List<Vma> areasIn(AddressSpace as, int start, int end) {
        List<Vma> out = new ArrayList<>();
        for (Map.Entry<Integer, Vma> e : as.vmas.entrySet()) {
            Vma v = e.getValue();
            if (Integer.compareUnsigned(v.start, start) >= 0 && Integer.compareUnsigned(v.end, end) <= 0
                    && Integer.compareUnsigned(v.start, end) < 0) out.add(v);
        }
        return out;
    }

    /** munmap: clears the pages (writing back dirty shared ones) and removes the areas. */
    void unmap(AddressSpace as, int start, int end) {
        split(as, start, end);
        for (Vma v : areasIn(as, start, end)) {
            clearRange(as, v.start, v.end);
            as.vmas.remove(v.start);
        }
    }

    /** mprotect: new protection for every area and present page in [start, end). */
    void protect(AddressSpace as, int start, int end, int prot) {
        split(as, start, end);
        for (Vma v : areasIn(as, start, end)) {
            v.prot = prot;
            int flags = pteFlags(v);
            for (long vpn = Integer.toUnsignedLong(v.start) >>> 12; vpn < Integer.toUnsignedLong(v.end) >>> 12; vpn++) {
                if (as.tables[(int) (vpn >>> 10)] == 0) {
                    vpn |= 0x3FF;
                    continue;
                }
                int pte = pmap.pte(as, (int) vpn);
                if (!Pte.isValid(pte)) continue;
                boolean cow = (pte & Pte.COW) != 0 || (!v.shared && sharedFrame(Pte.pfn(pte)));
                int f = flags;
                if (cow && (f & Pte.W) != 0) f = (f & ~Pte.W) | Pte.COW;
                else if (cow) f |= (pte & Pte.COW);
                pmap.writePte(as, (int) vpn, Pte.make(Pte.pfn(pte), f | (pte & (Pte.A | Pte.D))));
            }
        }
    }

    /**
     * madvise(MADV_DONTNEED): drops the private pages of [start, end), so private anonymous pages read back
     * as zero and private file pages as the file's contents; shared pages keep their data (they stay).
     */
    void dontNeed(AddressSpace as, int start, int end) {
        for (Vma v : new ArrayList<>(as.vmas.values())) {
            int from = Integer.compareUnsigned(v.start, start) > 0 ? v.start : start;
            int to = Integer.compareUnsigned(v.end, end) < 0 ? v.end : end;
            if (Integer.compareUnsigned(from, to) >= 0) continue;
            clearRange(as, from, to);
        }
    }

    /**
     * Whether a private mapping of pfn must stay copy-on-write: a page-cache page, or a frame other PTEs or
     * swap entries still share.
     */
    private boolean sharedFrame(int pfn) {
        return pager.kind(pfn) == FrameKind.CACHE || pager.mapperCount(pfn) > 1 || pager.swapEntriesOf(pfn) > 0;
    }

    /** True when [start, end) is wholly covered by areas (mprotect's -ENOMEM check). */
    boolean covered(AddressSpace as, int start, int end) {
        long at = Integer.toUnsignedLong(start);
        long stop = Integer.toUnsignedLong(end);
        while (at < stop) {
            Vma v = as.find((int) at);
            if (v == null) return false;
            at = Integer.toUnsignedLong(v.end);
        }
        return true;
    }

    /** First fit from the mmap base for length bytes; -1 when there is no room. */
    int findFree(AddressSpace as, int length) {
        long at = AddressSpace.MMAP_BASE;
        long limit = Integer.toUnsignedLong(AddressSpace.STACK_LIMIT);
        for (Vma v : as.vmas.values()) {
            long vs = Integer.toUnsignedLong(v.start), ve = Integer.toUnsignedLong(v.end);
            if (ve <= at) continue;
            if (vs >= at + length) break;
            at = ve;
        }
        return at + length <= limit ? (int) at : -1;
    }
}
