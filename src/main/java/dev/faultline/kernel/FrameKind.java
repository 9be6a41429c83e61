package dev.faultline.kernel;

/** What a physical frame holds (the frame table's {@link FrameTable#kind}). */
enum FrameKind {
    /** Nothing: on the free list. */
    FREE,
    /** A page table (root or second level); never evicted. */
    PAGE_TABLE,
    /** An anonymous page (heap, stack, data, a private copy), possibly also in the swap cache. */
    ANON,
    /** A page-cache page of a file. */
    CACHE;

    /** A user page: a candidate for replacement. */
    boolean user() {
        return this == ANON || this == CACHE;
    }
}
