package dev.faultline.kernel;

/**
 * What the pager did when the fault handler asked it for a page of a file or of a swap slot, as a value
 * (as {@link FaultResult} is for the handler itself): the frame that holds the page now, or why none does.
 */
record PageIn(Outcome outcome, int pfn, boolean major) {
    /** How the request ended. */
    enum Outcome {
        /** {@code pfn} holds the page: found in a cache, or read ({@code major}). */
        READY,
        /** No frame could be had, even by eviction and the OOM killer. */
        NO_MEMORY,
        /** The file or the slot could not be read; the host's message went to stderr. */
        IO_ERROR
    }

    static final PageIn NO_MEMORY = new PageIn(Outcome.NO_MEMORY, -1, false);
    static final PageIn IO_ERROR = new PageIn(Outcome.IO_ERROR, -1, false);

    /** The page is in pfn; {@code major} when it had to be read from the file or the swap device. */
    static PageIn ready(int pfn, boolean major) {
        return new PageIn(Outcome.READY, pfn, major);
    }

    boolean ready() {
        return outcome == Outcome.READY;
    }
}
