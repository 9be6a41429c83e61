package dev.faultline.debug;

import dev.faultline.abi.Flx;
import dev.faultline.abi.Signal;
import dev.faultline.abi.Syscall;
import dev.faultline.debug.view.KernelViews;
import dev.faultline.debug.view.Listing;
import dev.faultline.debug.view.Stop;
import dev.faultline.debug.view.StopPoints;
import dev.faultline.debug.view.View;
import dev.faultline.isa.Access;
import dev.faultline.isa.Csr;
import dev.faultline.isa.Instruction;
import dev.faultline.isa.Opcode;
import dev.faultline.isa.TrapCause;
import dev.faultline.kernel.FaultKind;
import dev.faultline.kernel.Inspector;
import dev.faultline.kernel.Kernel;
import dev.faultline.kernel.KernelListener;
import dev.faultline.abi.Symbols;
import dev.faultline.machine.Cpu;
import dev.faultline.machine.Pte;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The built-in kernel's machine as the debugger engine's {@link Target} (docs/cli.md, "Debugger"). It drives the
 * kernel on a {@link MachineThread} in small runs, and can stop before the kernel handles a trap (catchpoints,
 * {@code stepi}) or half-way inside it: before a fault the kernel takes on the program's behalf is handled, and
 * before a signal acts. Its own commands are the ones that move the program, its numbered stop points
 * (breakpoints, watchpoints on a word or a PTE, catchpoints), and the kernel's views.
 */
final class KernelTarget implements Target, KernelListener {
    /** What {@code catch} can stop on. */
    enum Catch { FAULT, SIGNAL, SYSCALL, FORK, SWAP, TRAP }

    /** A numbered stop point: a breakpoint, a watchpoint (on a word or a PTE) or a catchpoint. */
    private static final class StopPoint {
        enum Kind { BREAK, WATCH, WATCH_PTE, CATCH }

        final int number;
        final Kind kind;
        final int va;
        final int pid;
        final Catch what;
        /** The watched word or PTE as last seen (Long: null when unreadable). */
        Long last;
        /** A tbreak: deleted when it stops the program. */
        boolean temporary;

        StopPoint(int number, Kind kind, int va, int pid, Catch what) {
            this.number = number;
            this.kind = kind;
            this.va = va;
            this.pid = pid;
            this.what = what;
        }
    }

    /** Instructions per run while continuing, between checks for Ctrl-C. */
    private static final long CHUNK = 20_000;

    private Kernel kernel;
    private Cpu cpu;
    private Inspector inspector;
    /** Going back in time (docs/reverse.md); null for a debugger made over a bare kernel. */
    private TimeTravel timeTravel;
    private ReverseCommands<Kernel> reverseCommands;
    /** reverse-continue is arriving: say which stop point it stopped at. */
    private boolean namingStop;
    private final PrintStream out;
    private final long maxSteps;
    private final MachineThread machine = new MachineThread();
    private final List<StopPoint> stops = new ArrayList<>();
    private int nextStop = 1;
    private final Set<Catch> catches = EnumSet.noneOf(Catch.class);

    /** Stop before every trap, so that a trap's handling is a unit of its own. */
    private boolean fine;
    /** stepi: every trap, and each fault the kernel takes for a syscall, is a stop to report. */
    private boolean stepping;
    /** Quitting: kernel hooks no longer stop. */
    private boolean closing;
    private volatile boolean interrupted;
    /** Why the machine stopped, printed by the running command; null when it just ran out of steps. */
    private String event;
    /** What kind of stop {@link #event} is. */
    private Stop.Reason eventReason = Stop.Reason.DONE;
    /** The last fault the kernel handled, for stepi's message. */
    private String lastFault;
    private boolean exited;
    private int exitStatus;
    /** The end of the run could not write some guest file data back (the kernel said so on stderr). */
    private boolean dataLost;
    private boolean limitReached;
    private Flx lastImage;

    private Engine engine;

    /** A target for a booted kernel; {@code maxSteps} is {@code --max-steps} (Long.MAX_VALUE for none). */
    KernelTarget(Kernel kernel, PrintStream out, long maxSteps) {
        this.kernel = kernel;
        this.cpu = kernel.cpu();
        this.inspector = kernel.inspector();
        this.out = out;
        this.maxSteps = maxSteps;
        this.lastImage = inspector.image();
        kernel.setListener(this);
    }

    /** A target that can go back in time: it drives the machines of timeTravel (docs/reverse.md). */
    KernelTarget(TimeTravel timeTravel, PrintStream out, long maxSteps) {
        this(timeTravel.kernel(), out, maxSteps);
        this.timeTravel = timeTravel;
        timeTravel.listen(this);
        this.reverseCommands = new ReverseCommands<>(timeTravel, reverseHost(), out);
    }

    @Override
    public void bind(Engine engine) {
        this.engine = engine;
    }

    @Override
    public Kind kind() {
        return Kind.KERNEL;
    }

    @Override
    public boolean has(Need need) {
        return need != Need.GOING_BACK || timeTravel != null;
    }

    @Override
    public Cpu cpu() {
        return cpu;
    }

    @Override
    public int stopPid() {
        return inspector.processCount() > 1 ? inspector.currentPid() : 0;
    }

    @Override
    public String gone() {
        return exited ? "the program has exited" : null;
    }

    @Override
    public boolean over() {
        return cpu.halted();
    }

    @Override
    public String syscallName(int n) {
        return Syscall.byNumber(n) != null ? Syscall.byNumber(n).lowerName() : null;
    }

    @Override
    public Target.Peek peek(int va) {
        return readByte(inspector.currentPid(), va);
    }

    @Override
    public String banner() {
        return "faultline debugger";
    }

    @Override
    public void flushGuest() {
        kernel.flushOutput(); // kernel changes when going back
    }

    @Override
    public int exitStatus() {
        if (exited) return dataLost ? 74 : exitStatus; // file data not written back: exit 74 (docs/cli.md)
        return limitReached ? 3 : 0;
    }

    // ------------------------------------------------------------------ going back

