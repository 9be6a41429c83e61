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

    private BareMachine machine;
    private Cpu cpu;
    private BareInspector inspector;
    /** Going back in time (docs/reverse.md); null for a debugger made over a single machine. */
    private final ReverseCommands<BareMachine> reverse;
    private final PrintStream out;
    private final Runnable flushGuest;
    private final long stepLimit;
    private final TreeSet<Integer> breakpoints = new TreeSet<>(Integer::compareUnsigned);
    private boolean catchTraps;
    /** True while stepi runs: any trap taken ends the step. */
    private boolean stopAtEveryTrap;
    private String event;
    private volatile boolean interrupted;
    /** Instructions run between two looks at Ctrl-C. */
    private static final long CHUNK = 100_000;
    private Integer endStatus;

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

    /** Runs the command loop; returns the exit status (the halt status, 134, 3, or 0 when quit before the end). */
    public int session(Supplier<String> lines, boolean echo) {
        out.println("faultline debugger (bare machine): stopped before the first instruction, " + where(cpu.pc())
                + ". Type help for commands.");
        Commands.loop(lines, echo, out, this::command, flushGuest);
        out.flush();
        return endStatus == null ? 0 : endStatus;
    }

    /** Runs one command; false after quit. */
    boolean command(String line) {
        String[] w = line.split("\\s+");
        String cmd = w[0].toLowerCase(Locale.ROOT);
        try {
            switch (cmd) {
                case "step", "s" -> step(w.length > 1 ? Commands.count(w[1]) : 1);
                case "stepi", "si" -> stepi();
                case "continue", "c", "cont" -> cont();
                case "break", "b" -> breakAt(w);
                case "info", "i" -> info();
                case "delete", "del" -> {
                    breakpoints.clear();
                    out.println("all breakpoints deleted");
                }
                case "catch" -> catchOn(w);
                case "regs", "r" -> regs();
                case "csrs" -> csrs();
                case "x" -> examine(w);
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
        stopAtEveryTrap = true;
        try {
            if (runTo(cpu.instret() + 1)) return;
        } finally {
            stopAtEveryTrap = false;
        }
        if (event != null) out.println(event);
        showPc();
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
        out.println(event != null ? event : "breakpoint at " + where(cpu.pc()));
        showPc();
    }

    // ------------------------------------------------------------------ commands

    private void breakAt(String[] w) {
        if (w.length < 2) {
            if (breakpoints.isEmpty()) out.println("no breakpoints");
            for (int b : breakpoints) out.println("breakpoint at " + where(b));
            return;
        }
        int va = location(w[1]);
        breakpoints.add(va);
        out.println("breakpoint at " + where(va));
    }

    private void info() {
        if (breakpoints.isEmpty() && !catchTraps) out.println("no breakpoints or catchpoints");
        for (int b : breakpoints) out.println("breakpoint at " + where(b));
        if (catchTraps) out.println("catch trap");
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

    private void help() {
        out.println("the bare machine: the program is its own kernel; traps go to TVEC");
        out.println("step [n] | s      retire n instructions");
        out.println("stepi | si        one step: an instruction, or a trap taken (stops at the handler's first instruction)");
        out.println("continue | c      run to a breakpoint, a caught trap, or the end");
        out.println("break ADDR|SYMBOL[+N]|LINE|FILE:LINE (a bare number is a source line), delete, info, catch trap");
        out.println("regs, csrs, x ADDR [N] (through the current translation), pt [ADDR] (PTBR's table), tlb,");
        out.println("disas [ADDR] [N], quit");
        out.println("reverse-stepi | rsi, reverse-step [N] | rs, reverse-continue | rc, rewind fault: go back (docs/reverse.md)");
    }

    private void showPc() {
        if (endStatus != null) return;
        disas(new String[] {"disas", Integer.toString(cpu.pc()), "1"});
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
