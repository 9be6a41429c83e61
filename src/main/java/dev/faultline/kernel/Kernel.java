package dev.faultline.kernel;

import dev.faultline.abi.Flx;
import dev.faultline.abi.Symbols;
import dev.faultline.isa.Access;
import dev.faultline.isa.Csr;
import dev.faultline.isa.TrapCause;
import dev.faultline.machine.Cpu;
import dev.faultline.machine.Machine;
import dev.faultline.machine.PhysicalMemory;
import dev.faultline.trace.Stats;
import dev.faultline.trace.TraceKind;
import dev.faultline.trace.Tracer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;

/**
 * The Faultline kernel's trap entry and return. It is entered only through traps the CPU takes
 * ({@link #onTrap}), with EPC, CAUSE and TVAL set, hands each to the layer that answers it (the fault
 * handler, the syscalls, the signals, the scheduler) and leaves with {@code sret}. The layers below are a
 * stack: each gets the ones it calls, none calls up into this class (docs/architecture.md).
 */
public final class Kernel {
    /** The run's outcome. */
    public enum Outcome { EXITED, MAX_STEPS, INVARIANT }

    /** Faults at the same instruction without progress before the kernel gives up on it. */
    static final int STUCK_LIMIT = 10_000;

    private final KernelConfig cfg;
    private final Tracer tracer;
    private final Cpu cpu;
    private final PhysicalMemory mem;
    /** The guest's fd 1 on the host (docs/kernel.md, "Host failures"), and the host's stderr. */
    private final HostOutput out;
    private final PrintStream err;
    // the layers, from the bottom up
    private final Pmap pmap;
    private final Scheduler sched;
    private final KernelEvents events;
    private final FaultInjector injector;
    private final Pager pager;
    private final Vm vm;
    private final UserMemory user;
    private final ProcessTable procs;
    private final Exits exits;
    private final Signals signals;
    private final Syscalls syscalls;
    private final RunStats runStats;
    private final Checker checker;
    private final SoftwareRefill refill;

    private String violation;
    /** Dirty file pages the end of the run could not write back (see {@link #shutdown}). */
    private int lostPages;
    /** {@link #shutdown} has run. */
    private boolean shutDown;
    /** Faults of one instruction without progress: the pages it needs no longer fit in memory together. */
    private final ProgressGuard faultGuard = new ProgressGuard(STUCK_LIMIT);
    /** A trap taken but not handled yet, as {cause, epc, tval}: a debugger stopped before it. */
    private int[] pendingTrap;

    /**
     * The kernel of {@code machine}, which the caller built beforehand from the same configuration (frames,
     * TLB size, refill mode): the kernel builds its layers from the bottom up, installs itself as the trap
     * handler and adds its observers.
     */
    public Kernel(Machine machine, KernelConfig cfg, Tracer tracer, InputStream in, OutputStream out, PrintStream err)
            throws IOException {
        if (machine.memory().frameCount() != cfg.frames()) {
            throw new IllegalArgumentException("the machine has " + machine.memory().frameCount()
                    + " frames, the configuration " + cfg.frames());
        }
        this.cfg = cfg;
        this.tracer = tracer;
        this.cpu = machine.cpu();
        this.mem = machine.memory();
        this.out = new HostOutput(out);
        this.err = err;
        this.pmap = new Pmap(mem, cpu);
        this.sched = new Scheduler(cpu, tracer, cfg.quantum(), pmap);
        this.events = new KernelEvents(tracer, cpu, sched, err);
        this.injector = new FaultInjector(events);
        SwapDevice swap = cfg.swapSlots() > 0 ? new SwapDevice(cfg.swapSlots(), cfg.swapFile()) : null;
        this.pager = new Pager(events, injector, pmap, mem, cfg, swap);
        this.vm = new Vm(events, pmap, pager, mem);
        this.user = new UserMemory(cpu, mem, vm, events);
        this.procs = new ProcessTable(sched);
        this.exits = new Exits(events, vm, sched, procs, this.out, err);
        pager.setOomKiller(exits); // the pager's one call upward, through a narrow face
        this.signals = new Signals(events, user, exits, sched, this.out, err);
        FileSystem fs = new FileSystem(cfg.root(), vm);
        Console console = new Console(in, this.out, new HostOutput(err));
        this.syscalls = new Syscalls(user, vm, pager, cpu, mem, events, injector, fs, procs, sched, signals, exits,
                console, cfg.maxProcs());
        this.runStats = new RunStats(cpu, events, pager, procs, sched, injector);
        this.refill = new SoftwareRefill(events, cpu, STUCK_LIMIT);
        this.checker = cfg.check() ? new Checker(mem, pager, machine.tlb(), pmap, procs) : null;
        cpu.setTrapHandler(new TrapEntry(this));
        if (pager.referenceRecorder() != null) cpu.addAccessRecorder(pager.referenceRecorder());
        if (tracer.on(TraceKind.TLB)) cpu.setObserver(new TlbTracer(events, cfg.softwareRefill()));
    }