    /**
     * Lets a machine stopped inside the kernel finish its trap (it is about to be abandoned), then goes back.
     * Nothing may stop it again on the way: with {@code catch fault} the rest of a signal's delivery (writing
     * the signal frame) takes a fault of its own, and a moment in the middle of a trap has no position.
     */
    @Override
    public void goBack(Consumer<ReverseCommands<?>> command, boolean namingStop) {
        boolean wasClosing = closing;
        closing = true;
        try {
            while (machine.parked()) {
                cpu.requestStop();
                machine.resume();
            }
        } finally {
            closing = wasClosing;
        }
        this.namingStop = namingStop;
        try {
            command.accept(reverseCommands);
        } finally {
            this.namingStop = false;
        }
    }

    /** What the reverse commands need of this debugger: its machine, its stop rules, its display. */
    private ReverseCommands.Host<Kernel> reverseHost() {
        return new ReverseCommands.Host<>() {
            @Override
            public void adopt(Kernel k) {
                kernel = k;
                cpu = k.cpu();
                inspector = k.inspector();
                event = null;
                exited = false;
                limitReached = false;
                attempts.clear();
                remember();
            }

            @Override
            public boolean catchesTrap(int pid, TrapCause cause, int epc, int tval) {
                return catches.contains(Catch.TRAP) || (catches.contains(Catch.FAULT) && cause.isPageFault())
                        || (catches.contains(Catch.SYSCALL) && cause == TrapCause.SYSCALL)
                        || (catches.contains(Catch.FORK) && cause == TrapCause.SYSCALL && tval == Syscall.FORK.number);
            }

            @Override
            public boolean catchesSignal() {
                return catches.contains(Catch.SIGNAL);
            }

            @Override
            public boolean catchesSwap() {
                return catches.contains(Catch.SWAP);
            }

            @Override
            public boolean breaksAt(int pc) {
                for (StopPoint p : stops) if (p.kind == StopPoint.Kind.BREAK && p.va == pc) return true;
                return false;
            }

            @Override
            public boolean hasBreakpoints() {
                for (StopPoint p : stops) if (p.kind != StopPoint.Kind.CATCH) return true; // watches too: every step
                return false;
            }

            @Override
            public boolean catchesKernelFault() {
                return catches.contains(Catch.FAULT);
            }

            @Override
            public boolean watchChanged() {
                return scannedWatchChanged();
            }

            @Override
            public void showWhere() {
                if (namingStop) nameStop();
                int[] t = kernel.pendingTrap();
                if (t != null) {
                    out.println(trapWaiting(inspector.currentPid(), TrapCause.of(t[0]), t[1], t[2]));
                }
                showPc();
            }
        };
    }

    /** Watch values seen on the machine a reverse-continue scans, and the watch that changed at each instret. */
    private final Map<Integer, Long> scanned = new java.util.HashMap<>();
    private final Map<Long, Integer> changedAt = new java.util.HashMap<>();
    private Kernel scannedKernel;
    private Inspector scannedInspector;

    /** During a reverse-continue scan: did a watched word or PTE change since the last step? */
    private boolean scannedWatchChanged() {
        Kernel k = timeTravel.kernel();
        if (k != scannedKernel) {
            scannedKernel = k;
            scannedInspector = k.inspector();
            scanned.clear();
            changedAt.clear();
        }
        boolean changed = false;
        for (StopPoint s : stops) {
            if (s.kind != StopPoint.Kind.WATCH && s.kind != StopPoint.Kind.WATCH_PTE) continue;
            Long now = s.kind == StopPoint.Kind.WATCH ? wordIn(scannedInspector, s.pid, s.va) : pteIn(scannedInspector, s);
            boolean seen = scanned.containsKey(s.number);
            Long before = scanned.put(s.number, now);
            if (seen && !java.util.Objects.equals(before, now)) {
                changed = true;
                changedAt.put(k.cpu().instret(), s.number);
            }
        }
        return changed;
    }

    private static Long wordIn(Inspector insp, int pid, int va) {
        if (!insp.alive(pid)) return null;
        long word = 0;
        for (int b = 3; b >= 0; b--) {
            Inspector.PageView page = insp.page(pid, va + b);
            if (page.bytes() == null) return null;
            word = word << 8 | (page.bytes()[(va + b) & 0xFFF] & 0xFF);
        }
        return word;
    }

    private static Long pteIn(Inspector insp, StopPoint s) {
        Integer pte = insp.pte(s.pid, s.va);
        return pte == null ? null : Integer.toUnsignedLong(pte);
    }

    /** After reverse-continue: the breakpoint, watchpoint or catchpoint the program is stopped at. */
    private void nameStop() {
        int[] t = kernel.pendingTrap();
        Integer watch = changedAt.get(cpu.instret());
        if (t == null && watch != null) {
            for (StopPoint s : stops) if (s.number == watch) out.println(describe(s) + ": changed here");
            return;
        }
        if (t == null) {
            for (StopPoint s : stops) {
                if (s.kind == StopPoint.Kind.BREAK && s.va == cpu.pc()) {
                    out.println("breakpoint " + s.number + " at " + where(s.va));
                    return;
                }
            }
            for (StopPoint s : stops) {
                if (s.kind == StopPoint.Kind.CATCH && (s.what == Catch.SIGNAL || s.what == Catch.SWAP)) {
                    out.println("catchpoint " + s.number + ": " + s.what.name().toLowerCase(Locale.ROOT));
                    return;
                }
            }
            return;
        }
        TrapCause cause = TrapCause.of(t[0]);
        for (StopPoint s : stops) {
            if (s.kind != StopPoint.Kind.CATCH) continue;
            boolean matches = switch (s.what) {
                case TRAP -> true;
                case FAULT -> cause.isPageFault();
                case SYSCALL -> cause == TrapCause.SYSCALL;
                case FORK -> cause == TrapCause.SYSCALL && t[2] == Syscall.FORK.number;
                default -> false;
            };
            if (matches) {
                out.println("catchpoint " + s.number + ": " + s.what.name().toLowerCase(Locale.ROOT));
                return;
            }
        }
        for (StopPoint s : stops) {
            if (s.kind == StopPoint.Kind.CATCH && s.what == Catch.FAULT && cause == TrapCause.SYSCALL) {
                out.println("catchpoint " + s.number + ": fault (the kernel takes it inside this syscall: stepi reaches"
                        + " it)");
                return;
            }
        }
    }

