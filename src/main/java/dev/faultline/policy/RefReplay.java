package dev.faultline.policy;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code compare --refs}: a pure replay of a page-reference string with exactly N frames for pages, no page
 * tables and no code pages, as in an operating-systems textbook. Every reference to a page not in a frame
 * is a fault, the first touch of each page included (textbooks count those "cold-start" faults too).
 * Frames fill from frame 0 upwards while any is free; then the policy names the frame to replace.
 *
 * <p>The policies are the kernel's own {@link ReplacementPolicy} objects, built-in or plug-in
 * ({@link Policy}), driven the way the kernel's pager drives them: {@code added} when a page is loaded into a
 * frame, {@code referenced} on every later reference (if the policy asks), {@code removed} when the page
 * is replaced, and {@code victim} among {@link Candidates} that offer every frame. Each frame has one
 * reference bit, set by the reference that loads the page and by every reference to it (as the MMU sets
 * the A bit when the faulting access is retried), read and cleared through the candidates; no page is
 * ever dirty. OPT (Belady), which only a replay can run as a policy, replaces the page whose next
 * reference is farthest away, or never comes; among pages never referenced again, the one in the lowest
 * frame.
 */
public final class RefReplay {
    private RefReplay() {}

    /**
     * The replay of one policy with one frame count: after each reference, the page in each frame (-1 for
     * none), whether the reference faulted, and the frame whose page it replaced (-1 for none). The three
     * arrays (the grid a report draws) are null when the replay was asked for its count of faults only: they
     * take references x frames ints, which a table does not need.
     */
    public record Result(String policy, int frames, int faults, int[][] contents, boolean[] fault, int[] replaced) {}

    /**
     * Replays refs (page numbers, none negative) with a built-in policy by name, or {@code opt}; an unknown
     * name is an IllegalArgumentException.
     */
    public static Result run(int[] refs, int frames, String policy, long seed) {
        return run(refs, frames, policy, seed, true);
    }

    /** As {@link #run(int[], int, String, long)}; the grid is kept only when keepGrid. */
    public static Result run(int[] refs, int frames, String policy, long seed, boolean keepGrid) {
        String key = policy.trim().toLowerCase(Locale.ROOT);
        if (key.equals("opt")) return run(refs, frames, "opt", new Opt(refs), seed, keepGrid);
        return run(refs, frames, Policy.builtIn(key), seed, keepGrid);
    }

    /**
     * Replays refs with a policy from the command line: a fresh instance of it, which for a plug-in is the
     * guarded one (an exception, a frame not offered, a call that does not return: a PolicyFailure).
     */
    public static Result run(int[] refs, int frames, Policy policy, long seed) {
        return run(refs, frames, policy, seed, true);
    }

