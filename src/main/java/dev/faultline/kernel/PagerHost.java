package dev.faultline.kernel;

import dev.faultline.trace.Counters;
import dev.faultline.trace.Tracer;

/**
 * What the pager ({@link Pager}) needs from the layers above it, and nothing more: a full memory may
 * call the OOM killer. (PTEs it rewrites through {@link Pmap}, below it.) The kernel hands an
 * implementation down, so the pager never sees the whole kernel.
 */
interface PagerHost {
    /** Kills the process with the largest footprint; false when no process holds a page. */
    boolean oomKill();

    /** True when the operation of this kind is to fail now ({@code --inject}, docs/kernel.md "Host failures"). */
    boolean injected(InjectKind kind);

    /** One line on stderr (an I/O error of the swap device or a file). */
    void warn(String message);

    /** A page went out to a swap slot (for a debugger's {@code catch swap}). */
    void swappedOut(int pfn, int slot);

    /** The time for trace records: retired instructions. */
    long now();

    /** The running process's pid, or 0. */
    int currentPid();

    Tracer tracer();

    /** The global counters (swap-outs). */
    Counters counters();
}
