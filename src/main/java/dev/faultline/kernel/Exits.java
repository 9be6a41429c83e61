package dev.faultline.kernel;

import dev.faultline.abi.Signal;
import dev.faultline.trace.TraceKind;
import dev.faultline.trace.Tracer;
import java.io.PrintStream;
import java.util.Arrays;

/**
 * Ending processes: exit, whether the program asked, a signal killed it, or the OOM killer chose it. Its
 * memory and files are freed at once, and a zombie stays for its parent's wait. The syscalls and
 * {@link Signals} come here to end a process; the pager comes here through {@link Pager.OomKiller} when
 * nothing can be evicted.
 */
final class Exits implements Pager.OomKiller {
    private final KernelEvents events;
    private final Vm vm;
    private final Scheduler sched;
    private final ProcessTable procs;
    /** The guest's stdout, flushed before a death's message so the two come in order; and that stderr. */
    private final HostOutput out;
    private final PrintStream err;

    Exits(KernelEvents events, Vm vm, Scheduler sched, ProcessTable procs, HostOutput out, PrintStream err) {
        this.events = events;
        this.vm = vm;
        this.sched = sched;
        this.procs = procs;
        this.out = out;
        this.err = err;
    }

    /** Ends p with a status: frees its memory, closes its files, wakes or notifies its parent. */
    void exit(Process p, int status) {
        if (!p.alive()) return;
        if (events.on(TraceKind.EXIT)) events.tracer.emit(TraceKind.EXIT, events.now(), p.pid, "status", status);
        if (p == sched.current()) sched.accountSlice(p);
        p.exitStatus = status;
        Arrays.fill(p.fds, null);
        if (p.space != null) {
            vm.destroy(p.space);
            p.space = null;
        }
        p.state = Process.State.ZOMBIE;
        sched.remove(p);
        procs.exited(p, status);
    }

    /**
     * The OOM killer: kills the process with the largest resident set, never process 1 while another process
     * lives. False when no process holds a page.
     */
    @Override
    public boolean oomKill() {
        Process victim = procs.oomVictim();
        if (victim == null) return false;
        killForMemory(victim);
        return true;
    }

    /** Kills p to free memory: the oom record, the message of docs/kernel.md (Swap and replacement), status 128 + SIGKILL. */
    void killForMemory(Process victim) {
        if (events.on(TraceKind.OOM)) events.tracer.emit(TraceKind.OOM, events.now(), events.currentPid(), "victim", victim.pid);
        out.flush();
        err.println("out of memory: killed process " + victim.pid);
        if (events.on(TraceKind.SIGNAL)) {
            events.tracer.emit(TraceKind.SIGNAL, events.now(), victim.pid, "sig", Tracer.sig(Signal.SIGKILL), "code", null,
                    "addr", Tracer.addr(0), "pc", Tracer.pc(victim.pc), "action", "kill");
        }
        KernelListener listener = events.listener();
        if (listener != null) listener.signal(victim.pid, Signal.SIGKILL, "kill", victim.pc);
        exit(victim, 128 + Signal.SIGKILL);
    }
}
