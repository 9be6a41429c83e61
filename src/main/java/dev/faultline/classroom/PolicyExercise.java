package dev.faultline.classroom;

import dev.faultline.policy.RefReplay;
import dev.faultline.policy.Candidates;
import dev.faultline.policy.Policy;
import dev.faultline.policy.ReplacementPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@code exercise policy}: a reference string, a frame count and a policy (fifo, lru, opt, clock, random).
 * The answers are a replay by {@link RefReplay}, the engine of {@code compare --refs}, with the kernel's own
 * policy objects; for clock a thin observer around the real clock policy reports which frames the hand
 * looked at, so the hand's position is what the policy did, not a second clock.
 */
final class PolicyExercise {
    private PolicyExercise() {}

    private static final String[] POLICIES = {"fifo", "lru", "opt", "clock", "random"};
    /** The textbook string that makes FIFO fault more with 4 frames than with 3. */
    private static final int[] BELADY = {1, 2, 3, 4, 1, 2, 5, 1, 2, 3, 4, 5};

    static Problem make(SplittableRandom r) {
        String policy = POLICIES[r.nextInt(POLICIES.length)];
        int frames = 3 + r.nextInt(2);
        int[] refs = references(r, frames);
        if (policy.equals("fifo") && r.nextInt(4) == 0) {
            refs = BELADY.clone();
            frames = 3;
        }
        long seed = 1 + r.nextInt(99);
        Observer observer = new Observer(policy.equals("opt") ? null : Policy.builtIn(policy).create());
        RefReplay.Result res = policy.equals("opt") ? RefReplay.run(refs, frames, "opt", seed)
                : RefReplay.run(refs, frames, policy, observer, seed);

        Problem p = new Problem("Page replacement: " + policy.toUpperCase(java.util.Locale.ROOT) + " with " + frames
                + " frames", intro(policy, frames, seed));
        p.given("Reference string (page numbers)", List.of(join(refs)));
        p.given("Frames", List.of(frames + " frames, all empty at the start; policy " + policy
                + (policy.equals("random") ? " with --seed " + seed : "")));
        if (policy.equals("random")) {
            p.given("The random policy's choices, in order", List.of(observer.victims.isEmpty() ? "(none needed)"
                    : "victim frames: " + joinList(observer.victims)));
        }
        List<String> grid = grid(refs, res);
        p.ask("Which references fault? (positions in the string, from 1)", positions(res.fault()), grid);
        p.ask("How many page faults in all?", Integer.toString(res.faults()));
        p.ask("Which page is in each frame after the last reference?", contents(res.contents()[refs.length - 1]));
        if (policy.equals("clock")) {
            p.ask("Where does the clock hand point after the last reference? (it starts at frame 0)",
                    "frame " + observer.hand(frames), observer.sweeps);
        }
        if (policy.equals("fifo")) {
            RefReplay.Result more = RefReplay.run(refs, frames + 1, "fifo", seed);
            String verdict = more.faults() > res.faults() ? "Belady's anomaly: one more frame, more faults"
                    : "no anomaly here";
            p.ask("With " + (frames + 1) + " frames instead, how many faults, and is this Belady's anomaly?",
                    more.faults() + " (" + verdict + ")", grid(refs, more));
        }
        return p;
    }

    private static String intro(String policy, int frames, long seed) {
        String how = switch (policy) {
            case "fifo" -> "FIFO replaces the page that was loaded longest ago.";
            case "lru" -> "LRU replaces the page whose last reference is longest ago.";
            case "opt" -> "OPT (Belady) replaces the page whose next reference is farthest away, or never comes;"
                    + " among pages never referenced again, the one in the lowest frame.";
            case "clock" -> "Clock keeps a reference bit per frame, set by every reference (the one that loads a"
                    + " page too). To replace, the hand looks at its frame: a set bit is cleared and the hand"
                    + " moves on (a second chance); a clear bit makes that frame the victim, and the hand moves"
                    + " one past it.";
            default -> "Random replaces the frame its generator names; the choices are given below.";
        };
        return "Replay the reference string with " + frames + " page frames, as a textbook does: every reference"
                + " to a page not in a frame is a fault, the first touch included. Frames fill from frame 0"
                + " upwards while one is free; then the policy chooses the frame to replace. " + how;
    }

