package dev.faultline.debug;

import dev.faultline.abi.Flx;
import dev.faultline.abi.Signal;
import dev.faultline.abi.Syscall;
import dev.faultline.isa.Csr;
import dev.faultline.isa.Disassembler;
import dev.faultline.isa.Instruction;
import dev.faultline.isa.Opcode;
import dev.faultline.isa.Reg;
import dev.faultline.isa.TrapCause;
import dev.faultline.kernel.Inspector;
import dev.faultline.kernel.Kernel;
import dev.faultline.kernel.KernelListener;
import dev.faultline.kernel.Symbols;
import dev.faultline.machine.Cpu;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The step debugger. It drives the kernel in small runs and can stop before the kernel handles a trap
 * (catchpoints and {@code stepi}), so a fault, the kernel's handling and the restart are separate steps.
 */
public final class Debugger implements KernelListener {
    /** What {@code catch} can stop on. */
    enum Catch { FAULT, SIGNAL, SYSCALL, FORK, SWAP }

    private Kernel kernel;
    private Cpu cpu;
    private Inspector inspector;
    /** Reverse execution (docs/reverse.md); null for a debugger made without it. */
    private final TimeTravel timeTravel;
    private final ReverseCommands reverse;
    private final PrintStream out;
    private final Set<Catch> catches = EnumSet.noneOf(Catch.class);
    private final TreeSet<Integer> breakpoints = new TreeSet<>(Integer::compareUnsigned);
    private boolean stopAtEveryTrap;
    private String event;
    private boolean exited;
    private int exitStatus;

    public Debugger(Kernel kernel, PrintStream out) {
        this(kernel, null, out);
    }

    /** A debugger that can go back in time: it drives the machines of timeTravel. */
    public Debugger(TimeTravel timeTravel, PrintStream out) {
        this(timeTravel.kernel(), timeTravel, out);
    }

    private Debugger(Kernel kernel, TimeTravel timeTravel, PrintStream out) {
        this.kernel = kernel;
        this.cpu = kernel.cpu();
        this.inspector = new Inspector(kernel);
        this.out = out;
        this.timeTravel = timeTravel;
        kernel.setListener(this);
        if (timeTravel != null) timeTravel.listen(this);
        this.reverse = timeTravel == null ? null : new ReverseCommands(timeTravel, reverseHost(), out);
    }

    /** Runs the command loop; returns the exit status for the faultline command. */
    public int session(Supplier<String> lines) {
        return session(lines, true);
    }

    /** As {@link #session(Supplier)}; {@code echo} repeats each command after a prompt (scripts, pipes). */
    public int session(Supplier<String> lines, boolean echo) {
        out.println("faultline debugger: stopped before the first instruction, " + where(cpu.pc())
                + ". Type help for commands.");
        while (true) {
            String line = lines.get();
            if (line == null) break;
            line = line.strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            if (echo) out.println("(fdb) " + line);
            boolean more = command(line);
            kernel.flushOutput();
            out.flush();
            if (!more) break;
        }
        out.flush();
        return exited ? exitStatus : 0;
    }

    /** Runs one command; false after quit. */
    boolean command(String line) {
        String[] w = line.split("\\s+");
        String cmd = w[0].toLowerCase(Locale.ROOT);
        try {
            switch (cmd) {
                case "step", "s" -> step(w.length > 1 ? parseCount(w[1]) : 1);
                case "stepi", "si" -> stepi();
                case "continue", "c" -> cont();
                case "break", "b" -> breakAt(w);
                case "delete" -> {
                    breakpoints.clear();
                    out.println("all breakpoints deleted");
                }
                case "catch" -> catchOn(w);
                case "regs", "r" -> regs();
                case "csrs" -> csrs();
                case "x" -> examine(w);
                case "pt" -> print(inspector.pageTable(w.length > 1 ? address(w[1]) : null));
                case "vmas" -> print(inspector.vmas());
                case "frames" -> print(inspector.frames());
                case "swap" -> print(inspector.swap());
                case "tlb" -> print(inspector.tlb());
                case "ps" -> print(inspector.processes());
                case "disas", "d" -> disas(w);
                case "reverse-stepi", "rsi" -> reverse().stepi();
                case "reverse-step", "rs" -> reverse().step(w);
                case "reverse-continue", "rc" -> reverse().cont();
                case "rewind" -> reverse().rewindFault(w);
                case "help", "h", "?" -> help();
                case "quit", "q", "exit" -> {
                    return false;
                }
                default -> out.println("unknown command '" + w[0] + "' (type help)");
            }
        } catch (IllegalArgumentException e) {
            out.println(e.getMessage());
        }
        return true;
    }

