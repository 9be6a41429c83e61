package dev.faultline.kernel;

import dev.faultline.machine.AccessRecorder;
import dev.faultline.machine.PhysicalMemory;
import dev.faultline.machine.Pte;
import dev.faultline.policy.Candidates;
import dev.faultline.policy.ReplacementPolicy;
import dev.faultline.trace.TraceKind;
import dev.faultline.trace.Tracer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pager: everything that moves pages between frames, files and swap, on top of the {@link FrameTable}:
 * allocation that evicts when memory is full, the page cache, the swap cache, replacement (asking the
 * policy) and eviction (rewriting every PTE that maps the victim, found through the reverse map).
 */
final class Pager {
    /**
     * The one call the pager makes upward, through this narrow face: when nothing can be evicted, the OOM
     * killer frees a whole process's frames (the kernel sets it once the layers above exist).
     */
    interface OomKiller {
        /** Kills the process with the largest footprint; false when no process holds a page. */
        boolean oomKill();
    }

    private final KernelEvents events;
    private final FaultInjector injector;
    private final Pmap pmap;
    private OomKiller oomKiller;
    final PhysicalMemory mem;
    final int frameCount;
    /** Who holds each frame: kinds, references, reverse map, links, pins (the layer below). */
    final FrameTable table;
    final SwapDevice swap;
    /** The replacement policy: told when a user frame arrives and leaves, asked which one to evict. */
    final ReplacementPolicy policy;
    private final String policyName;
    private final byte[] scratch = new byte[PhysicalMemory.PAGE_SIZE];
    long evictions;
    /** The host's message for the last write-back that failed (for the end of the run's one sentence). */
    private String lastWriteError;

    Pager(KernelEvents events, FaultInjector injector, Pmap pmap, PhysicalMemory mem, KernelConfig cfg, SwapDevice swap) {
        this.events = events;
        this.injector = injector;
        this.pmap = pmap;
        this.mem = mem;
        this.frameCount = mem.frameCount();
        this.swap = swap;
        this.policyName = cfg.policy().name();
        this.policy = cfg.policy().create();
        policy.start(frameCount, cfg.seed());
        this.table = new FrameTable(mem, policy);
    }

    void setOomKiller(OomKiller oomKiller) {
        this.oomKiller = oomKiller;
    }

    /** What tells the policy of every access the MMU makes, for a policy that wants them; else null. */
    AccessRecorder referenceRecorder() {
        return policy.wantsReferences() ? new References(policy) : null;
    }

    /** A plain class rather than a lambda: a copy of the kernel's objects (checkpoints) can follow it. */
    private static final class References implements AccessRecorder {
        private final ReplacementPolicy policy;

        References(ReplacementPolicy policy) {
            this.policy = policy;
        }

        @Override
        public void access(int asid, int vpn, int pfn) {
            policy.referenced(pfn);
        }
    }

