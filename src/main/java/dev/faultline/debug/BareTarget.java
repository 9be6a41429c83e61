package dev.faultline.debug;

import dev.faultline.abi.Flx;
import dev.faultline.bare.BareInspector;
import dev.faultline.bare.BareMachine;
import dev.faultline.debug.view.Listing;
import dev.faultline.debug.view.Stop;
import dev.faultline.debug.view.StopPoints;
import dev.faultline.debug.view.View;
import dev.faultline.isa.Opcode;
import dev.faultline.isa.TrapCause;
import dev.faultline.machine.Cpu;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The bare machine as the debugger engine's {@link Target} (docs/bare.md): the program is its own kernel, so a
 * step is an instruction or a trap taken, and {@code catch trap} stops at trap entry, before the handler's first
 * instruction. The views are the machine's: registers, CSRs, memory through the current translation, the page
 * table PTBR names, the TLB and disassembly; the kernel's views say they do not apply.
 */
final class BareTarget implements Target {
    private BareMachine machine;
    private Cpu cpu;
    private BareInspector inspector;
    /** Going back in time (docs/reverse.md). */
    private final ReverseCommands<BareMachine> reverse;
    private final BareTimeTravel timeTravel;
    private final PrintStream out;
    private final long stepLimit;
    private Engine engine;
    private final TreeSet<Integer> breakpoints = new TreeSet<>(Integer::compareUnsigned);
    /** The breakpoints set by tbreak: deleted when they stop the program. */
    private final TreeSet<Integer> temporary = new TreeSet<>(Integer::compareUnsigned);
    /** The trap the machine took most recently, unless an sret has returned since: {cause, epc}. */
    private int[] openTrap;
    /** A restarted instruction not yet seen to complete: its pc, the fault, how many times it trapped. */
    private int retryPc = -1, retryTraps;
    private String retryCause;
    private boolean retryRestarted;
    private long retryAt;
    private boolean catchTraps;
    /** True while stepi runs: any trap taken ends the step. */
    private boolean stopAtEveryTrap;
    private String event;
    /** What kind of stop {@link #event} is. */
    private Stop.Reason eventReason = Stop.Reason.DONE;
    private volatile boolean interrupted;
    /** Instructions run between two looks at Ctrl-C. */
    private static final long CHUNK = 100_000;
    private Integer endStatus;

    /**
     * A target that can go back in time: it drives the machines of {@code timeTravel}, already started, and the
     * console output goes through it; {@code stepLimit} is --max-steps (Long.MAX_VALUE for none).
     */
    BareTarget(BareTimeTravel timeTravel, PrintStream out, long stepLimit) {
        this.timeTravel = timeTravel;
        this.machine = timeTravel.present();
        this.cpu = machine.cpu();
        this.inspector = new BareInspector(machine);
        this.out = out;
        this.stepLimit = stepLimit;
        this.reverse = new ReverseCommands<>(timeTravel, reverseHost(), out);
        timeTravel.listen(this::trapTaken);
    }

    @Override
    public void bind(Engine engine) {
        this.engine = engine;
    }

    @Override
    public Kind kind() {
        return Kind.BARE;
    }

    @Override
    public boolean has(Need need) {
        return need == Need.NOTHING || need == Need.GOING_BACK;
    }

    @Override
    public Cpu cpu() {
        return cpu;
    }

    @Override
    public int pc() {
        return cpu.pc();
    }

    @Override
    public Target.Peek peek(int va) {
        int v = inspector.peekByte(va);
        return new Target.Peek(v, v < 0 ? absent(v) : null);
    }

    /** Why a byte cannot be read. */
    private static String absent(int why) {
        return switch (why) {
            case BareInspector.DEVICE -> "the console device: not read";
            case BareInspector.NO_MEMORY -> "no memory there";
            default -> "not mapped";
        };
    }

    @Override
    public Flx image() {
        return machine.image();
    }

    @Override
    public int stopPid() {
        return 0;
    }

    @Override
    public String gone() {
        return endStatus != null ? "the machine has stopped" : null;
    }