    // ------------------------------------------------------------------ running

    private boolean finished() {
        if (exited) {
            out.println("the program has exited with status " + exitStatus);
            return true;
        }
        return false;
    }

    private void step(long n) {
        if (finished()) return;
        for (long i = 0; i < n; i++) {
            event = null;
            if (kernel.trapPending()) handlePendingTrap();
            if (checkEnd()) return;
            long target = cpu.instret() + 1;
            while (cpu.instret() < target) {
                kernel.run(target);
                if (checkEnd()) return;
                if (event != null) {
                    out.println(event);
                    showPc();
                    return;
                }
            }
        }
        showPc();
    }

    private void stepi() {
        if (finished()) return;
        event = null;
        if (kernel.trapPending()) {
            int[] t = kernel.pendingTrap();
            handlePendingTrap();
            if (checkEnd()) return;
            out.println("kernel handled the " + TrapCause.of(t[0]).traceName() + " trap; returning to " + where(cpu.pc()));
            return;
        }
        stopAtEveryTrap = true;
        try {
            long before = cpu.instret();
            kernel.run(before + 1);
            if (checkEnd()) return;
            if (event != null) out.println(event);
            else if (cpu.instret() > before) showPc();
        } finally {
            stopAtEveryTrap = false;
        }
    }

    private void cont() {
        if (finished()) return;
        event = null;
        if (kernel.trapPending()) handlePendingTrap();
        if (checkEnd()) return;
        if (breakpoints.isEmpty()) {
            kernel.run(Long.MAX_VALUE);
        } else {
            // one instruction at a time, so a breakpoint stops before its instruction runs
            do {
                kernel.run(cpu.instret() + 1);
            } while (!cpu.halted() && event == null && !breakpoints.contains(cpu.pc()));
        }
        if (checkEnd()) return;
        if (event != null) out.println(event);
        else out.println("breakpoint at " + where(cpu.pc()));
        showPc();
    }

    private boolean checkEnd() {
        if (!cpu.halted()) return false;
        kernel.shutdown();
        exited = true;
        exitStatus = kernel.violation() != null ? 70 : kernel.exitStatus();
        out.println(kernel.violation() != null ? "invariant violated: " + kernel.violation()
                : "the program exited with status " + exitStatus);
        return true;
    }

    // ------------------------------------------------------------------ kernel events

    @Override
    public boolean stopBeforeTrap(int pid, TrapCause cause, int epc, int tval) {
        boolean stop = stopAtEveryTrap || catchesTrap(cause, tval);
        if (stop) event = trapText(pid, cause, epc, tval);
        return stop;
    }

    private String trapText(int pid, TrapCause cause, int epc, int tval) {
        String what = switch (cause) {
            case SYSCALL -> "syscall " + (Syscall.byNumber(tval) != null ? Syscall.byNumber(tval).lowerName() : tval);
            case FETCH_FAULT, LOAD_FAULT, STORE_FAULT -> cause.traceName() + " at " + hex(tval);
            default -> cause.traceName() + (tval != 0 ? " (tval " + hex(tval) + ")" : "");
        };
        return "trap in pid " + pid + ": " + what + ", pc " + where(epc) + " (not yet handled by the kernel)";
    }

    @Override
    public void signal(int pid, int sig) {
        if (catches.contains(Catch.SIGNAL)) {
            event = "signal " + Signal.name(sig) + " raised in pid " + pid;
            cpu.requestStop();
        }
    }

    /** A {@code brk} stops in the debugger (the program goes on past it), instead of raising SIGTRAP. */
    @Override
    public boolean breakpoint(int pid, int pc) {
        event = "brk in pid " + pid + " at " + where(pc);
        cpu.requestStop();
        return true;
    }

