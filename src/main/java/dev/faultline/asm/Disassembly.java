package dev.faultline.asm;

import dev.faultline.abi.Flx;
import dev.faultline.abi.Syscall;
import dev.faultline.isa.Disassembler;
import dev.faultline.isa.Instruction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Disassembles an FLX executable. {@link #of} is the {@code disasm} view: every instruction of each
 * executable segment with its address and bytes, symbols as {@code label:} lines, branch targets by
 * label, syscalls by name, undecodable bytes as {@code .byte 0xNN}; data segments as hex bytes.
 * {@link #asSource} is the same code as assembly source that assembles back to the same bytes.
 */
public final class Disassembly {
    /** Zero bytes in a row shown as one {@code .space}. */
    static final int ZERO_RUN = 16;
    /** Bytes shown for a {@code .space} line. */
    private static final int MAX_SHOWN_BYTES = 6;

    private Disassembly() {}

    /** One decoded instruction, or one undecodable byte, of an executable segment. */
    private record Line(long address, byte[] bytes, String text) {}

    /** The {@code disasm} view of {@code flx}. */
    public static String of(Flx flx) {
        Labels labels = new Labels(flx);
        StringBuilder out = new StringBuilder();
        out.append(String.format("; %s  entry 0x%08x%n", flx.sourceName(), flx.entry()));
        for (Flx.Segment s : flx.segments()) {
            out.append(String.format("%n; segment 0x%08x..0x%08x %s, %d bytes in the file%n", s.vaddr(),
                    s.end(), flags(s.flags()), s.filesz()));
            if ((s.flags() & Flx.FLAG_X) != 0) {
                appendCode(out, s, labels);
            } else {
                appendData(out, s, labels);
            }
        }
        return out.toString();
    }

    /**
     * The executable segments of {@code flx} as assembly source: {@code .org} to each segment's address,
     * labels, and one instruction (or {@code .byte}) per line.
     */
    public static String asSource(Flx flx) {
        Labels labels = new Labels(flx);
        StringBuilder out = new StringBuilder("        .text\n");
        for (Flx.Segment s : flx.segments()) {
            if ((s.flags() & Flx.FLAG_X) == 0) continue;
            out.append(String.format("        .org 0x%08x%n", s.vaddr()));
            for (Line line : decode(s, labels)) {
                for (String name : labels.at(line.address())) out.append(name).append(":\n");
                out.append("        ").append(line.text()).append('\n');
            }
        }
        return out.toString();
    }

    private static void appendCode(StringBuilder out, Flx.Segment segment, Labels labels) {
        for (Line line : decode(segment, labels)) {
            for (String name : labels.at(line.address())) out.append(name).append(":\n");
            String bytes = hex(line.bytes(), 0, line.bytes().length) + (line.text().startsWith(".space") ? " ..." : "");
            out.append(String.format("  %08x  %-21s  %s%s%n", line.address(), bytes, line.text(), addressNote(line.text(), labels)));
        }
        appendTrailingLabels(out, segment, labels);
    }

    /** Data as rows of 16 bytes; a labelled address starts a new row. */
    private static void appendData(StringBuilder out, Flx.Segment segment, Labels labels) {
        byte[] data = segment.data();
        int i = 0;
        while (i < data.length) {
            long address = Integer.toUnsignedLong(segment.vaddr()) + i;
            for (String name : labels.at(address)) out.append(name).append(":\n");
            int end = Math.min(data.length, i + 16);
            for (int j = i + 1; j < end; j++) {
                if (!labels.at(address + j - i).isEmpty()) {
                    end = j;
                    break;
                }
            }
            String text = asText(data, i, end);
            out.append(String.format("  %08x  %s%s%n", address, text == null ? hex(data, i, end) : String.format("%-47s", hex(data, i, end)),
                    text == null ? "" : "  " + text));
            i = end;
        }
        appendTrailingLabels(out, segment, labels);
    }

    private static final java.util.regex.Pattern LOAD_IMMEDIATE = java.util.regex.Pattern.compile("li \\w+, 0x([0-9a-f]+)");

    /**
     * {@code   ; = msg} after a {@code li} whose value is a label's address: what {@code la reg, msg} assembled
     * to, named again (a value that only happens to equal an address gets the note too, which is harmless).
     */
    private static String addressNote(String text, Labels labels) {
        java.util.regex.Matcher m = LOAD_IMMEDIATE.matcher(text);
        if (!m.matches()) return "";
        List<String> names = labels.at(Long.parseLong(m.group(1), 16));
        return names.isEmpty() ? "" : "  ; = " + names.get(0);
    }

    /**
     * The bytes as a quoted string when they read as text ({@code .ascii} data: printable characters, new
     * lines, tabs, and NULs that end it), else null.
     */
    private static String asText(byte[] data, int from, int to) {
        StringBuilder sb = new StringBuilder("\"");
        int printable = 0;
        for (int i = from; i < to; i++) {
            if (data[i] == 0 && i + 1 < to && data[i + 1] != 0) return null; // a NUL only ends a string
            if (data[i] >= 0x20 && data[i] <= 0x7e) printable++;
            int c = data[i] & 0xFF;
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case 0 -> sb.append("\\0");
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20 || c > 0x7e) return null;
                    sb.append((char) c);
                }
            }
        }
        return printable == 0 ? null : sb.append('"').toString();
    }

    /** Labels past the file bytes but inside the segment (bss, or a label at the very end). */
    private static void appendTrailingLabels(StringBuilder out, Flx.Segment segment, Labels labels) {
        long from = Integer.toUnsignedLong(segment.vaddr()) + segment.filesz();
        for (Map.Entry<Long, List<String>> e : labels.between(from, segment.end() + 1).entrySet()) {
            for (String name : e.getValue()) out.append(String.format("%s:%s; 0x%08x%n", name, " ", e.getKey()));
        }
    }

    /**
     * Decodes a segment's file bytes. An undecodable byte is {@code .byte 0xNN}, except that a run of at
     * least {@link #ZERO_RUN} zero bytes (padding from {@code .org} or {@code .align}) is one {@code .space N}.
     */
    private static List<Line> decode(Flx.Segment segment, Labels labels) {
        Disassembler disassembler = new Disassembler(labels::target, Disassembly::syscallName);
        byte[] code = segment.data();
        List<Line> out = new ArrayList<>();
        int pos = 0;
        while (pos < code.length) {
            long pc = Integer.toUnsignedLong(segment.vaddr()) + pos;
            Instruction insn = Instruction.decode(code, pos, code.length);
            int zeros = insn == null ? zeroRun(code, pos, pc, labels) : 0;
            int length = insn != null ? insn.length() : zeros >= ZERO_RUN ? zeros : 1;
            String text = insn != null ? disassembler.format(insn, (int) pc)
                    : zeros >= ZERO_RUN ? ".space " + zeros : Disassembler.illegal(code[pos]);
            out.add(new Line(pc, java.util.Arrays.copyOfRange(code, pos, pos + Math.min(length, MAX_SHOWN_BYTES)), text));
            pos += length;
        }
        return out;
    }

    /** Zero bytes from {@code pos}, up to the next labelled address. */
    private static int zeroRun(byte[] code, int pos, long pc, Labels labels) {
        int end = pos;
        while (end < code.length && code[end] == 0 && (end == pos || labels.at(pc + end - pos).isEmpty())) end++;
        return end - pos;
    }

    private static String syscallName(int number) {
        Syscall s = Syscall.byNumber(number);
        return s == null ? null : s.lowerName();
    }

    private static String flags(int flags) {
        return ((flags & Flx.FLAG_R) != 0 ? "r" : "-") + ((flags & Flx.FLAG_W) != 0 ? "w" : "-")
                + ((flags & Flx.FLAG_X) != 0 ? "x" : "-");
    }

    private static String hex(byte[] bytes, int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < to; i++) {
            if (i > from) sb.append(' ');
            sb.append(String.format("%02x", bytes[i] & 0xFF));
        }
        return sb.toString();
    }

    /** The labels of an executable (symbols with a section), by address. */
    private static final class Labels {
        private final TreeMap<Long, List<String>> byAddress = new TreeMap<>();
        private final List<Flx.Segment> segments;

        Labels(Flx flx) {
            segments = flx.segments();
            for (Flx.Symbol s : flx.symbols()) {
                if (s.section() == Flx.SECTION_ABSOLUTE || !isIdentifier(s.name())) continue;
                byAddress.computeIfAbsent(Integer.toUnsignedLong(s.value()), a -> new ArrayList<>()).add(s.name());
            }
        }

        List<String> at(long address) {
            return byAddress.getOrDefault(address, List.of());
        }

        Map<Long, List<String>> between(long from, long to) {
            return byAddress.subMap(from, true, to, false);
        }

        /** {@code label} or {@code label+off}, the nearest label at or below, in the target's segment; else null. */
        String target(int address) {
            long a = Integer.toUnsignedLong(address);
            Map.Entry<Long, List<String>> e = byAddress.floorEntry(a);
            if (e == null || !sameSegment(e.getKey(), a)) return null;
            long off = a - e.getKey();
            return e.getValue().get(0) + (off == 0 ? "" : "+" + off);
        }

        private boolean sameSegment(long labelAddress, long address) {
            for (Flx.Segment s : segments) {
                long start = Integer.toUnsignedLong(s.vaddr());
                if (labelAddress >= start && address < s.end() && address >= start) return true;
            }
            return false;
        }

        /** Only names the assembler can read back become labels. */
        private static boolean isIdentifier(String name) {
            return name.matches("[A-Za-z_][A-Za-z0-9_]*");
        }
    }
}