    @Override
    public boolean over() {
        return endStatus != null;
    }

    @Override
    public String syscallName(int n) {
        return null; // the program is its own kernel: its syscall numbers mean what it says
    }

    @Override
    public String banner() {
        return "faultline debugger (bare machine)";
    }

    @Override
    public void flushGuest() {
        timeTravel.flush();
    }

    /** The halt status, 134, 3, or 0 when quit before the end. */
    @Override
    public int exitStatus() {
        return endStatus == null ? 0 : endStatus;
    }

    /** What the reverse commands need of this debugger: its machine, its stop rules, its display. */
    private ReverseCommands.Host<BareMachine> reverseHost() {
        return new ReverseCommands.Host<>() {
            @Override
            public void adopt(BareMachine m) {
                machine = m;
                cpu = m.cpu();
                inspector = new BareInspector(m);
                event = null;
                endStatus = null;
                openTrap = null;
                retryPc = -1;
            }

            @Override
            public boolean catchesTrap(int pid, TrapCause cause, int epc, int tval) {
                return catchTraps;
            }

            @Override
            public boolean catchesSignal() {
                return false;
            }

            @Override
            public boolean catchesSwap() {
                return false;
            }

            @Override
            public boolean breaksAt(int pc) {
                return breakpoints.contains(pc);
            }

            @Override
            public boolean hasBreakpoints() {
                return !breakpoints.isEmpty();
            }

            @Override
            public void showWhere() {
                showPc();
            }
        };
    }

    @Override
    public void goBack(Consumer<ReverseCommands<?>> command, boolean namingStop) {
        command.accept(reverse);
    }

    // ------------------------------------------------------------------ running

    private void trapTaken(TrapCause cause, int epc, int tval) {
        openTrap = new int[] {cause.ordinal(), epc};
        if (cause.isPageFault() || cause.isTlbMiss()) {
            boolean again = retryRestarted && retryPc == epc && retryAt == cpu.instret();
            if (!again) {
                retryPc = epc;
                retryTraps = 0;
            }
            retryTraps++;
            retryCause = cause.traceName();
            retryRestarted = false;
        }
        if (!stopAtEveryTrap && !catchTraps) return;
        eventReason = Stop.Reason.TRAP;
        event = String.format("trap: %s at pc %s (tval 0x%08x); the handler starts at %s", cause.traceName(), where(epc),
                tval, where(cpu.pc()));
        cpu.requestStop();
    }

    private boolean ended() {
        if (endStatus == null) return false;
        out.println("the machine has stopped (status " + endStatus + ")");
        return true;
    }

    /** Ctrl-C: stops a running command at the next check (called from a signal-handling thread). */
    @Override
    public void interrupt() {
        interrupted = true;
    }

    /**
     * Runs until stopAt retired instructions, a caught trap, the end, --max-steps or Ctrl-C (checked between
     * chunks of {@link #CHUNK} instructions); true when the run ended.
     */
    private boolean runTo(long stopAt) {
        long limit = Math.min(stopAt, stepLimit);
        while (true) {
            BareMachine.Outcome o = machine.run(Math.min(limit, cpu.instret() + CHUNK));
            if (o == BareMachine.Outcome.HALTED) {
                machine.recordHalt();
                endStatus = machine.exitStatus();
                out.println("the machine halted with status " + endStatus);
                return true;
            }
            if (o == BareMachine.Outcome.UNHANDLED_TRAP) {
                endStatus = 134;
                out.println(machine.unhandledMessage());
                return true;
            }
            if (cpu.instret() >= stepLimit) {
                endStatus = 3;
                out.println("stopped: --max-steps " + stepLimit + " reached (" + cpu.instret() + " instructions)");
                return true;
            }
            if (event != null || cpu.instret() >= limit) return false;
            if (interrupted) {
                eventReason = Stop.Reason.INTERRUPTED;
                event = "interrupted (Ctrl-C)";
                return false;
            }
        }
    }

