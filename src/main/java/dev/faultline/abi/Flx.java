package dev.faultline.abi;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The FLX executable format (docs/flx.md): a 64-byte header, 24-byte segment headers at offset 64,
 * a symbol table, a string table and a line table, then the segments' bytes at page-aligned offsets.
 * The string table begins with the NUL-terminated name of the main source file, so traces can say
 * {@code file:line}; symbol names follow it.
 */
public record Flx(int entry, List<Segment> segments, List<Symbol> symbols, List<LineRow> lines, String sourceName) {

    /**
     * Names are kept printable: a control character in the source file's name or a symbol's (which no
     * identifier has, but a crafted file or an odd file name may) is replaced by its escape here, where every
     * executable is made, so no trace, disassembly or debugger line can carry it to a terminal
     * ({@link Printable}).
     */
    public Flx {
        sourceName = Printable.escape(sourceName);
        if (symbols.stream().anyMatch(s -> !s.name().equals(Printable.escape(s.name())))) {
            symbols = symbols.stream().map(s -> new Symbol(Printable.escape(s.name()), s.value(), s.section())).toList();
        }
    }

    public static final int MAGIC = 0x31584C46; // "FLX1" little-endian
    public static final int HEADER_SIZE = 64;
    public static final int SEGMENT_HEADER_SIZE = 24;
    public static final int SYMBOL_SIZE = 12;
    public static final int LINE_ROW_SIZE = 8;
    public static final int PAGE = 4096;
    public static final long USER_TOP = 0x80000000L;
    public static final int FLAG_R = 1, FLAG_W = 2, FLAG_X = 4;
    /**
     * The longest name (the source file's, or a symbol's) a file may hold, in bytes. Names are built once
     * per offset and may not together hold more bytes than the string table: what a reader builds is
     * bounded by the file, however many symbols point at one long string.
     */
    public static final int MAX_NAME_BYTES = 4096;

    /** A segment: {@code data} holds its {@code filesz} file bytes; the rest up to memsz is zero. */
    public record Segment(int vaddr, int memsz, int flags, byte[] data, int fileOffset) {
        public Segment(int vaddr, int memsz, int flags, byte[] data) {
            this(vaddr, memsz, flags, data, 0);
        }

        public int filesz() {
            return data.length;
        }

        public long end() {
            return Integer.toUnsignedLong(vaddr) + Integer.toUnsignedLong(memsz);
        }
    }

    /** Section numbers of symbols. */
    public static final int SECTION_TEXT = 0, SECTION_RODATA = 1, SECTION_DATA = 2, SECTION_BSS = 3,
            SECTION_ABSOLUTE = -1;

    public record Symbol(String name, int value, int section) {}

    public record LineRow(int address, int line) {}

