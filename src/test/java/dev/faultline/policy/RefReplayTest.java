package dev.faultline.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The pure replay of {@code compare --refs}, checked against the numbers operating-systems textbooks publish. */
class RefReplayTest {
    /** The reference string of Silberschatz, Galvin and Gagne's page-replacement chapter. */
    private static final int[] CLASSIC = {7, 0, 1, 2, 0, 3, 0, 4, 2, 3, 0, 3, 2, 1, 2, 0, 1, 7, 0, 1};
    /** Belady's anomaly: FIFO faults more with 4 frames than with 3. */
    private static final int[] BELADY = {1, 2, 3, 4, 1, 2, 5, 1, 2, 3, 4, 5};

    private static int faults(int[] refs, int frames, String policy) {
        return RefReplay.run(refs, frames, policy, 1).faults();
    }

    @Test
    void theClassicStringWithThreeFramesGivesTheTextbooksFifteenTwelveAndNine() {
        assertEquals(15, faults(CLASSIC, 3, "fifo"));
        assertEquals(12, faults(CLASSIC, 3, "lru"));
        assertEquals(9, faults(CLASSIC, 3, "opt"));
    }

    @Test
    void theClassicStringWithFourFrames() {
        assertEquals(10, faults(CLASSIC, 4, "fifo"));
        assertEquals(8, faults(CLASSIC, 4, "lru"));
        assertEquals(8, faults(CLASSIC, 4, "opt"));
    }

    @Test
    void beladysStringFaultsMoreUnderFifoWithMoreFrames() {
        assertEquals(9, faults(BELADY, 3, "fifo"));
        assertEquals(10, faults(BELADY, 4, "fifo"));
        assertEquals(10, faults(BELADY, 3, "lru"));
        assertEquals(8, faults(BELADY, 4, "lru"));
        assertEquals(7, faults(BELADY, 3, "opt"));
        assertEquals(6, faults(BELADY, 4, "opt"));
    }

    @Test
    void coldStartFaultsCount() {
        // five distinct pages and frames enough for all: five faults, one per first reference
        assertEquals(5, faults(new int[] {1, 2, 3, 4, 5, 1, 2, 3, 4, 5}, 5, "fifo"));
        assertEquals(1, faults(new int[] {9, 9, 9}, 1, "lru"));
    }

    @Test
    void theGridShowsEachFramesPageAfterEachReference() {
        RefReplay.Result r = RefReplay.run(BELADY, 3, "fifo", 1);
        assertArrayEquals(new int[] {1, -1, -1}, r.contents()[0]);
        assertArrayEquals(new int[] {4, 2, 3}, r.contents()[3]); // 4 replaced 1, the oldest, in frame 0
        assertArrayEquals(new int[] {4, 1, 2}, r.contents()[5]);
        assertArrayEquals(new int[] {5, 1, 2}, r.contents()[6]);
        assertArrayEquals(new int[] {5, 3, 4}, r.contents()[11]);
        boolean[] expectedFaults = {true, true, true, true, true, true, true, false, false, true, true, false};
        assertArrayEquals(expectedFaults, r.fault());
        assertEquals(0, r.replaced()[3]);
        assertEquals(-1, r.replaced()[7]);
    }

    @Test
    void clockGivesASecondChanceToReferencedPages() {
        // 3 frames hold 1 2 3, every bit set. 4: the hand clears 1, 2, 3 and comes back to frame 0 -> 4
        // replaces 1; the hand stops at frame 1. 2 is a hit (bit set again). 5: frame 1's bit (2) is set,
        // cleared; frame 2 (3) is clear -> 5 replaces 3. 1: frame 0 (4) set at load -> cleared; frame 1 (2)
        // clear -> 1 replaces 2.
        RefReplay.Result r = RefReplay.run(new int[] {1, 2, 3, 4, 2, 5, 1}, 3, "clock", 1);
        assertArrayEquals(new int[] {4, 2, 3}, r.contents()[3]);
        assertArrayEquals(new int[] {4, 2, 5}, r.contents()[5]);
        assertArrayEquals(new int[] {4, 1, 5}, r.contents()[6]);
        assertEquals(6, r.faults());
    }

    @Test
    void optMatchesBeladysOfflineCountOnRandomStrings() {
        Random random = new Random(42);
        for (int trial = 0; trial < 200; trial++) {
            int[] refs = new int[1 + random.nextInt(60)];
            for (int i = 0; i < refs.length; i++) refs[i] = random.nextInt(1 + random.nextInt(12));
            int frames = 1 + random.nextInt(6);
            long opt = faults(refs, frames, "opt");
            assertEquals(Belady.optimalMisses(refs, frames), opt, "trial " + trial);
            for (String p : new String[] {"fifo", "clock", "lru", "random"}) {
                int f = faults(refs, frames, p);
                if (f < opt) throw new AssertionError(p + " beat OPT on trial " + trial);
            }
        }
    }

    @Test
    void randomIsSeeded() {
        assertEquals(RefReplay.run(CLASSIC, 3, "random", 7).faults(), RefReplay.run(CLASSIC, 3, "random", 7).faults());
        assertArrayEquals(RefReplay.run(CLASSIC, 3, "random", 7).replaced(), RefReplay.run(CLASSIC, 3, "random", 7).replaced());
    }

    @Test
    void anyPolicyObjectCanBeReplayed() {
        ReplacementPolicy alwaysFrameZero = new ReplacementPolicy() {
            public void added(int frame) { }

            public void removed(int frame) { }

            public int victim(Candidates candidates) {
                return candidates.toArray()[0];
            }
        };
        RefReplay.Result r = RefReplay.run(new int[] {1, 2, 3, 4, 1, 2}, 3, "frame0", alwaysFrameZero, 1);
        assertEquals(5, r.faults());
        assertArrayEquals(new int[] {1, 2, 3}, r.contents()[5]);
        assertEquals("frame0", r.policy());
    }

    @Test
    void anUnknownPolicyIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> RefReplay.run(CLASSIC, 3, "mru", 1));
        assertThrows(IllegalArgumentException.class, () -> RefReplay.run(CLASSIC, 0, "fifo", 1));
    }

    @Test
    void theBuiltInsAreTheKernelsPolicyObjects() {
        // by name or as the command line's Policy: the same classes the kernel runs, the same rows
        for (String name : new String[] {"fifo", "clock", "lru", "random"}) {
            RefReplay.Result byName = RefReplay.run(CLASSIC, 3, name, 5);
            RefReplay.Result byPolicy = RefReplay.run(CLASSIC, 3, Policy.builtIn(name), 5);
            assertEquals(name, byPolicy.policy());
            assertArrayEquals(byName.replaced(), byPolicy.replaced(), name);
        }
        assertEquals(14, faults(CLASSIC, 3, "clock"));
        assertEquals(9, faults(CLASSIC, 4, "clock"));
        assertEquals(9, faults(BELADY, 3, "clock"));
        assertEquals(10, faults(BELADY, 4, "clock"));
    }
}