    /** Ctrl-C: stops a running command at the next check (called from a signal-handling thread). */
    @Override
    public void interrupt() {
        interrupted = true;
    }

    /** Lets a machine stopped inside the kernel finish its trap, and ends the machine thread. */
    @Override
    public void close() {
        closing = true;
        if (machine.parked()) cpu.requestStop();
        machine.close();
    }


    // ------------------------------------------------------------------ running

    /** False (with the reason printed) when the machine cannot run any more. */
    private boolean canRun() {
        if (exited) {
            out.println("the program has exited with status " + exitStatus);
            return false;
        }
        if (limitReached || cpu.instret() >= maxSteps) {
            limitReached = true;
            out.println("stopped: --max-steps " + maxSteps + " reached (" + cpu.instret() + " instructions)");
            return false;
        }
        return true;
    }

    /**
     * One unit of progress: the pending trap handled, or (up to) one instruction run, stopping before any trap
     * when {@code fine}. Returns true when the machine stopped for an event or ended.
     */
    private boolean unit(boolean fineUnit) {
        boolean wasFine = fine;
        fine = fineUnit;
        unitFaults.clear();
        unitFaultText.clear();
        unitPid = inspector.currentPid();
        unitPc = pc();
        try {
            if (machine.parked()) {
                lastHandled = handlingTrap;
                cpu.requestStop();
                machine.resume();
            } else if (kernel.trapPending()) {
                handlingTrap = kernel.pendingTrap();
                lastHandled = handlingTrap;
                machine.submit(kernel::handlePendingTrap);
            } else {
                lastHandled = null;
                long target = Math.min(cpu.instret() + 1, maxSteps);
                machine.submit(() -> kernel.run(target));
            }
        } finally {
            fine = wasFine;
        }
        return event != null || ended();
    }

    /** Runs until stop() holds, an event, the end, --max-steps or Ctrl-C; one unit at a time when fineUnits. */
    private void runUntil(BooleanSupplier stop, boolean units, long target) {
        interrupted = false;
        while (true) {
            if (ended()) return;
            if (cpu.instret() >= maxSteps && !machine.parked() && !kernel.trapPending()) {
                limitReached = true;
                return;
            }
            if (interrupted) {
                stopFor(Stop.Reason.INTERRUPTED, "interrupted (Ctrl-C)");
                return;
            }
            if (units) {
                if (unit(true)) return;
                if (checkWatches()) return;
            } else {
                if (machine.parked()) {
                    cpu.requestStop(); // the kernel finishes its work, then this run ends
                    machine.resume();
                } else if (kernel.trapPending()) {
                    handlingTrap = kernel.pendingTrap();
                    machine.submit(kernel::handlePendingTrap);
                } else {
                    long to = Math.min(Math.min(cpu.instret() + CHUNK, target), maxSteps);
                    machine.submit(() -> kernel.run(to));
                }
                if (event != null || ended()) return;
            }
            if (stop.getAsBoolean()) return;
        }
    }

    /** True when the machine halted: the end is reported once. */
    private boolean ended() {
        if (!cpu.halted() || exited) return exited;
        kernel.shutdown();
        exited = true;
        exitStatus = kernel.violation() != null ? 70 : kernel.exitStatus();
        dataLost = kernel.lostPages() > 0;
        return true;
    }

    /** After a running command: why it stopped, and where. */
    private void report(String fallback) {
        if (exited) {
            if (event != null && !event.startsWith("interrupted")) out.println(event);
            out.println(kernel.violation() != null ? "invariant violated: " + kernel.violation()
                    : "the program exited with status " + exitStatus);
        } else if (limitReached) {
            if (event != null) out.println(event);
            out.println("stopped: --max-steps " + maxSteps + " reached (" + cpu.instret() + " instructions)");
            showPc(Stop.Reason.MAX_STEPS);
        } else {
            if (event != null) engine.showStop(eventReason, event);
            else if (fallback != null) engine.showStop(Stop.Reason.BREAKPOINT, fallback);
        }
        remember();
    }

    private void remember() {
        Flx image = inspector.image();
        if (image != null) lastImage = image;
    }

    @Override
    public void step(long n) {
        if (!canRun()) return;
        event = null;
        long target = cpu.instret() + n;
        runUntil(() -> cpu.instret() >= target && !kernel.trapPending() && !machine.parked(), false, target);
        if (exited || limitReached || event != null) {
            report(null);
        } else {
            remember();
            showPc();
        }
    }

    @Override
    public void stepi() {
        if (!canRun()) return;
        event = null;
        lastFault = null;
        boolean inKernel = kernel.trapPending() || machine.parked();
        retrying = inKernel ? null : retryNote(inspector.currentPid(), cpu.pc());
        long before = cpu.instret();
        stepping = true;
        try {
            unit(true);
        } finally {
            stepping = false;
        }
        if (ended()) {
            if (retrying != null && cpu.instret() > before) out.println(retrying + ": it completed on the retry");
            report(null);
            return;
        }
        if (event != null) {
            if (retrying != null) out.println(retrying + (cpu.instret() > before ? ": it completed on the retry"
                    : ": it trapped again"));
            out.println(event);
            if (!machine.parked()) showPc(eventReason);
            remember();
            return;
        }
        if (inKernel && handlingTrap != null) {
            out.println("kernel handled the " + trapName(handlingTrap) + handledFault(handlingTrap) + "; "
                    + afterTrap(handlingTrap));
            remember();
            return;
        }
        if (cpu.instret() > before) {
            if (retrying != null) {
                out.println(retrying + ": it completed on the retry");
                attempts.remove(unitPid);
            }
            showPc();
        }
        remember();
    }

    /** ": kind ... for the load of ..." when the trap handled was a fault the kernel resolved or refused. */
    private String handledFault(int[] trap) {
        TrapCause cause = TrapCause.of(trap[0]);
        return (cause.isPageFault() || cause.isTlbMiss()) && lastFault != null ? ": " + lastFault : "";
    }

