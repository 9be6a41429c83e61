package dev.faultline.kernel;

import dev.faultline.abi.Flx;
import dev.faultline.abi.Signal;
import dev.faultline.abi.Symbols;
import dev.faultline.isa.Access;
import dev.faultline.isa.Csr;
import dev.faultline.isa.TrapCause;
import dev.faultline.machine.Cpu;
import dev.faultline.machine.Machine;
import dev.faultline.machine.MachineObserver;
import dev.faultline.machine.Mmu;
import dev.faultline.machine.PhysicalMemory;
import dev.faultline.machine.Tlb;
import dev.faultline.trace.Counters;
import dev.faultline.trace.Stats;
import dev.faultline.trace.TraceKind;
import dev.faultline.trace.Tracer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Faultline kernel. It is entered only through traps the CPU takes ({@link #onTrap}), with EPC, CAUSE
 * and TVAL set, and it leaves with {@code sret}. It owns processes, address spaces, the frame table, swap and
 * files, and answers page faults so that the faulting instruction, restarted, never notices.
 */
public final class Kernel {
    /** The run's outcome. */
    public enum Outcome { EXITED, MAX_STEPS, INVARIANT }


    final KernelConfig cfg;
    private final PhysicalMemory mem;
    private final Cpu cpu;
    private final Tlb tlb;
    private final Mmu mmu;
    private final Pager pager;
    private final Vm vm;
    private final UserMemory user;
    private final Syscalls syscalls;
    private final Signals signals;
    private final Tracer tracer;
    /** The guest's fd 1 and 2 on the host (docs/kernel.md, "Host failures"). */
    final HostOutput out;
    final HostOutput guestErr;
    final PrintStream err;
    final InputStream in;
    final FileSystem fs;

    private final Pmap pmap;
    private final ProcessTable procs;
    private final Scheduler sched;
    private final KernelEvents events;
    long forks;
    private String violation;
    private final Checker checker;
    private final FaultInjector injector;
    /** Dirty file pages the end of the run could not write back (see {@link #shutdown}). */
    private int lostPages;
    /** {@link #shutdown} has run. */
    private boolean shutDown;
    /** Faults at the same instruction without progress before the kernel gives up on it. */
    static final int STUCK_LIMIT = 10_000;
    private int stuckPid, stuckPc, stuckCount;
    /** Software refills of one instruction without progress: its pages cannot all stay in the TLB. */
    private final ProgressGuard refillGuard = new ProgressGuard(STUCK_LIMIT);
    private long stuckAt = -1;
    /** A trap taken but not handled yet, as {cause, epc, tval}: a debugger stopped before it. */
    private int[] pendingTrap;
    /** What the kernel is doing when it touches user memory: the syscall, or the signal frame (for debuggers). */
    private String kernelAccessFor = "a syscall";

    /**
     * The kernel of {@code machine}, which the caller built beforehand from the same configuration (frames,
     * TLB size, refill mode): the kernel installs itself as the trap handler and adds its observers.
     */
    public Kernel(Machine machine, KernelConfig cfg, Tracer tracer, InputStream in, OutputStream out, PrintStream err)
            throws IOException {
        this.cfg = cfg;
        this.tracer = tracer;
        this.in = in;
        this.out = new HostOutput(out);
        this.guestErr = new HostOutput(err);
        this.err = err;
        if (machine.memory().frameCount() != cfg.frames()) {
            throw new IllegalArgumentException("the machine has " + machine.memory().frameCount()
                    + " frames, the configuration " + cfg.frames());
        }
        this.mem = machine.memory();
        this.tlb = machine.tlb();
        this.cpu = machine.cpu();
        this.mmu = cpu.mmu();
        this.pmap = new Pmap(mem, cpu);
        this.sched = new Scheduler(cpu, tracer, cfg.quantum(), pmap);
        this.events = new KernelEvents(tracer, cpu, sched, err);
        this.injector = new FaultInjector(events);
        SwapDevice swap = cfg.swapSlots() > 0 ? new SwapDevice(cfg.swapSlots(), cfg.swapFile()) : null;
        Upcalls up = new Upcalls();
        this.pager = new Pager(events, injector, pmap, mem, cfg, swap);
        pager.setOomKiller(up);
        this.vm = new Vm(events, pmap, pager, mem);
        this.user = new UserMemory(cpu, mem, vm, new KernelAccessFaults());
        this.signals = new Signals(up, user, tracer, this.out, err);
        this.procs = new ProcessTable(sched);
        this.fs = new FileSystem(cfg.root(), vm::truncate);
        this.syscalls = new Syscalls(this, user, vm, pager, cpu, mem, tracer, injector, fs, procs, sched, signals);
        this.checker = cfg.check() ? new Checker(mem, pager, tlb, pmap, procs) : null;
        cpu.setTrapHandler(c -> onTrap());
        if (pager.policy.wantsReferences()) cpu.addAccessRecorder((asid, vpn, pfn) -> pager.policy.referenced(pfn));
        if (tracer.on(TraceKind.TLB)) cpu.setObserver(new TlbTracer(events, cfg.softwareRefill()));
    }

    // ------------------------------------------------------------------ accessors for the kernel's parts

    public Cpu cpu() {
        return cpu;
    }

    Vm vm() {
        return vm;
    }

    Pager pager() {
        return pager;
    }

    /** The most frames page tables held at once so far (compare's OPT row leaves them to pages). */
    public int pageTableFramesPeak() {
        return pager.table.pageTablePeak();
    }

    PhysicalMemory mem() {
        return mem;
    }

    /** {@code --inject KIND=N}: the nth (from 1) operation of kind fails, once (docs/kernel.md, "Host failures"). */
    public void inject(InjectKind kind, long n) {
        injector.arm(kind, n);
    }

    Process current() {
        return sched.current();
    }

    int currentPid() {
        return events.currentPid();
    }

    AddressSpace space(int id) {
        return pmap.space(id);
    }

    List<AddressSpace> spaces() {
        return pmap.spaces();
    }

    java.util.Collection<Process> processes() {
        return procs.all();
    }

    Process process(int pid) {
        return procs.get(pid);
    }

    /** The debugger's read-only views of this kernel, as lines. */
    public Inspector inspector() {
        return new Inspector(cpu, mem, pager, pmap.spaces(), procs, sched, this::trapPending);
    }

    /** The report's read-only views of this kernel, as data. */
    public StateView stateView() {
        return new StateView(mem, pager, pmap.spaces(), procs, sched);
    }

    public void setListener(KernelListener listener) {
        events.setListener(listener);
    }

    private KernelListener listener() {
        return events.listener();
    }

    public String violation() {
        return violation;
    }

    void warn(String message) {
        events.warn(message);
    }

    /**
     * Pages of guest file data that the end of the run could not write back (docs/kernel.md, "Host
     * failures"): the run must end with exit 74 whatever the guest's own status.
     */
    public int lostPages() {
        return lostPages;
    }

    // ------------------------------------------------------------------ boot and run

    /**
     * Loads the executable as process 1. Returns null on success, or the sentence saying why it could not
     * be loaded.
     */
    public String boot(Flx image, String name) {
        Process init = procs.create(null);
        init.fds[0] = new OpenFile(OpenFile.Kind.STDIN, null, true, false, false);
        init.fds[1] = new OpenFile(OpenFile.Kind.STDOUT, null, false, true, false);
        init.fds[2] = new OpenFile(OpenFile.Kind.STDERR, null, false, true, false);
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
        Map<Inode, Integer> lost = new LinkedHashMap<>();
        Map<Inode, String> why = new LinkedHashMap<>();
        for (int pfn = 0; pfn < pager.frameCount; pfn++) {
            if (pager.table.kind(pfn) != FrameKind.CACHE) continue;
            // a write-back that fails is tried once more: an injected failure happens once, and nothing is lost
            if (pager.writeBack(pfn, false) || pager.writeBack(pfn, false)) continue;
            Inode file = pager.table.file(pfn);
            lost.merge(file, 1, Integer::sum);
            why.put(file, pager.lastWriteError);
        }
        events.countRepeatedWarnings();
        for (Map.Entry<Inode, Integer> l : lost.entrySet()) {
            err.println("faultline: " + l.getValue() + " pages of " + l.getKey().name() + " could not be written back: "
                    + why.get(l.getKey()));
            lostPages += l.getValue();
        }
        out.flush();
        try {
            if (pager.swap != null) pager.swap.close();
        } catch (IOException e) {
            warn("closing the swap file: " + e.getMessage());
        }
    }

    /**
     * Abandons this machine without writing anything back (a debugger going back in time boots a fresh
     * one): flushes the guest's output and closes the swap file.
     */
    public void discard() {
        out.flush();
        try {
            if (pager.swap != null) pager.swap.close();
        } catch (IOException e) {
            warn("closing the swap file: " + e.getMessage());
        }
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
        if (listener() != null && listener().stopBeforeTrap(p.pid, cause, epc, tval)) {
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
                kernelAccessFor = (call != null ? call.lowerName() : "syscall " + tval) + "()";
                syscalls.dispatch(p, tval, epc);
            }
            case ILLEGAL -> raiseFaultSignal(p, Signal.SIGILL, null, 0, epc, cause, "illegal instruction at pc "
                    + hex(epc));
            case DIVIDE -> raiseFaultSignal(p, Signal.SIGFPE, null, 0, epc, cause, "division by zero at pc " + hex(epc));
            case BREAKPOINT -> {
                if (listener() != null && listener().breakpoint(p.pid, epc)) {
                    p.pc = epc + 1; // a debugger took it: the brk retires as a no-op
                    cpu.retire();
                } else {
                    raiseFaultSignal(p, Signal.SIGTRAP, null, 0, epc, cause, "breakpoint at pc " + hex(epc));
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
        if (listener() != null) listener().trapHandled();
    }

    /** A page fault taken by the program. */
    private void userFault(Process p, int va, Access access, int pc) {
        if (!makingProgress(p, pc)) {
            // Memory is so short that the pages one instruction needs keep evicting each other.
            killForMemory(p);
            return;
        }
        FaultResult result = vm.handleFault(p, va, access);
        events.fault(p, va, access, pc, result, false);
        switch (result.outcome()) {
            case RESOLVED -> p.restartPc = pc; // the restart record is written on the return to pc
            case SEGV_MAPERR, SEGV_ACCERR -> raiseFaultSignal(p, Signal.SIGSEGV,
                    result.outcome() == FaultResult.Outcome.SEGV_MAPERR ? "maperr" : "accerr", va, pc, access.faultCause(),
                    access.traceName() + (access == Access.STORE ? " to " : " from ") + hex(va) + " at pc " + hex(pc)
                            + (result.outcome() == FaultResult.Outcome.SEGV_MAPERR ? " (no mapping)" : " (permission denied)"));
            case BUS, BUS_IO -> raiseFaultSignal(p, Signal.SIGBUS, null, va, pc, access.faultCause(),
                    access.traceName() + " at " + hex(va) + " at pc " + hex(pc)
                            + (result.outcome() == FaultResult.Outcome.BUS_IO ? " (I/O error)" : " (past the end of the file)"));
            case NOMEM -> {
                if (p.alive()) killForMemory(p);
            }
        }
    }

    /**
     * False when p has faulted at pc this many times without retiring an instruction: the pages one
     * instruction needs no longer fit, and restarting it would go on for ever.
     */
    private boolean makingProgress(Process p, int pc) {
        long now = cpu.instret();
        if (p.pid == stuckPid && pc == stuckPc && now == stuckAt) return ++stuckCount < STUCK_LIMIT;
        stuckPid = p.pid;
        stuckPc = pc;
        stuckAt = now;
        stuckCount = 0;
        return true;
    }

    /** Software TLB refill: a miss whose PTE allows the access is refilled; anything else is a fault. */
    private void tlbMiss(Process p, int va, Access access, int pc) {
        if (tracer.on(TraceKind.TLB)) tracer.emit(TraceKind.TLB, cpu.instret(), p.pid, "op", "miss", "addr", Tracer.addr(va));
        int vpn = va >>> 12;
        if (!refillGuard.progressing(p.pid, pc, cpu.instret())) { // a livelock: stop, never hang
            violation = "software TLB refill makes no progress: process " + p.pid + " at pc " + hex(pc)
                    + " missed " + STUCK_LIMIT + " times without retiring an instruction";
            cpu.halt();
            return;
        }
        int pte = mmu.translate(p.space.rootPfn, va, access, true);
        if (pte != 0) {
            cpu.tlbWrite(vpn, pte);
            if (tracer.on(TraceKind.TLB)) tracer.emit(TraceKind.TLB, cpu.instret(), p.pid, "op", "refill", "addr", Tracer.addr(va));
            p.restartPc = pc; // the missing instruction runs again, now hitting: a restart like any resolved fault
            return;
        }
        if (listener() != null) listener().tlbMissFault(p.pid, va, access, pc);
        userFault(p, va, access, pc);
    }

    /**
     * On p's return to user mode: when p goes back to the instruction that trapped, that instruction runs
     * again, and this is the one moment the {@code restart} record is written (docs/cli.md, "Traces").
     */
    private void noteReturn(Process p) {
        if (p.restartPc == -1) return;
        if (p.pc == p.restartPc) {
            if (tracer.on(TraceKind.RESTART)) tracer.emit(TraceKind.RESTART, cpu.instret(), p.pid, "pc", Tracer.pc(p.pc));
            if (listener() != null) listener().restart(p.pid, p.pc);
        }
        p.restartPc = -1;
    }

    // ------------------------------------------------------------------ the kernel's access to user memory

    // ------------------------------------------------------------------ signals (Signals does the work)

    /** A signal raised by the faulting instruction itself: see {@link Signals#raiseFaultSignal}. */
    void raiseFaultSignal(Process p, int sig, String code, int addr, int pc, TrapCause cause, String detail) {
        signals.raiseFaultSignal(p, sig, code, addr, pc, cause, detail);
    }

    /** sigreturn: see {@link Signals#sigreturn}. */
    void sigreturn(Process p, int pc) {
        signals.sigreturn(p, pc);
    }

    /** Sends sig to target (kill): see {@link Signals#send}. */
    void send(Process target, int sig) {
        signals.send(target, sig);
    }

    /** Kills p by signal sig: status 128 + sig, with the one-line message on stderr. */
    void kill(Process p, int sig, String detail) {
        signals.kill(p, sig, detail);
    }

    // ------------------------------------------------------------------ processes

    /** Ends p with a status: frees its memory, closes its files, wakes or notifies its parent. */
    void exit(Process p, int status) {
        if (!p.alive()) return;
        if (tracer.on(TraceKind.EXIT)) tracer.emit(TraceKind.EXIT, cpu.instret(), p.pid, "status", status);
        if (p == sched.current()) sched.accountSlice(p);
        p.exitStatus = status;
        for (int fd = 0; fd < Process.MAX_FDS; fd++) syscalls.closeFd(p, fd);
        if (p.space != null) {
            vm.destroy(p.space);
            p.space = null;
        }
        p.state = Process.State.ZOMBIE;
        sched.remove(p);
        procs.exited(p, status);
    }

    void wake(Process p) {
        sched.wake(p);
    }

    /**
     * The OOM killer: kills the process with the largest resident set, never process 1 while another process
     * lives. False when no process holds a page.
     */
    boolean oomKill() {
        Process victim = procs.oomVictim();
        if (victim == null) return false;
        killForMemory(victim);
        return true;
    }

    /** Kills p to free memory: the oom record, the message of docs/kernel.md (Swap and replacement), status 128 + SIGKILL. */
    void killForMemory(Process victim) {
        if (tracer.on(TraceKind.OOM)) tracer.emit(TraceKind.OOM, cpu.instret(), currentPid(), "victim", victim.pid);
        out.flush();
        err.println("out of memory: killed process " + victim.pid);
        if (tracer.on(TraceKind.SIGNAL)) {
            tracer.emit(TraceKind.SIGNAL, cpu.instret(), victim.pid, "sig", Tracer.sig(Signal.SIGKILL), "code", null,
                    "addr", Tracer.addr(0), "pc", Tracer.pc(victim.pc), "action", "kill");
        }
        if (listener() != null) listener().signal(victim.pid, Signal.SIGKILL, "kill", victim.pc);
        exit(victim, 128 + Signal.SIGKILL);
    }

    // ------------------------------------------------------------------ scheduling

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

    /** Live counters of p (the running process's slice included). */
    long instructionsOf(Process p) {
        return sched.instructionsOf(p);
    }

    long tlbMissesOf(Process p) {
        return sched.tlbMissesOf(p);
    }

    /** Exec replaced the running process's space: point the MMU at the new one. */
    void spaceChanged(Process p) {
        if (p == sched.current()) pmap.activate(p.space);
    }

    /** The scheduler's, the process table's and the trap path's hidden state, as one line for {@link StateDump}. */
    String schedulerState() {
        return String.format("%s %s forks %d stuck %d@%08x x%d at %d violation %s asid-owners %s", sched.state(),
                procs.state(), forks, stuckPid, stuckPc, stuckCount, stuckAt, violation,
                pmap.asidState());
    }

    // ------------------------------------------------------------------ statistics

    public Stats stats(long wallMs) {
        Stats s = new Stats();
        s.instructions = cpu.instret();
        s.minorFaults = events.global.minorFaults;
        s.majorFaults = events.global.majorFaults;
        s.demandZero = events.global.demandZero;
        s.fileFaults = events.global.fileFaults;
        s.cowCopies = events.global.cowCopies;
        s.cowReuses = events.global.cowReuses;
        s.swapIns = events.global.swapIns;
        s.swapOuts = events.global.swapOuts;
        s.evictions = pager.evictions;
        s.segv = events.global.segv;
        s.tlbHits = cpu.tlbHits();
        s.tlbMisses = cpu.tlbMisses();
        s.forks = forks;
        s.processesMax = procs.max();
        s.frames = cfg.frames();
        s.framesPeakUsed = pager.table.peakUsed();
        s.injected = injector.injected();
        s.wallMs = wallMs;
        List<Stats.ProcessStats> all = new ArrayList<>(procs.finished());
        for (Process p : procs.all()) {
            if (p.alive()) {
                Counters c = new Counters();
                c.add(p.counters);
                c.instructions = instructionsOf(p);
                c.tlbMisses = tlbMissesOf(p);
                all.add(new Stats.ProcessStats(p.pid, c, p.residentPeak, null));
            }
        }
        all.sort(java.util.Comparator.comparingInt(Stats.ProcessStats::pid));
        s.perProcess.addAll(all);
        return s;
    }

    /** symbol+offset (file:line) of a pc in process pid's image, for text traces. */
    public String describePc(int pid, int pc) {
        Process p = procs.get(pid);
        Flx image = p != null ? p.image : null;
        return image == null ? null : Symbols.describe(image, pc);
    }

    // ------------------------------------------------------------------ helpers

    static String hex(int v) {
        return String.format("0x%08x", v);
    }

    static void putInt(byte[] b, int pos, int v) {
        b[pos] = (byte) v;
        b[pos + 1] = (byte) (v >> 8);
        b[pos + 2] = (byte) (v >> 16);
        b[pos + 3] = (byte) (v >> 24);
    }

    static int getInt(byte[] b, int pos) {
        return (b[pos] & 0xFF) | (b[pos + 1] & 0xFF) << 8 | (b[pos + 2] & 0xFF) << 16 | (b[pos + 3] & 0xFF) << 24;
    }


    /** The narrow faces the kernel hands down to the pager and the address-space layer. */
    private final class Upcalls implements Pager.OomKiller, SignalHost {
        @Override
        public boolean oomKill() {
            return Kernel.this.oomKill();
        }

        @Override
        public long now() {
            return cpu.instret();
        }

        @Override
        public void exit(Process p, int status) {
            Kernel.this.exit(p, status);
        }

        @Override
        public void wake(Process p) {
            Kernel.this.wake(p);
        }

        @Override
        public KernelListener listener() {
            return events.listener();
        }

        @Override
        public String accessFor(String what) {
            String before = kernelAccessFor;
            kernelAccessFor = what;
            return before;
        }
    }

    /** The faults the kernel's own accesses to user memory take: a debugger hears of each, then its record. */
    private final class KernelAccessFaults implements UserMemory.Faults {
        @Override
        public void taking(Process p, int va, Access access, int pc) {
            if (listener() != null) listener().kernelFault(p.pid, va, access, pc, kernelAccessFor);
        }

        @Override
        public void resolved(Process p, int va, Access access, int pc, FaultResult result) {
            events.fault(p, va, access, pc, result, true);
        }
    }

}
