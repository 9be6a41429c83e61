package dev.faultline.kernel;

import dev.faultline.machine.PhysicalMemory;
import dev.faultline.policy.ReplacementPolicy;
import java.util.Arrays;

/**
 * The frame table, the bottom layer of the kernel (xv6's {@code kalloc}/{@code kfree}, plus Linux's
 * {@code struct page}): for each physical frame, what it holds, its reference count, its reverse map (the PTEs
 * that map it, as (space id, vpn) keys), its page-cache and swap-cache links, and whether it is pinned or
 * dirty. Nobody else writes this state: everything goes through the methods below. It does no I/O and never
 * evicts; {@link Pager} above it does.
 *
 * <p>A frame's reference count is the PTEs that map it, plus one while it is in the page cache, plus one
 * while it is in the swap cache. The replacement policy is told when a user frame is taken and freed.
 */
final class FrameTable {
    private final PhysicalMemory mem;
    private final ReplacementPolicy policy;
    private final int frames;
    private final FrameKind[] kind;
    private final int[] refs;
    /** The first mapper inline (most frames have one), the others in a per-frame overflow list. */
    private final long[] rmapFirst;
    private final long[][] rmapMore;
    private final int[] rmapCount;
    private final int[] slot;
    private final Inode[] inode;
    private final int[] filePage;
    private final boolean[] dirty;
    private final boolean[] pinned;
    private final int[] freeStack;
    private int freeTop;
    private int used;
    private int peakUsed;
    private int pageTables;
    private int pageTablePeak;

    /** A table for every frame of {@code mem}, all free; frame 0 is handed out first. */
    FrameTable(PhysicalMemory mem, ReplacementPolicy policy) {
        this.mem = mem;
        this.policy = policy;
        this.frames = mem.frameCount();
        this.kind = new FrameKind[frames];
        Arrays.fill(kind, FrameKind.FREE);
        this.refs = new int[frames];
        this.rmapFirst = new long[frames];
        this.rmapMore = new long[frames][];
        this.rmapCount = new int[frames];
        this.slot = new int[frames];
        Arrays.fill(slot, -1);
        this.inode = new Inode[frames];
        this.filePage = new int[frames];
        this.dirty = new boolean[frames];
        this.pinned = new boolean[frames];
        this.freeStack = new int[frames];
        for (int i = 0; i < frames; i++) freeStack[i] = frames - 1 - i;
        this.freeTop = frames;
    }

    // ------------------------------------------------------------------ allocation

    /** The number of frames. */
    int frames() {
        return frames;
    }

    /** Frames on the free list. */
    int free() {
        return freeTop;
    }

    /** Frames in use now, and at most so far; page tables now and at most. */
    int used() {
        return used;
    }

    int peakUsed() {
        return peakUsed;
    }

    int pageTables() {
        return pageTables;
    }

    int pageTablePeak() {
        return pageTablePeak;
    }

    /**
     * Takes a free frame for {@code k} (no references, no links, clean); -1 when none is free. The contents are
     * untouched. A user frame is a replacement candidate from now on: the policy is told.
     */
    int take(FrameKind k) {
        if (k == FrameKind.FREE) throw new IllegalArgumentException("FrameTable.take: FREE is not a use");
        if (freeTop == 0) return -1;
        int pfn = freeStack[--freeTop];
        kind[pfn] = k;
        refs[pfn] = 0;
        rmapCount[pfn] = 0;
        dirty[pfn] = false;
        used++;
        peakUsed = Math.max(peakUsed, used);
        if (k == FrameKind.PAGE_TABLE) pageTablePeak = Math.max(pageTablePeak, ++pageTables);
        if (k.user()) policy.added(pfn);
        return pfn;
    }

    /** Returns a frame with no references left to the free list (its links and pin go with it). */
    void release(int pfn) {
        FrameKind was = kind[pfn];
        if (was == FrameKind.FREE) throw new IllegalStateException(String.format("FrameTable.release: frame %d is already free", pfn));
        if (refs[pfn] != 0 || rmapCount[pfn] != 0) {
            throw new IllegalStateException(String.format("FrameTable.release: frame %d still has %d references",
                    pfn, refs[pfn]));
        }
        if (was == FrameKind.PAGE_TABLE) pageTables--;
        kind[pfn] = FrameKind.FREE;
        inode[pfn] = null;
        slot[pfn] = -1;
        pinned[pfn] = false;
        mem.invalidateCode(pfn);
        freeStack[freeTop++] = pfn;
        used--;
        if (was.user()) policy.removed(pfn);
    }