    /** As {@link #run(int[], int, Policy, long)}; the grid is kept only when keepGrid. */
    public static Result run(int[] refs, int frames, Policy policy, long seed, boolean keepGrid) {
        checkFrames(frames);
        ReplacementPolicy p = policy.create();
        try {
            return run(refs, frames, policy.name(), p, seed, keepGrid);
        } finally {
            if (p instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    // the watchdog of a finished replay: nothing left to stop
                }
            }
        }
    }

    private static void checkFrames(int frames) {
        if (frames < 1) throw new IllegalArgumentException("a replay needs at least one frame, not " + frames);
    }

    /** Replays refs with any policy object; name is what the result calls it. */
    public static Result run(int[] refs, int frames, String name, ReplacementPolicy p, long seed) {
        return run(refs, frames, name, p, seed, true);
    }

    /** As {@link #run(int[], int, String, ReplacementPolicy, long)}; the grid is kept only when keepGrid. */
    public static Result run(int[] refs, int frames, String name, ReplacementPolicy p, long seed, boolean keepGrid) {
        checkFrames(frames);
        int[] pageIn = new int[frames];
        Arrays.fill(pageIn, -1);
        boolean[] referencedBit = new boolean[frames];
        Candidates all = new AllFrames(referencedBit);
        p.start(frames, seed);
        boolean wantsReferences = p.wantsReferences();
        Map<Integer, Integer> frameOf = new HashMap<>();
        int[][] contents = keepGrid ? new int[refs.length][] : null;
        boolean[] fault = keepGrid ? new boolean[refs.length] : null;
        int[] replaced = keepGrid ? new int[refs.length] : null;
        if (keepGrid) Arrays.fill(replaced, -1);
        int loaded = 0;
        int faults = 0;
        for (int step = 0; step < refs.length; step++) {
            int page = refs[step];
            Integer frame = frameOf.get(page);
            if (frame != null) {
                referencedBit[frame] = true;
                if (wantsReferences) p.referenced(frame);
            } else {
                faults++;
                if (keepGrid) fault[step] = true;
                int target;
                if (loaded < frames) {
                    target = loaded++;
                } else {
                    target = p.victim(all);
                    if (target < 0 || target >= frames) {
                        throw new IllegalStateException("RefReplay.run: policy " + name + " chose frame " + target + " of " + frames);
                    }
                    p.removed(target);
                    frameOf.remove(pageIn[target]);
                    if (keepGrid) replaced[step] = target;
                }
                pageIn[target] = page;
                frameOf.put(page, target);
                referencedBit[target] = true; // the reference that faulted sets it, as the MMU sets A on the retry
                p.added(target);
            }
            if (keepGrid) contents[step] = pageIn.clone();
        }
        return new Result(name, frames, faults, contents, fault, replaced);
    }

    /** The different pages of refs, in increasing order. */
    public static int[] distinctSorted(int[] refs) {
        int[] sorted = refs.clone();
        Arrays.sort(sorted);
        int n = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (i == 0 || sorted[i] != sorted[i - 1]) sorted[n++] = sorted[i];
        }
        return Arrays.copyOf(sorted, n);
    }

    /** In a replay every frame holds a page when a victim is needed, and every frame may go. */
    private static final class AllFrames implements Candidates {
        private final boolean[] referencedBit;

        AllFrames(boolean[] referencedBit) {
            this.referencedBit = referencedBit;
        }

        public int frames() {
            return referencedBit.length;
        }

        public boolean contains(int frame) {
            return frame >= 0 && frame < referencedBit.length;
        }

        public int count() {
            return referencedBit.length;
        }

        public int[] toArray() {
            int[] all = new int[referencedBit.length];
            for (int i = 0; i < all.length; i++) all[i] = i;
            return all;
        }

        public boolean referenced(int frame) {
            return contains(frame) && referencedBit[frame];
        }

        public boolean clearReferenced(int frame) {
            if (!contains(frame)) return false;
            boolean was = referencedBit[frame];
            referencedBit[frame] = false;
            return was;
        }

        public boolean dirty(int frame) {
            return false;
        }
    }

    /**
     * Belady's optimum: the page used again farthest in the future. It hears every reference (one
     * {@code added} or {@code referenced} call each, in order), so it knows where in the string it is.
     */
    private static final class Opt implements ReplacementPolicy {
        private final int[] nextUse;
        private int[] due;
        private int step;

        Opt(int[] refs) {
            this.nextUse = new int[refs.length];
            int[] pages = distinctSorted(refs); // plain arrays: ten million references stay at a few ints each
            int[] seen = new int[pages.length];
            Arrays.fill(seen, Integer.MAX_VALUE);
            for (int i = refs.length - 1; i >= 0; i--) {
                int k = Arrays.binarySearch(pages, refs[i]);
                nextUse[i] = seen[k];
                seen[k] = i;
            }
        }

        public void start(int frames, long seed) {
            due = new int[frames];
        }

        public boolean wantsReferences() {
            return true;
        }

        public void added(int frame) {
            due[frame] = nextUse[step++];
        }

        public void referenced(int frame) {
            due[frame] = nextUse[step++];
        }

        public void removed(int frame) { }

        public int victim(Candidates candidates) {
            int best = -1;
            for (int frame = 0; frame < candidates.frames(); frame++) {
                if (candidates.contains(frame) && (best < 0 || due[frame] > due[best])) best = frame;
            }
            return best;
        }
    }
}
