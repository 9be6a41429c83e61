package dev.faultline.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.machine.PhysicalMemory;
import dev.faultline.policy.Candidates;
import dev.faultline.policy.ReplacementPolicy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The frame table alone, on six frames, with a policy that writes down what it is told. */
class FrameTableTest {
    /** Records every call as text: "+3" (added), "-3" (removed). */
    static final class Listening implements ReplacementPolicy {
        final List<String> heard = new ArrayList<>();

        @Override
        public void added(int frame) {
            heard.add("+" + frame);
        }

        @Override
        public void removed(int frame) {
            heard.add("-" + frame);
        }

        @Override
        public int victim(Candidates candidates) {
            return -1;
        }
    }

    private final Listening policy = new Listening();
    private final FrameTable table = new FrameTable(new PhysicalMemory(6), policy);

    @Test
    void framesAreHandedOutFromZeroUpAndCounted() {
        assertEquals(6, table.free());
        assertEquals(0, table.take(FrameKind.PAGE_TABLE));
        assertEquals(1, table.take(FrameKind.ANON));
        assertEquals(2, table.take(FrameKind.CACHE));
        assertEquals(3, table.free());
        assertEquals(3, table.used());
        assertEquals(1, table.pageTables());
        assertEquals(FrameKind.ANON, table.kind(1));
        assertEquals(List.of("+1", "+2"), policy.heard, "only user frames are candidates");
    }

    @Test
    void aFreedFrameIsTheNextHandedOut() {
        for (int i = 0; i < 6; i++) table.take(FrameKind.ANON);
        assertEquals(-1, table.take(FrameKind.ANON), "full: the table never evicts");
        table.release(4);
        assertEquals(FrameKind.FREE, table.kind(4));
        assertEquals(4, table.take(FrameKind.ANON));
        assertEquals(6, table.peakUsed());
        assertEquals(List.of("+0", "+1", "+2", "+3", "+4", "+5", "-4", "+4"), policy.heard);
    }

    @Test
    void mappersCountAsReferencesAndTheLastOneFreesTheFrame() {
        int pfn = table.take(FrameKind.ANON);
        table.addMapper(pfn, 1, 0x10);
        table.addMapper(pfn, 2, 0x10);
        table.addMapper(pfn, 3, 0x22);
        assertEquals(3, table.refs(pfn));
        assertEquals(3, table.mapperCount(pfn));
        assertArrayEquals(new long[] {1L << 32 | 0x10, 2L << 32 | 0x10, 3L << 32 | 0x22}, table.mappers(pfn));
        assertFalse(table.removeMapper(pfn, 1, 0x10));
        assertArrayEquals(new long[] {3L << 32 | 0x22, 2L << 32 | 0x10}, table.mappers(pfn), "the last moves into the gap");
        assertFalse(table.removeMapper(pfn, 3, 0x22));
        assertTrue(table.removeMapper(pfn, 2, 0x10), "the last mapper frees it");
        assertEquals(FrameKind.FREE, table.kind(pfn));
        assertEquals(List.of("+0", "-0"), policy.heard);
    }

    @Test
    void aCacheReferenceKeepsTheFrameAfterItsMappersGo() {
        int pfn = table.take(FrameKind.CACHE);
        table.linkFile(pfn, null, 7);
        table.ref(pfn); // the page cache's reference
        table.addMapper(pfn, 1, 0x40);
        assertFalse(table.removeMapper(pfn, 1, 0x40));
        assertEquals(1, table.refs(pfn));
        assertEquals(7, table.filePage(pfn));
        assertTrue(table.unref(pfn));
        assertEquals(FrameKind.FREE, table.kind(pfn));
    }

    @Test
    void theSwapCacheLinkGoesWithTheFrame() {
        int pfn = table.take(FrameKind.ANON);
        assertEquals(-1, table.slot(pfn));
        table.linkSlot(pfn, 12);
        table.ref(pfn);
        assertEquals(12, table.slot(pfn));
        table.unlinkSlot(pfn);
        assertEquals(-1, table.slot(pfn));
        table.linkSlot(pfn, 13);
        table.unref(pfn);
        assertEquals(-1, table.slot(pfn), "freed: no link left");
    }

    @Test
    void pinnedAndPageTableFramesAreNotEvictable() {
        int t = table.take(FrameKind.PAGE_TABLE);
        int a = table.take(FrameKind.ANON);
        assertFalse(table.evictable(t));
        assertTrue(table.evictable(a));
        table.pin(a);
        assertFalse(table.evictable(a));
        table.unpin(a);
        assertTrue(table.evictable(a));
        table.pin(a);
        table.release(a);
        assertFalse(table.pinned(table.take(FrameKind.ANON)), "a pin does not outlive the frame's use");
    }

    @Test
    void aFrameIsTakenClean() {
        int pfn = table.take(FrameKind.ANON);
        table.setDirty(pfn, true);
        table.release(pfn);
        assertFalse(table.dirty(table.take(FrameKind.ANON)));
    }

    @Test
    void mistakesAreCaughtNamingTheFrame() {
        int pfn = table.take(FrameKind.ANON);
        table.addMapper(pfn, 1, 5);
        IllegalStateException busy = assertThrows(IllegalStateException.class, () -> table.release(pfn));
        assertEquals("FrameTable.release: frame 0 still has 1 references", busy.getMessage());
        IllegalStateException notMapped = assertThrows(IllegalStateException.class, () -> table.removeMapper(pfn, 2, 5));
        assertEquals("FrameTable.removeMapper: frame 0 is not mapped at 0x00005000 in space 2", notMapped.getMessage());
        IllegalStateException free = assertThrows(IllegalStateException.class, () -> table.release(3));
        assertEquals("FrameTable.release: frame 3 is already free", free.getMessage());
    }
}
