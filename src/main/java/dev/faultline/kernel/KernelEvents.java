package dev.faultline.kernel;

import dev.faultline.isa.Access;
import dev.faultline.machine.Cpu;
import dev.faultline.trace.Counters;
import dev.faultline.trace.TraceKind;
import dev.faultline.trace.Tracer;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the kernel's layers record, handed down to each of them as one object: the trace, the run's counters,
 * the clock (retired instructions), the running pid, the debugger's hook, and warnings about the host on
 * stderr. A layer that does something worth recording records it here itself, so nothing has to call up
 * into the kernel to have it said: the pager's swap-outs and the fault handler's swap-ins go through
 * {@link #swapOut} and {@link #swapIn}, side by side.
 */
final class KernelEvents {
    final Tracer tracer;
    /** The whole run's counters (each process keeps its own in {@link Process#counters}). */
    final Counters global = new Counters();
    private final Cpu cpu;
    private final Scheduler sched;
    private final PrintStream err;
    /** Host warnings printed so far, with how often each came (see {@link #warn}). */
    private final Map<String, Integer> warnings = new LinkedHashMap<>();
    /** The hook a debugger sets to stop on kernel events; null when none. */
    private KernelListener listener;

    /** cpu is the clock, sched says who runs, err takes the warnings. */
    KernelEvents(Tracer tracer, Cpu cpu, Scheduler sched, PrintStream err) {
        this.tracer = tracer;
        this.cpu = cpu;
        this.sched = sched;
        this.err = err;
    }

    /** The time of a record: retired instructions. */
    long now() {
        return cpu.instret();
    }

    /** The running process's pid, or 0 when none runs. */
    int currentPid() {
        Process current = sched.current();
        return current == null ? 0 : current.pid;
    }

    boolean on(TraceKind kind) {
        return tracer.on(kind);
    }

    /** The debugger's hook, or null. */
    KernelListener listener() {
        return listener;
    }

    void setListener(KernelListener listener) {
        this.listener = listener;
    }

    // ------------------------------------------------------------------ warnings

    /**
     * One line on stderr about the host (docs/kernel.md, "Host failures"). A warning identical to an
     * earlier one is only counted: a full disk fails every write the same way, and a hundred equal lines
     * hide the one that matters. {@link #countRepeatedWarnings} prints the count of each repeated one.
     */
    void warn(String message) {
        int seen = warnings.merge(message, 1, Integer::sum);
        if (seen == 1) err.println("faultline: " + message);
    }

    /** The count line of every warning that came more than once (the end of the run). */
    void countRepeatedWarnings() {
        for (Map.Entry<String, Integer> w : warnings.entrySet()) {
            if (w.getValue() > 1) err.println("faultline: " + w.getKey() + " (" + w.getValue() + " times in all)");
        }
        warnings.clear();
    }

    // ------------------------------------------------------------------ faults and swap

    /**
     * Counts and traces one handled fault, and tells a debugger; {@code byKernel} when the kernel's own
     * access to user memory took it. A fault that found no memory is not recorded: its process is killed.
     */
    void fault(Process p, int va, Access access, int pc, FaultResult result, boolean byKernel) {
        if (result.outcome() == FaultResult.Outcome.NOMEM) return;
        count(global, result.kind(), result.major());
        count(p.counters, result.kind(), result.major());
        if (listener != null) {
            listener.faultHandled(p.pid, va, access, pc, result.kind(), result.major(), result.frame(), byKernel);
        }
        if (tracer.on(TraceKind.FAULT)) {
            tracer.emit(TraceKind.FAULT, now(), p.pid, "access", access.traceName(), "addr", Tracer.addr(va),
                    "pc", Tracer.pc(pc), "kind", result.kind().traceName, "major", result.major(),
                    "frame", result.frame() >= 0 ? result.frame() : null, "by", byKernel ? "kernel" : "user");
        }
    }

    private static void count(Counters c, FaultKind kind, boolean major) {
        switch (kind) {
            case DEMAND_ZERO, STACK_GROW -> c.demandZero++;
            case FILE -> c.fileFaults++;
            case COW -> c.cowCopies++;
            case COW_REUSE -> c.cowReuses++;
            case SWAP_IN -> c.swapIns++;
            case SEGV -> c.segv++;
            default -> { }
        }
        if (kind != FaultKind.SEGV && kind != FaultKind.BUS && kind != FaultKind.SPURIOUS) {
            if (major) c.majorFaults++;
            else c.minorFaults++;
        }
    }

    /**
     * A page went out from frame pfn to a swap slot: counted, told to a debugger, traced. {@code vpn} and
     * {@code owner} are those of its first mapper (the record's pid is the process that needed the frame).
     */
    void swapOut(int pfn, int slot, int vpn, int mappers, Integer owner) {
        global.swapOuts++;
        if (listener != null) listener.swap(currentPid(), true, pfn, slot);
        if (tracer.on(TraceKind.SWAP_OUT)) {
            tracer.emit(TraceKind.SWAP_OUT, now(), currentPid(), "frame", pfn, "slot", slot, "vpn", vpn,
                    "mappers", mappers, "owner", owner);
        }
    }

    /**
     * A page came back from a swap slot into pfn and is mapped ({@code cached}: it was still in the swap
     * cache); its fault record, which counts it, follows.
     */
    void swapIn(int pfn, int slot, boolean cached) {
        if (listener != null) listener.swap(currentPid(), false, pfn, slot);
        if (tracer.on(TraceKind.SWAP_IN)) {
            tracer.emit(TraceKind.SWAP_IN, now(), currentPid(), "frame", pfn, "slot", slot, "cached", cached);
        }
    }
}
