package dev.faultline.policy;

/**
 * A page-replacement policy: the kernel decides when a page must go, the policy only which one. The kernel
 * tells it when a frame becomes a candidate ({@link #added}), is referenced ({@link #referenced}, only if
 * {@link #wantsReferences} says so) and leaves ({@link #removed}), and asks it for a victim among the
 * candidates it offers ({@link #victim}). Frames are numbered 0 .. frames-1.
 *
 * <p>A plug-in is one {@code .java} file with a public class that implements this interface and has a public
 * constructor without parameters: {@code faultline run prog.s --policy MyPolicy.java}. A call that throws,
 * returns a frame that was not offered, or does not return within a time limit ends the run (exit 2).
 * docs/policies.md tells the whole story.
 */
public interface ReplacementPolicy {
    /** Called once, before any other call: the machine has {@code frames} frames; {@code seed} is {@code --seed}. */
    default void start(int frames, long seed) {
    }

    /**
     * Whether {@link #referenced} should be called on every access the program makes. It is exact (LRU needs
     * it) but slow: every access then leaves the TLB's fast path. Asked once, after {@link #start}.
     */
    default boolean wantsReferences() {
        return false;
    }

    /** A page was just loaded into {@code frame}: from now on the frame is a candidate for eviction. */
    void added(int frame);

    /** The page in {@code frame} was read or written (only when {@link #wantsReferences} is true). */
    default void referenced(int frame) {
    }

    /** {@code frame} is no longer a candidate: its page was evicted, or freed by exit, munmap and the like. */
    void removed(int frame);

    /**
     * A page must go: return one of the frames {@code candidates} offers. Called only when there is at least
     * one. If the kernel cannot evict the page returned (no free swap slot), it asks again with that frame
     * left out.
     */
    int victim(Candidates candidates);
}
