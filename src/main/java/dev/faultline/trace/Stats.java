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

    /**
     * The human form printed by {@code --stats}: one {@code key value} line per statistic, with the keys of
     * the JSON form and plain integers, then one line per process with its own keys.
     */
    public String toText() {
        // line ends appended, not %n: the studio's browser build (TeaVM) has no %n
        StringBuilder sb = new StringBuilder();
        line(sb, "instructions", instructions);
        line(sb, "minor_faults", minorFaults);
        line(sb, "major_faults", majorFaults);
        line(sb, "demand_zero", demandZero);
        line(sb, "file_faults", fileFaults);
        line(sb, "cow_copies", cowCopies);
        line(sb, "cow_reuses", cowReuses);
        line(sb, "swap_ins", swapIns);
        line(sb, "swap_outs", swapOuts);
        line(sb, "evictions", evictions);
        line(sb, "segv", segv);
        line(sb, "tlb_hits", tlbHits);
        line(sb, "tlb_misses", tlbMisses);
        line(sb, "forks", forks);
        line(sb, "processes_max", processesMax);
        line(sb, "frames", frames);
        line(sb, "frames_peak_used", framesPeakUsed);
        line(sb, "injected", injected);
        line(sb, "wall_ms", wallMs);
        sb.append(String.format(Locale.ROOT, "%-18s %.3f", "mips", mips())).append(System.lineSeparator());
        for (ProcessStats p : perProcess) {
            Counters c = p.counters();
            sb.append(String.format(Locale.ROOT, "per_process pid %d: minor_faults %d major_faults %d demand_zero %d"
                    + " file_faults %d cow_copies %d cow_reuses %d swap_ins %d swap_outs %d segv %d tlb_misses %d"
                    + " instructions %d resident_peak %d exit_status %s", p.pid(), c.minorFaults, c.majorFaults,
                    c.demandZero, c.fileFaults, c.cowCopies, c.cowReuses, c.swapIns, c.swapOuts, c.segv, c.tlbMisses,
                    c.instructions, p.residentPeak(), p.exitStatus() == null ? "null" : p.exitStatus().toString())).append(System.lineSeparator());
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, String key, long value) {
        sb.append(String.format(Locale.ROOT, "%-18s %d", key, value)).append(System.lineSeparator());
    }

    private static void field(StringBuilder sb, String name, long value, boolean first) {
        if (!first) sb.append(", ");
        sb.append('"').append(name).append("\": ").append(value);
    }
}
