package dev.faultline.cli;

/**
 * Checks at start that the machine asked for fits the Java heap: every frame and every slot of an in-memory
 * swap device may come to hold 4 KiB of host memory, and a guest that touches its memory must not end in
 * "out of host memory" half-way through a run (docs/cli.md).
 */
final class HostMemory {
    private HostMemory() {}

    /** Host bytes one frame may take: its 4 KiB and its share of the frame table. */
    static final long FRAME_BYTES = 4096 + 128;
    /** Host bytes one in-memory swap slot may take. */
    static final long SLOT_BYTES = 4096 + 32;
    /** Heap kept for everything else: the program (up to 64 MiB), translated code, traces, the report. */
    static final long RESERVE = 96L << 20;

    /** The heap the machine may use: the JVM's maximum less the reserve. */
    static long budget() {
        return Math.max(0, Runtime.getRuntime().maxMemory() - RESERVE);
    }

    /**
     * An IllegalArgumentException naming the largest value that fits when frames frames and swapSlots
     * in-memory swap slots (0 for a swap file) do not fit the heap.
     */
    static void check(int frames, int swapSlots) {
        check(frames, swapSlots, budget());
    }

    static void check(int frames, int swapSlots, long budget) {
        long framesBytes = frames * FRAME_BYTES;
        long swapBytes = swapSlots * SLOT_BYTES;
        if (framesBytes + swapBytes <= budget) return;
        long heapMiB = Runtime.getRuntime().maxMemory() >> 20;
        if (framesBytes >= swapBytes) { // the larger of the two is the one to lower
            long fit = Math.max(0, (budget - swapBytes) / FRAME_BYTES);
            throw new IllegalArgumentException("--frames " + frames + " does not fit the Java heap (" + heapMiB
                    + " MiB" + (swapSlots > 0 ? ", with --swap " + swapSlots + " in memory" : "") + "): at most "
                    + fit + " frames fit; lower --frames or give Java more heap (-Xmx)");
        }
        long fit = Math.max(0, (budget - framesBytes) / SLOT_BYTES);
        throw new IllegalArgumentException("--swap " + swapSlots + " does not fit the Java heap (" + heapMiB
                + " MiB, with --frames " + frames + "): at most " + fit + " in-memory slots fit; lower --swap, keep"
                + " swap in a file with --swap-file, or give Java more heap (-Xmx)");
    }
}
