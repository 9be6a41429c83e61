package dev.faultline.kernel;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * {@code compare --refs}: a pure replay of a page-reference string with exactly N frames for pages, no page
 * tables and no code pages, as in an operating-systems textbook. Every reference to a page not in a frame
 * is a fault, the first touch of each page included (textbooks count those "cold-start" faults too).
 * Frames fill from frame 0 upwards while any is free; then the policy names the frame to replace.
 *
 * <p>The policies mean what they mean in the kernel ({@link Memory}): FIFO replaces the page loaded
 * longest ago; LRU the page referenced longest ago; RANDOM a frame drawn from a {@link Random} seeded with
 * {@code --seed}; CLOCK keeps one reference bit per frame, set when a page is loaded and on every
 * reference to it (as the MMU sets the A bit), and a hand that starts at frame 0: on a replacement the hand
 * clears set bits as it passes (a second chance) and takes the first frame whose bit is clear, then moves
 * one past it. OPT (Belady) replaces the page whose next reference is farthest away, or never comes;
 * among pages never referenced again, the one in the lowest frame.
 *
 * <p>The policies are objects with the kernel's shape of a replacement policy ({@link Policy}: told of
 * loads, references and removals, asked for a victim among {@link Candidates}), so any such object can be
 * replayed with {@link #run(int[], int, String, Policy, long)}.
 */
public final class RefReplay {
    private RefReplay() {}

    /**
     * A replacement policy as the replay drives it, shaped like the kernel's: told when a frame gets a page
     * ({@link #added}), is referenced ({@link #referenced}, if it {@link #wantsReferences}) and loses it
     * ({@link #removed}); asked for a victim among the candidates (in a replay, every frame).
     */
    public interface Policy {
        default void start(int frames, long seed) { }

        default boolean wantsReferences() {
            return false;
        }

        void added(int frame);

        default void referenced(int frame) { }

        void removed(int frame);

        int victim(Candidates candidates);
    }

    /** What a policy sees when it must choose: the frames offered, and each frame's reference bit. */
    public interface Candidates {
        int frames();

        boolean contains(int frame);

        int count();

        int[] toArray();

        boolean referenced(int frame);

        /** Clears the frame's reference bit (clock's second chance); returns whether it was set. */
        boolean clearReferenced(int frame);

        boolean dirty(int frame);
    }

    /** The policies a replay knows, by their lower-case names. */
    public static final String[] POLICIES = {"fifo", "clock", "lru", "random", "opt"};

    /**
     * The replay of one policy with one frame count: after each reference, the page in each frame (-1 for
     * none), whether the reference faulted, and the frame whose page it replaced (-1 for none).
     */
    public record Result(String policy, int frames, int faults, int[][] contents, boolean[] fault, int[] replaced) {}

    /** Replays refs (page numbers, none negative) with the named policy; an unknown name is an IllegalArgumentException. */
    public static Result run(int[] refs, int frames, String policy, long seed) {
        if (frames < 1) throw new IllegalArgumentException("a replay needs at least one frame, not " + frames);
        return run(refs, frames, policy, policy(policy.trim().toLowerCase(Locale.ROOT), refs), seed);
    }

    /** Replays refs with any policy object; name is what the result calls it. */
    public static Result run(int[] refs, int frames, String name, Policy p, long seed) {
        int[] pageIn = new int[frames];
        Arrays.fill(pageIn, -1);
        boolean[] referencedBit = new boolean[frames];
        Candidates all = new AllFrames(referencedBit);
        p.start(frames, seed);
        boolean wantsReferences = p.wantsReferences();
        Map<Integer, Integer> frameOf = new HashMap<>();
        int[][] contents = new int[refs.length][];
        boolean[] fault = new boolean[refs.length];
        int[] replaced = new int[refs.length];
        Arrays.fill(replaced, -1);
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
                fault[step] = true;
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
                    replaced[step] = target;
                }
                pageIn[target] = page;
                frameOf.put(page, target);
                referencedBit[target] = true; // the reference that faulted sets it, as the MMU sets A on the retry
                p.added(target);
            }
            contents[step] = pageIn.clone();
        }
        return new Result(name, frames, faults, contents, fault, replaced);
    }

    private static Policy policy(String name, int[] refs) {
        return switch (name) {
            case "fifo" -> new Fifo();
            case "lru" -> new Lru();
            case "clock" -> new Clock();
            case "random" -> new RandomPolicy();
            case "opt" -> new Opt(refs);
            default -> throw new IllegalArgumentException("unknown policy '" + name + "' (policies: fifo, clock, lru, random, opt)");
        };
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
            return referencedBit[frame];
        }

        public boolean clearReferenced(int frame) {
            boolean was = referencedBit[frame];
            referencedBit[frame] = false;
            return was;
        }

        public boolean dirty(int frame) {
            return false;
        }
    }

    /** The frame loaded longest ago. */
    private static final class Fifo implements Policy {
        private final LinkedHashSet<Integer> order = new LinkedHashSet<>();

        public void added(int frame) {
            order.add(frame);
        }

        public void removed(int frame) {
            order.remove(frame);
        }

        public int victim(Candidates candidates) {
            for (int frame : order) if (candidates.contains(frame)) return frame;
            return -1;
        }
    }

    /** The frame referenced longest ago. */
    private static final class Lru implements Policy {
        private long[] stamps;
        private long clock;

        public void start(int frames, long seed) {
            stamps = new long[frames];
        }

        public boolean wantsReferences() {
            return true;
        }

        public void added(int frame) {
            stamps[frame] = ++clock;
        }

        public void referenced(int frame) {
            stamps[frame] = ++clock;
        }

        public void removed(int frame) { }

        public int victim(Candidates candidates) {
            int best = -1;
            for (int frame = 0; frame < candidates.frames(); frame++) {
                if (candidates.contains(frame) && (best < 0 || stamps[frame] < stamps[best])) best = frame;
            }
            return best;
        }
    }

    /** Second chance: a hand sweeps the frames, clearing set reference bits, and takes the first clear one. */
    private static final class Clock implements Policy {
        private int frames;
        private int hand;

        public void start(int frames, long seed) {
            this.frames = frames;
        }

        public void added(int frame) { }

        public void removed(int frame) { }

        public int victim(Candidates candidates) {
            for (int step = 0; step < 2 * frames + 1; step++) {
                int frame = hand;
                hand = (hand + 1) % frames;
                if (!candidates.contains(frame)) continue;
                if (candidates.clearReferenced(frame)) continue;
                return frame;
            }
            return -1;
        }
    }

    /** A candidate drawn at random, as the kernel draws among evictable frames. */
    private static final class RandomPolicy implements Policy {
        private Random random;

        public void start(int frames, long seed) {
            random = new Random(seed);
        }

        public void added(int frame) { }

        public void removed(int frame) { }

        public int victim(Candidates candidates) {
            int[] offered = candidates.toArray();
            return offered[random.nextInt(offered.length)];
        }
    }

    /**
     * Belady's optimum: the page used again farthest in the future. It hears every reference (one
     * {@code added} or {@code referenced} call each, in order), so it knows where in the string it is.
     */
    private static final class Opt implements Policy {
        private final int[] nextUse;
        private int[] due;
        private int step;

        Opt(int[] refs) {
            this.nextUse = new int[refs.length];
            Map<Integer, Integer> seen = new HashMap<>();
            for (int i = refs.length - 1; i >= 0; i--) {
                nextUse[i] = seen.getOrDefault(refs[i], Integer.MAX_VALUE);
                seen.put(refs[i], i);
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
