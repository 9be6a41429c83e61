package dev.faultline.policy;

/**
 * What {@link ReplacementPolicy#victim} sees: which frames it may choose from now, and each frame's
 * referenced (A) and dirty (D) bits, read from the page-table entries that map it. A frame is offered when it
 * holds a user page (anonymous or file) that is not pinned for the moment and was not refused already in
 * this round.
 */
public interface Candidates {
    /** The number of frames of the machine (frames are 0 .. frames()-1). */
    int frames();

    /** Whether {@code frame} may be returned now. */
    boolean contains(int frame);

    /** How many frames are offered. */
    int count();

    /** The offered frames in increasing order. */
    int[] toArray();

    /** Whether any page-table entry that maps {@code frame} has its A (referenced) bit set. */
    boolean referenced(int frame);

    /**
     * Clears the A bit in every page-table entry that maps {@code frame} (the second chance of clock);
     * returns whether any had it.
     */
    boolean clearReferenced(int frame);

    /** Whether the page in {@code frame} differs from its copy on disk (a D bit, or known dirty). */
    boolean dirty(int frame);
}