    /**
     * What the process does after the kernel handled a trap, named for what it is: only the moment the
     * kernel writes a {@code restart} record is a restart (docs/cli.md); a syscall completes, an interrupt
     * returns, a signal handler is entered, or another process runs.
     */
    private String afterTrap(int[] trap) {
        TrapCause cause = TrapCause.of(trap[0]);
        int pid = inspector.currentPid();
        String at = where(cpu.pc()) + " in pid " + pid;
        if (restartedNow) return "restarting " + at;
        if (enteredHandler != null && pid == unitPid) return "entering the " + enteredHandler + " handler at " + at;
        if (pid != unitPid) return "switching to pid " + pid + " at " + where(cpu.pc());
        if (cause == TrapCause.SYSCALL) {
            Syscall call = Syscall.byNumber(trap[2]);
            if (call == Syscall.SIGRETURN) return "the signal handler returned to " + at;
            if (cpu.pc() == trap[1] + Opcode.SYS.length()) return "it completed, returning to " + at;
            return "continuing at " + at;
        }
        if (cause == TrapCause.TIMER) return "returning from the interrupt to " + at;
        return "continuing at " + at;
    }

    @Override
    public void cont() {
        if (!canRun()) return;
        event = null;
        boolean units = stops.stream().anyMatch(s -> s.kind != StopPoint.Kind.CATCH);
        if (units) refreshWatches();
        markStart();
        runUntil(() -> units && atBreakpoint() != null, units, Long.MAX_VALUE);
        StopPoint bp = exited || event != null ? null : atBreakpoint();
        report(bp != null ? hit(bp) : null);
    }

    /** Where the running command started: a breakpoint there is not hit again before something retires. */
    private long startInstret = -1;

    private void markStart() {
        startInstret = cpu.instret();
    }

    /** A breakpoint at the pc the current process is about to run (arrived at, not started from), or null. */
    private StopPoint atBreakpoint() {
        if (kernel.trapPending() || machine.parked() || cpu.halted() || !cpu.userMode()) return null;
        if (cpu.instret() == startInstret) return null;
        for (StopPoint s : stops) if (s.kind == StopPoint.Kind.BREAK && s.va == cpu.pc()) return s;
        return null;
    }

    @Override
    public void next() {
        if (!canRun()) return;
        int pc = pc();
        int pid = inspector.currentPid();
        Instruction insn = instructionAt(pid, pc);
        if (insn == null || (insn.op() != Opcode.CALL && insn.op() != Opcode.CALLR) || kernel.trapPending()) {
            step(1);
            return;
        }
        event = null;
        int returnPc = pc + insn.op().length();
        int sp0 = cpu.reg(15);
        refreshWatches();
        markStart();
        runUntil(() -> inspector.currentPid() == pid && !kernel.trapPending() && !machine.parked()
                && cpu.pc() == returnPc && Integer.compareUnsigned(cpu.reg(15), sp0) >= 0 || atBreakpoint() != null,
                true, Long.MAX_VALUE);
        StopPoint bp = exited || event != null || cpu.pc() == returnPc ? null : atBreakpoint();
        if (bp != null) stopFor(Stop.Reason.BREAKPOINT, hit(bp));
        report(null);
        if (!exited && event == null && !limitReached) showPc();
    }

    @Override
    public void finish() {
        if (!canRun()) return;
        String outermost = outermostFunction(pc());
        if (outermost != null) {
            out.println("finish: " + where(pc()) + " is in " + outermost + ", the outermost function: there is no"
                    + " caller to return to");
            return;
        }
        event = null;
        int pid = inspector.currentPid();
        int sp0 = cpu.reg(15);
        refreshWatches();
        markStart();
        boolean[] returned = {false};
        runUntil(() -> {
            if (returned[0]) return true;
            if (atBreakpoint() != null) return true;
            // about to run a ret of this function (not of one it called): run it, then stop
            if (inspector.currentPid() == pid && !kernel.trapPending() && !machine.parked() && cpu.userMode()
                    && Integer.compareUnsigned(cpu.reg(15), sp0) >= 0) {
                Instruction insn = instructionAt(pid, cpu.pc());
                if (insn != null && insn.op() == Opcode.RET) {
                    long before = cpu.instret();
                    while (cpu.instret() == before && event == null && !ended()) unit(true);
                    returned[0] = cpu.instret() > before;
                    return true;
                }
            }
            return false;
        }, true, Long.MAX_VALUE);
        if (returned[0] && event == null) stopFor(Stop.Reason.RETURNED, "returned to " + where(cpu.pc()));
        StopPoint bp = exited || event != null ? null : atBreakpoint();
        if (bp != null) stopFor(Stop.Reason.BREAKPOINT, hit(bp));
        report(null);
    }

    /**
     * The entry function's name when pc is in it (the program's outermost function, which nothing called), else
     * null. A function starts at the entry point or at the target of a {@code call} in the text; pc belongs to
     * the nearest start at or below it.
     */
    private String outermostFunction(int pc) {
        Flx image = image();
        if (image == null || kernel.trapPending() || machine.parked()) return null;
        long best = -1;
        long at = Integer.toUnsignedLong(pc);
        List<Integer> starts = new ArrayList<>(List.of(image.entry()));
        for (Flx.Segment seg : image.segments()) {
            if ((seg.flags() & Flx.FLAG_X) == 0) continue;
            byte[] data = seg.data();
            for (int off = 0; off < data.length; ) {
                int len = Opcode.lengthOf(data[off] & 0xFF);
                if (len <= 0 || off + len > data.length) break;
                Instruction insn = Instruction.decode(data, off, off + len);
                if (insn != null && insn.op() == Opcode.CALL) starts.add(seg.vaddr() + off + insn.imm());
                off += len;
            }
        }
        for (int st : starts) {
            long u = Integer.toUnsignedLong(st);
            if (u <= at && u > best) best = u;
        }
        if (best != Integer.toUnsignedLong(image.entry())) return null;
        String label = Symbols.label(image, image.entry());
        return label != null ? label : hex(image.entry());
    }

