package dev.faultline.machine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The direct-mapped, ASID-tagged TLB and its victim buffer, on their own. */
class TlbTest {
    private static int pte(int pfn) {
        return Pte.make(pfn, Pte.V | Pte.R | Pte.A);
    }

    @Test
    void fillThenLookup() {
        Tlb tlb = new Tlb(4);
        assertEquals(4, tlb.size());
        assertEquals(0, tlb.lookup(5, 1), "empty");
        tlb.fill(5, 1, pte(50));
        assertEquals(pte(50), tlb.lookup(5, 1));
        assertArrayEquals(new int[] {5, 1, pte(50)}, tlb.entry(1));
        assertNull(tlb.entry(0));
        tlb.fill(5, 1, pte(51));
        assertEquals(pte(51), tlb.lookup(5, 1), "refill replaces");
    }

    @Test
    void vpnZeroAsidZeroNeverHitsAnEmptyTlb() {
        Tlb tlb = new Tlb(4);
        assertEquals(0, tlb.lookup(0, 0));
        tlb.fill(0, 0, pte(9));
        assertEquals(pte(9), tlb.lookup(0, 0));
        tlb.flushAll();
        assertEquals(0, tlb.lookup(0, 0));
    }

    @Test
    void directMappedSlotsEvictEachOther() {
        Tlb tlb = new Tlb(4);
        tlb.fill(1, 0, pte(10));
        tlb.fill(2, 0, pte(20));
        tlb.fill(5, 0, pte(50)); // slot 1, like vpn 1
        assertEquals(0, tlb.lookup(1, 0));
        assertEquals(pte(20), tlb.lookup(2, 0));
        assertEquals(pte(50), tlb.lookup(5, 0));
        tlb.fill(0xFFFFF, 0, pte(60)); // the highest vpn, slot 3
        assertEquals(pte(60), tlb.lookup(0xFFFFF, 0));
        assertArrayEquals(new int[] {0xFFFFF, 0, pte(60)}, tlb.entry(3));
    }

    @Test
    void entriesAreTaggedWithTheAddressSpace() {
        Tlb tlb = new Tlb(8);
        tlb.fill(5, 1, pte(10));
        assertEquals(0, tlb.lookup(5, 2), "another address space's entry never hits");
        assertEquals(0, tlb.lookup(5, 0));
        tlb.fill(5, 2, pte(20)); // same vpn, same slot: replaces
        assertEquals(pte(20), tlb.lookup(5, 2));
        assertEquals(0, tlb.lookup(5, 1), "asid 1 must not see asid 2's frame");
        tlb.fill(6, 255, pte(30));
        assertEquals(pte(30), tlb.lookup(6, 255));
        assertEquals(0, tlb.lookup(6, 127));
        assertArrayEquals(new int[] {6, 255, pte(30)}, tlb.entry(6));
    }

    @Test
    void flushPageDropsTheVpnInEveryAddressSpace() {
        Tlb tlb = new Tlb(8);
        tlb.fill(3, 1, pte(1));
        tlb.fill(4, 2, pte(2));
        tlb.flushPage(11); // same slot as 3, other vpn: keeps 3
        assertEquals(pte(1), tlb.lookup(3, 1));
        tlb.flushPage(3);
        assertEquals(0, tlb.lookup(3, 1));
        assertEquals(pte(2), tlb.lookup(4, 2));
        tlb.flushPage(4);
        assertEquals(0, tlb.lookup(4, 2));
    }

    @Test
    void flushPageOfOneAddressSpaceKeepsOthers() {
        Tlb tlb = new Tlb(8);
        tlb.fill(3, 1, pte(1));
        tlb.flushPage(3, 2);
        assertEquals(pte(1), tlb.lookup(3, 1));
        tlb.flushPage(3, 1);
        assertEquals(0, tlb.lookup(3, 1));
    }

    @Test
    void flushAsidAndFlushAll() {
        Tlb tlb = new Tlb(8);
        tlb.fill(1, 1, pte(1));
        tlb.fill(2, 2, pte(2));
        tlb.fill(3, 1, pte(3));
        tlb.fill(4, 0, pte(4));
        tlb.flushAsid(1);
        assertEquals(0, tlb.lookup(1, 1));
        assertEquals(0, tlb.lookup(3, 1));
        assertEquals(pte(2), tlb.lookup(2, 2));
        assertEquals(pte(4), tlb.lookup(4, 0));
        tlb.flushAsid(0);
        assertEquals(0, tlb.lookup(4, 0));
        assertEquals(pte(2), tlb.lookup(2, 2));
        tlb.flushAll();
        assertEquals(0, tlb.lookup(2, 2));
        for (int i = 0; i < 8; i++) assertNull(tlb.entry(i));
    }

    @Test
    void sizeZeroIsNoTlb() {
        Tlb tlb = new Tlb(0);
        assertEquals(0, tlb.size());
        tlb.fill(5, 1, pte(5));
        assertEquals(0, tlb.lookup(5, 1));
        tlb.fill(0, 0, pte(5));
        assertEquals(0, tlb.lookup(0, 0));
        tlb.flushPage(5);
        tlb.flushPage(5, 1);
        tlb.flushAsid(1);
        tlb.flushAll();
        assertNull(tlb.entry(0));
        Tlb withVictims = new Tlb(0, true);
        withVictims.fill(5, 1, pte(5));
        assertEquals(0, withVictims.lookup(5, 1));
        assertEquals(0, withVictims.recallVictim(5, 1));
    }

