package dev.faultline.asm;

import static dev.faultline.asm.Asm.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.faultline.abi.Flx;
import org.junit.jupiter.api.Test;

/** Every directive of docs/assembler.md. */
class DirectiveTest {

    @Test
    void byteHalfWordTakeListsLittleEndian() {
        assertArrayEquals(bytes(1, 0xFF, 0x80, 255), Asm.dataOf("        .byte 1, -1, -128, 255"));
        assertArrayEquals(bytes(0x34, 0x12, 0x00, 0x80, 0xFF, 0xFF), Asm.dataOf("        .half 0x1234, -32768, 65535"));
        assertArrayEquals(bytes(0x78, 0x56, 0x34, 0x12, 0xFF, 0xFF, 0xFF, 0xFF),
                Asm.dataOf("        .word 0x12345678, 0xFFFFFFFF"));
        assertArrayEquals(bytes(0, 0, 0, 0x80), Asm.dataOf("        .word -2147483648"));
    }

    @Test
    void asciiAndAscizDecodeEscapes() {
        assertArrayEquals(bytes('a', '\n', '\t', '\\', '"', 0, 0x41, '\r', '\''),
                Asm.dataOf("        .ascii \"a\\n\\t\\\\\\\"\\0\\x41\\r\\'\""));
        assertArrayEquals(bytes('h', 'i', 0, 'x', 0), Asm.dataOf("        .asciz \"hi\", \"x\""));
        assertArrayEquals(bytes('a', 'b'), Asm.dataOf("        .ascii \"a\", \"b\""));
        assertArrayEquals(bytes(0xC3, 0xA9), Asm.dataOf("        .ascii \"é\""));
    }

    @Test
    void spaceReservesAndFills() {
        assertArrayEquals(bytes(0, 0, 0, 7, 7), Asm.dataOf("        .space 3\n        .space 2, 7"));
        assertArrayEquals(bytes(0xFF, 0xFF), Asm.dataOf("        .space 2, -1"));
    }

    @Test
    void alignPadsWithZerosToAPowerOfTwo() {
        assertArrayEquals(bytes(1, 0, 0, 0, 2), Asm.dataOf("        .byte 1\n        .align 4\n        .byte 2"));
        assertArrayEquals(bytes(1, 2), Asm.dataOf("        .byte 1\n        .align 1\n        .byte 2"));
        Flx flx = Asm.ok("        nop\n        .align 8\nx:      nop\n");
        assertEquals(0x10008, Asm.symbol(flx, "x"));
    }

    @Test
    void orgSkipsForwardWithinTheSection() {
        Flx flx = Asm.ok("_start: nop\n        .org 0x10010\nx:      nop\n");
        assertEquals(0x10010, Asm.symbol(flx, "x"));
        assertEquals(0x11, Asm.text(flx).length);
        assertEquals(0x10000, flx.segments().get(0).vaddr());
    }

    @Test
    void orgFirstInTextMovesItsStart() {
        Flx flx = Asm.ok("        .text\n        .org 0x400000\n_start: nop\n        .rodata\nr: .byte 1\n");
        assertEquals(0x400000, flx.segments().get(0).vaddr());
        assertEquals(0x400000, flx.entry());
        assertEquals(0x401000, flx.segments().get(1).vaddr());
        Flx unaligned = Asm.ok("        .org 0x20010\n_start: nop\n");
        assertEquals(0x20000, unaligned.segments().get(0).vaddr());
        assertEquals(0x20010, unaligned.entry());
        assertEquals(0x11, Asm.text(unaligned).length);
    }

    @Test
    void orgInDataIsAnAbsoluteAddress() {
        Flx flx = Asm.ok("        nop\n        .data\n        .byte 1\n        .org 0x11004\nd: .byte 2\n");
        assertEquals(0x11004, Asm.symbol(flx, "d"));
        assertArrayEquals(bytes(1, 0, 0, 0, 2), flx.segments().get(1).data());
    }

    @Test
    void equAndAssignmentDefineAbsoluteSymbols() {
        Flx flx = Asm.ok("        .equ a, 5\nb = a * 2\n        nop\n");
        assertEquals(5, Asm.symbol(flx, "a"));
        assertEquals(10, Asm.symbol(flx, "b"));
        assertEquals(Flx.SECTION_ABSOLUTE, flx.symbols().get(0).section());
    }