    @Override
    public void step(long n) {
        if (ended()) return;
        event = null;
        interrupted = false;
        long target = cpu.instret() + n;
        String why = null;
        while (cpu.instret() < target) {
            if (runTo(target)) return;
            if (event != null) {
                why = event;
                break;
            }
        }
        engine.showStop(why == null ? Stop.Reason.DONE : eventReason, why);
    }

    /** Ctrl-C, seen between two instructions. */
    private void interruptedNow() {
        eventReason = Stop.Reason.INTERRUPTED;
        event = "interrupted (Ctrl-C)";
    }

    @Override
    public void stepi() {
        if (ended()) return;
        event = null;
        interrupted = false;
        int pc0 = cpu.pc();
        boolean sret = !cpu.userMode() && inspector.peekByte(pc0) == Opcode.SRET.code;
        BareMachine.Trap restartable = machine.restartable();
        int[] trap = openTrap;
        String retrying = retryRestarted && retryPc == pc0 ? where(pc0) + " runs again (try " + (retryTraps + 1)
                + ", after the " + retryCause + ")" : null;
        long before = cpu.instret();
        stopAtEveryTrap = true;
        boolean over;
        try {
            over = runTo(cpu.instret() + 1);
        } finally {
            stopAtEveryTrap = false;
        }
        if (retrying != null) {
            out.println(retrying + (event != null ? ": it trapped again" : ": it completed on the retry"));
            if (event == null) retryPc = -1;
        }
        if (over) return;
        if (event != null) engine.showStop(eventReason, event);
        else engine.showStop(Stop.Reason.DONE, sret && cpu.instret() > before ? afterSret(restartable, trap) : null);
    }

    /**
     * What an sret did, named as the trace names it (docs/bare.md): a restart only when it returned to the pc of
     * a fault the machine still holds as restartable.
     */
    private String afterSret(BareMachine.Trap restartable, int[] trap) {
        openTrap = null;
        if (restartable != null && restartable.epc() == cpu.pc()) {
            if (retryPc != cpu.pc()) {
                retryPc = cpu.pc();
                retryTraps = 1;
                retryCause = restartable.cause().traceName();
            }
            retryRestarted = true;
            retryAt = cpu.instret();
            return "sret: restarting " + where(cpu.pc()) + " (the " + restartable.cause().traceName()
                    + " there runs again)";
        }
        String mode = cpu.userMode() ? "user" : "kernel";
        if (trap == null) return "sret: returning to " + where(cpu.pc()) + " in " + mode + " mode";
        TrapCause cause = TrapCause.values()[trap[0]];
        if (cause == TrapCause.TIMER) return "sret: returning from the timer interrupt to " + where(cpu.pc()) + " in "
                + mode + " mode";
        if (cause == TrapCause.SYSCALL) return "sret: the syscall is done; returning to " + where(cpu.pc()) + " in "
                + mode + " mode";
        return "sret: returning to " + where(cpu.pc()) + " in " + mode + " mode, not to the " + cause.traceName()
                + " at " + String.format("0x%08x", trap[1]);
    }

    @Override
    public void cont() {
        if (ended()) return;
        event = null;
        interrupted = false;
        if (breakpoints.isEmpty()) {
            if (runTo(Long.MAX_VALUE)) return;
        } else {
            // one instruction at a time, so a breakpoint stops before its instruction runs
            do {
                if (runTo(cpu.instret() + 1)) return;
                if (interrupted && event == null) interruptedNow();
            } while (event == null && !breakpoints.contains(cpu.pc()));
        }
        if (event != null) engine.showStop(eventReason, event);
        else engine.showStop(Stop.Reason.BREAKPOINT, hit());
    }

    /** What a stop at a breakpoint says; a temporary one is deleted now. */
    private String hit() {
        int pc = cpu.pc();
        if (!temporary.remove(pc)) return "breakpoint at " + where(pc);
        breakpoints.remove(pc);
        return "temporary breakpoint at " + where(pc) + " (now deleted)";
    }