    // ------------------------------------------------------------------ what debuggers, reports and tests see

    public Cpu cpu() {
        return cpu;
    }

    /** The most frames page tables held at once so far (compare's OPT row leaves them to pages). */
    public int pageTableFramesPeak() {
        return pager.table.pageTablePeak();
    }

    /** {@code --inject KIND=N}: the nth (from 1) operation of kind fails, once (docs/kernel.md, "Host failures"). */
    public void inject(InjectKind kind, long n) {
        injector.arm(kind, n);
    }

    /** The debugger's read-only views of this kernel, as lines. */
    public Inspector inspector() {
        return new Inspector(cpu, mem, pager, pmap.spaces(), procs, sched, this::trapPending);
    }

    /** The report's read-only views of this kernel, as data. */
    public StateView stateView() {
        return new StateView(mem, pager, pmap.spaces(), procs, sched);
    }

    /**
     * Everything inside the machine and this kernel as canonical text, one fact a line: two kernels that dump
     * the same lines are in the same state (see {@link StateDump}).
     */
    public List<String> stateDump() {
        String trapState = "forks " + procs.forks + " stuck " + faultGuard.state() + " violation " + violation;
        return new StateDump(cpu, mem, pager, pmap, procs, sched, runStats, pendingTrap(), trapState).lines();
    }

    public void setListener(KernelListener listener) {
        events.setListener(listener);
    }

    public String violation() {
        return violation;
    }

    /**
     * Pages of guest file data that the end of the run could not write back (docs/kernel.md, "Host
     * failures"): the run must end with exit 74 whatever the guest's own status.
     */
    public int lostPages() {
        return lostPages;
    }

    public Stats stats(long wallMs) {
        return runStats.collect(wallMs);
    }

    /** symbol+offset (file:line) of a pc in process pid's image, for text traces. */
    public String describePc(int pid, int pc) {
        Process p = procs.get(pid);
        Flx image = p != null ? p.image : null;
        return image == null ? null : Symbols.describe(image, pc);
    }

    /** The layers, for the kernel package's tests. */
    record Parts(Vm vm, Pager pager, Signals signals, PhysicalMemory mem, ProcessTable procs) {}

    Parts parts() {
        return new Parts(vm, pager, signals, mem, procs);
    }

    // ------------------------------------------------------------------ boot and run

    /**
     * Loads the executable as process 1. Returns null on success, or the sentence saying why it could not
     * be loaded.
     */
    public String boot(Flx image, String name) {
        Process init = procs.createInit();
        AddressSpace as = vm.newSpace(init, false);
        if (as == null) return "--frames " + cfg.frames() + " is too small to hold a page table";
        String problem = Loader.load(as, image, name);
        if (problem != null) return problem;
        init.space = as;
        init.image = image;
        init.pc = image.entry();
        init.regs[15] = AddressSpace.USER_TOP;
        sched.makeRunnable(init);
        sched.switchTo(init);
        cpu.setCsr(Csr.EPC, init.pc);
        cpu.setCsr(Csr.STATUS, Csr.STATUS_M | Csr.STATUS_PIE);
        cpu.sret();
        injector.start();
        return null;
    }

