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

    /** The human form printed by {@code --stats}. */
    public String toText() {
        // line ends appended, not %n: the studio's browser build (TeaVM) has no %n
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "instructions   %,d  (%d ms)", instructions, wallMs)).append(System.lineSeparator());
        sb.append(String.format(Locale.ROOT, "tlb            %,d hits, %,d misses", tlbHits, tlbMisses)).append(System.lineSeparator());
        StringBuilder traps = new StringBuilder();
        for (TrapCause c : TrapCause.values()) {
            long n = trapsByCause[c.code()];
            if (n > 0) traps.append(traps.length() == 0 ? "" : ", ").append(c.traceName()).append(' ').append(n);
        }
        sb.append("traps          ").append(traps.length() == 0 ? "none" : traps).append(System.lineSeparator());
        return sb.toString();
    }
}