    /**
     * until [LOCATION]: runs until an instruction past this one with the stack pointer where it is (a loop's
     * backward jump runs the loop out), or until LOCATION; stops when sp rises above its value now (a
     * return), at a breakpoint or a caught trap.
     */
    @Override
    public void until(String[] w) {
        if (ended()) return;
        Integer target = w.length > 1 ? location(w[1]) : null;
        long pc0 = Integer.toUnsignedLong(cpu.pc());
        int sp0 = cpu.reg(15);
        event = null;
        interrupted = false;
        boolean first = true;
        while (true) {
            if (runTo(cpu.instret() + 1)) return;
            if (interrupted && event == null) interruptedNow();
            if (event != null) break;
            if (!first && breakpoints.contains(cpu.pc())) {
                eventReason = Stop.Reason.BREAKPOINT;
                event = hit();
                break;
            }
            first = false;
            int sp = cpu.reg(15);
            if (Integer.compareUnsigned(sp, sp0) > 0) break;
            if (target != null ? cpu.pc() == target : sp == sp0 && Integer.toUnsignedLong(cpu.pc()) > pc0) break;
        }
        engine.showStop(event != null ? eventReason : Stop.Reason.DONE, event);
    }

    /** run: back to the first instruction, through time travel. */
    @Override
    public void run() {
        out.println("going back to the first instruction (console output already written stays written)");
        reverse.toStart();
    }

    // ------------------------------------------------------------------ commands

    @Override
    public void breakAt(String[] w, boolean once) {
        if (w.length < 2) {
            if (once) throw new IllegalArgumentException("usage: tbreak ADDR|SYMBOL[+N]|LINE|FILE:LINE");
            if (breakpoints.isEmpty()) out.println("no breakpoints");
            for (int b : breakpoints) out.println(describe(b));
            return;
        }
        int va = location(w[1]);
        breakpoints.add(va);
        if (once) temporary.add(va);
        else temporary.remove(va);
        out.println(describe(va));
    }

    private String describe(int va) {
        return engine.describe(point(va));
    }

    /** A breakpoint: the bare machine's have no number. */
    private StopPoints.Point point(int va) {
        return new StopPoints.Point(0, StopPoints.Kind.BREAK, va, where(va), 0, null, temporary.contains(va));
    }

    @Override
    public StopPoints stopPoints() {
        List<StopPoints.Point> points = new ArrayList<>();
        for (int b : breakpoints) points.add(point(b));
        if (catchTraps) points.add(new StopPoints.Point(0, StopPoints.Kind.CATCH, 0, null, 0, "trap", false));
        return new StopPoints(points);
    }

    /** info breakpoints; "info" alone means it too. */
    @Override
    public void info(String what) {
        switch (what) {
            case "", "breakpoints", "break", "b", "catchpoints" -> engine.show(stopPoints());
            default -> throw new IllegalArgumentException("usage: info breakpoints|registers|frame|display");
        }
    }

    /** delete: every breakpoint (the bare machine's breakpoints have no numbers). */
    @Override
    public void delete(String[] w) {
        breakpoints.clear();
        temporary.clear();
        out.println("all breakpoints deleted");
    }

    @Override
    public void catchOn(String[] w) {
        if (w.length < 2 || !w[1].equalsIgnoreCase("trap") && !w[1].equalsIgnoreCase("all")) {
            throw new IllegalArgumentException("on the bare machine: catch trap (stop when a trap is taken, before the"
                    + " handler's first instruction)");
        }
        catchTraps = true;
        out.println("catching traps");
    }

    @Override
    public View pageTable(Integer va) {
        return new Listing("pt", inspector.pageTable(va));
    }

    /** A stop: the source line as written, the instruction, the displays. */
    private void showPc() {
        engine.showStop(Stop.Reason.DONE, null);
    }

    // ------------------------------------------------------------------ addresses

    private String where(int pc) {
        return engine.where(pc);
    }

    /** ADDR (0x...), SYMBOL[+off], LINE (a bare number: a line of the program's source) or FILE:LINE. */
    private int location(String spec) {
        return engine.location(spec);
    }
}
