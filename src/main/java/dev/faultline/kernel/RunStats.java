package dev.faultline.kernel;

import dev.faultline.machine.Cpu;
import dev.faultline.trace.Counters;
import dev.faultline.trace.Stats;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The run's statistics ({@code --stats}, {@code --stats-json}) gathered from the layers that count them:
 * the CPU (instructions, TLB), the events (faults, swap), the pager (evictions, frames), the process table
 * (forks, processes) and the fault injector.
 */
final class RunStats {
    private final Cpu cpu;
    private final KernelEvents events;
    private final Pager pager;
    private final ProcessTable procs;
    private final Scheduler sched;
    private final FaultInjector injector;

    RunStats(Cpu cpu, KernelEvents events, Pager pager, ProcessTable procs, Scheduler sched, FaultInjector injector) {
        this.cpu = cpu;
        this.events = events;
        this.pager = pager;
        this.procs = procs;
        this.sched = sched;
        this.injector = injector;
    }

    /** The figures so far; every live process's counters include its running slice. */
    Stats collect(long wallMs) {
        Counters global = events.global;
        Stats s = new Stats();
        s.instructions = cpu.instret();
        s.minorFaults = global.minorFaults;
        s.majorFaults = global.majorFaults;
        s.demandZero = global.demandZero;
        s.fileFaults = global.fileFaults;
        s.cowCopies = global.cowCopies;
        s.cowReuses = global.cowReuses;
        s.swapIns = global.swapIns;
        s.swapOuts = global.swapOuts;
        s.evictions = pager.evictions;
        s.segv = global.segv;
        s.tlbHits = cpu.tlbHits();
        s.tlbMisses = cpu.tlbMisses();
        s.forks = procs.forks;
        s.processesMax = procs.max();
        s.frames = pager.frameCount;
        s.framesPeakUsed = pager.table.peakUsed();
        s.injected = injector.injected();
        s.wallMs = wallMs;
        List<Stats.ProcessStats> all = new ArrayList<>(procs.finished());
        for (Process p : procs.all()) {
            if (p.alive()) {
                Counters c = new Counters();
                c.add(p.counters);
                c.instructions = sched.instructionsOf(p);
                c.tlbMisses = sched.tlbMissesOf(p);
                all.add(new Stats.ProcessStats(p.pid, c, p.residentPeak, null));
            }
        }
        all.sort(Comparator.comparingInt(Stats.ProcessStats::pid));
        s.perProcess.addAll(all);
        return s;
    }
}