    /** Runs until every process has exited or maxSteps instructions have retired. */
    public Outcome run(long maxSteps) {
        cpu.run(maxSteps);
        if (violation != null) return Outcome.INVARIANT;
        if (!cpu.halted()) return Outcome.MAX_STEPS;
        return Outcome.EXITED;
    }

    /** Process 1's exit status (0-255, or 128 + signal). */
    public int exitStatus() {
        return procs.initStatus() == null ? 0 : procs.initStatus();
    }

    /** Flushes what the guest wrote to stdout. */
    public void flushOutput() {
        out.flush();
    }

    /**
     * Writes every dirty shared page back and closes the swap file (end of the run). A page whose
     * write-back still fails is data the guest wrote and the file does not hold: one sentence per file
     * says so, and {@link #lostPages} makes the run end with exit 74.
     */
    public void shutdown() {
        if (shutDown) return; // a debugger's end and its session's end both ask: the loss is said once
        shutDown = true;
        pager.closePolicy();
        List<Pager.Unwritten> lost = pager.writeBackAll();
        events.countRepeatedWarnings();
        for (Pager.Unwritten l : lost) {
            err.println("faultline: " + l.pages() + " pages of " + l.file().name() + " could not be written back: "
                    + l.why());
            lostPages += l.pages();
        }
        out.flush();
        pager.closeSwap();
    }

    /**
     * Abandons this machine without writing anything back (a debugger going back in time boots a fresh
     * one): flushes the guest's output and closes the swap file.
     */
    public void discard() {
        out.flush();
        pager.closeSwap();
    }

    // ------------------------------------------------------------------ traps

    /** Trap entry: the CPU has set EPC, CAUSE and TVAL; the kernel reads them from the one CPU it runs on. */
    public void onTrap() {
        int causeCode = cpu.csr(Csr.CAUSE);
        TrapCause cause = TrapCause.of(causeCode);
        int epc = cpu.csr(Csr.EPC);
        int tval = cpu.csr(Csr.TVAL);
        Process p = sched.current();
        sched.saveRegisters(p);
        p.pc = epc;
        if (tracer.on(TraceKind.TRAP) && !(cause == TrapCause.TIMER && sched.queued() <= 1)) {
            tracer.emit(TraceKind.TRAP, cpu.instret(), p.pid, "cause", cause.traceName(), "pc", Tracer.pc(epc),
                    "tval", Tracer.addr(tval));
        }
        if (events.listener() != null && events.listener().stopBeforeTrap(p.pid, cause, epc, tval)) {
            pendingTrap = new int[] {causeCode, epc, tval};
            cpu.requestStop();
            return;
        }
        handleTrap(p, cause, epc, tval);
    }

    /** True while a trap was taken but not yet handled (a debugger stopped before it). */
    public boolean trapPending() {
        return pendingTrap != null;
    }

    /** The pending trap as {cause, epc, tval}, or null. */
    public int[] pendingTrap() {
        return pendingTrap == null ? null : pendingTrap.clone();
    }

    /** Handles the trap a debugger stopped before, and returns to user mode. */
    public void handlePendingTrap() {
        int[] t = pendingTrap;
        if (t == null) return;
        pendingTrap = null;
        handleTrap(sched.current(), TrapCause.of(t[0]), t[1], t[2]);
    }

