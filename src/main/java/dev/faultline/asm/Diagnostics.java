package dev.faultline.asm;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects the errors of one assembly. The same message at the same place is kept once (an error in an
 * {@code .equ} shows up wherever the symbol is used); past {@link #LIMIT} errors the rest are counted.
 */
final class Diagnostics {
    static final int LIMIT = 1000;

    private record Entry(Pos pos, String message, int sequence) {}

    private final Set<String> seen = new HashSet<>();
    private final List<Entry> entries = new ArrayList<>();
    private int dropped;

    void error(Pos pos, String message) {
        if (!seen.add(pos + "\0" + message)) return;
        if (entries.size() >= LIMIT) {
            dropped++;
            return;
        }
        entries.add(new Entry(pos, message, entries.size()));
    }

    void error(AsmException e) {
        if (!e.isReported()) error(e.pos(), e.getMessage());
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The errors in reading order (includes expanded), then a note if some were left out. */
    List<Diagnostic> sorted() {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingInt((Entry e) -> e.pos().order())
                .thenComparingInt(e -> e.pos().column()).thenComparingInt(Entry::sequence));
        List<Diagnostic> out = new ArrayList<>();
        for (Entry e : sorted) out.add(toDiagnostic(e.pos(), e.message()));
        if (dropped > 0) {
            Entry last = sorted.get(sorted.size() - 1);
            out.add(toDiagnostic(last.pos(), dropped + " more errors not shown"));
        }
        return List.copyOf(out);
    }

    private static Diagnostic toDiagnostic(Pos pos, String message) {
        return new Diagnostic(pos.file().name(), pos.line(), pos.column(), message, pos.file().line(pos.line()));
    }
}
