package dev.faultline.machine;

import java.lang.invoke.MethodHandles;

/**
 * The CPU's second tier (docs/tier.md): hot code translated to host code. The CPU only knows this interface;
 * the translator ({@code machine.tier2}) is plugged in where a machine is built for the command line, so a
 * build that interprets only (the studio's, in a browser) never links the translator or method handles.
 */
public interface SecondTier {
    /** Counts a taken branch to pc; true when the target is hot (translated, or about to be). */
    boolean hot(int pc);

    /**
     * The region entered at pc, whose code page is frame pfn with decode cache {@code decoded}: the live one,
     * or a new translation; null when the code is left to the interpreter.
     */
    Translated region(int pc, int pfn, long[] decoded);

    /** Translations made so far. */
    long translations();

    /** The physical memory this tier translates code from. */
    PhysicalMemory memory();

    /**
     * A tier with the same settings over {@code mem}, holding no translations: a copy of the machine (a debugger's
     * checkpoint) translates again when its code gets hot, as what a machine does never depends on its translations.
     */
    SecondTier empty(PhysicalMemory mem);

    /** Translated code of one guest page, entered at one address. */
    interface Translated {
        /** Runs from the region's entry with {@code n} instructions retired, never retiring the {@code limit}th. */
        void run(Cpu cpu, long n, long limit);

        /** Counts one entry that retired {@code count} instructions. */
        void ran(long count);
    }

    /** Makes a CPU's second tier. */
    interface Maker {
        /** {@code cpuLookup}: a full-privilege lookup of the CPU class, whose nest the translated regions join. */
        SecondTier make(MethodHandles.Lookup cpuLookup, PhysicalMemory mem, int tlbMask, int tlbSize);
    }
}
