package dev.faultline.asm;

import dev.faultline.abi.Flx;
import java.util.List;

/**
 * The outcome of assembling a program: the executable when there were no errors, else the errors.
 *
 * @param flx         the executable, or null when {@link #ok()} is false
 * @param diagnostics every error, in reading order
 * @param listing     address, bytes and source line of every line ("" when not ok)
 */
public record AsmResult(Flx flx, List<Diagnostic> diagnostics, String listing) {

    public AsmResult {
        diagnostics = List.copyOf(diagnostics);
    }

    public boolean ok() {
        return flx != null && diagnostics.isEmpty();
    }

    /** Every diagnostic as {@code file:line:col: error: message}, its source line and a caret line. */
    public String formatDiagnostics() {
        StringBuilder sb = new StringBuilder();
        for (Diagnostic d : diagnostics) sb.append(d.format());
        return sb.toString();
    }
}