    @Test
    void entryIsStartThenEntryDirectiveThenTextStart() {
        assertEquals(0x10001, Asm.ok("        nop\n_start: nop\n        .entry other\nother: nop\n").entry());
        assertEquals(0x10002, Asm.ok("        nop\n        nop\n        .entry other\nother: nop\n").entry());
        assertEquals(0x10000, Asm.ok("        nop\n        nop\n").entry());
    }

    @Test
    void sectionsSwitchAnyNumberOfTimes() {
        Flx flx = Asm.ok("""
                        .text
                a:      nop
                        .data
                d1:     .byte 1
                        .text
                b:      nop
                        .rodata
                r:      .byte 2
                        .data
                d2:     .byte 3
                        .bss
                z:      .space 8
                        .text
                c:      nop
                """);
        assertEquals(0x10000, Asm.symbol(flx, "a"));
        assertEquals(0x10001, Asm.symbol(flx, "b"));
        assertEquals(0x10002, Asm.symbol(flx, "c"));
        assertEquals(0x11000, Asm.symbol(flx, "r"));
        assertEquals(0x12000, Asm.symbol(flx, "d1"));
        assertEquals(0x12001, Asm.symbol(flx, "d2"));
        assertEquals(0x13000, Asm.symbol(flx, "z"));
        assertEquals(4, flx.segments().size());
        int[] flags = flx.segments().stream().mapToInt(Flx.Segment::flags).toArray();
        assertArrayEquals(new int[] {5, 1, 3, 3}, flags);
        Flx.Segment bss = flx.segments().get(3);
        assertEquals(0, bss.filesz());
        assertEquals(8, bss.memsz());
    }

    @Test
    void emptySectionsTakeNoSpace() {
        // (an empty .text is an error of its own when there is data: see dataWithoutCodeIsAnAssemblerErrorAtTheData)
        Flx flx = Asm.ok("        .text\n        nop\n        .rodata\n        .data\nd: .word 1\n        .bss\nb: .space 4\n");
        assertEquals(0x11000, Asm.symbol(flx, "d"));
        assertEquals(0x12000, Asm.symbol(flx, "b"));
        assertEquals(3, flx.segments().size());
    }

    @Test
    void bssStartsOnItsOwnPageAfterData() {
        Flx flx = Asm.ok("        nop\n        .data\n        .space 5000\n        .bss\nb: .space 1\n");
        assertEquals(0x13000, Asm.symbol(flx, "b"));
    }

    @Test
    void symbolsRecordTheirSections() {
        Flx flx = Asm.ok("t: nop\n.rodata\nr: .byte 1\n.data\nd: .byte 1\n.bss\nb: .space 1\n");
        assertEquals(java.util.List.of(Flx.SECTION_TEXT, Flx.SECTION_RODATA, Flx.SECTION_DATA, Flx.SECTION_BSS),
                flx.symbols().stream().map(Flx.Symbol::section).toList());
    }

    @Test
    void severalLabelsOnOneLine() {
        Flx flx = Asm.ok("a: b: c: nop\n");
        assertEquals(0x10000, Asm.symbol(flx, "a"));
        assertEquals(0x10000, Asm.symbol(flx, "c"));
    }

    @Test
    void lineTableHasOneRowPerStatementOfTheMainFile() {
        Flx flx = Asm.ok("; comment\n_start: nop\n\n        li a0, 1\n        .rodata\n        .byte 1, 2\n");
        assertEquals(java.util.List.of(new Flx.LineRow(0x10000, 2), new Flx.LineRow(0x10001, 4),
                new Flx.LineRow(0x11000, 6)), flx.lines());
        assertEquals("t.s", flx.sourceName());
    }

    @Test
    void listingShowsAddressBytesAndSource() {
        AsmResult r = Assembler.assembleString("t.s", "_start: li a0, 1 ; one\n");
        assertEquals("; t.s\n00010000  30 10 01 00 00 00            1  _start: li a0, 1 ; one\n", r.listing());
    }
}
