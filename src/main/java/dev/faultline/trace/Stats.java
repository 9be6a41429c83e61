package dev.faultline.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The statistics of a run (docs/cli.md): every count exact, except wall_ms and mips. */
public final class Stats {
    /** One process's line in {@code per_process}. */
    public record ProcessStats(int pid, Counters counters, int residentPeak, Integer exitStatus) {}

    public long instructions, minorFaults, majorFaults, demandZero, fileFaults, cowCopies, cowReuses, swapIns,
            swapOuts, evictions, segv, tlbHits, tlbMisses, forks, processesMax, frames, framesPeakUsed, wallMs;
    /** Failures made by {@code --inject}. */
    public long injected;
    public final List<ProcessStats> perProcess = new ArrayList<>();

    public double mips() {
        return wallMs <= 0 ? 0.0 : instructions / (wallMs * 1000.0);
    }

    public String toJson() {
        StringBuilder sb = new StringBuilder("{");
        field(sb, "instructions", instructions, true);
        field(sb, "minor_faults", minorFaults, false);
        field(sb, "major_faults", majorFaults, false);
        field(sb, "demand_zero", demandZero, false);
        field(sb, "file_faults", fileFaults, false);
        field(sb, "cow_copies", cowCopies, false);
        field(sb, "cow_reuses", cowReuses, false);
        field(sb, "swap_ins", swapIns, false);
        field(sb, "swap_outs", swapOuts, false);
        field(sb, "evictions", evictions, false);
        field(sb, "segv", segv, false);
        field(sb, "tlb_hits", tlbHits, false);
        field(sb, "tlb_misses", tlbMisses, false);
        field(sb, "forks", forks, false);
        field(sb, "processes_max", processesMax, false);
        field(sb, "frames", frames, false);
        field(sb, "frames_peak_used", framesPeakUsed, false);
        field(sb, "injected", injected, false);
        field(sb, "wall_ms", wallMs, false);
        sb.append(", \"mips\": ").append(String.format(Locale.ROOT, "%.3f", mips()));
        sb.append(", \"per_process\": [");
        for (int i = 0; i < perProcess.size(); i++) {
            ProcessStats p = perProcess.get(i);
            Counters c = p.counters();
            sb.append(i == 0 ? "\n  {" : ",\n  {");
            field(sb, "pid", p.pid(), true);
            field(sb, "minor_faults", c.minorFaults, false);
            field(sb, "major_faults", c.majorFaults, false);
            field(sb, "demand_zero", c.demandZero, false);
            field(sb, "file_faults", c.fileFaults, false);
            field(sb, "cow_copies", c.cowCopies, false);
            field(sb, "cow_reuses", c.cowReuses, false);
            field(sb, "swap_ins", c.swapIns, false);
            field(sb, "swap_outs", c.swapOuts, false);
            field(sb, "segv", c.segv, false);
            field(sb, "tlb_misses", c.tlbMisses, false);
            field(sb, "instructions", c.instructions, false);
            field(sb, "resident_peak", p.residentPeak(), false);
            sb.append(", \"exit_status\": ").append(p.exitStatus() == null ? "null" : p.exitStatus().toString());
            sb.append('}');
        }
        sb.append(perProcess.isEmpty() ? "]}\n" : "\n]}\n");
        return sb.toString();
    }

    /** The human form printed by {@code --stats}. */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "instructions   %,d  (%.1f M/s, %d ms)%n", instructions, mips(), wallMs));
        sb.append(String.format(Locale.ROOT, "faults         %,d minor, %,d major, %,d segv%n", minorFaults, majorFaults, segv));
        sb.append(String.format(Locale.ROOT, "  by kind      demand-zero %,d, file %,d, cow %,d, cow-reuse %,d, swap-in %,d%n",
                demandZero, fileFaults, cowCopies, cowReuses, swapIns));
        sb.append(String.format(Locale.ROOT, "swap           %,d out, %,d in; %,d evictions%n", swapOuts, swapIns, evictions));
        sb.append(String.format(Locale.ROOT, "tlb            %,d hits, %,d misses%n", tlbHits, tlbMisses));
        sb.append(String.format(Locale.ROOT, "processes      %,d forks, %,d at most at once%n", forks, processesMax));
        sb.append(String.format(Locale.ROOT, "frames         %,d, peak %,d used%n", frames, framesPeakUsed));
        for (ProcessStats p : perProcess) {
            Counters c = p.counters();
            sb.append(String.format(Locale.ROOT, "  pid %-4d %,12d instr, %,d minor, %,d major, %,d cow, %,d swap-in, %,d swap-out, exit %s%n",
                    p.pid(), c.instructions, c.minorFaults, c.majorFaults, c.cowCopies, c.swapIns, c.swapOuts,
                    p.exitStatus() == null ? "-" : p.exitStatus().toString()));
        }
        return sb.toString();
    }

    private static void field(StringBuilder sb, String name, long value, boolean first) {
        if (!first) sb.append(", ");
        sb.append('"').append(name).append("\": ").append(value);
    }
}
