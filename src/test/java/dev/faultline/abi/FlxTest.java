package dev.faultline.abi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** FLX write/read round trip and every validation rule of {@link Flx#read} (docs/flx.md). */
class FlxTest {

    private static Flx sample() {
        return new Flx(0x10004,
                List.of(new Flx.Segment(0x10000, 6, Flx.FLAG_R | Flx.FLAG_X, new byte[] {1, 2, 3, 4, 5, 6}),
                        new Flx.Segment(0x11000, 3, Flx.FLAG_R, new byte[] {'a', 'b', 'c'}),
                        new Flx.Segment(0x12000, 0x2000, Flx.FLAG_R | Flx.FLAG_W, new byte[0])),
                List.of(new Flx.Symbol("_start", 0x10004, Flx.SECTION_TEXT), new Flx.Symbol("n", -5, Flx.SECTION_ABSOLUTE)),
                List.of(new Flx.LineRow(0x10000, 3), new Flx.LineRow(0x10004, 7)), "prog.s");
    }

    /** The sample with its header or a segment header word changed. */
    private static byte[] patched(int offset, int value) {
        byte[] file = sample().write();
        ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putInt(offset, value);
        return file;
    }

    private static String rejection(byte[] file) {
        return assertThrows(FlxFormatException.class, () -> Flx.read(file)).getMessage();
    }

    private static final int SEG0 = Flx.HEADER_SIZE, SEG1 = Flx.HEADER_SIZE + Flx.SEGMENT_HEADER_SIZE;

    @Test
    void writeThenReadGivesTheSameExecutable() throws Exception {
        Flx in = sample();
        byte[] file = in.write();
        Flx out = Flx.read(file);
        assertEquals(in.entry(), out.entry());
        assertEquals(in.symbols(), out.symbols());
        assertEquals(in.lines(), out.lines());
        assertEquals("prog.s", out.sourceName());
        assertEquals(in.segments().size(), out.segments().size());
        for (int i = 0; i < in.segments().size(); i++) {
            Flx.Segment a = in.segments().get(i), b = out.segments().get(i);
            assertEquals(a.vaddr(), b.vaddr());
            assertEquals(a.memsz(), b.memsz());
            assertEquals(a.flags(), b.flags());
            assertArrayEquals(a.data(), b.data());
            assertEquals(0, b.fileOffset() % Flx.PAGE, "page-aligned offset");
        }
        assertArrayEquals(file, out.write());
        assertEquals(Flx.MAGIC, ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getInt(0));
        assertEquals("FLX1", new String(file, 0, 4, java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Test
    void emptyTablesAreWrittenAsZeroOffsets() throws Exception {
        Flx flx = new Flx(0x10000, List.of(new Flx.Segment(0x10000, 1, 5, new byte[] {1})), List.of(), List.of(), "x.s");
        byte[] file = flx.write();
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0, b.getInt(12));
        assertEquals(0, b.getInt(28));
        assertEquals(List.of(), Flx.read(file).symbols());
    }

    @Test
    void truncated() {
        assertTrue(rejection(new byte[10]).contains("truncated"));
        byte[] file = sample().write();
        assertTrue(rejection(java.util.Arrays.copyOf(file, file.length - 1)).contains("past the end"));
    }

    @Test
    void badMagic() {
        assertTrue(rejection(patched(0, 0x464C457F)).contains("bad magic"));
    }

    @Test
    void countsAndOffsetsPastTheEnd() {
        assertTrue(rejection(patched(8, 100000)).contains("segment count"));
        assertTrue(rejection(patched(16, 100000)).contains("symbol table"));
        assertTrue(rejection(patched(12, 0x7FFFFFF0)).contains("symbol table"));
        assertTrue(rejection(patched(24, 0x7FFFFFF0)).contains("string table"));
        assertTrue(rejection(patched(32, 100000)).contains("line table"));
        assertTrue(rejection(patched(SEG0 + 8, 0x100000)).contains("past the end"));
        assertTrue(rejection(patched(SEG0 + 12, 0x100000)).contains("exceeds memory size"));
    }

    @Test
    void symbolNameOutsideTheStringTable() {
        byte[] file = sample().write();
        int symOff = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getInt(12);
        assertTrue(rejection(patched(symOff, 100000)).contains("string table"));
    }

    @Test
    void overlappingSegments() {
        assertTrue(rejection(patched(SEG1, 0x10000)).contains("overlap"));
        assertTrue(rejection(patched(SEG1 + 4, 0x1000 + 1)).contains("overlap")); // rodata runs into the page of bss
    }

    @Test
    void outsideUserSpace() {
        assertTrue(rejection(patched(SEG0, 0)).contains("outside user space"));
        assertTrue(rejection(patched(SEG0, 0x80000000)).contains("outside user space"));
        assertTrue(rejection(patched(SEG1 + 4, 0x7FFFFFFF)).contains("outside user space"));
    }

    @Test
    void misaligned() {
        assertTrue(rejection(patched(SEG0, 0x10004)).contains("not page-aligned"));
        assertTrue(rejection(patched(SEG0 + 8, 0x1004)).contains("not page-aligned"));
    }

    @Test
    void unknownFlagsAndReservedField() {
        assertTrue(rejection(patched(SEG0 + 16, 8)).contains("flag"));
        assertTrue(rejection(patched(SEG0 + 20, 1)).contains("reserved"));
    }
}
