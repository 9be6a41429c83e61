package dev.faultline.kernel;

import dev.faultline.machine.Cpu;
import dev.faultline.trace.TraceKind;
import dev.faultline.trace.Tracer;
import java.util.ArrayDeque;

/**
 * Scheduling, apart from trap entry: the round-robin run queue, the running process, its time slice and
 * what it costs (instructions and TLB misses per process), and the register file saved and loaded on a
 * switch. It knows nothing of traps or signals; the kernel asks it whom to run next.
 */
final class Scheduler {
    private final Cpu cpu;
    private final Tracer tracer;
    private final int quantum;
    /** Points the MMU at a process's space (and keeps the ASIDs straight). */
    private final Pmap pmap;
    private final ArrayDeque<Process> runQueue = new ArrayDeque<>();
    private Process current;
    private long sliceStart;
    private long sliceMissStart;

    Scheduler(Cpu cpu, Tracer tracer, int quantum, Pmap pmap) {
        this.cpu = cpu;
        this.tracer = tracer;
        this.quantum = quantum;
        this.pmap = pmap;
    }

    /** The process on the CPU, or null. */
    Process current() {
        return current;
    }

    /** Processes in the run queue, the running one included. */
    int queued() {
        return runQueue.size();
    }

    /** The first process in line, or null. */
    Process first() {
        return runQueue.peekFirst();
    }

    /** Puts p at the end of the queue. */
    void makeRunnable(Process p) {
        runQueue.addLast(p);
    }

    /** Takes p out of the queue (it exited, blocked, or is not runnable any more). */
    void remove(Process p) {
        runQueue.remove(p);
    }

    /** A process blocked in wait becomes runnable, at the end of the queue. */
    void wake(Process p) {
        if (p.state == Process.State.WAITING) {
            p.state = Process.State.RUNNABLE;
            runQueue.addLast(p);
        }
    }

    /** wait with children but none finished: p blocks until woken. */
    void block(Process p) {
        p.state = Process.State.WAITING;
        runQueue.remove(p);
    }

    /** The timer fired: p goes to the end of the queue if anyone else can run; else its slice is renewed. */
    void preempt(Process p) {
        if (p.alive() && p.state == Process.State.RUNNABLE && runQueue.size() > 1) {
            runQueue.remove(p);
            runQueue.addLast(p);
        }
        if (runQueue.size() <= 1) cpu.setTimer(cpu.instret() + quantum);
    }

    /** sys yield: p steps behind the others. */
    void yield(Process p) {
        if (runQueue.size() > 1 && runQueue.peekFirst() == p) {
            runQueue.pollFirst();
            runQueue.addLast(p);
        }
    }

    /** Nobody is left to run. */
    void idle() {
        current = null;
    }

    /** Makes p the running process: its address space, a fresh time slice, its registers. */
    void switchTo(Process p) {
        if (current != null && current.alive()) accountSlice(current);
        if (current != null && current != p && tracer.on(TraceKind.SCHED)) {
            tracer.emit(TraceKind.SCHED, cpu.instret(), p.pid, "from", current.pid, "to", p.pid);
        }
        current = p;
        sliceStart = cpu.instret();
        sliceMissStart = cpu.tlbMisses();
        pmap.activate(p.space);
        cpu.setTimer(cpu.instret() + quantum);
        loadRegisters(p);
    }

    /** Exec gave p a new space: when p runs, the MMU must point at it now. */
    void spaceChanged(Process p) {
        if (p == current) pmap.activate(p.space);
    }

    /** Charges the slice so far to p (the running process). */
    void accountSlice(Process p) {
        p.counters.instructions += cpu.instret() - sliceStart;
        p.counters.tlbMisses += cpu.tlbMisses() - sliceMissStart;
        sliceStart = cpu.instret();
        sliceMissStart = cpu.tlbMisses();
    }

    /** Live counters of p (the running process's slice included). */
    long instructionsOf(Process p) {
        return p.counters.instructions + (p == current ? cpu.instret() - sliceStart : 0);
    }

    long tlbMissesOf(Process p) {
        return p.counters.tlbMisses + (p == current ? cpu.tlbMisses() - sliceMissStart : 0);
    }

    void saveRegisters(Process p) {
        for (int i = 1; i < 16; i++) p.regs[i] = cpu.reg(i);
    }

    void loadRegisters(Process p) {
        for (int i = 1; i < 16; i++) cpu.setReg(i, p.regs[i]);
    }

    /** Who runs, since when, and the run queue's order, as text for {@link StateDump}. */
    String state() {
        StringBuilder q = new StringBuilder();
        for (Process p : runQueue) q.append(' ').append(p.pid);
        return "current " + (current == null ? 0 : current.pid) + " slice " + sliceStart + "/" + sliceMissStart + " queue" + q;
    }
}
