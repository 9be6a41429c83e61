package dev.faultline.kernel;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
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
 */
public final class RefReplay {
    private RefReplay() {}

    /** Chooses the frame to replace when every frame is full; told of loads and references. */
    public interface Policy {
        /** Page page was loaded into frame at step (the index of the reference). */
        void loaded(int frame, int page, int step);

        /** The page in frame was referenced again at step (a hit). */
        void referenced(int frame, int step);

        /** The frame to replace at step; frames holds the page of each frame. */
        int victim(int[] frames, int step);
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
        Policy p = policy(policy.trim().toLowerCase(Locale.ROOT), refs, frames, seed);
        int[] pageIn = new int[frames];
        Arrays.fill(pageIn, -1);
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
                p.referenced(frame, step);
            } else {
                faults++;
                fault[step] = true;
                int target;
                if (loaded < frames) {
                    target = loaded++;
                } else {
                    target = p.victim(pageIn.clone(), step);
                    frameOf.remove(pageIn[target]);
                    replaced[step] = target;
                }
                pageIn[target] = page;
                frameOf.put(page, target);
                p.loaded(target, page, step);
            }
            contents[step] = pageIn.clone();
        }
        return new Result(policy, frames, faults, contents, fault, replaced);
    }

    private static Policy policy(String name, int[] refs, int frames, long seed) {
        return switch (name) {
            case "fifo" -> new Fifo();
            case "lru" -> new Lru(frames);
            case "clock" -> new Clock(frames);
            case "random" -> new RandomPolicy(seed);
            case "opt" -> new Opt(refs, frames);
            default -> throw new IllegalArgumentException("unknown policy '" + name + "' (policies: fifo, clock, lru, random, opt)");
        };
    }

    /** The frame loaded longest ago. */
    private static final class Fifo implements Policy {
        private final ArrayDeque<Integer> order = new ArrayDeque<>();

        public void loaded(int frame, int page, int step) {
            order.addLast(frame);
        }

        public void referenced(int frame, int step) { }

        public int victim(int[] frames, int step) {
            return order.pollFirst();
        }
    }

    /** The frame referenced longest ago. */
    private static final class Lru implements Policy {
        private final int[] lastUse;

        Lru(int frames) {
            lastUse = new int[frames];
        }

        public void loaded(int frame, int page, int step) {
            lastUse[frame] = step;
        }

        public void referenced(int frame, int step) {
            lastUse[frame] = step;
        }

        public int victim(int[] frames, int step) {
            int best = 0;
            for (int f = 1; f < lastUse.length; f++) if (lastUse[f] < lastUse[best]) best = f;
            return best;
        }
    }

    /** Second chance: a reference bit per frame and a hand. */
    private static final class Clock implements Policy {
        private final boolean[] referenced;
        private int hand;

        Clock(int frames) {
            referenced = new boolean[frames];
        }

        public void loaded(int frame, int page, int step) {
            referenced[frame] = true;
        }

        public void referenced(int frame, int step) {
            referenced[frame] = true;
        }

        public int victim(int[] frames, int step) {
            while (referenced[hand]) {
                referenced[hand] = false;
                hand = (hand + 1) % referenced.length;
            }
            int victim = hand;
            hand = (hand + 1) % referenced.length;
            return victim;
        }
    }

    /** A frame drawn at random, as the kernel draws among evictable frames. */
    private static final class RandomPolicy implements Policy {
        private final Random random;

        RandomPolicy(long seed) {
            random = new Random(seed);
        }

        public void loaded(int frame, int page, int step) { }

        public void referenced(int frame, int step) { }

        public int victim(int[] frames, int step) {
            return random.nextInt(frames.length);
        }
    }

    /** Belady's optimum: the page used again farthest in the future. */
    private static final class Opt implements Policy {
        private final int[] nextUse;
        private final int[] due;

        Opt(int[] refs, int frames) {
            this.nextUse = new int[refs.length];
            this.due = new int[frames];
            Map<Integer, Integer> seen = new HashMap<>();
            for (int i = refs.length - 1; i >= 0; i--) {
                nextUse[i] = seen.getOrDefault(refs[i], Integer.MAX_VALUE);
                seen.put(refs[i], i);
            }
        }

        public void loaded(int frame, int page, int step) {
            due[frame] = nextUse[step];
        }

        public void referenced(int frame, int step) {
            due[frame] = nextUse[step];
        }

        public int victim(int[] frames, int step) {
            int best = 0;
            for (int f = 1; f < due.length; f++) if (due[f] > due[best]) best = f;
            return best;
        }
    }
}
