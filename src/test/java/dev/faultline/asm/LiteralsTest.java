package dev.faultline.asm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Hex and binary literals are read by hand (the browser build has no Long.parseUnsignedLong with a radix). */
class LiteralsTest {
    @Test
    void hexAndBinaryUseAll64Bits() throws AsmException {
        assertEquals(-1L, Literals.number("0xFFFFFFFFFFFFFFFF", null));
        assertEquals(0x8000000000000000L, Literals.number("0x8000000000000000", null));
        assertEquals(1L, Literals.number("0x00000000000000000000001", null));
        assertEquals(0x1234ABCDL, Literals.number("0X1234abcd", null));
        assertEquals(-1L, Literals.number("0b" + "1".repeat(64), null));
        assertEquals(5L, Literals.number("0b101", null));
    }

    @Test
    void past64BitsIsAnError() {
        Asm.error("        li a0, 0x10000000000000000\n", 1, 16, "does not fit in 64 bits");
        Asm.error("        li a0, 0b1" + "0".repeat(64) + "\n", 1, 16, "does not fit in 64 bits");
    }
}