    /** Serialises this executable; segment offsets are assigned here, page-aligned. */
    public byte[] write() {
        List<byte[]> parts = new ArrayList<>();
        int stringSize = 0;
        byte[] src = (sourceName == null ? "" : sourceName).getBytes(StandardCharsets.UTF_8);
        parts.add(src);
        stringSize += src.length + 1;
        int[] nameOffsets = new int[symbols.size()];
        for (int i = 0; i < symbols.size(); i++) {
            byte[] n = symbols.get(i).name().getBytes(StandardCharsets.UTF_8);
            nameOffsets[i] = stringSize;
            parts.add(n);
            stringSize += n.length + 1;
        }
        int symOffset = HEADER_SIZE + SEGMENT_HEADER_SIZE * segments.size();
        int strOffset = symOffset + SYMBOL_SIZE * symbols.size();
        int lineOffset = strOffset + stringSize;
        int metaEnd = lineOffset + LINE_ROW_SIZE * lines.size();
        int[] segOffsets = new int[segments.size()];
        long pos = roundUp(metaEnd);
        for (int i = 0; i < segments.size(); i++) {
            segOffsets[i] = (int) pos;
            pos = roundUp(pos + segments.get(i).filesz());
        }
        long total = segments.isEmpty() ? metaEnd
                : segOffsets[segments.size() - 1] + (long) segments.get(segments.size() - 1).filesz();
        ByteBuffer out = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(0, MAGIC).putInt(4, entry).putInt(8, segments.size())
                .putInt(12, symbols.isEmpty() ? 0 : symOffset).putInt(16, symbols.size())
                .putInt(20, strOffset).putInt(24, stringSize)
                .putInt(28, lines.isEmpty() ? 0 : lineOffset).putInt(32, lines.size());
        for (int i = 0; i < segments.size(); i++) {
            Segment s = segments.get(i);
            int h = HEADER_SIZE + i * SEGMENT_HEADER_SIZE;
            out.putInt(h, s.vaddr()).putInt(h + 4, s.memsz()).putInt(h + 8, segOffsets[i])
                    .putInt(h + 12, s.filesz()).putInt(h + 16, s.flags()).putInt(h + 20, 0);
            out.put(segOffsets[i], s.data());
        }
        for (int i = 0; i < symbols.size(); i++) {
            Symbol s = symbols.get(i);
            int h = symOffset + i * SYMBOL_SIZE;
            out.putInt(h, nameOffsets[i]).putInt(h + 4, s.value()).putInt(h + 8, s.section());
        }
        int p = strOffset;
        for (byte[] part : parts) {
            out.put(p, part);
            p += part.length + 1;
        }
        for (int i = 0; i < lines.size(); i++) {
            out.putInt(lineOffset + i * LINE_ROW_SIZE, lines.get(i).address());
            out.putInt(lineOffset + i * LINE_ROW_SIZE + 4, lines.get(i).line());
        }
        return out.array();
    }

    /**
     * Reads and validates an FLX file. Every rule of docs/flx.md is checked; a file that breaks one
     * is rejected with an {@link FlxFormatException} whose message is one sentence.
     */
    public static Flx read(byte[] file) throws FlxFormatException {
        if (file.length < HEADER_SIZE) {
            throw new FlxFormatException("the file is truncated: " + file.length
                    + " bytes, shorter than the 64-byte FLX header");
        }
        ByteBuffer in = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        if (in.getInt(0) != MAGIC) throw new FlxFormatException("bad magic: not an FLX1 executable");
        int entry = in.getInt(4);
        long nseg = u(in.getInt(8));
        long symOff = u(in.getInt(12)), nsym = u(in.getInt(16));
        long strOff = u(in.getInt(20)), strSize = u(in.getInt(24));
        long lineOff = u(in.getInt(28)), nline = u(in.getInt(32));
        long size = file.length;
        if (HEADER_SIZE + nseg * SEGMENT_HEADER_SIZE > size) {
            throw new FlxFormatException("segment count " + nseg + " runs past the end of the file");
        }
        if (nsym > 0 && (symOff < HEADER_SIZE || symOff + nsym * SYMBOL_SIZE > size)) {
            throw new FlxFormatException("symbol table (" + nsym + " symbols at offset " + symOff
                    + ") runs past the end of the file");
        }
        if (strSize > 0 && (strOff < HEADER_SIZE || strOff + strSize > size)) {
            throw new FlxFormatException("string table (offset " + strOff + ", " + strSize
                    + " bytes) runs past the end of the file");
        }
        if (nline > 0 && (lineOff < HEADER_SIZE || lineOff + nline * LINE_ROW_SIZE > size)) {
            throw new FlxFormatException("line table (" + nline + " rows at offset " + lineOff
                    + ") runs past the end of the file");
        }
        List<Segment> segs = new ArrayList<>();
        long segmentBytes = 0;
        for (int i = 0; i < nseg; i++) {
            int h = HEADER_SIZE + i * SEGMENT_HEADER_SIZE;
            long vaddr = u(in.getInt(h)), memsz = u(in.getInt(h + 4)), off = u(in.getInt(h + 8));
            long filesz = u(in.getInt(h + 12)), flags = u(in.getInt(h + 16));
            String what = "segment " + i;
            if (vaddr % PAGE != 0) throw new FlxFormatException(what + ": address " + hex(vaddr) + " is not page-aligned");
            if (off % PAGE != 0) throw new FlxFormatException(what + ": file offset " + off + " is not page-aligned");
            if (filesz > memsz) throw new FlxFormatException(what + ": file size " + filesz + " exceeds memory size " + memsz);
            if (off + filesz > size) throw new FlxFormatException(what + ": its bytes run past the end of the file");
            if (vaddr < 0x10000 || vaddr + memsz > USER_TOP) {
                throw new FlxFormatException(what + ": " + hex(vaddr) + ".." + hex(vaddr + memsz)
                        + " lies outside user space (0x00010000..0x80000000)");
            }
            if ((flags & ~7L) != 0) throw new FlxFormatException(what + ": unknown flag bits " + hex(flags));
            if (in.getInt(h + 20) != 0) throw new FlxFormatException(what + ": the reserved field is not zero");
            segmentBytes += filesz;
            if (segmentBytes > size) {
                throw new FlxFormatException("the segments hold more bytes (" + segmentBytes + " by segment " + i
                        + ") than the whole file (" + size + "): their bytes overlap in the file");
            }
            byte[] data = new byte[(int) filesz];
            System.arraycopy(file, (int) off, data, 0, (int) filesz);
            segs.add(new Segment((int) vaddr, (int) memsz, (int) flags, data, (int) off));
        }
        List<Segment> sorted = new ArrayList<>(segs);
        sorted.sort(Comparator.comparingLong(s -> u(s.vaddr())));
        for (int i = 1; i < sorted.size(); i++) {
            Segment prev = sorted.get(i - 1), next = sorted.get(i);
            if (roundUp(prev.end()) > u(next.vaddr())) {
                throw new FlxFormatException("segments at " + hex(prev.vaddr()) + " and " + hex(next.vaddr())
                        + " overlap");
            }
        }
        Names names = new Names(file, (int) strOff, (int) strSize);
        String source = strSize > 0 ? names.at(0, "the source file's name") : "";
        List<Symbol> syms = new ArrayList<>();
        for (int i = 0; i < nsym; i++) {
            int h = (int) symOff + i * SYMBOL_SIZE;
            long nameOff = u(in.getInt(h));
            if (nameOff >= strSize) throw new FlxFormatException("symbol " + i + ": its name lies outside the string table");
            syms.add(new Symbol(names.at((int) nameOff, "symbol " + i + "'s name"), in.getInt(h + 4), in.getInt(h + 8)));
        }
        List<LineRow> rows = new ArrayList<>();
        for (int i = 0; i < nline; i++) {
            int h = (int) lineOff + i * LINE_ROW_SIZE;
            rows.add(new LineRow(in.getInt(h), in.getInt(h + 4)));
        }
        return new Flx(entry, segs, syms, rows, source);
    }