    /**
     * until: without LOCATION, runs until the current process reaches an instruction past this one in the same
     * function (a loop's backward jump runs the loop out); with it, until LOCATION. Either way it stops when the
     * function returns, at a breakpoint or any other stop.
     */
    @Override
    public void until(String[] w) {
        if (!canRun()) return;
        if (kernel.trapPending() || machine.parked()) {
            stepi();
            return;
        }
        Integer target = w.length > 1 ? location(w[1]) : null;
        int pid = inspector.currentPid();
        long pc0 = Integer.toUnsignedLong(pc());
        int sp0 = cpu.reg(15);
        event = null;
        refreshWatches();
        markStart();
        runUntil(() -> {
            if (atBreakpoint() != null) return true;
            if (inspector.currentPid() != pid || kernel.trapPending() || machine.parked() || !cpu.userMode()) return false;
            int sp = cpu.reg(15);
            if (Integer.compareUnsigned(sp, sp0) > 0) return true; // the function returned
            if (target != null) return cpu.pc() == target;
            return sp == sp0 && Integer.toUnsignedLong(cpu.pc()) > pc0;
        }, true, Long.MAX_VALUE);
        StopPoint bp = exited || event != null ? null : atBreakpoint();
        if (bp != null) stopFor(Stop.Reason.BREAKPOINT, hit(bp));
        report(null);
        if (!exited && event == null && !limitReached) showPc();
    }

    /** run: back to the first instruction, through time travel. */
    @Override
    public void run() {
        if (timeTravel == null) throw new IllegalArgumentException("run needs going back in time, which this session"
                + " cannot do");
        out.println("going back to the first instruction (output already written stays written)");
        goBack(ReverseCommands::toStart, false);
    }

    // ------------------------------------------------------------------ kernel events (machine thread)

    @Override
    public boolean stopBeforeTrap(int pid, TrapCause cause, int epc, int tval) {
        restartedNow = false; // what the handling of this trap does is yet to come
        enteredHandler = null;
        if (cause.isPageFault() || cause.isTlbMiss()) noteFaultTrap(pid, cause, epc);
        boolean caught = stepping || catches.contains(Catch.TRAP)
                || (catches.contains(Catch.FAULT) && cause.isPageFault())
                || (catches.contains(Catch.SYSCALL) && cause == TrapCause.SYSCALL)
                || (catches.contains(Catch.FORK) && cause == TrapCause.SYSCALL && tval == Syscall.FORK.number);
        if (closing) return false;
        if (fine && !caught) return true; // a unit ends here, quietly
        if (caught) {
            stopFor(Stop.Reason.TRAP, trapWaiting(pid, cause, epc, tval));
            return true;
        }
        return false;
    }

    /** "trap in pid 1: syscall write, pc 0x... (not yet handled by the kernel)". */
    private String trapWaiting(int pid, TrapCause cause, int epc, int tval) {
        String what = switch (cause) {
            case SYSCALL -> "syscall " + (Syscall.byNumber(tval) != null ? Syscall.byNumber(tval).lowerName() : tval);
            case FETCH_FAULT, LOAD_FAULT, STORE_FAULT -> cause.traceName() + " at " + hex(tval);
            default -> cause.traceName() + (tval != 0 ? " (tval " + hex(tval) + ")" : "");
        };
        return "trap in pid " + pid + ": " + what + ", pc " + where(epc) + " (not yet handled by the kernel)";
    }

    @Override
    public void kernelFault(int pid, int va, Access access, int pc, String what) {
        kernelFor = what;
        if (closing || !(stepping || catches.contains(Catch.FAULT))) return;
        stopFor(Stop.Reason.KERNEL_FAULT, "kernel fault in pid " + pid + ": " + access.traceName() + " of " + hex(va)
                + " for " + what + " at pc " + where(pc) + " (not yet handled by the kernel)");
        park();
    }

    @Override
    public void tlbMissFault(int pid, int va, Access access, int pc) {
        if (closing || !catches.contains(Catch.FAULT)) return;
        stopFor(Stop.Reason.KERNEL_FAULT, "fault in pid " + pid + ": " + access.traceName() + " of " + hex(va)
                + " found by the TLB-miss handler, pc " + where(pc) + " (not yet handled by the kernel)");
        park();
    }

    /**
     * An instruction that trapped and has not been seen to complete, per process: where, the last fault it
     * took, how many times it trapped, and whether the kernel has restarted it (and when).
     */
    private static final class Attempt {
        final int pc;
        String cause;
        int traps;
        boolean restarted;
        long restartedAt;

        Attempt(int pc, String cause) {
            this.pc = pc;
            this.cause = cause;
        }
    }

    private final Map<Integer, Attempt> attempts = new java.util.HashMap<>();
    /** The kernel restarted an instruction during the last unit (it wrote a restart record). */
    private boolean restartedNow;
    /** The signal whose handler the last unit entered (SIGSEGV), or null. */
    private String enteredHandler;
    /** For the stepi under way: "0x... runs again (try N, after the load_fault)", or null. */
    private String retrying;

    /** A fault trap (or a TLB miss) at pc: the same attempt again when it traps right after its restart. */
    private void noteFaultTrap(int pid, TrapCause cause, int pc) {
        Attempt a = attempts.get(pid);
        if (a == null || a.pc != pc || !a.restarted || a.restartedAt != cpu.instret()) {
            a = new Attempt(pc, cause.traceName());
            attempts.put(pid, a);
        }
        a.cause = cause.traceName();
        a.traps++;
        a.restarted = false;
    }

    @Override
    public void restart(int pid, int pc) {
        restartedNow = true;
        Attempt a = attempts.get(pid);
        if (a == null || a.pc != pc) { // begun before the debugger saw it (going back forgets attempts)
            a = new Attempt(pc, handlingTrap != null ? TrapCause.of(handlingTrap[0]).traceName() : "fault");
            a.traps = 1;
            attempts.put(pid, a);
        }
        a.restarted = true;
        a.restartedAt = cpu.instret();
    }

    /** "0x... <...> runs again (try N, after the load_fault)" when pid's next instruction is a restarted one. */
    private String retryNote(int pid, int pc) {
        Attempt a = attempts.get(pid);
        if (a == null || !a.restarted || a.pc != pc) return null;
        return where(pc) + " runs again (try " + (a.traps + 1) + ", after the " + a.cause + ")";
    }

