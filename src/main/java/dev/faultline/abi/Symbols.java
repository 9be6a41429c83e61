package dev.faultline.abi;

/** Names addresses from an executable's symbol and line tables: {@code symbol+offset (file:line)}. */
public final class Symbols {
    private Symbols() {}

    /** The nearest label at or below va, as {@code name} or {@code name+off}; null when none. */
    public static String label(Flx image, int va) {
        Flx.Symbol best = null;
        for (Flx.Symbol s : image.symbols()) {
            if (s.section() == Flx.SECTION_ABSOLUTE) continue;
            if (Integer.compareUnsigned(s.value(), va) <= 0
                    && (best == null || Integer.compareUnsigned(s.value(), best.value()) > 0)) best = s;
        }
        if (best == null) return null;
        int off = va - best.value();
        return off == 0 ? best.name() : best.name() + "+" + off;
    }

    /** The source line of the instruction at va, or -1. */
    public static int line(Flx image, int va) {
        for (Flx.LineRow row : image.lines()) {
            if (row.address() == va) return row.line();
        }
        return -1;
    }

    public static String describe(Flx image, int va) {
        String label = label(image, va);
        int line = line(image, va);
        StringBuilder sb = new StringBuilder();
        if (label != null) sb.append(label);
        if (line > 0) {
            if (sb.length() > 0) sb.append(' ');
            sb.append('(').append(image.sourceName()).append(':').append(line).append(')');
        }
        return sb.toString();
    }
}
