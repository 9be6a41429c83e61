package dev.faultline.debug;

import dev.faultline.abi.Flx;
import dev.faultline.bare.BareInspector;
import dev.faultline.bare.BareMachine;
import dev.faultline.isa.Csr;
import dev.faultline.isa.Disassembler;
import dev.faultline.isa.Instruction;
import dev.faultline.isa.Opcode;
import dev.faultline.isa.Reg;
import dev.faultline.isa.TrapCause;
import dev.faultline.abi.Symbols;
import dev.faultline.machine.Cpu;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The step debugger on the bare machine (docs/bare.md): the program is its own kernel, so a step is an
 * instruction or a trap taken, and {@code catch trap} stops at trap entry, before the handler's first
 * instruction. The views are the machine's: registers, CSRs, memory through the current translation, the
 * page table PTBR names, the TLB and disassembly; the kernel's views say they do not apply.
 */
public final class BareDebugger {
    private static final Set<String> KERNEL_VIEWS = Set.of("vmas", "frames", "swap", "ps");
    private static final Set<String> KERNEL_COMMANDS = Set.of("watch", "next", "finish");
    /** The commands Enter repeats: the ones that move the program. */
    private static final Set<String> STEPPING = Set.of("step", "s", "stepi", "si", "continue", "c", "cont", "until", "u",
            "reverse-stepi", "rsi", "reverse-step", "rs", "reverse-continue", "rc");

    private BareMachine machine;
    private Cpu cpu;
    private BareInspector inspector;
    /** Going back in time (docs/reverse.md); null for a debugger made over a single machine. */
    private final ReverseCommands<BareMachine> reverse;
    private final PrintStream out;
    private final Runnable flushGuest;
    private final long stepLimit;
    private final TreeSet<Integer> breakpoints = new TreeSet<>(Integer::compareUnsigned);
    /** The breakpoints set by tbreak: deleted when they stop the program. */
    private final TreeSet<Integer> temporary = new TreeSet<>(Integer::compareUnsigned);
    private final Views views;
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
    private volatile boolean interrupted;
    /** Instructions run between two looks at Ctrl-C. */
    private static final long CHUNK = 100_000;
    private Integer endStatus;
    /** The last stepping command, which Enter repeats. */
    private String lastStepping;

    /**
     * A debugger over a booted machine; {@code flushGuest} flushes what the program wrote to the console,
     * {@code stepLimit} is --max-steps (Long.MAX_VALUE for none).
     */
    public BareDebugger(BareMachine machine, PrintStream out, Runnable flushGuest, long stepLimit) {
        this.machine = machine;
        this.cpu = machine.cpu();
        this.inspector = new BareInspector(machine);
        this.out = out;
        this.flushGuest = flushGuest;
        this.stepLimit = stepLimit;
        this.reverse = null;
        this.views = new Views(new ViewTarget(), out);
        machine.setTrapListener(this::trapTaken);
    }

