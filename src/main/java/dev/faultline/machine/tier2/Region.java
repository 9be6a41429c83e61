package dev.faultline.machine.tier2;

import dev.faultline.machine.Cpu;
import dev.faultline.machine.LittleEndian;
import dev.faultline.machine.SecondTier;

/**
 * Hot code of one guest page, translated to a JVM method (docs/tier.md). A region is entered at the branch
 * target it was made for and runs until it leaves through an exit: it then has written the guest registers
 * back and set pc, the retired count, the TLB hit count and the micro-TLB exactly as the interpreter would
 * have; a trap is left pending in the CPU's status flag.
 */
public abstract class Region implements SecondTier.Translated {
    /** The virtual address the region is entered at, and the frame its code was read from. */
    int pc;
    int pfn;
    /** The frame's decode cache when the region was made: every write to the frame replaces it. */
    long[] decoded;

    /** Entries, and instructions retired in them, since the region was last judged (see {@link Tier2}). */
    int entries;
    long retired;

    protected Region() {}

    @Override
    public final void ran(long count) {
        entries++;
        retired += count;
    }

    @Override
    public abstract void run(Cpu cpu, long n, long limit);

    /** A little-endian word of a frame (the generated code's load). */
    public static int getInt(byte[] frame, int offset) {
        return LittleEndian.getInt(frame, offset);
    }

    /** Writes a little-endian word into a frame (the generated code's store). */
    public static void setInt(byte[] frame, int offset, int value) {
        LittleEndian.setInt(frame, offset, value);
    }
}
