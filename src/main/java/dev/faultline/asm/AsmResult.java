package dev.faultline.asm;

import dev.faultline.abi.Flx;
import java.util.List;
import java.util.function.Supplier;

/** The outcome of assembling a program: the executable when there were no errors, else the errors. */
public final class AsmResult {
    private final Flx flx;
    private final List<Diagnostic> diagnostics;
    private final Supplier<String> listing;
    private final SourceMap sourceMap;

    AsmResult(Flx flx, List<Diagnostic> diagnostics, Supplier<String> listing) {
        this(flx, diagnostics, listing, SourceMap.EMPTY);
    }

    AsmResult(Flx flx, List<Diagnostic> diagnostics, Supplier<String> listing, SourceMap sourceMap) {
        this.flx = flx;
        this.diagnostics = List.copyOf(diagnostics);
        this.listing = listing;
        this.sourceMap = sourceMap;
    }

    /** Where each instruction and datum came from, included files too (empty when not ok). */
    public SourceMap sourceMap() {
        return sourceMap;
    }

    public boolean ok() {
        return flx != null && diagnostics.isEmpty();
    }

    /** The executable, or null when {@link #ok()} is false. */
    public Flx flx() {
        return flx;
    }

    /** Every error, in reading order (included files in place). */
    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    /** Every diagnostic as {@code file:line:col: error: message}, its source line and a caret line. */
    public String formatDiagnostics() {
        StringBuilder sb = new StringBuilder();
        for (Diagnostic d : diagnostics) sb.append(d.format());
        return sb.toString();
    }

    /** Address, bytes and source text of every line, for {@code --listing}; "" when not ok. Built on demand. */
    public String listing() {
        return listing.get();
    }
}
