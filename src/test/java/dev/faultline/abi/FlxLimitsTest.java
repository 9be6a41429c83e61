package dev.faultline.abi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What Flx.read builds is bounded by the file, not only the file's size (docs/flx.md): names at most 4 KiB,
 * built once per offset, together no more than the string table; segments no more bytes than the file.
 */
public class FlxLimitsTest {
    /** An 8 MB file whose symbols all name one unterminated string of nearly 8 MB. */
    public static byte[] oneLongName(int symbols) {
        return withNames(symbols, i -> 6);
    }

    /** An 8 MB file: "adv.s", then 'A's with no NUL; symbol i's name starts at nameOffset(i). */
    static byte[] withNames(int symbols, java.util.function.IntUnaryOperator nameOffset) {
        int size = 8 << 20;
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        int symOff = Flx.HEADER_SIZE + Flx.SEGMENT_HEADER_SIZE;
        int strOff = symOff + symbols * Flx.SYMBOL_SIZE;
        b.putInt(0, Flx.MAGIC).putInt(4, 0x10000).putInt(8, 1).putInt(12, symOff).putInt(16, symbols)
                .putInt(20, strOff).putInt(24, size - strOff);
        b.putInt(Flx.HEADER_SIZE, 0x10000).putInt(Flx.HEADER_SIZE + 4, 4096).putInt(Flx.HEADER_SIZE + 8, 0)
                .putInt(Flx.HEADER_SIZE + 12, 16).putInt(Flx.HEADER_SIZE + 16, Flx.FLAG_R | Flx.FLAG_X);
        for (int i = 0; i < symbols; i++) {
            b.putInt(symOff + i * Flx.SYMBOL_SIZE, nameOffset.applyAsInt(i)).putInt(symOff + i * Flx.SYMBOL_SIZE + 4, 0x10000);
        }
        byte[] file = b.array();
        byte[] source = "adv.s\0".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(source, 0, file, strOff, source.length);
        Arrays.fill(file, strOff + source.length, size, (byte) 'A');
        return file;
    }

    private static String rejection(byte[] file) {
        return assertThrows(FlxFormatException.class, () -> Flx.read(file)).getMessage();
    }

    @Test
    void twoThousandSymbolsOnOneUnterminatedStringAreRefused() {
        assertEquals("symbol 0's name is longer than 4096 bytes", rejection(oneLongName(2000)));
    }

    @Test
    void namesThatOverlapAreRefusedBeforeTheyAddUp() {
        // a NUL every 4000 bytes, and 20,000 symbols starting at different bytes of the first half of each
        // name: 40 MB of names from 8 MB of table, were each one built
        byte[] file = withNames(20_000, i -> 6 + (i / 2000) * 4000 + i % 2000);
        int strOff = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getInt(20);
        for (int at = strOff + 6 + 4000 - 1; at < file.length; at += 4000) file[at] = 0;
        String message = rejection(file);
        assertEquals(true, message.startsWith("the names hold more bytes than the string table (" + (file.length - strOff)
                + "): they overlap, symbol "), message);
    }

    @Test
    void aNameSharedByManySymbolsIsBuiltOnce() throws FlxFormatException {
        byte[] file = withNames(3, i -> 6);
        int strOff = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getInt(20);
        file[strOff + 6 + 5] = 0;
        List<Flx.Symbol> symbols = Flx.read(file).symbols();
        assertEquals("AAAAA", symbols.get(0).name());
        assertEquals(true, symbols.get(0).name() == symbols.get(2).name());
    }

    @Test
    void segmentsMayNotHoldMoreBytesThanTheFile() {
        ByteBuffer b = ByteBuffer.allocate(8192).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, Flx.MAGIC).putInt(4, 0x10000).putInt(8, 3);
        for (int i = 0; i < 3; i++) {
            int h = Flx.HEADER_SIZE + i * Flx.SEGMENT_HEADER_SIZE;
            b.putInt(h, 0x10000 + i * 0x10000).putInt(h + 4, 4096).putInt(h + 8, 4096).putInt(h + 12, 4096).putInt(h + 16, 1);
        }
        assertEquals("the segments hold more bytes (12288 by segment 2) than the whole file (8192): their bytes"
                + " overlap in the file", rejection(b.array()));
    }

    @Test
    void theAssemblerRefusesANameNoExecutableCouldHold() {
        String name = "x".repeat(Flx.MAX_NAME_BYTES + 1);
        var r = dev.faultline.asm.Assembler.assembleString("long.s", name + ": halt\n");
        assertEquals(false, r.ok());
        assertEquals(true, r.formatDiagnostics().contains("symbol name is 4097 bytes long; the limit is 4096"),
                r.formatDiagnostics());
        var fits = dev.faultline.asm.Assembler.assembleString("long.s", "x".repeat(Flx.MAX_NAME_BYTES) + ": halt\n");
        assertEquals(true, fits.ok(), fits.formatDiagnostics());
    }
}
