package dev.faultline.kernel;

import dev.faultline.machine.PhysicalMemory;
import dev.faultline.machine.Pte;
import dev.faultline.policy.Candidates;
import dev.faultline.policy.ReplacementPolicy;
import dev.faultline.trace.TraceKind;
import dev.faultline.trace.Tracer;
import java.io.IOException;
import java.util.Arrays;
import java.util.BitSet;

/**
 * The frame table and everything that moves pages between frames, files and swap: allocation, the reverse
 * map (frame to the PTEs that map it), reference counts, the page cache, the swap cache, replacement and
 * eviction. A frame's reference count is the PTEs that map it, plus one while it is in the page cache, plus
 * one while it is in the swap cache; at zero it is free.
 */
final class Memory {
    static final byte FREE = 0, PAGE_TABLE = 1, ANON = 2, CACHE = 3;

    private final Kernel kernel;
    final PhysicalMemory mem;
    final int frames;
    final byte[] use;
    final int[] refs;
    /**
     * The reverse map: a frame's first mapper inline (most frames have one, and a flat array keeps the
     * lookups of fork, copy-on-write and exit in cache), the others in a per-frame overflow list.
     */
    private final long[] rmapFirst;
    private final long[][] rmapMore;
    final int[] rmapCount;
    /** Swap-cache slot of a frame, or -1. */
    final int[] slotOf;
    final Inode[] inodeOf;
    final int[] pageOf;
    /** A page-cache or swap-cache frame whose contents differ from its file or slot. */
    final boolean[] dirty;
    final boolean[] pinned;
    private final int[] freeStack;
    private int freeTop;
    int used;
    int peakUsed;
    /** Frames holding page tables now, and at most. */
    int pageTables;
    int pageTablePeak;
    final SwapDevice swap;
    /** The replacement policy: told when a user frame arrives and leaves, asked which one to evict. */
    final ReplacementPolicy policy;
    private final String policyName;
    private final byte[] scratch = new byte[PhysicalMemory.PAGE_SIZE];
    long evictions;

    Memory(Kernel kernel, PhysicalMemory mem, KernelConfig cfg, SwapDevice swap) {
        this.kernel = kernel;
        this.mem = mem;
        this.frames = mem.frameCount();
        this.use = new byte[frames];
        this.refs = new int[frames];
        this.rmapFirst = new long[frames];
        this.rmapMore = new long[frames][];
        this.rmapCount = new int[frames];
        this.slotOf = new int[frames];
        Arrays.fill(slotOf, -1);
        this.inodeOf = new Inode[frames];
        this.pageOf = new int[frames];
        this.dirty = new boolean[frames];
        this.pinned = new boolean[frames];
        this.freeStack = new int[frames];
        for (int i = 0; i < frames; i++) freeStack[i] = frames - 1 - i; // frame 0 is handed out first
        this.freeTop = frames;
        this.swap = swap;
        this.policyName = cfg.policy().name();
        this.policy = cfg.policy().create();
        policy.start(frames, cfg.seed());
    }