    private void handleTrap(Process p, TrapCause cause, int epc, int tval) {
        switch (cause) {
            case FETCH_FAULT, LOAD_FAULT, STORE_FAULT -> userFault(p, tval, Access.ofCause(cause), epc);
            case TLB_MISS_FETCH, TLB_MISS_LOAD, TLB_MISS_STORE -> tlbMiss(p, tval, Access.ofCause(cause), epc);
            case SYSCALL -> {
                dev.faultline.abi.Syscall call = dev.faultline.abi.Syscall.byNumber(tval);
                user.accessFor((call != null ? call.lowerName() : "syscall " + tval) + "()");
                syscalls.dispatch(p, tval, epc);
            }
            case ILLEGAL, DIVIDE -> signals.raiseForTrap(p, cause, epc);
            case BREAKPOINT -> {
                if (events.listener() != null && events.listener().breakpoint(p.pid, epc)) {
                    p.pc = epc + 1; // a debugger took it: the brk retires as a no-op
                    cpu.retire();
                } else {
                    signals.raiseForTrap(p, cause, epc);
                }
            }
            case TIMER -> sched.preempt(p);
            default -> throw new IllegalStateException("Kernel.handleTrap: unknown cause " + cause);
        }
        if (checker != null) {
            String broken = checker.check();
            if (broken != null) {
                violation = broken;
                cpu.halt();
                return;
            }
        }
        returnToUser();
        if (events.listener() != null) events.listener().trapHandled();
    }

    /** A page fault taken by the program. */
    private void userFault(Process p, int va, Access access, int pc) {
        if (!faultGuard.progressing(p.pid, pc, cpu.instret())) {
            // Memory is so short that the pages one instruction needs keep evicting each other.
            exits.killForMemory(p);
            return;
        }
        FaultResult result = vm.handleFault(p, va, access);
        events.fault(p, va, access, pc, result, false);
        switch (result.outcome()) {
            case RESOLVED -> p.restartPc = pc; // the restart record is written on the return to pc
            case SEGV_MAPERR, SEGV_ACCERR, BUS, BUS_IO -> signals.raiseForFault(p, result, va, access, pc);
            case NOMEM -> {
                if (p.alive()) exits.killForMemory(p);
            }
        }
    }

    /** A TLB miss under software refill: refilled, or a page fault, or a livelock that stops the run. */
    private void tlbMiss(Process p, int va, Access access, int pc) {
        switch (refill.refill(p, va, access, pc)) {
            case REFILLED -> p.restartPc = pc; // the missing instruction runs again, now hitting: a restart
            case LIVELOCK -> { // stop, never hang
                violation = "software TLB refill makes no progress: process " + p.pid + " at pc " + Words.hex(pc)
                        + " missed " + STUCK_LIMIT + " times without retiring an instruction";
                cpu.halt();
            }
            case FAULT -> {
                if (events.listener() != null) events.listener().tlbMissFault(p.pid, va, access, pc);
                userFault(p, va, access, pc);
            }
        }
    }

    /**
     * On p's return to user mode: when p goes back to the instruction that trapped, that instruction runs
     * again, and this is the one moment the {@code restart} record is written (docs/cli.md, "Traces").
     */
    private void noteReturn(Process p) {
        if (p.restartPc == -1) return;
        if (p.pc == p.restartPc) {
            if (tracer.on(TraceKind.RESTART)) tracer.emit(TraceKind.RESTART, cpu.instret(), p.pid, "pc", Tracer.pc(p.pc));
            if (events.listener() != null) events.listener().restart(p.pid, p.pc);
        }
        p.restartPc = -1;
    }

    // ------------------------------------------------------------------ return to user mode

    /** Picks who runs next and returns to user mode with sret; halts when no process is left. */
    private void returnToUser() {
        Process next = sched.first();
        while (next != null) {
            if (next == sched.current()) signals.deliverPending(next);
            if (next.alive() && next.state == Process.State.RUNNABLE) break;
            sched.remove(next);
            next = sched.first();
        }
        if (next == null) {
            sched.idle();
            cpu.halt();
            return;
        }
        if (next != sched.current()) {
            sched.switchTo(next);
            signals.deliverPending(next);
            if (!next.alive() || next.state != Process.State.RUNNABLE) {
                returnToUser();
                return;
            }
        }
        noteReturn(next);
        sched.loadRegisters(next);
        cpu.setCsr(Csr.EPC, next.pc);
        cpu.setCsr(Csr.STATUS, (cpu.csr(Csr.STATUS) & ~Csr.STATUS_PM) | Csr.STATUS_PIE);
        cpu.sret();
    }
}
