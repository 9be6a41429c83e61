package dev.faultline.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import org.junit.jupiter.api.Test;

/** The built-in policies on a small frame table of 6 frames, with the A bits set by hand. */
class BuiltInPoliciesTest {
    /** Six frames; the offered ones and their A bits are set by each test. */
    static final class Table implements Candidates {
        final BitSet offered = new BitSet();
        final BitSet a = new BitSet();

        Table offer(int... frames) {
            for (int f : frames) offered.set(f);
            return this;
        }

        @Override
        public int frames() {
            return 6;
        }

        @Override
        public boolean contains(int frame) {
            return frame >= 0 && offered.get(frame);
        }

        @Override
        public int count() {
            return offered.cardinality();
        }

        @Override
        public int[] toArray() {
            return offered.stream().toArray();
        }

        @Override
        public boolean referenced(int frame) {
            return a.get(frame);
        }

        @Override
        public boolean clearReferenced(int frame) {
            boolean was = a.get(frame);
            a.clear(frame);
            return was;
        }

        @Override
        public boolean dirty(int frame) {
            return false;
        }
    }

    private static ReplacementPolicy started(String name) {
        ReplacementPolicy p = Policy.builtIn(name).create();
        p.start(6, 1);
        return p;
    }

    @Test
    void fifoEvictsTheOldestOfferedFrameAndForgetsFreedOnes() {
        ReplacementPolicy fifo = started("fifo");
        for (int f : new int[] {3, 1, 4, 2}) fifo.added(f);
        Table t = new Table().offer(1, 2, 3, 4);
        assertEquals(3, fifo.victim(t));
        fifo.removed(3);
        assertEquals(1, fifo.victim(t));
        t.offered.clear(1); // pinned, or refused for want of a swap slot
        assertEquals(4, fifo.victim(t));
        fifo.added(3); // loaded again: now the youngest
        fifo.removed(1);
        fifo.removed(4);
        assertEquals(2, fifo.victim(t));
    }

    @Test
    void clockGivesReferencedFramesASecondChanceAndKeepsItsHand() {
        ReplacementPolicy clock = started("clock");
        Table t = new Table().offer(1, 2, 3, 5);
        t.a.set(1);
        t.a.set(2);
        assertEquals(3, clock.victim(t)); // 0 not offered; 1 and 2 lose their A bit
        assertFalse(t.a.get(1) || t.a.get(2));
        assertEquals(5, clock.victim(t)); // the hand is past 3
        assertEquals(1, clock.victim(t)); // round again: 1 has no A bit now
        t.a.set(2);
        t.a.set(3);
        t.a.set(5);
        assertEquals(1, clock.victim(t)); // 2, 3, 5 lose their bits, the hand comes back to 1
    }

    @Test
    void lruEvictsTheLeastRecentlyReferencedFrame() {
        ReplacementPolicy lru = started("lru");
        assertTrue(lru.wantsReferences());
        lru.added(0);
        lru.added(1);
        lru.added(2);
        lru.referenced(0);
        Table t = new Table().offer(0, 1, 2);
        assertEquals(1, lru.victim(t));
        lru.referenced(1);
        assertEquals(2, lru.victim(t));
        t.offered.clear(2);
        assertEquals(0, lru.victim(t));
    }

    @Test
    void randomIsSeededSoRunsRepeat() {
        Table t = new Table().offer(0, 2, 3, 5);
        int[] first = new int[8], second = new int[8];
        ReplacementPolicy a = started("random"), b = started("random");
        for (int i = 0; i < 8; i++) {
            first[i] = a.victim(t);
            second[i] = b.victim(t);
            assertTrue(t.contains(first[i]));
        }
        assertEquals(java.util.Arrays.toString(first), java.util.Arrays.toString(second));
        // java.util.Random(1).nextInt(4) gives 2, 0, 1, 1, 0: the 3rd, 1st, 2nd ... offered frame
        assertEquals("[3, 0, 2, 2, 0", java.util.Arrays.toString(first).substring(0, 14));
    }

    @Test
    void onlyFourBuiltInsAndNoSwitchBetweenThem() {
        for (String n : new String[] {"clock", "fifo", "lru", "random"}) assertEquals(n, Policy.builtIn(n).name());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Policy.builtIn("opt"));
        assertEquals("unknown policy 'opt' (policies: clock, fifo, lru, random, or a .java file)", e.getMessage());
    }

    @Test
    void aGuardedPolicyTurnsABadVictimIntoOneSentence() {
        ReplacementPolicy bad = Policy.plugIn("Bad.java", () -> new ReplacementPolicy() {
            @Override
            public void added(int frame) {
            }

            @Override
            public void removed(int frame) {
            }

            @Override
            public int victim(Candidates c) {
                return 4;
            }
        }).create();
        PolicyFailure f = assertThrows(PolicyFailure.class, () -> bad.victim(new Table().offer(1, 2)));
        assertEquals("policy Bad.java returned frame 4 from victim(), which is not one of the 2 candidates offered",
                f.getMessage());
    }
}