    /**
     * The names of a string table, each built once however many symbols share it, at most
     * {@link #MAX_NAME_BYTES} long, and all of them together no more bytes than the table holds.
     */
    private static final class Names {
        private final byte[] file;
        private final int start;
        private final int size;
        private final java.util.Map<Integer, String> built = new java.util.HashMap<>();
        private long bytes;

        Names(byte[] file, int start, int size) {
            this.file = file;
            this.start = start;
            this.size = size;
        }

        /** The NUL-terminated string at offset in the table; what names it, for a message. */
        String at(int offset, String what) throws FlxFormatException {
            String name = built.get(offset);
            if (name != null) return name;
            int from = start + offset;
            int end = from;
            int limit = start + size;
            while (end < limit && file[end] != 0 && end - from <= MAX_NAME_BYTES) end++;
            if (end - from > MAX_NAME_BYTES) {
                throw new FlxFormatException(what + " is longer than " + MAX_NAME_BYTES + " bytes");
            }
            bytes += end - from + 1;
            if (bytes > size + 1) {
                throw new FlxFormatException("the names hold more bytes than the string table (" + size
                        + "): they overlap, " + what + " among them");
            }
            name = new String(file, from, end - from, StandardCharsets.UTF_8);
            built.put(offset, name);
            return name;
        }
    }

    private static long u(int v) {
        return Integer.toUnsignedLong(v);
    }

    private static long roundUp(long v) {
        return (v + PAGE - 1) & ~(long) (PAGE - 1);
    }

    private static String hex(long v) {
        return String.format("0x%08x", v);
    }
}
