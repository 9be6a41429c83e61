package dev.faultline.kernel;

/**
 * fork's reserve (docs/kernel.md, "Swap and replacement"): a fork fails with -ENOMEM, before it evicts anything, when the
 * page-table frames the child needs would leave fewer free or reclaimable frames than one instruction can
 * need at once. Page tables are never evicted, so without the reserve a fork bomb on a small machine turns
 * every frame into page tables, and the next fault of any process finds nothing to evict.
 */
final class ForkReserve {
    private ForkReserve() {}

    /**
     * The frames one instruction of any process can need at once: 2 for a fetch that straddles a page
     * boundary, 2 for a data access that straddles one, 1 for the copy a copy-on-write store makes while
     * the shared original is still mapped, and 1 for a second-level page table the access may need.
     */
    static final int FRAMES = 6;

    /** Page-table frames a child of as needs at most: its root and a copy of each second-level table. */
    static int tablesFor(AddressSpace as) {
        return 1 + as.tableCount;
    }

    /** Whether taking {@code needed} frames for page tables still leaves the reserve. */
    static boolean allows(Pager pager, int needed) {
        if (pager.freeFrames() >= needed + FRAMES) return true; // the common case: no need to count
        return reclaimable(pager) - needed >= FRAMES;
    }

    /**
     * Free frames, plus the user pages eviction could free now: page-cache pages (written back if dirty),
     * swap-cache pages, and as many other anonymous pages as there are free swap slots.
     */
    static int reclaimable(Pager pager) {
        int cache = 0, swapCached = 0, anon = 0;
        for (int pfn = 0; pfn < pager.frameCount; pfn++) {
            FrameTable t = pager.table;
            if (t.pinned(pfn)) continue;
            FrameKind use = t.kind(pfn);
            if (use == FrameKind.CACHE) cache++;
            else if (use == FrameKind.ANON && t.slot(pfn) >= 0) swapCached++;
            else if (use == FrameKind.ANON) anon++;
        }
        int freeSlots = pager.swap == null ? 0 : pager.swap.slots() - pager.swap.inUse;
        return pager.freeFrames() + cache + swapCached + Math.min(anon, freeSlots);
    }
}