    /** Lets a plug-in policy's watchdog go (the end of the run). */
    void closePolicy() {
        if (policy instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                events.warn("closing the policy " + policyName + ": " + e.getMessage());
            }
        }
    }

    /** Pages of one file the end of the run could not write back, and the host's reason for the last one. */
    record Unwritten(Inode file, int pages, String why) {}

    /**
     * Writes every dirty page-cache page back (the end of the run). A write-back that fails is tried once
     * more: an injected failure happens once, and nothing is lost. What still fails is returned, per file.
     */
    List<Unwritten> writeBackAll() {
        Map<Inode, Integer> lost = new LinkedHashMap<>();
        Map<Inode, String> why = new LinkedHashMap<>();
        for (int pfn = 0; pfn < frameCount; pfn++) {
            if (table.kind(pfn) != FrameKind.CACHE) continue;
            if (writeBack(pfn, false) || writeBack(pfn, false)) continue;
            lost.merge(table.file(pfn), 1, Integer::sum);
            why.put(table.file(pfn), lastWriteError);
        }
        List<Unwritten> out = new ArrayList<>();
        for (Map.Entry<Inode, Integer> l : lost.entrySet()) out.add(new Unwritten(l.getKey(), l.getValue(), why.get(l.getKey())));
        return out;
    }

    /** Closes the swap file (the end of the run, or a machine a debugger abandons); a failure is a warning. */
    void closeSwap() {
        try {
            if (swap != null) swap.close();
        } catch (IOException e) {
            events.warn("closing the swap file: " + e.getMessage());
        }
    }

    int freeFrames() {
        return table.free();
    }

    // ------------------------------------------------------------------ allocation

    /**
     * A zeroed frame for {@code kind}, evicting a page when none is free. With {@code mayKill} the OOM
     * killer runs when nothing can be evicted. Returns -1 when no frame could be had, or when the process
     * {@code requester} was itself the OOM victim.
     */
    int allocate(FrameKind kind, Process requester, boolean mayKill) {
        return allocate(kind, requester, mayKill, true);
    }

    /** As {@link #allocate(FrameKind, Process, boolean)}; without {@code zero} the caller overwrites the whole frame. */
    int allocate(FrameKind kind, Process requester, boolean mayKill, boolean zero) {
        // An injected failure: memory is exhausted at this moment, so the frame must come from eviction
        // (or the OOM killer), as if the free list were empty.
        boolean exhausted = injector.fails(InjectKind.ALLOC);
        while (table.free() == 0 || exhausted) {
            if (evictOne()) {
                exhausted = false;
                continue;
            }
            if (!mayKill || !oomKiller.oomKill()) return -1;
            exhausted = false;
            if (requester != null && !requester.alive()) return -1;
        }
        int pfn = table.take(kind);
        if (zero) mem.zeroFrame(pfn);
        else mem.prepareFrame(pfn);
        return pfn;
    }

    // ------------------------------------------------------------------ what the fault handler asks of a frame

    FrameKind kind(int pfn) {
        return table.kind(pfn);
    }

    /** Keeps pfn from eviction while the caller allocates (a table, a copy) for the page it holds. */
    void pin(int pfn) {
        table.pin(pfn);
    }

    void unpin(int pfn) {
        table.unpin(pfn);
    }

    /** PTEs that map pfn. */
    int mapperCount(int pfn) {
        return table.mapperCount(pfn);
    }

    /** Swap entries that name the slot whose swap cache pfn is; 0 when pfn is in no swap cache. */
    int swapEntriesOf(int pfn) {
        int slot = table.slot(pfn);
        return slot < 0 ? 0 : swap.refs(slot);
    }

    /** Swap entries that still name slot; 0 when it is free. */
    int slotEntries(int slot) {
        return swap.inUse(slot) ? swap.refs(slot) : 0;
    }

    /** One more swap entry names slot (fork copied one). */
    void refSlot(int slot) {
        swap.ref(slot);
    }

    /**
     * A PTE with its D bit set stopped mapping pfn: a page-cache page is written back now (munmap writes a
     * shared file page back); a swap-cache page is marked dirty, so its next eviction writes it again.
     */
    void unmappedDirty(int pfn) {
        if (table.kind(pfn) == FrameKind.CACHE) {
            table.setDirty(pfn, true);
            writeBack(pfn);
        } else if (table.slot(pfn) >= 0) {
            table.setDirty(pfn, true);
        }
    }

    // ------------------------------------------------------------------ freeing

    /** Returns a frame whose last reference is gone to the free list. */
    void release(int pfn) {
        table.release(pfn);
    }

    /** Drops one reference; frees the frame at zero. */
    void unref(int pfn) {
        table.unref(pfn);
    }

    // ------------------------------------------------------------------ reverse map

    void addMapper(int pfn, AddressSpace as, int vpn) {
        table.addMapper(pfn, as.id, vpn);
    }

    /** Removes a mapper and its reference (the frame may be freed). */
    void removeMapper(int pfn, AddressSpace as, int vpn) {
        table.removeMapper(pfn, as.id, vpn);
    }

    /** The mappers of a frame, as (space id, vpn) keys. */
    long[] mappers(int pfn) {
        return table.mappers(pfn);
    }

    // ------------------------------------------------------------------ page cache

    /** The page-cache frame of a file page, or -1. */
    int cached(Inode inode, int page) {
        Integer pfn = inode.pages.get(page);
        return pfn == null ? -1 : pfn;
    }

    /**
     * The page-cache frame of a file page, reading it from the file (a major fault) when it is not cached;
     * or no memory, or an I/O error (reported on stderr).
     */
    PageIn cachePage(Inode inode, int page, Process requester) {
        int pfn = cached(inode, page);
        if (pfn >= 0) return PageIn.ready(pfn, false);
        pfn = allocate(FrameKind.CACHE, requester, true, false);
        if (pfn < 0) return PageIn.NO_MEMORY;
        try {
            if (!inode.isAnonymous() && injector.fails(InjectKind.FILE_READ)) {
                throw new IOException("injected failure (--inject file-read)");
            }
            inode.readPage(page, scratch);
        } catch (IOException e) {
            events.warn("I/O error reading " + inode.name() + ": " + e.getMessage());
            release(pfn);
            return PageIn.IO_ERROR;
        }
        mem.write(pfn, 0, scratch, 0, PhysicalMemory.PAGE_SIZE);
        table.linkFile(pfn, inode, page);
        inode.pages.put(page, pfn);
        table.ref(pfn);
        return PageIn.ready(pfn, true);
    }

    /**
     * Takes a page-cache frame out of every PTE that maps it and out of its file's cache, writing nothing:
     * eviction has written it back first; truncation throws its bytes away, as Linux does.
     */
    void dropCached(int pfn) {
        for (long key : mappers(pfn)) {
            AddressSpace as = pmap.space((int) (key >>> 32));
            int vpn = (int) key;
            pmap.writePte(as, vpn, 0);
            as.resident--;
            removeMapper(pfn, as, vpn);
        }
        table.file(pfn).pages.remove(table.filePage(pfn));
        table.setDirty(pfn, false);
        unref(pfn);
    }

    /**
     * Writes a page-cache frame back to its file if it, or any PTE mapping it, is dirty; cleans the D bits.
     * False when the write failed: the page then stays dirty, to be written at the next write-back.
     */
    boolean writeBack(int pfn) {
        return writeBack(pfn, true);
    }

    /** As {@link #writeBack(int)}; without {@code warn} a failure is only remembered (the end of the run says it once). */
    boolean writeBack(int pfn, boolean warn) {
        boolean isDirty = table.dirty(pfn) | mapperBit(pfn, Pte.D, true);
        table.setDirty(pfn, false);
        if (!isDirty) return true;
        try {
            if (!table.file(pfn).isAnonymous() && injector.fails(InjectKind.FILE_WRITE)) {
                throw new IOException("injected failure (--inject file-write)");
            }
            mem.read(pfn, 0, scratch, 0, PhysicalMemory.PAGE_SIZE);
            table.file(pfn).writeBackPage(table.filePage(pfn), scratch);
            return true;
        } catch (IOException e) {
            lastWriteError = String.valueOf(e.getMessage());
            if (warn) events.warn("I/O error writing back " + table.file(pfn).name() + ": " + lastWriteError);
            table.setDirty(pfn, true);
            return false;
        }
    }

    /**
     * Whether any PTE that maps pfn has {@code bit} (A or D) set; with {@code clear}, also clears it in each
     * (writePte flushes their TLB entries).
     */
    private boolean mapperBit(int pfn, int bit, boolean clear) {
        boolean any = false;
        int n = table.mapperCount(pfn); // writePte leaves the reverse map alone: no copy needed
        for (int i = 0; i < n; i++) {
            long key = table.mapper(pfn, i);
            AddressSpace as = pmap.space((int) (key >>> 32));
            int vpn = (int) key;
            int pte = pmap.pte(as, vpn);
            if ((pte & bit) != 0) {
                any = true;
                if (clear) pmap.writePte(as, vpn, pte & ~bit);
                else return true;
            }
        }
        return any;
    }

    // ------------------------------------------------------------------ swap cache

    /** Drops a frame's swap-cache link; frees the slot when no swap entry names it any more. */
    void leaveSwapCache(int pfn) {
        int slot = table.slot(pfn);
        if (slot < 0) return;
        table.unlinkSlot(pfn);
        swap.setCacheFrame(slot, -1);
        if (swap.refs(slot) == 0) swap.free(slot);
        unref(pfn);
    }

    /** One swap entry fewer names slot; frees it when none does and no frame caches it. */
    void dropSlotRef(int slot) {
        if (swap.unref(slot) == 0 && swap.cacheFrame(slot) < 0) swap.free(slot);
    }

    // ------------------------------------------------------------------ replacement

    /**
     * Evicts one page chosen by the policy; false when no page can be evicted. A victim that cannot go (no
     * free swap slot) is left out, and the policy is asked again.
     */
    boolean evictOne() {
        Offer offer = new Offer();
        int tries = 0;
        while (tries++ < frameCount * 3 + 8) {
            if (!offer.any()) return false;
            int victim = policy.victim(offer);
            if (!offer.contains(victim)) {
                throw new IllegalStateException("Pager.evictOne: policy " + policyName + " chose frame " + victim
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
            for (int pfn = 0; pfn < frameCount; pfn++) if (contains(pfn)) return true;
            return false;
        }

        @Override
        public int frames() {
            return frameCount;
        }

        @Override
        public boolean contains(int frame) {
            return frame >= 0 && frame < frameCount && table.evictable(frame) && !refused.get(frame);
        }

        @Override
        public int count() {
            int n = 0;
            for (int pfn = 0; pfn < frameCount; pfn++) if (contains(pfn)) n++;
            return n;
        }

        @Override
        public int[] toArray() {
            int[] out = new int[count()];
            int i = 0;
            for (int pfn = 0; pfn < frameCount; pfn++) if (contains(pfn)) out[i++] = pfn;
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
            return contains(frame) && (table.dirty(frame) || mapperBit(frame, Pte.D, false));
        }
    }

    /**
     * Evicts one page: an anonymous page (or one in the swap cache) goes to a swap slot and every PTE that
     * maps it becomes a swap entry; a clean file page is dropped; a dirty shared-file page is written back
     * first. False when the page cannot go (no swap slot).
     */
    /**
     * The pid of a page's first mapper, for the {@code owner} field of swap-out and evict records: the record's
     * own pid is the process that needed the frame, which is often not the one losing the page. Null when no
     * process maps the page (a page-cache page nobody has mapped).
     */
    private Integer ownerOf(long[] ms) {
        if (ms.length == 0) return null;
        AddressSpace as = pmap.space((int) (ms[0] >>> 32));
        return as == null || as.owner == null ? null : as.owner.pid;
    }

    boolean evict(int pfn) {
        Tracer tr = events.tracer;
        long t = events.now();
        if (table.kind(pfn) == FrameKind.CACHE) {
            if (!writeBack(pfn)) return false; // the page stays, dirty: another victim is chosen
            Integer owner = ownerOf(mappers(pfn)); // read before the drop forgets the mappers
            dropCached(pfn); // its PTEs' TLB flushes are traced before the eviction
            evictions++;
            if (tr.on(TraceKind.EVICT)) {
                tr.emit(TraceKind.EVICT, t, events.currentPid(), "frame", pfn, "policy", policyName, "dropped", true,
                        "owner", owner);
            }
            return true;
        }
        boolean isDirty = table.dirty(pfn) || mapperBit(pfn, Pte.D, false);
        int slot = table.slot(pfn);
        boolean write = slot < 0 || isDirty;
        if (slot < 0) {
            if (swap == null) return false;
            slot = swap.allocate();
            if (slot < 0) return false;
        }
        if (write) {
            try {
                if (injector.fails(InjectKind.SWAP_WRITE)) {
                    throw new IOException("injected failure (--inject swap-write)");
                }
                mem.read(pfn, 0, scratch, 0, PhysicalMemory.PAGE_SIZE);
                swap.write(slot, scratch);
            } catch (IOException e) {
                events.warn("swap device write failed: " + e.getMessage());
                if (table.slot(pfn) < 0) swap.free(slot);
                return false;
            }
        }
        long[] ms = mappers(pfn);
        int firstVpn = ms.length > 0 ? (int) ms[0] : -1;
        Integer owner = ownerOf(ms);
        for (long key : ms) {
            AddressSpace as = pmap.space((int) (key >>> 32));
            int vpn = (int) key;
            pmap.writePte(as, vpn, Pte.swapEntry(slot));
            as.resident--;
            swap.ref(slot);
            if (as.owner != null) as.owner.counters.swapOuts++;
            removeMapper(pfn, as, vpn);
        }
        evictions++;
        events.swapOut(pfn, slot, firstVpn, ms.length, owner);
        if (tr.on(TraceKind.EVICT)) {
            tr.emit(TraceKind.EVICT, t, events.currentPid(), "frame", pfn, "policy", policyName, "dropped", false,
                    "owner", owner);
        }
        if (table.slot(pfn) >= 0) leaveSwapCache(pfn); // the frame's last reference: frees it
        // otherwise the last mapper's removal freed it
        if (swap.inUse(slot) && swap.refs(slot) == 0 && swap.cacheFrame(slot) < 0) swap.free(slot);
        return true;
    }

    /**
     * The frame of a swap slot's page: the swap cache's, or a fresh frame the slot is read into (a major
     * fault), which joins the swap cache. When the slot cannot be read, the slot and its swap entries stay.
     * Eviction may run: the caller's PTE still names the slot.
     */
    PageIn swapIn(int slot, Process requester) {
        int cachedFrame = swap.cacheFrame(slot);
        if (cachedFrame >= 0) return PageIn.ready(cachedFrame, false);
        int pfn = allocate(FrameKind.ANON, requester, true, false);
        if (pfn < 0) return PageIn.NO_MEMORY;
        try {
            if (injector.fails(InjectKind.SWAP_READ)) {
                throw new IOException("injected failure (--inject swap-read)");
            }
            swap.read(slot, scratch);
        } catch (IOException e) {
            events.warn("swap device read failed: " + e.getMessage());
            release(pfn);
            return PageIn.IO_ERROR;
        }
        mem.write(pfn, 0, scratch, 0, PhysicalMemory.PAGE_SIZE);
        table.linkSlot(pfn, slot);
        swap.setCacheFrame(slot, pfn);
        table.ref(pfn);
        return PageIn.ready(pfn, true);
    }

    /** The replacement state that decides future choices, as one line for {@link StateDump}. */
    String replacementState() {
        return "policy " + policyName + " free " + freeFrames() + " " + table.allocationState();
    }
}
