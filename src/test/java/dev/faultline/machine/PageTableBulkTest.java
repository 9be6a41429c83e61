package dev.faultline.machine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The whole-table PTE accessors fork uses agree with the one-entry ones, little-endian, byte for byte. */
class PageTableBulkTest {
    @Test
    void bulkReadSeesWhatSingleWritesWrote() {
        PhysicalMemory mem = new PhysicalMemory(4);
        mem.writePte(2, 0, 0x12345678);
        mem.writePte(2, 1023, 0x80000001);
        int[] ptes = new int[1024];
        mem.readPtes(2, ptes);
        assertEquals(0x12345678, ptes[0]);
        assertEquals(0x80000001, ptes[1023]);
        assertEquals(0, ptes[512]);
        assertEquals(0x78, mem.readByte(2, 0));
    }

    @Test
    void bulkWriteIsSeenBySingleReadsAndDropsDecodedCode() {
        PhysicalMemory mem = new PhysicalMemory(4);
        int[] ptes = new int[1024];
        for (int i = 0; i < ptes.length; i++) ptes[i] = i * 0x01010101 ^ 0xA5;
        mem.decoded[3] = new long[1];
        mem.writePtes(3, ptes);
        assertNull(mem.decoded[3]);
        for (int i = 0; i < ptes.length; i++) assertEquals(i * 0x01010101 ^ 0xA5, mem.readPte(3, i), "entry " + i);
        int[] back = new int[1024];
        mem.readPtes(3, back);
        assertArrayEquals(ptes, back);
        assertEquals(0xA5, mem.readByte(3, 0));
    }
}