    /** What the kernel's last own access to user memory was for: {@code write()}, {@code the signal frame}. */
    private String kernelFor = "a syscall";

    /** Stops the machine thread inside the kernel, noting the trap being handled (its CSRs are still set). */
    private void park() {
        handlingTrap = new int[] {cpu.csr(Csr.CAUSE), cpu.csr(Csr.EPC), cpu.csr(Csr.TVAL)};
        machine.park();
    }

    @Override
    public void faultHandled(int pid, int va, Access access, int pc, FaultKind kind, boolean major, int frame,
                             boolean byKernel) {
        unitFaults.add(new int[] {pid, va >>> 12});
        lastFault = "kind " + kind.traceName + (kind == FaultKind.SEGV || kind == FaultKind.BUS ? ""
                : major ? " (major)" : " (minor)") + (frame >= 0 ? ", frame " + frame : "") + " for the "
                + access.traceName() + " of " + hex(va) + (byKernel ? " by the kernel" : "");
        unitFaultText.add(lastFault);
        if (byKernel && stepping && !closing) {
            stopFor(Stop.Reason.KERNEL_FAULT, "kernel handled its fault in pid " + pid + ": " + lastFault
                    + "; it goes on with " + kernelFor);
            park();
        }
    }

    @Override
    public void signal(int pid, int sig, String action, int pc) {
        if (action.equals("handler")) enteredHandler = Signal.name(sig);
        if (closing || !catches.contains(Catch.SIGNAL)) return;
        String next = switch (action) {
            case "handler" -> "its handler is about to run";
            case "ignore" -> "it is about to be ignored";
            default -> "it is about to kill the process, which is still alive";
        };
        stopFor(Stop.Reason.SIGNAL, "signal " + Signal.name(sig) + " in pid " + pid + " at " + where(pc) + ": " + next);
        park();
    }

    /** A {@code brk} stops in the debugger (the program goes on past it), instead of raising SIGTRAP. */
    @Override
    public boolean breakpoint(int pid, int pc) {
        stopFor(Stop.Reason.BRK, "brk in pid " + pid + " at " + where(pc));
        cpu.requestStop();
        return true;
    }

    @Override
    public void swap(int pid, boolean outward, int frame, int slot) {
        if (catches.contains(Catch.SWAP)) {
            String e = (outward ? "swap-out of frame " + frame + " to slot " : "swap-in to frame " + frame + " from slot ")
                    + slot;
            if (event == null) stopFor(Stop.Reason.SWAP, e);
            else event = event + "; " + e;
            cpu.requestStop();
        }
    }

    // ------------------------------------------------------------------ stop points

    private StopPoint addStop(StopPoint.Kind kind, int va, int pid, Catch what) {
        StopPoint s = new StopPoint(nextStop++, kind, va, pid, what);
        stops.add(s);
        return s;
    }

    @Override
    public void breakAt(String[] w, boolean temporary) {
        if (w.length < 2 && temporary) throw new IllegalArgumentException("usage: tbreak ADDR|SYMBOL[+N]|LINE|FILE:LINE");
        if (w.length < 2) {
            info("breakpoints");
            return;
        }
        int va = location(w[1]);
        StopPoint s = addStop(StopPoint.Kind.BREAK, va, 0, null);
        s.temporary = temporary;
        out.println(describe(s));
        String warning = codeWarning(va);
        if (warning != null) out.println("warning: " + warning);
    }

    /** What a stop at breakpoint bp says; a temporary one is deleted now. */
    private String hit(StopPoint bp) {
        if (!bp.temporary) return "breakpoint " + bp.number + " at " + where(cpu.pc());
        stops.remove(bp);
        return "temporary breakpoint " + bp.number + " at " + where(cpu.pc()) + " (now deleted)";
    }

    /** Why a breakpoint at va will never be hit (data, or the middle of an instruction), or null. */
    private String codeWarning(int va) {
        Flx image = image();
        if (image == null) return null;
        Flx.Segment seg = segmentOf(image, va);
        if (seg == null) return hex(va) + " is not in the program's text";
        if ((seg.flags() & Flx.FLAG_X) == 0) {
            String label = Symbols.label(image, va);
            return hex(va) + (label != null ? " <" + label + ">" : "") + " is data, not code: no instruction runs there";
        }
        int start = -1;
        for (Flx.LineRow row : image.lines()) {
            if (Integer.compareUnsigned(row.address(), va) <= 0 && (start == -1
                    || Integer.compareUnsigned(row.address(), start) > 0)) start = row.address();
        }
        if (start == -1) return null;
        int at = start;
        while (Integer.compareUnsigned(at, va) < 0) {
            int first = imageByte(image, at);
            if (first < 0) return null;
            int next = at + Opcode.lengthOf(first);
            if (Integer.compareUnsigned(next, va) > 0) {
                return hex(va) + " is inside the instruction at " + where(at) + ": it will never be hit";
            }
            at = next;
        }
        return null;
    }

    @Override
    public void watch(String[] w) {
        if (w.length < 2) throw new IllegalArgumentException("usage: watch ADDR | watch pte ADDR");
        int pid = inspector.currentPid();
        if (pid == 0) throw new IllegalArgumentException("no process is running: nothing to watch");
        if (w[1].equalsIgnoreCase("pte")) {
            if (w.length < 3) throw new IllegalArgumentException("usage: watch pte ADDR");
            int va = address(w[2]);
            StopPoint s = addStop(StopPoint.Kind.WATCH_PTE, va & ~0xFFF, pid, null);
            s.last = pteNow(s);
            out.println("watchpoint " + s.number + ": the PTE of page " + hex(va & ~0xFFF) + " in pid " + pid
                    + " (now " + pteText(s.last) + ")");
            return;
        }
        int va = address(w[1]);
        StopPoint s = addStop(StopPoint.Kind.WATCH, va, pid, null);
        s.last = wordNow(s);
        out.println("watchpoint " + s.number + ": the word at " + where(va) + " in pid " + pid + " (now "
                + (s.last == null ? "unmapped" : hex(s.last.intValue())) + ")");
    }