    /** Pages with some locality: often one of the last few, otherwise any page. */
    private static int[] references(SplittableRandom r, int frames) {
        int pages = frames + 1 + r.nextInt(3);
        int[] refs = new int[12 + r.nextInt(5)];
        for (int i = 0; i < refs.length; i++) {
            if (i >= 2 && r.nextInt(10) < 4) refs[i] = refs[i - 1 - r.nextInt(Math.min(i, 3))];
            else refs[i] = r.nextInt(pages);
        }
        return refs;
    }

    static List<String> grid(int[] refs, RefReplay.Result res) {
        List<String> lines = new ArrayList<>();
        StringBuilder head = new StringBuilder("ref     ");
        for (int ref : refs) head.append(String.format("%3d", ref));
        lines.add(head.toString());
        for (int f = 0; f < res.frames(); f++) {
            StringBuilder row = new StringBuilder(String.format("frame %d ", f));
            for (int[] c : res.contents()) row.append(c[f] < 0 ? "  ." : String.format("%3d", c[f]));
            lines.add(row.toString());
        }
        StringBuilder faults = new StringBuilder("fault   ");
        for (boolean f : res.fault()) faults.append(f ? "  F" : "   ");
        lines.add(faults.toString().stripTrailing());
        return lines;
    }

    static String positions(boolean[] fault) {
        List<Integer> at = new ArrayList<>();
        for (int i = 0; i < fault.length; i++) {
            if (fault[i]) at.add(i + 1);
        }
        return joinList(at);
    }

    static String contents(int[] frames) {
        StringBuilder sb = new StringBuilder();
        for (int f = 0; f < frames.length; f++) {
            sb.append(f == 0 ? "" : ", ").append("frame ").append(f).append(": ")
                    .append(frames[f] < 0 ? "empty" : Integer.toString(frames[f]));
        }
        return sb.toString();
    }

    static String join(int[] values) {
        StringBuilder sb = new StringBuilder();
        for (int v : values) sb.append(sb.length() == 0 ? "" : " ").append(v);
        return sb.toString();
    }

    static String joinList(List<Integer> values) {
        StringBuilder sb = new StringBuilder();
        for (int v : values) sb.append(sb.length() == 0 ? "" : " ").append(v);
        return sb.toString();
    }

    /**
     * Passes every call to the real policy and notes what it did: the victims, and for clock the frames the
     * hand looked at before each victim (read off the candidates' reference bits as the policy cleared them).
     */
    private static final class Observer implements ReplacementPolicy {
        private final ReplacementPolicy inner;
        final List<Integer> victims = new ArrayList<>();
        final List<String> sweeps = new ArrayList<>();

        Observer(ReplacementPolicy inner) {
            this.inner = inner;
        }

        @Override
        public void start(int frames, long seed) {
            inner.start(frames, seed);
        }

        @Override
        public boolean wantsReferences() {
            return inner.wantsReferences();
        }

        @Override
        public void added(int frame) {
            inner.added(frame);
        }

        @Override
        public void referenced(int frame) {
            inner.referenced(frame);
        }

        @Override
        public void removed(int frame) {
            inner.removed(frame);
        }

        @Override
        public int victim(Candidates candidates) {
            StringBuilder bits = new StringBuilder();
            for (int f = 0; f < candidates.frames(); f++) bits.append(candidates.referenced(f) ? '1' : '0');
            List<Integer> cleared = new ArrayList<>();
            Candidates watched = new Candidates() {
                public int frames() {
                    return candidates.frames();
                }

                public boolean contains(int frame) {
                    return candidates.contains(frame);
                }

                public int count() {
                    return candidates.count();
                }

                public int[] toArray() {
                    return candidates.toArray();
                }

                public boolean referenced(int frame) {
                    return candidates.referenced(frame);
                }

                public boolean clearReferenced(int frame) {
                    boolean was = candidates.clearReferenced(frame);
                    if (was) cleared.add(frame);
                    return was;
                }

                public boolean dirty(int frame) {
                    return candidates.dirty(frame);
                }
            };
            int v = inner.victim(watched);
            victims.add(v);
            sweeps.add("replacement " + victims.size() + ": bits (frame 0 first) " + bits + ", second chances "
                    + (cleared.isEmpty() ? "none" : joinList(cleared)) + ", victim frame " + v);
            return v;
        }

        /** Where the hand points: one past the last victim, or frame 0 when nothing was replaced. */
        int hand(int frames) {
            return victims.isEmpty() ? 0 : (victims.get(victims.size() - 1) + 1) % frames;
        }
    }
}
