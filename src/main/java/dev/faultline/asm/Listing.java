package dev.faultline.asm;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code --listing} text: every source line in reading order (included files in place, each
 * announced by a {@code ; file} line), with the address of its first statement and its bytes in hex.
 * A line with more than {@link #BYTES_PER_ROW} bytes continues on further rows, at most
 * {@link #MAX_ROWS}; the rest is summarised.
 */
final class Listing {
    static final int BYTES_PER_ROW = 8;
    static final int MAX_ROWS = 4;
    private static final String ROW = "%-8s  %-" + (BYTES_PER_ROW * 3 - 1) + "s  %5s  %s%n";

    private Listing() {}

    static String of(Program program, Map<Section, Layout.Extent> extents, Map<Section, byte[]> images) {
        Map<SourceLine, List<Item>> itemsByLine = new IdentityHashMap<>();
        for (Item item : program.items) itemsByLine.computeIfAbsent(item.line, l -> new ArrayList<>()).add(item);
        StringBuilder out = new StringBuilder();
        SourceFile current = null;
        for (SourceLine line : program.lines) {
            if (line.file() != current) {
                current = line.file();
                out.append("; ").append(current.name()).append('\n');
            }
            List<Item> items = itemsByLine.getOrDefault(line, List.of());
            appendLine(out, line, items, extents, images);
        }
        return out.toString();
    }

    private static void appendLine(StringBuilder out, SourceLine line, List<Item> items,
            Map<Section, Layout.Extent> extents, Map<Section, byte[]> images) {
        String address = items.isEmpty() ? "" : String.format("%08x", items.get(0).address);
        byte[] bytes = bytesOf(items, extents, images);
        long total = items.stream().filter(i -> i.section.holdsFileBytes()).mapToLong(i -> i.size).sum();
        String lineNumber = Integer.toString(line.number());
        if (bytes.length <= BYTES_PER_ROW) {
            out.append(String.format(ROW, address, hex(bytes, 0, bytes.length), lineNumber, line.text()));
            return;
        }
        long first = items.get(0).address;
        int rows = Math.min(MAX_ROWS, (bytes.length + BYTES_PER_ROW - 1) / BYTES_PER_ROW);
        for (int r = 0; r < rows; r++) {
            int from = r * BYTES_PER_ROW;
            String text = r == 0 ? line.text() : "";
            out.append(String.format(ROW, String.format("%08x", first + from),
                    hex(bytes, from, Math.min(bytes.length, from + BYTES_PER_ROW)), r == 0 ? lineNumber : "", text));
        }
        if (total > (long) rows * BYTES_PER_ROW) {
            out.append(String.format(ROW, "", "... " + total + " bytes in all", "", ""));
        }
    }

    /** The bytes the line's items put in the file (bss items have none). */
    private static byte[] bytesOf(List<Item> items, Map<Section, Layout.Extent> extents, Map<Section, byte[]> images) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (Item item : items) {
            if (item.size == 0 || !item.section.holdsFileBytes()) continue;
            int shown = (int) Math.min(item.size, (long) BYTES_PER_ROW * MAX_ROWS + 1);
            out.write(images.get(item.section), (int) (item.address - extents.get(item.section).vaddr()), shown);
        }
        return out.toByteArray();
    }

    private static String hex(byte[] bytes, int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < to; i++) {
            if (i > from) sb.append(' ');
            sb.append(String.format("%02x", bytes[i] & 0xFF));
        }
        return sb.toString();
    }
}