    private void refreshWatches() {
        for (StopPoint s : stops) {
            if (s.kind == StopPoint.Kind.WATCH) s.last = wordNow(s);
            if (s.kind == StopPoint.Kind.WATCH_PTE) s.last = pteNow(s);
        }
    }

    /** After a unit: true (with the event set) when a watched word or PTE changed. */
    private boolean checkWatches() {
        for (StopPoint s : stops) {
            if (s.kind != StopPoint.Kind.WATCH && s.kind != StopPoint.Kind.WATCH_PTE) continue;
            Long now = s.kind == StopPoint.Kind.WATCH ? wordNow(s) : pteNow(s);
            if (java.util.Objects.equals(now, s.last)) continue;
            Long before = s.last;
            s.last = now;
            if (s.kind == StopPoint.Kind.WATCH) {
                eventReason = Stop.Reason.WATCHPOINT;
                event = "watchpoint " + s.number + ": the word at " + where(s.va) + " in pid " + s.pid + " changed from "
                        + (before == null ? "unmapped" : hex(before.intValue())) + " to "
                        + (now == null ? "unmapped" : hex(now.intValue())) + " (" + changer() + ")";
            } else {
                eventReason = Stop.Reason.WATCHPOINT;
                event = "watchpoint " + s.number + ": the PTE of page " + hex(s.va) + " in pid " + s.pid + " changed from "
                        + pteText(before) + " to " + pteText(now) + ", by " + pteChanger(s, before, now);
            }
            return true;
        }
        return false;
    }

    /** The trap the last unit handled (or is handling), as {cause, epc, tval}; null when it ran an instruction. */
    private int[] lastHandled;
    /** The trap being handled, kept while the kernel is stopped inside it. */
    private int[] handlingTrap;
    /** Where the last unit started: pid and pc. */
    private int unitPid, unitPc;
    /** Faults handled during the last unit, as {pid, vpn}, with their description. */
    private final List<int[]> unitFaults = new ArrayList<>();
    private final List<String> unitFaultText = new ArrayList<>();

    private String changer() {
        return lastHandled == null ? "written by the instruction at " + where(unitPc) + " in pid " + unitPid
                : "written by the kernel, handling the " + trapName(lastHandled);
    }

    /** Who changed a PTE during the last unit: the MMU, the fault handler, eviction, or a syscall. */
    private String pteChanger(StopPoint s, Long before, Long now) {
        int old = before == null ? 0 : before.intValue(), pte = now == null ? 0 : now.intValue();
        if (lastHandled == null) return "the MMU (setting the accessed or dirty bit)";
        for (int i = 0; i < unitFaults.size(); i++) {
            int[] f = unitFaults.get(i);
            if (f[0] == s.pid && f[1] == s.va >>> 12) return "the fault handler (" + unitFaultText.get(i) + ")";
        }
        if (Pte.isValid(old) && Pte.isSwap(pte)) return "eviction (swapped out to slot " + Pte.swapSlot(pte) + ")";
        TrapCause cause = TrapCause.of(lastHandled[0]);
        String call = null;
        if (cause == TrapCause.SYSCALL) {
            Syscall sc = Syscall.byNumber(lastHandled[2]);
            call = sc != null ? sc.lowerName() : "syscall " + lastHandled[2];
        }
        if (Pte.isValid(old) && pte == 0) {
            if (call != null && List.of("munmap", "madvise", "sbrk", "exec", "exit", "mmap").contains(call)) {
                return call + "()";
            }
            return "eviction (a clean page dropped)";
        }
        if (Pte.isValid(old) && Pte.isValid(pte) && (old & ~Pte.A) == pte) {
            return "the replacement policy (clearing the accessed bit)";
        }
        if (call != null) return call + "()";
        return "the kernel, handling the " + trapName(lastHandled);
    }

    private String trapName(int[] t) {
        TrapCause c = TrapCause.of(t[0]);
        if (c == TrapCause.SYSCALL) {
            Syscall call = Syscall.byNumber(t[2]);
            return (call != null ? call.lowerName() : "syscall " + t[2]) + "() syscall";
        }
        return c.traceName() + " trap";
    }

    private Long wordNow(StopPoint s) {
        if (!inspector.alive(s.pid)) return s.last; // the process is gone: nothing changes any more
        forgetPeeks();
        long word = 0;
        for (int b = 3; b >= 0; b--) {
            int v = readByte(s.pid, s.va + b).value();
            if (v < 0) return null;
            word = word << 8 | v;
        }
        return word;
    }

    private Long pteNow(StopPoint s) {
        Integer pte = inspector.pte(s.pid, s.va);
        return pte == null ? null : Integer.toUnsignedLong(pte);
    }

    private static String pteText(Long pte) {
        if (pte == null) return "gone (the process exited)";
        int v = pte.intValue();
        return String.format("0x%08x (%s)", v, Pte.describe(v));
    }