    /** Lets a plug-in policy's watchdog go (the end of the run). */
    void closePolicy() {
        if (policy instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                kernel.warn("closing the policy " + policyName + ": " + e.getMessage());
            }
        }
    }

    int freeFrames() {
        return freeTop;
    }

    // ------------------------------------------------------------------ allocation

    /**
     * A zeroed frame for {@code kind}, evicting a page when none is free. With {@code mayKill} the OOM
     * killer runs when nothing can be evicted. Returns -1 when no frame could be had, or when the process
     * {@code requester} was itself the OOM victim.
     */
    int allocate(byte kind, Process requester, boolean mayKill) {
        return allocate(kind, requester, mayKill, true);
    }

    /** As {@link #allocate(byte, Process, boolean)}; without {@code zero} the caller overwrites the whole frame. */
    int allocate(byte kind, Process requester, boolean mayKill, boolean zero) {
        while (freeTop == 0) {
            if (evictOne()) continue;
            if (!mayKill || !kernel.oomKill()) return -1;
            if (requester != null && !requester.alive()) return -1;
        }
        int pfn = freeStack[--freeTop];
        use[pfn] = kind;
        refs[pfn] = 0;
        rmapCount[pfn] = 0;
        dirty[pfn] = false;
        used++;
        peakUsed = Math.max(peakUsed, used);
        if (kind == PAGE_TABLE) pageTablePeak = Math.max(pageTablePeak, ++pageTables);
        if (zero) mem.zeroFrame(pfn);
        else mem.prepareFrame(pfn);
        if (kind == ANON || kind == CACHE) policy.added(pfn);
        return pfn;
    }

    /** Returns a frame whose last reference is gone to the free list. */
    void release(int pfn) {
        if (use[pfn] == FREE) throw new IllegalStateException(String.format("Memory.release: frame %d is already free", pfn));
        if (refs[pfn] != 0 || rmapCount[pfn] != 0) {
            throw new IllegalStateException(String.format("Memory.release: frame %d still has %d references",
                    pfn, refs[pfn]));
        }
        byte was = use[pfn];
        if (was == PAGE_TABLE) pageTables--;
        use[pfn] = FREE;
        inodeOf[pfn] = null;
        slotOf[pfn] = -1;
        pinned[pfn] = false;
        mem.invalidateCode(pfn);
        freeStack[freeTop++] = pfn;
        used--;
        if (was == ANON || was == CACHE) policy.removed(pfn);
    }

    /** Drops one reference; frees the frame at zero. */
    void unref(int pfn) {
        if (--refs[pfn] == 0) release(pfn);
    }

    // ------------------------------------------------------------------ reverse map

    static long rmapKey(AddressSpace as, int vpn) {
        return (long) as.id << 32 | vpn;
    }

    /** Mapper i (0 ≤ i < rmapCount) of frame pfn, as a (space id, vpn) key. */
    private long mapper(int pfn, int i) {
        return i == 0 ? rmapFirst[pfn] : rmapMore[pfn][i - 1];
    }

    private void setMapper(int pfn, int i, long key) {
        if (i == 0) {
            rmapFirst[pfn] = key;
            return;
        }
        long[] more = rmapMore[pfn];
        if (more == null) rmapMore[pfn] = more = new long[2];
        else if (i - 1 == more.length) rmapMore[pfn] = more = Arrays.copyOf(more, more.length * 2);
        more[i - 1] = key;
    }

    void addMapper(int pfn, AddressSpace as, int vpn) {
        int n = rmapCount[pfn];
        setMapper(pfn, n, rmapKey(as, vpn));
        rmapCount[pfn] = n + 1;
        refs[pfn]++;
    }

    /** Removes a mapper and its reference (the frame may be freed). */
    void removeMapper(int pfn, AddressSpace as, int vpn) {
        long key = rmapKey(as, vpn);
        int n = rmapCount[pfn];
        for (int i = 0; i < n; i++) {
            if (mapper(pfn, i) == key) {
                setMapper(pfn, i, mapper(pfn, n - 1));
                rmapCount[pfn] = n - 1;
                unref(pfn);
                return;
            }
        }
        throw new IllegalStateException(String.format("Memory.removeMapper: frame %d is not mapped at 0x%08x in space %d",
                pfn, vpn << 12, as.id));
    }

    /** The mappers of a frame, as (space id, vpn) keys. */
    long[] mappers(int pfn) {
        long[] out = new long[rmapCount[pfn]];
        for (int i = 0; i < out.length; i++) out[i] = mapper(pfn, i);
        return out;
    }

    // ------------------------------------------------------------------ page cache

    /** The page-cache frame of a file page, or -1. */
    int cached(Inode inode, int page) {
        Integer pfn = inode.pages.get(page);
        return pfn == null ? -1 : pfn;
    }

    /**
     * The page-cache frame of a file page, reading it from the file when it is not cached. Sets
     * {@code majorOut[0]} when it needed I/O. Returns -1 when no frame could be had (or on an I/O error,
     * reported on stderr).
     */
    int cachePage(Inode inode, int page, Process requester, boolean[] majorOut) {
        int pfn = cached(inode, page);
        if (pfn >= 0) return pfn;
        pfn = allocate(CACHE, requester, true, false);
        if (pfn < 0) return -1;
        try {
            inode.readPage(page, scratch);
        } catch (IOException e) {
            kernel.warn("I/O error reading " + inode.name() + ": " + e.getMessage());
            refs[pfn] = 0;
            release(pfn);
            return -2;
        }
        mem.write(pfn, 0, scratch, 0, PhysicalMemory.PAGE_SIZE);
        inodeOf[pfn] = inode;
        pageOf[pfn] = page;
        inode.pages.put(page, pfn);
        refs[pfn]++;
        majorOut[0] = true;
        return pfn;
    }

    /** Writes a page-cache frame back to its file if it, or any PTE mapping it, is dirty; cleans the D bits. */
    void writeBack(int pfn) {
        boolean isDirty = dirty[pfn] | mapperBit(pfn, Pte.D, true);
        dirty[pfn] = false;
        if (!isDirty) return;
        try {
            mem.read(pfn, 0, scratch, 0, PhysicalMemory.PAGE_SIZE);
            inodeOf[pfn].writeBackPage(pageOf[pfn], scratch);
        } catch (IOException e) {
            kernel.warn("I/O error writing back " + inodeOf[pfn].name() + ": " + e.getMessage());
        }
    }

    /**
     * Whether any PTE that maps pfn has {@code bit} (A or D) set; with {@code clear}, also clears it in each
     * (writePte flushes their TLB entries).
     */
    private boolean mapperBit(int pfn, int bit, boolean clear) {
        boolean any = false;
        for (int i = 0; i < rmapCount[pfn]; i++) {
            long key = mapper(pfn, i);
            AddressSpace as = kernel.space((int) (key >>> 32));
            int vpn = (int) key;
            int pte = as.pte(mem, vpn);
            if ((pte & bit) != 0) {
                any = true;
                if (clear) kernel.vm().writePte(as, vpn, pte & ~bit);
                else return true;
            }
        }
        return any;
    }

    // ------------------------------------------------------------------ swap cache

    /** Drops a frame's swap-cache link; frees the slot when no swap entry names it any more. */
    void leaveSwapCache(int pfn) {
        int slot = slotOf[pfn];
        if (slot < 0) return;
        slotOf[pfn] = -1;
        swap.cacheFrame[slot] = -1;
        if (swap.refs[slot] == 0) swap.free(slot);
        unref(pfn);
    }

    /** One swap entry fewer names slot; frees it when none does and no frame caches it. */
    void dropSlotRef(int slot) {
        if (--swap.refs[slot] == 0 && swap.cacheFrame[slot] < 0) swap.free(slot);
    }

    // ------------------------------------------------------------------ replacement

    private boolean evictable(int pfn) {
        byte u = use[pfn];
        return (u == ANON || u == CACHE) && !pinned[pfn];
    }

    /**
     * Evicts one page chosen by the policy; false when no page can be evicted. A victim that cannot go (no
     * free swap slot) is left out, and the policy is asked again.
     */
    boolean evictOne() {
        Offer offer = new Offer();
        int tries = 0;
        while (tries++ < frames * 3 + 8) {
            if (!offer.any()) return false;
            int victim = policy.victim(offer);
            if (!offer.contains(victim)) {
                throw new IllegalStateException("Memory.evictOne: policy " + policyName + " chose frame " + victim
                        + ", which was not offered");
            }
            if (evict(victim)) return true;
            offer.refused.set(victim);
        }
        return false;
    }

    /** The frames a policy may choose from: user pages not pinned, and not refused in this round. */
    private final class Offer implements Candidates {
        final BitSet refused = new BitSet();

        boolean any() {
            for (int pfn = 0; pfn < frames; pfn++) if (contains(pfn)) return true;
            return false;
        }

        @Override
        public int frames() {
            return frames;
        }

        @Override
        public boolean contains(int frame) {
            return frame >= 0 && frame < frames && evictable(frame) && !refused.get(frame);
        }

        @Override
        public int count() {
            int n = 0;
            for (int pfn = 0; pfn < frames; pfn++) if (contains(pfn)) n++;
            return n;
        }

        @Override
        public int[] toArray() {
            int[] out = new int[count()];
            int i = 0;
            for (int pfn = 0; pfn < frames; pfn++) if (contains(pfn)) out[i++] = pfn;
            return out;
        }

        @Override
        public boolean referenced(int frame) {
            return contains(frame) && mapperBit(frame, Pte.A, false);
        }

        @Override
        public boolean clearReferenced(int frame) {
            return contains(frame) && mapperBit(frame, Pte.A, true);
        }

        @Override
        public boolean dirty(int frame) {
            return contains(frame) && (dirty[frame] || mapperBit(frame, Pte.D, false));
        }
    }

    /**
     * Evicts one page: an anonymous page (or one in the swap cache) goes to a swap slot and every PTE that
     * maps it becomes a swap entry; a clean file page is dropped; a dirty shared-file page is written back
     * first. False when the page cannot go (no swap slot).
     */
    boolean evict(int pfn) {
        Tracer tr = kernel.tracer();
        long t = kernel.cpu().instret();
        if (use[pfn] == CACHE) {
            writeBack(pfn);
            long[] ms = mappers(pfn);
            for (long key : ms) {
                AddressSpace as = kernel.space((int) (key >>> 32));
                int vpn = (int) key;
                kernel.vm().writePte(as, vpn, 0);
                as.resident--;
                removeMapper(pfn, as, vpn);
            }
            Inode inode = inodeOf[pfn];
            inode.pages.remove(pageOf[pfn]);
            evictions++;
            if (tr.on(TraceKind.EVICT)) {
                tr.emit(TraceKind.EVICT, t, kernel.currentPid(), "frame", pfn, "policy", policyName, "dropped", true);
            }
            unref(pfn);
            return true;
        }
        boolean isDirty = dirty[pfn] || mapperBit(pfn, Pte.D, false);
        int slot = slotOf[pfn];
        boolean write = slot < 0 || isDirty;
        if (slot < 0) {
            if (swap == null) return false;
            slot = swap.allocate();
            if (slot < 0) return false;
        }
        if (write) {
            try {
                mem.read(pfn, 0, scratch, 0, PhysicalMemory.PAGE_SIZE);
                swap.write(slot, scratch);
            } catch (IOException e) {
                kernel.warn("swap device write failed: " + e.getMessage());
                if (slotOf[pfn] < 0) swap.free(slot);
                return false;
            }
        }
        long[] ms = mappers(pfn);
        int firstVpn = ms.length > 0 ? (int) ms[0] : -1;
        for (long key : ms) {
            AddressSpace as = kernel.space((int) (key >>> 32));
            int vpn = (int) key;
            kernel.vm().writePte(as, vpn, Pte.swapEntry(slot));
            as.resident--;
            swap.refs[slot]++;
            if (as.owner != null) as.owner.counters.swapOuts++;
            removeMapper(pfn, as, vpn);
        }
        kernel.counters().swapOuts++;
        evictions++;
        kernel.noteSwap(true, pfn, slot);
        if (tr.on(TraceKind.SWAP_OUT)) {
            tr.emit(TraceKind.SWAP_OUT, t, kernel.currentPid(), "frame", pfn, "slot", slot, "vpn", firstVpn,
                    "mappers", ms.length);
        }
        if (tr.on(TraceKind.EVICT)) {
            tr.emit(TraceKind.EVICT, t, kernel.currentPid(), "frame", pfn, "policy", policyName, "dropped", false);
        }
        if (slotOf[pfn] >= 0) leaveSwapCache(pfn); // the frame's last reference: frees it
        // otherwise the last mapper's removal freed it
        if (swap.inUse(slot) && swap.refs[slot] == 0 && swap.cacheFrame[slot] < 0) swap.free(slot);
        return true;
    }

    /** Reads a slot into a fresh frame and puts it in the swap cache; -1 if no frame could be had. */
    int swapInFrame(int slot, Process requester) {
        int pfn = allocate(ANON, requester, true, false);
        if (pfn < 0) return -1;
        try {
            swap.read(slot, scratch);
        } catch (IOException e) {
            kernel.warn("swap device read failed: " + e.getMessage());
            release(pfn);
            return -2;
        }
        mem.write(pfn, 0, scratch, 0, PhysicalMemory.PAGE_SIZE);
        slotOf[pfn] = slot;
        swap.cacheFrame[slot] = pfn;
        refs[pfn]++;
        return pfn;
    }
}
