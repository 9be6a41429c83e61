package dev.faultline.bare;

import dev.faultline.isa.TrapCause;
import java.util.Locale;

/**
 * The statistics of a bare run (docs/bare.md): retired instructions, TLB hits and misses, and
 * the traps taken by cause (only causes that happened appear). Every count is exact but wall_ms.
 */
public record BareStats(long instructions, long wallMs, long tlbHits, long tlbMisses, long[] trapsByCause) {

    public String toJson() {
        StringBuilder sb = new StringBuilder("{");
        sb.append("\"instructions\": ").append(instructions);
        sb.append(", \"wall_ms\": ").append(wallMs);
        sb.append(", \"tlb_hits\": ").append(tlbHits);
        sb.append(", \"tlb_misses\": ").append(tlbMisses);
        sb.append(", \"traps\": {");
        boolean first = true;
        for (TrapCause c : TrapCause.values()) {
            long n = trapsByCause[c.code()];
            if (n == 0) continue;
            sb.append(first ? "" : ", ").append('"').append(c.traceName()).append("\": ").append(n);
            first = false;
        }
        return sb.append("}}\n").toString();
    }

    /**
     * The human form printed by {@code --stats}: one {@code name value} line per count, in plain digits, the
     * way the kernel's statistics print (the same names as the JSON; a trap count reads {@code traps.CAUSE}).
     */
    public String toText() {
        // line ends appended, not %n: the studio's browser build (TeaVM) has no %n
        StringBuilder sb = new StringBuilder();
        line(sb, "instructions", instructions);
        line(sb, "tlb_hits", tlbHits);
        line(sb, "tlb_misses", tlbMisses);
        for (TrapCause c : TrapCause.values()) {
            long n = trapsByCause[c.code()];
            if (n > 0) line(sb, "traps." + c.traceName(), n);
        }
        line(sb, "wall_ms", wallMs);
        sb.append(String.format(Locale.ROOT, "%-18s %.3f", "mips", wallMs <= 0 ? 0.0 : instructions / (wallMs * 1000.0)))
                .append(System.lineSeparator());
        return sb.toString();
    }

    private static void line(StringBuilder sb, String key, long value) {
        sb.append(String.format(Locale.ROOT, "%-18s %d", key, value)).append(System.lineSeparator());
    }
}