    @Override
    public void catchOn(String[] w) {
        if (w.length < 2) throw new IllegalArgumentException("usage: catch fault|signal|syscall|fork|swap|trap|all");
        String what = w[1].toLowerCase(Locale.ROOT);
        List<Catch> add = new ArrayList<>();
        if (what.equals("all")) {
            add.addAll(EnumSet.complementOf(EnumSet.of(Catch.TRAP))); // every trap would stop at every syscall
        } else {
            try {
                add.add(Catch.valueOf(what.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("catch fault|signal|syscall|fork|swap|trap|all, not '" + w[1] + "'");
            }
        }
        for (Catch c : add) {
            if (catches.contains(c)) continue;
            StopPoint s = addStop(StopPoint.Kind.CATCH, 0, 0, c);
            catches.add(c);
            out.println("catchpoint " + s.number + ": " + c.name().toLowerCase(Locale.ROOT));
        }
    }

    @Override
    public void delete(String[] w) {
        if (w.length < 2) {
            int n = stops.size();
            stops.clear();
            catches.clear();
            out.println(n == 0 ? "no breakpoints, watchpoints or catchpoints" : "deleted all " + n
                    + " breakpoints, watchpoints and catchpoints");
            return;
        }
        for (int i = 1; i < w.length; i++) {
            int n = (int) count(new String[] {"delete", w[i]}, 1, 0);
            StopPoint s = stops.stream().filter(p -> p.number == n).findFirst().orElse(null);
            if (s == null) throw new IllegalArgumentException("no breakpoint, watchpoint or catchpoint " + n
                    + " (info breakpoints lists them)");
            stops.remove(s);
            if (s.kind == StopPoint.Kind.CATCH) catches.remove(s.what);
            out.println("deleted " + describe(s));
        }
    }

    @Override
    public void info(String what) {
        if (!List.of("breakpoints", "break", "b", "watchpoints", "catchpoints").contains(what)) {
            throw new IllegalArgumentException("usage: info breakpoints|registers|frame|display");
        }
        engine.show(stopPoints());
    }

    @Override
    public StopPoints stopPoints() {
        List<StopPoints.Point> points = new ArrayList<>();
        for (StopPoint s : stops) points.add(point(s));
        return new StopPoints(points);
    }

    private StopPoints.Point point(StopPoint s) {
        StopPoints.Kind kind = switch (s.kind) {
            case BREAK -> StopPoints.Kind.BREAK;
            case WATCH -> StopPoints.Kind.WATCH;
            case WATCH_PTE -> StopPoints.Kind.WATCH_PTE;
            case CATCH -> StopPoints.Kind.CATCH;
        };
        return new StopPoints.Point(s.number, kind, s.va, s.kind == StopPoint.Kind.CATCH ? null : where(s.va), s.pid,
                s.what == null ? null : s.what.name().toLowerCase(Locale.ROOT), s.temporary);
    }

    private String describe(StopPoint s) {
        return engine.describe(point(s));
    }

    // ------------------------------------------------------------------ views

    @Override
    public View pageTable(Integer va) {
        int pid = currentProcess();
        KernelViews views = new KernelViews(kernel);
        return kernel.stateView().spaceOf(pid) < 0 ? new Listing("pt", List.of()) : views.pageTable(pid, va);
    }

    @Override
    public View kernelView(String name) {
        KernelViews views = new KernelViews(kernel);
        return switch (name) {
            case "vmas" -> {
                int pid = currentProcess();
                yield kernel.stateView().spaceOf(pid) < 0 ? new Listing(name, List.of()) : views.areas(pid);
            }
            case "frames" -> views.frames();
            case "swap" -> views.swap();
            case "ps" -> views.processes(exitStatus);
            default -> throw new IllegalStateException("no kernel view " + name);
        };
    }

    /** The pid of the current process, or a sentence saying there is none. */
    private int currentProcess() {
        if (inspector.currentPid() == 0) {
            throw new IllegalArgumentException(exited ? "the program has exited: its address space is gone"
                    : "no process is running");
        }
        return inspector.currentPid();
    }

    private int peekPid = -1, peekVpn = -1;
    private Inspector.PageView peekPage;

    private Target.Peek readByte(int pid, int va) {
        if (pid != 0 && inspector.alive(pid)) {
            if (pid != peekPid || (va >>> 12) != peekVpn) {
                peekPage = inspector.page(pid, va);
                peekPid = pid;
                peekVpn = va >>> 12;
            }
            if (peekPage.bytes() == null) return new Target.Peek(-1, peekPage.source() != null ? peekPage.source() : "not mapped");
            return new Target.Peek(peekPage.bytes()[va & 0xFFF] & 0xFF, peekPage.source());
        }
        Flx image = image();
        int v = image == null ? -1 : imageByte(image, va);
        return new Target.Peek(v, v < 0 ? "not in the executable" : "from the executable: no process is running");
    }

    @Override
    public void forgetPeeks() {
        peekPid = -1;
        peekPage = null;
    }

    private Instruction instructionAt(int pid, int va) {
        forgetPeeks();
        Target.Peek first = readByte(pid, va);
        if (first.value() < 0) return null;
        int len = Opcode.lengthOf(first.value());
        byte[] bytes = new byte[6];
        for (int b = 0; b < len; b++) {
            int v = readByte(pid, va + b).value();
            if (v < 0) return null;
            bytes[b] = (byte) v;
        }
        return Instruction.decode(bytes, 0, len);
    }

    /** A stop: the source line as written (and the pid when several processes exist), the instruction, displays. */
    private void showPc() {
        showPc(Stop.Reason.DONE);
    }

    private void showPc(Stop.Reason reason) {
        engine.showStop(reason, null);
    }

    /** The machine stops for reason, which the running command reports as text. */
    private void stopFor(Stop.Reason reason, String text) {
        eventReason = reason;
        event = text;
    }

    /** The program's pc: the trapping instruction while a trap waits for the kernel or the kernel is stopped. */
    @Override
    public int pc() {
        int[] t = kernel.pendingTrap();
        if (t != null) return t[1];
        if (machine.parked() || !cpu.userMode()) return cpu.csr(Csr.EPC);
        return cpu.pc();
    }

    // ------------------------------------------------------------------ addresses

    /** The image of the current process, or the last one seen (symbols stay after the end). */
    @Override
    public Flx image() {
        Flx image = inspector.image();
        return image != null ? image : lastImage;
    }

    private static Flx.Segment segmentOf(Flx image, int va) {
        for (Flx.Segment s : image.segments()) {
            long off = Integer.toUnsignedLong(va) - Integer.toUnsignedLong(s.vaddr());
            if (off >= 0 && off < Integer.toUnsignedLong(s.memsz())) return s;
        }
        return null;
    }

    /** A byte of the executable's memory image (zero past a segment's file bytes), or -1 outside it. */
    private static int imageByte(Flx image, int va) {
        Flx.Segment s = segmentOf(image, va);
        if (s == null) return -1;
        int off = va - s.vaddr();
        return off < s.data().length ? s.data()[off] & 0xFF : 0;
    }

    private String where(int pc) {
        return engine.where(pc);
    }

    private int location(String spec) {
        return engine.location(spec);
    }

    private int address(String spec) {
        return engine.address(spec);
    }

    private static long count(String[] w, int index, long dflt) {
        return Engine.count(w, index, dflt);
    }

    private static String hex(int v) {
        return Engine.hex(v);
    }
}