    /** What the frame holds. */
    FrameKind kind(int pfn) {
        return kind[pfn];
    }

    // ------------------------------------------------------------------ references and pins

    int refs(int pfn) {
        return refs[pfn];
    }

    /** One reference more (the page cache or the swap cache holds the frame). */
    void ref(int pfn) {
        refs[pfn]++;
    }

    /** One reference fewer; frees the frame at zero. True when it was freed. */
    boolean unref(int pfn) {
        if (--refs[pfn] != 0) return false;
        release(pfn);
        return true;
    }

    /** Keeps the frame from being evicted while the kernel works on it (a table allocation, a copy). */
    void pin(int pfn) {
        pinned[pfn] = true;
    }

    void unpin(int pfn) {
        pinned[pfn] = false;
    }

    boolean pinned(int pfn) {
        return pinned[pfn];
    }

    /** A user page that is not pinned: the replacement policy may choose it. */
    boolean evictable(int pfn) {
        return kind[pfn].user() && !pinned[pfn];
    }

    /** The page differs from its file or swap slot (known apart from any PTE's D bit). */
    boolean dirty(int pfn) {
        return dirty[pfn];
    }

    void setDirty(int pfn, boolean d) {
        dirty[pfn] = d;
    }

    // ------------------------------------------------------------------ reverse map

    /** The reverse-map key of (space, vpn). */
    static long mapperKey(int spaceId, int vpn) {
        return (long) spaceId << 32 | vpn;
    }

    /** Records that (space, vpn) maps the frame: one reference more. */
    void addMapper(int pfn, int spaceId, int vpn) {
        int n = rmapCount[pfn];
        setMapper(pfn, n, mapperKey(spaceId, vpn));
        rmapCount[pfn] = n + 1;
        refs[pfn]++;
    }

    /** Removes a mapper and its reference; the frame is freed when that was the last. True when freed. */
    boolean removeMapper(int pfn, int spaceId, int vpn) {
        long key = mapperKey(spaceId, vpn);
        int n = rmapCount[pfn];
        for (int i = 0; i < n; i++) {
            if (mapper(pfn, i) == key) {
                setMapper(pfn, i, mapper(pfn, n - 1));
                rmapCount[pfn] = n - 1;
                return unref(pfn);
            }
        }
        throw new IllegalStateException(String.format("FrameTable.removeMapper: frame %d is not mapped at 0x%08x in space %d",
                pfn, vpn << 12, spaceId));
    }

    /** How many PTEs map the frame. */
    int mapperCount(int pfn) {
        return rmapCount[pfn];
    }

    /** The mappers of a frame, as (space id, vpn) keys, in the order they were added (but for removals). */
    long[] mappers(int pfn) {
        long[] out = new long[rmapCount[pfn]];
        for (int i = 0; i < out.length; i++) out[i] = mapper(pfn, i);
        return out;
    }

    /** The i-th mapper of a frame (i < {@link #mapperCount}), as a (space id, vpn) key: {@link #mappers} without the copy. */
    long mapper(int pfn, int i) {
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

    // ------------------------------------------------------------------ page-cache and swap-cache links

    /** Links the frame to page {@code page} of a file (the caller adds the cache's reference). */
    void linkFile(int pfn, Inode file, int page) {
        inode[pfn] = file;
        filePage[pfn] = page;
    }

    /** The file whose page the frame caches, or null. */
    Inode file(int pfn) {
        return inode[pfn];
    }

    /** The page of {@link #file} the frame caches. */
    int filePage(int pfn) {
        return filePage[pfn];
    }

    /** Links the frame to a swap slot: it is in the swap cache (the caller adds the cache's reference). */
    void linkSlot(int pfn, int s) {
        slot[pfn] = s;
    }

    /** Cuts the swap-cache link. */
    void unlinkSlot(int pfn) {
        slot[pfn] = -1;
    }

    /** The swap slot whose copy the frame holds, or -1. */
    int slot(int pfn) {
        return slot[pfn];
    }

    /** The free list in the order frames will be handed out, as text for {@link StateDump}. */
    String allocationState() {
        StringBuilder sb = new StringBuilder("free-list");
        for (int i = freeTop - 1; i >= 0; i--) sb.append(' ').append(freeStack[i]);
        return sb.toString();
    }
}
