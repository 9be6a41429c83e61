package dev.faultline.asm;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each instruction and datum of an assembled program came from: its file (included files too, which the
 * executable's line table leaves out), its line, and the line's text as written (pseudo-instructions, symbols
 * and comments, not the expansion). The debugger shows it at every stop and for {@code list}.
 */
public final class SourceMap {
    /** The item at address, size bytes long, written at line of file. */
    public record Row(int address, int size, String file, int line) {}

    /** No source: a program read from an executable whose source is not at hand. */
    public static final SourceMap EMPTY = new SourceMap(List.of(), new LinkedHashMap<>());

    private final List<Row> rows;
    private final Map<String, List<String>> files;

    /** rows sorted by address; files by display name, the main file first. */
    public SourceMap(List<Row> rows, Map<String, List<String>> files) {
        List<Row> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparingLong(r -> Integer.toUnsignedLong(r.address())));
        this.rows = List.copyOf(sorted);
        this.files = files;
    }

    /** The map of an assembled program; file names as {@code mainName} for the main file, else relative to it. */
    static SourceMap of(Program program, String mainName) {
        Map<String, List<String>> files = new LinkedHashMap<>();
        if (program.lines.isEmpty()) return EMPTY;
        SourceFile main = program.lines.get(0).file();
        Map<SourceFile, String> names = new LinkedHashMap<>();
        names.put(main, mainName);
        files.put(mainName, main.lines());
        List<Row> rows = new ArrayList<>();
        for (Item item : program.items) {
            if (!item.isCodeOrData() || item.size <= 0) continue;
            SourceFile f = item.line.file();
            String name = names.computeIfAbsent(f, x -> relativeName(main, x));
            files.putIfAbsent(name, f.lines());
            rows.add(new Row((int) item.address, (int) Math.min(item.size, Integer.MAX_VALUE), name, item.line.number()));
        }
        return new SourceMap(rows, files);
    }

    /** An included file's name as seen from the main file's folder ({@code lib/print.s}). */
    private static String relativeName(SourceFile main, SourceFile f) {
        Path folder = Path.of(main.name()).getParent();
        Path p = Path.of(f.name());
        if (folder != null && p.startsWith(folder)) return folder.relativize(p).toString();
        return f.name();
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /** The row whose bytes hold address, or null. */
    public Row at(int address) {
        long a = Integer.toUnsignedLong(address);
        int lo = 0, hi = rows.size() - 1, found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Integer.toUnsignedLong(rows.get(mid).address()) <= a) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        if (found < 0) return null;
        Row r = rows.get(found);
        return a < Integer.toUnsignedLong(r.address()) + r.size() ? r : null;
    }

    /** Line n (1-based) of file as written, or null. */
    public String text(String file, int n) {
        List<String> lines = files.get(file);
        return lines == null || n < 1 || n > lines.size() ? null : lines.get(n - 1);
    }

    /** How many lines file has (0 when unknown). */
    public int lineCount(String file) {
        List<String> lines = files.get(file);
        return lines == null ? 0 : lines.size();
    }

    /** The main file's name, or null when there is no source. */
    public String mainFile() {
        return files.isEmpty() ? null : files.keySet().iterator().next();
    }

    /** The known file named name, or ending with /name; null when none. */
    public String file(String name) {
        if (files.containsKey(name)) return name;
        for (String f : files.keySet()) if (f.endsWith("/" + name) || name.endsWith("/" + f)) return f;
        return null;
    }

    /** The lowest address of code or data written at line of file, or null. */
    public Integer address(String file, int line) {
        Integer best = null;
        for (Row r : rows) {
            if (r.file().equals(file) && r.line() == line && (best == null
                    || Integer.compareUnsigned(r.address(), best) < 0)) best = r.address();
        }
        return best;
    }
}