    /**
     * A debugger that can go back in time: it drives the machines of {@code timeTravel}, already started,
     * and the console output goes through it.
     */
    public BareDebugger(BareTimeTravel timeTravel, PrintStream out, long stepLimit) {
        this.machine = timeTravel.present();
        this.cpu = machine.cpu();
        this.inspector = new BareInspector(machine);
        this.out = out;
        this.flushGuest = timeTravel::flush;
        this.stepLimit = stepLimit;
        this.reverse = new ReverseCommands<>(timeTravel, reverseHost(), out);
        this.views = new Views(new ViewTarget(), out);
        timeTravel.listen(this::trapTaken);
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

    /** The program's source, for the line shown at each stop and for list. */
    public void setSource(dev.faultline.asm.SourceMap source) {
        views.setSource(source);
    }

    /** Runs the command loop; returns the exit status (the halt status, 134, 3, or 0 when quit before the end). */
    public int session(Supplier<String> lines, boolean echo) {
        return session(lines, echo, false);
    }

    /** As {@link #session(Supplier, boolean)}; {@code repeatOnEnter}: an empty line repeats the last stepping command. */
    public int session(Supplier<String> lines, boolean echo, boolean repeatOnEnter) {
        out.println("faultline debugger (bare machine): stopped before the first instruction, " + where(cpu.pc())
                + ". Type help for commands.");
        String first = views.stopLine(cpu.pc());
        if (first != null) out.println(first);
        Commands.loop(lines, echo, repeatOnEnter, () -> lastStepping, out, this::command, flushGuest);
        out.flush();
        return endStatus == null ? 0 : endStatus;
    }

    /** Runs one command; false after quit. */
    boolean command(String line) {
        String[] w = line.split("\\s+");
        String rest = line.contains(" ") ? line.substring(line.indexOf(' ')).strip() : "";
        String format = null;
        int slash = w[0].indexOf('/');
        if (slash > 0) { // print/x, x/4xw
            format = w[0].substring(slash + 1);
            w[0] = w[0].substring(0, slash);
        }
        String cmd = w[0].toLowerCase(Locale.ROOT);
        if (STEPPING.contains(cmd)) lastStepping = line;
        try {
            if (format != null && !Set.of("print", "p", "x", "display").contains(cmd)) {
                throw new IllegalArgumentException(cmd + " takes no /FORMAT (print, x and display do)");
            }
            switch (cmd) {
                case "step", "s" -> step(w.length > 1 ? Commands.count(w[1]) : 1);
                case "stepi", "si" -> stepi();
                case "continue", "c", "cont" -> cont();
                case "break", "b" -> breakAt(w, false);
                case "tbreak", "tb" -> breakAt(w, true);
                case "until", "u" -> until(w);
                case "run" -> runAgain();
                case "info", "i" -> info(w);
                case "delete", "del" -> {
                    breakpoints.clear();
                    temporary.clear();
                    out.println("all breakpoints deleted");
                }
                case "list", "l" -> views.list(w);
                case "print", "p" -> views.print(format, rest);
                case "display" -> views.display(format, rest);
                case "undisplay" -> views.undisplay(w);
                case "catch" -> catchOn(w);
                case "regs", "r" -> regs();
                case "csrs" -> csrs();
                case "x" -> {
                    if (format != null || w.length == 2 && !w[1].matches("[A-Za-z0-9_.]+(\\+[0-9a-fA-Fx]+)?")) {
                        views.examine(format, rest);
                    } else {
                        examine(w);
                    }
                }
                case "pt" -> print(inspector.pageTable(w.length > 1 ? address(w[1]) : null));
                case "tlb" -> print(inspector.tlb());
                case "disas", "d" -> disas(w);
                case "reverse-stepi", "rsi" -> reverse().stepi();
                case "reverse-step", "rs" -> reverse().step(w);
                case "reverse-continue", "rc" -> reverse().cont();
                case "rewind" -> reverse().rewindFault(w);
                case "help", "h", "?" -> help();
                case "quit", "q", "exit" -> {
                    return false;
                }
                default -> {
                    if (KERNEL_VIEWS.contains(cmd)) {
                        out.println(cmd + " does not apply to the bare machine: it shows the built-in kernel's state,"
                                + " and there is no kernel here");
                    } else if (KERNEL_COMMANDS.contains(cmd)) {
                        out.println(cmd + " is not available on the bare machine (type help)");
                    } else {
                        out.println("unknown command '" + w[0] + "' (type help)");
                    }
                }
            }
        } catch (IllegalArgumentException e) {
            out.println(e.getMessage());
        }
        return true;
    }

    private ReverseCommands<BareMachine> reverse() {
        if (reverse == null) throw new IllegalArgumentException("going back is not available in this session");
        return reverse;
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
                event = "interrupted (Ctrl-C)";
                return false;
            }
        }
    }

    private void step(long n) {
        if (ended()) return;
        event = null;
        interrupted = false;
        long target = cpu.instret() + n;
        while (cpu.instret() < target) {
            if (runTo(target)) return;
            if (event != null) {
                out.println(event);
                break;
            }
        }
        showPc();
    }

    private void stepi() {
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
        if (event != null) {
            out.println(event);
        } else if (sret && cpu.instret() > before) {
            out.println(afterSret(restartable, trap));
        }
        showPc();
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

    private void cont() {
        if (ended()) return;
        event = null;
        interrupted = false;
        if (breakpoints.isEmpty()) {
            if (runTo(Long.MAX_VALUE)) return;
        } else {
            // one instruction at a time, so a breakpoint stops before its instruction runs
            do {
                if (runTo(cpu.instret() + 1)) return;
                if (interrupted && event == null) event = "interrupted (Ctrl-C)";
            } while (event == null && !breakpoints.contains(cpu.pc()));
        }
        out.println(event != null ? event : hit());
        showPc();
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
    private void until(String[] w) {
        if (ended()) return;
        Integer target = w.length > 1 ? location(w[1]) : null;
        long pc0 = Integer.toUnsignedLong(cpu.pc());
        int sp0 = cpu.reg(15);
        event = null;
        interrupted = false;
        boolean first = true;
        while (true) {
            if (runTo(cpu.instret() + 1)) return;
            if (interrupted && event == null) event = "interrupted (Ctrl-C)";
            if (event != null) break;
            if (!first && breakpoints.contains(cpu.pc())) {
                out.println(hit());
                break;
            }
            first = false;
            int sp = cpu.reg(15);
            if (Integer.compareUnsigned(sp, sp0) > 0) break;
            if (target != null ? cpu.pc() == target : sp == sp0 && Integer.toUnsignedLong(cpu.pc()) > pc0) break;
        }
        if (event != null) out.println(event);
        showPc();
    }

    /** run: back to the first instruction, through time travel. */
    private void runAgain() {
        out.println("going back to the first instruction (console output already written stays written)");
        reverse().toStart();
    }

    // ------------------------------------------------------------------ commands

    private void breakAt(String[] w, boolean once) {
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
        return (temporary.contains(va) ? "temporary breakpoint at " : "breakpoint at ") + where(va);
    }

    private void info(String[] w) {
        String what = w.length < 2 ? "breakpoints" : w[1].toLowerCase(Locale.ROOT);
        switch (what) {
            case "registers", "reg", "r" -> views.registers();
            case "frame", "f" -> views.frame();
            case "display" -> views.display(null, "");
            case "breakpoints", "break", "b", "catchpoints" -> {
                if (breakpoints.isEmpty() && !catchTraps) out.println("no breakpoints or catchpoints");
                for (int b : breakpoints) out.println(describe(b));
                if (catchTraps) out.println("catch trap");
            }
            default -> throw new IllegalArgumentException("usage: info breakpoints|registers|frame|display");
        }
    }

    private void catchOn(String[] w) {
        if (w.length < 2 || !w[1].equalsIgnoreCase("trap") && !w[1].equalsIgnoreCase("all")) {
            throw new IllegalArgumentException("on the bare machine: catch trap (stop when a trap is taken, before the"
                    + " handler's first instruction)");
        }
        catchTraps = true;
        out.println("catching traps");
    }

    private void regs() {
        for (int i = 0; i < 16; i += 4) {
            StringBuilder sb = new StringBuilder();
            for (int j = i; j < i + 4; j++) {
                sb.append(String.format("%-4s %-5s 0x%08x   ", "r" + j, Reg.name(j), cpu.reg(j)));
            }
            out.println(sb.toString().stripTrailing());
        }
        out.println("pc   " + where(cpu.pc()));
    }

    private void csrs() {
        for (Csr c : Csr.values()) {
            int v = cpu.csr(c);
            String note = "";
            if (c == Csr.CAUSE && TrapCause.of(v) != null) note = "  (" + TrapCause.of(v).traceName() + ")";
            if (c == Csr.STATUS) {
                note = "  (" + ((v & Csr.STATUS_M) != 0 ? "kernel" : "user") + " mode, interrupts "
                        + ((v & Csr.STATUS_IE) != 0 ? "on" : "off") + ")";
            }
            if (c == Csr.PTBR) note = "  (paging " + ((v & Csr.PTBR_ENABLE) != 0 ? "on" : "off") + ")";
            out.println(String.format("%-8s 0x%08x%s", c.name().toLowerCase(Locale.ROOT), v, note));
        }
    }

    private void examine(String[] w) {
        if (w.length < 2) throw new IllegalArgumentException("x ADDR [N]");
        int va = address(w[1]);
        long n = w.length > 2 ? Commands.count(w[2]) : 1;
        for (long i = 0; i < n; i++) {
            int at = va + (int) (4 * i);
            int word = 0;
            int missing = 0;
            for (int b = 3; b >= 0; b--) {
                int v = inspector.peekByte(at + b);
                if (v < 0) missing = v;
                word = word << 8 | (v & 0xFF);
            }
            out.println(String.format("0x%08x  %s", at, missing == 0 ? String.format("0x%08x", word) : absent(missing)));
        }
    }

    private static String absent(int why) {
        return switch (why) {
            case BareInspector.DEVICE -> "(the console device: not read)";
            case BareInspector.NO_MEMORY -> "(no memory there)";
            default -> "(not mapped)";
        };
    }

    private void disas(String[] w) {
        int va = w.length > 1 ? address(w[1]) : cpu.pc();
        long n = w.length > 2 ? Commands.count(w[2]) : 8;
        Flx image = machine.image();
        Disassembler dis = new Disassembler(a -> image == null ? null : Symbols.label(image, a), num -> null);
        for (long i = 0; i < n; i++) {
            int first = inspector.peekByte(va);
            if (first < 0) {
                out.println(String.format("0x%08x  %s", va, absent(first)));
                return;
            }
            int len = Opcode.lengthOf(first);
            byte[] bytes = new byte[6];
            boolean ok = true;
            for (int b = 0; b < len; b++) {
                int v = inspector.peekByte(va + b);
                if (v < 0) ok = false;
                bytes[b] = (byte) v;
            }
            Instruction insn = ok ? Instruction.decode(bytes, 0, len) : null;
            String text = insn == null ? Disassembler.illegal(first) : dis.format(insn, va);
            out.println(String.format("%s 0x%08x  %s", va == cpu.pc() ? "=>" : "  ", va, text));
            va += len;
        }
    }

    /** One line per command: its usage and what it does. */
    private static final String[][] HELP = {
        {"step [N] (s)", "retire N instructions (default 1)"},
        {"stepi (si)", "one step: an instruction, or a trap taken (stops at the handler's first instruction)"},
        {"continue (c, cont)", "run to a breakpoint, a caught trap, or the end"},
        {"until [LOCATION] (u)", "run until a later instruction with sp unchanged (out of a loop), or until LOCATION"},
        {"run", "go back to the first instruction (console output already written stays written)"},
        {"break ADDR|SYMBOL[+N]|LINE|FILE:LINE (b)", "stop before the instruction there runs"},
        {"tbreak LOCATION (tb)", "a breakpoint that is deleted when it stops the program"},
        {"delete (del)", "delete every breakpoint"},
        {"catch trap", "stop when a trap is taken, before the handler's first instruction"},
        {"info breakpoints|registers|frame|display (i)", "stop points; registers; the trap CSRs; displays"},
        {"regs (r)", "the registers and pc"},
        {"csrs", "every CSR, with what it means"},
        {"list [LINE|FILE:LINE|SYMBOL] (l)", "ten source lines around LINE or SYMBOL, around the pc, or the next ten"},
        {"print[/x|/d|/c|/u] EXPR (p)", "registers, CSRs ($cause), symbols, *ADDR, $N and arithmetic"},
        {"display [EXPR]", "print EXPR after every stop"},
        {"undisplay [N]", "stop displaying expression N, or every one"},
        {"x ADDR [N] | x/NFU EXPR", "memory through the current translation (physical with paging off):"
                + " N units (b h w) as x d u c, strings (s) or instructions (i)"},
        {"pt [ADDR]", "the page table PTBR names"},
        {"tlb", "the TLB's entries"},
        {"disas [ADDR] [N] (d)", "disassemble N instructions (default 8)"},
        {"reverse-stepi (rsi)", "go back one step (docs/reverse.md)"},
        {"reverse-step [N] (rs)", "go back N instructions"},
        {"reverse-continue (rc)", "go back to the last moment a breakpoint or caught trap would have stopped"},
        {"rewind fault", "go back to just before the most recent page fault or TLB miss was taken"},
        {"help (h, ?)", "this list"},
        {"quit (q, exit)", "leave the debugger"},
    };

    private void help() {
        out.println("the bare machine: the program is its own kernel; traps go to TVEC");
        for (String[] h : HELP) out.println(String.format("%-44s %s", h[0], h[1]));
        out.println("Enter repeats the last stepping command; vmas, frames, swap and ps belong to the built-in kernel.");
    }

    /** A stop: the source line as written, the instruction, the displays. */
    private void showPc() {
        if (endStatus != null) return;
        String line = views.stopLine(cpu.pc());
        if (line != null) out.println(line);
        disas(new String[] {"disas", String.format("0x%x", cpu.pc()), "1"});
        views.showDisplays();
    }

    /** What the views read of the bare machine. */
    private final class ViewTarget implements Views.Target {
        @Override
        public int reg(int n) {
            return cpu.reg(n);
        }

        @Override
        public int pc() {
            return cpu.pc();
        }

        @Override
        public int csr(Csr c) {
            return cpu.csr(c);
        }

        @Override
        public int peekByte(int va) {
            return inspector.peekByte(va);
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
        public String where(int va) {
            return BareDebugger.this.where(va);
        }

        @Override
        public void disassemble(int va, long n) {
            disas(new String[] {"disas", String.format("0x%x", va), Long.toString(n)});
        }

        @Override
        public String gone() {
            return endStatus != null ? "the machine has stopped" : null;
        }
    }

    private void print(List<String> lines) {
        for (String l : lines) out.println(l);
    }

    // ------------------------------------------------------------------ addresses

    private String where(int pc) {
        Flx image = machine.image();
        String d = image == null ? "" : Symbols.describe(image, pc);
        return String.format("0x%08x", pc) + (d.isEmpty() ? "" : " <" + d + ">");
    }

    /** ADDR (0x...), SYMBOL[+off], LINE (a bare number: a line of the program's source) or FILE:LINE. */
    private int location(String spec) {
        return Commands.location(spec, machine.image());
    }

    private int address(String spec) {
        return Commands.address(spec, machine.image());
    }
}