    @Override
    public void swap(int pid, boolean outward, int frame, int slot) {
        if (catches.contains(Catch.SWAP)) {
            String e = (outward ? "swap-out of frame " + frame + " to slot " : "swap-in to frame " + frame + " from slot ")
                    + slot;
            event = event == null ? e : event + "; " + e;
            cpu.requestStop();
        }
    }

    private boolean catchesTrap(TrapCause cause, int tval) {
        return (catches.contains(Catch.FAULT) && cause.isPageFault())
                || (catches.contains(Catch.SYSCALL) && cause == TrapCause.SYSCALL)
                || (catches.contains(Catch.FORK) && cause == TrapCause.SYSCALL && tval == Syscall.FORK.number);
    }

    // ------------------------------------------------------------------ going back

    private void handlePendingTrap() {
        if (timeTravel != null) timeTravel.handlePendingTrap();
        else kernel.handlePendingTrap();
    }

    private ReverseCommands reverse() {
        if (reverse == null) throw new IllegalArgumentException("this debugger cannot go back in time");
        return reverse;
    }

    /** What the reverse commands need of this debugger: its machine, its stop rules, its display. */
    private ReverseCommands.Host reverseHost() {
        return new ReverseCommands.Host() {
            @Override
            public void adopt(Kernel k) {
                kernel = k;
                cpu = k.cpu();
                inspector = new Inspector(k);
                event = null;
                exited = false;
            }

            @Override
            public boolean catchesTrap(int pid, TrapCause cause, int epc, int tval) {
                return Debugger.this.catchesTrap(cause, tval);
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
                return breakpoints.contains(pc);
            }

            @Override
            public boolean hasBreakpoints() {
                return !breakpoints.isEmpty();
            }

            @Override
            public void showWhere() {
                int[] t = kernel.pendingTrap();
                if (t != null) out.println(trapText(inspector.currentPid(), TrapCause.of(t[0]), t[1], t[2]));
                showPc();
            }
        };
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

    private void catchOn(String[] w) {
        if (w.length < 2) throw new IllegalArgumentException("catch fault|signal|syscall|fork|swap|all");
        String what = w[1].toLowerCase(Locale.ROOT);
        if (what.equals("all")) {
            catches.addAll(EnumSet.allOf(Catch.class));
        } else {
            try {
                catches.add(Catch.valueOf(what.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("catch fault|signal|syscall|fork|swap|all, not '" + w[1] + "'");
            }
        }
        out.println("catching " + catches.toString().toLowerCase(Locale.ROOT));
    }

    private void regs() {
        for (int i = 0; i < 16; i += 4) {
            StringBuilder sb = new StringBuilder();
            for (int j = i; j < i + 4; j++) {
                sb.append(String.format("%-4s %-5s 0x%08x   ", "r" + j, Reg.name(j), cpu.reg(j)));
            }
            out.println(sb.toString().stripTrailing());
        }
        out.println("pc   " + where(pc()));
    }

    private void csrs() {
        for (Csr c : Csr.values()) {
            int v = cpu.csr(c);
            String note = "";
            if (c == Csr.CAUSE && TrapCause.of(v) != null) note = "  (" + TrapCause.of(v).traceName() + ")";
            if (c == Csr.STATUS) note = "  (" + ((v & Csr.STATUS_M) != 0 ? "kernel" : "user") + " mode)";
            out.println(String.format("%-8s 0x%08x%s", c.name().toLowerCase(Locale.ROOT), v, note));
        }
    }

    private void examine(String[] w) {
        if (w.length < 2) throw new IllegalArgumentException("x ADDR [N]");
        int va = address(w[1]);
        long n = w.length > 2 ? parseCount(w[2]) : 1;
        for (long i = 0; i < n; i++) {
            int at = va + (int) (4 * i);
            int word = 0;
            boolean present = true;
            for (int b = 3; b >= 0; b--) {
                int v = inspector.peekByte(at + b);
                if (v < 0) present = false;
                word = word << 8 | (v & 0xFF);
            }
            out.println(String.format("0x%08x  %s", at, present ? String.format("0x%08x", word) : "(not present)"));
        }
    }

    private void disas(String[] w) {
        int va = w.length > 1 ? address(w[1]) : pc();
        long n = w.length > 2 ? parseCount(w[2]) : 8;
        Flx image = inspector.image();
        Disassembler dis = new Disassembler(a -> image == null ? null : Symbols.label(image, a),
                num -> Syscall.byNumber(num) != null ? Syscall.byNumber(num).lowerName() : null);
        for (long i = 0; i < n; i++) {
            byte[] bytes = new byte[6];
            int first = inspector.peekByte(va);
            if (first < 0) {
                out.println(String.format("0x%08x  (not present)", va));
                return;
            }
            int len = Opcode.lengthOf(first);
            boolean ok = true;
            for (int b = 0; b < len; b++) {
                int v = inspector.peekByte(va + b);
                if (v < 0) ok = false;
                bytes[b] = (byte) v;
            }
            Instruction insn = ok ? Instruction.decode(bytes, 0, len) : null;
            String text = insn == null ? Disassembler.illegal(first) : dis.format(insn, va);
            out.println(String.format("%s 0x%08x  %s", va == pc() ? "=>" : "  ", va, text));
            va += len;
        }
    }

    private void help() {
        out.println("step [n] | s      retire n instructions (a restarted instruction counts once)");
        out.println("stepi | si        one trap-level step: a fault, the kernel's handling, the restart");
        out.println("continue | c      run to a breakpoint, a catch, or the end");
        out.println("break ADDR|SYMBOL|FILE:LINE, delete, catch fault|signal|syscall|fork|swap|all");
        out.println("regs, csrs, x ADDR [N], pt [ADDR], vmas, frames, swap, tlb, ps, disas [ADDR] [N], quit");
        out.println("reverse-stepi | rsi, reverse-step [n] | rs, reverse-continue | rc, rewind fault   go back in time");
    }

    private void showPc() {
        if (cpu.halted()) return;
        disas(new String[] {"disas", Integer.toString(pc()), "1"});
    }

    /** The program's pc: the trapping instruction while a trap waits for the kernel. */
    private int pc() {
        int[] t = kernel.pendingTrap();
        return t != null ? t[1] : cpu.pc();
    }

    private void print(List<String> lines) {
        for (String l : lines) out.println(l);
    }

    // ------------------------------------------------------------------ addresses

    private String where(int pc) {
        Flx image = inspector.image();
        String d = image == null ? "" : Symbols.describe(image, pc);
        return hex(pc) + (d.isEmpty() ? "" : " <" + d + ">");
    }

    /** ADDR, SYMBOL[+off] or FILE:LINE. */
    private int location(String spec) {
        Flx image = inspector.image();
        int colon = spec.lastIndexOf(':');
        if (colon > 0 && image != null) {
            int line = (int) parseCount(spec.substring(colon + 1));
            List<Integer> at = new ArrayList<>();
            for (Flx.LineRow row : image.lines()) if (row.line() == line) at.add(row.address());
            if (at.isEmpty()) throw new IllegalArgumentException("no code at line " + line + " of " + image.sourceName());
            return at.get(0);
        }
        return address(spec);
    }

    private int address(String spec) {
        String s = spec.trim();
        int plus = s.indexOf('+');
        if (plus > 0) return address(s.substring(0, plus)) + (int) parseCount(s.substring(plus + 1));
        try {
            if (s.startsWith("0x") || s.startsWith("0X")) return (int) Long.parseLong(s.substring(2), 16);
            if (Character.isDigit(s.charAt(0))) return (int) Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an address: '" + spec + "'");
        }
        Flx image = inspector.image();
        if (image != null) {
            for (Flx.Symbol sym : image.symbols()) if (sym.name().equals(s)) return sym.value();
        }
        throw new IllegalArgumentException("no symbol '" + s + "'");
    }

    private static long parseCount(String s) {
        try {
            long v = s.startsWith("0x") ? Long.parseLong(s.substring(2), 16) : Long.parseLong(s);
            if (v < 0) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a count: '" + s + "'");
        }
    }

    private static String hex(int v) {
        return String.format("0x%08x", v);
    }
}