    @Test
    void negativeSizeIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Tlb(-1));
    }

    @Test
    void nonPowerOfTwoSizesUseEverySlot() {
        Tlb tlb = new Tlb(3);
        for (int vpn = 0; vpn < 3; vpn++) tlb.fill(vpn, 0, pte(vpn + 10));
        for (int vpn = 0; vpn < 3; vpn++) assertEquals(pte(vpn + 10), tlb.lookup(vpn, 0), "vpn " + vpn);
        tlb.fill(3, 0, pte(13)); // 3 % 3 == 0
        assertEquals(0, tlb.lookup(0, 0));
        assertEquals(pte(11), tlb.lookup(1, 0));
        assertEquals(pte(12), tlb.lookup(2, 0));
        assertEquals(pte(13), tlb.lookup(3, 0));
        tlb.fill(0xFFFFF, 0, pte(14)); // 1048575 % 3 == 0
        assertEquals(pte(14), tlb.lookup(0xFFFFF, 0));
        assertEquals(0, tlb.lookup(3, 0));

        Tlb five = new Tlb(5);
        for (int vpn = 100; vpn < 105; vpn++) five.fill(vpn, 7, pte(vpn));
        for (int vpn = 100; vpn < 105; vpn++) assertEquals(pte(vpn), five.lookup(vpn, 7));
        five.flushPage(102);
        assertEquals(0, five.lookup(102, 7));
        assertEquals(pte(103), five.lookup(103, 7));
    }

    @Test
    void victimBufferCatchesWhatAFillEvicts() {
        Tlb tlb = new Tlb(1, true);
        tlb.fill(1, 3, pte(1));
        tlb.fill(2, 3, pte(2));
        assertEquals(0, tlb.lookup(1, 3), "evicted from the slot");
        assertEquals(pte(1), tlb.recallVictim(1, 3), "but still in the victim buffer");
        assertEquals(pte(1), tlb.lookup(1, 3), "recalled into its slot");
        assertEquals(0, tlb.lookup(2, 3));
        assertEquals(pte(2), tlb.recallVictim(2, 3), "the slot's entry went to the buffer");
        assertEquals(0, tlb.recallVictim(2, 4), "victims are tagged with the address space");
        assertEquals(0, tlb.recallVictim(9, 3));
    }

    @Test
    void victimBufferHoldsTheLastFourEvictions() {
        Tlb tlb = new Tlb(1, true);
        for (int vpn = 0; vpn <= Tlb.VICTIMS + 1; vpn++) tlb.fill(vpn, 0, pte(vpn + 100));
        // Slot: vpn 5; victims: 1..4 (vpn 0 was pushed out by vpn 4).
        assertEquals(pte(105), tlb.lookup(5, 0));
        assertEquals(0, tlb.recallVictim(0, 0));
        for (int vpn = 1; vpn <= Tlb.VICTIMS; vpn++) {
            assertEquals(pte(vpn + 100), tlb.recallVictim(vpn, 0), "vpn " + vpn);
        }
    }

    @Test
    void refillingAVictimDropsTheStaleCopy() {
        Tlb tlb = new Tlb(1, true);
        tlb.fill(1, 0, pte(1));
        tlb.fill(2, 0, pte(2)); // vpn 1 (frame 1) to the buffer
        tlb.fill(1, 0, pte(11)); // vpn 1 again, new frame: the buffered copy must go
        tlb.fill(3, 0, pte(3)); // vpn 1 (frame 11) to the buffer
        assertEquals(pte(11), tlb.recallVictim(1, 0));
    }

    @Test
    void flushesReachTheVictimBuffer() {
        Tlb tlb = new Tlb(1, true);
        tlb.fill(1, 1, pte(1));
        tlb.fill(2, 2, pte(2));
        tlb.fill(3, 1, pte(3));
        tlb.fill(4, 1, pte(4)); // victims: 1/1, 2/2, 3/1
        tlb.flushPage(2);
        assertEquals(0, tlb.recallVictim(2, 2));
        tlb.flushPage(3, 2);
        assertEquals(pte(3), tlb.recallVictim(3, 1), "flushPage of another asid keeps it");
        tlb.flushPage(3, 1); // now in the slot
        assertEquals(0, tlb.lookup(3, 1));
        tlb.flushAsid(1);
        assertEquals(0, tlb.recallVictim(1, 1));
        assertEquals(0, tlb.recallVictim(4, 1));
        tlb.fill(5, 0, pte(5));
        tlb.fill(6, 0, pte(6));
        tlb.flushAll();
        assertEquals(0, tlb.recallVictim(5, 0));
        assertEquals(0, tlb.lookup(6, 0));
    }

    @Test
    void withoutAVictimBufferEvictionsAreGone() {
        Tlb tlb = new Tlb(1);
        tlb.fill(1, 0, pte(1));
        tlb.fill(2, 0, pte(2));
        assertEquals(0, tlb.recallVictim(1, 0));
        assertEquals(0, tlb.lookup(1, 0));
    }
}
