package dev.faultline.debug;

import dev.faultline.abi.Flx;
import dev.faultline.abi.Signal;
import dev.faultline.abi.Syscall;
import dev.faultline.isa.Access;
import dev.faultline.isa.Csr;
import dev.faultline.isa.Disassembler;
import dev.faultline.isa.Instruction;
import dev.faultline.isa.Opcode;
import dev.faultline.isa.Reg;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The step debugger (docs/cli.md, "Debugger"). It drives the kernel on a {@link MachineThread} in small runs, and can
 * stop before the kernel handles a trap (catchpoints, {@code stepi}) or half-way inside it: before a fault the
 * kernel takes on the program's behalf is handled, and before a signal acts. Commands are rows of a table
 * ({@link Command}): {@link #addCommand} adds one, with its names, usage and help.
 */
public final class Debugger implements KernelListener {
    /** What a command does with its words (words[0] is the command name as typed). */
    @FunctionalInterface
    public interface Action {
        void run(String[] words);
    }

    /** One debugger command: its name, other names, usage line, one-line help, and action. */
    public record Command(String name, List<String> aliases, String usage, String help, Action action) {}

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

    /** The most {@code x} shows at once. */
    static final int X_MAX_WORDS = 1024;
    /** The most {@code disas} shows at once. */
    static final int DISAS_MAX = 1024;
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
    private final Map<String, Command> byName = new LinkedHashMap<>();
    private final List<Command> table = new ArrayList<>();
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
    /** The last fault the kernel handled, for stepi's message. */
    private String lastFault;
    private boolean exited;
    private int exitStatus;
    /** The end of the run could not write some guest file data back (the kernel said so on stderr). */
    private boolean dataLost;
    private boolean limitReached;
    private Flx lastImage;
    /** The source line at stops, list, print, x/FMT, display, info registers and info frame. */
    private final Views views;

    /** What the views read of the machine being debugged. */
    private final class ViewTarget implements Views.Target {
        @Override
        public int reg(int n) {
            return cpu.reg(n);
        }

        @Override
        public int pc() {
            return Debugger.this.pc();
        }

        @Override
        public int csr(Csr c) {
            return cpu.csr(c);
        }

        @Override
        public int peekByte(int va) {
            return readByte(inspector.currentPid(), va).value;
        }

        @Override
        public Flx image() {
            return Debugger.this.image();
        }

        @Override
        public int stopPid() {
            return inspector.processes().size() > 1 ? inspector.currentPid() : 0;
        }

        @Override
        public String where(int va) {
            return Debugger.this.where(va);
        }

        @Override
        public void disassemble(int va, long n) {
            Debugger.this.disassemble(va, n);
        }

        @Override
        public String gone() {
            return exited ? "the program has exited" : null;
        }
    }

    /** The format after a slash ({@code print/x}, {@code x/4xw}) and the words after the command, as typed. */
    private String typedFormat, typedRest = "";
    /** The last stepping command, which Enter repeats. */
    private String lastStepping;

    /** The program's source, for the line shown at each stop and for list. */
    public void setSource(dev.faultline.asm.SourceMap source) {
        views.setSource(source);
    }

    public Debugger(Kernel kernel, PrintStream out) {
        this(kernel, out, Long.MAX_VALUE);
    }

    /** A debugger for a booted kernel; {@code maxSteps} is {@code --max-steps} (Long.MAX_VALUE for none). */
    public Debugger(Kernel kernel, PrintStream out, long maxSteps) {
        this.kernel = kernel;
        this.cpu = kernel.cpu();
        this.inspector = kernel.inspector();
        this.out = out;
        this.maxSteps = maxSteps;
        this.lastImage = inspector.image();
        this.views = new Views(new ViewTarget(), out);
        kernel.setListener(this);
        registerCommands();
    }

    /** A debugger that can go back in time: it drives the machines of timeTravel (docs/reverse.md). */
    public Debugger(TimeTravel timeTravel, PrintStream out, long maxSteps) {
        this(timeTravel.kernel(), out, maxSteps);
        this.timeTravel = timeTravel;
        timeTravel.listen(this);
        ReverseCommands<Kernel> reverse = new ReverseCommands<>(timeTravel, reverseHost(), out);
        this.reverseCommands = reverse;
        add("reverse-stepi", List.of("rsi"), "reverse-stepi", "go back one stepi stop: before the instruction"
                + " retired, before the kernel handled the trap, or before the trap was taken", w -> goBack(reverse::stepi));
        add("reverse-step", List.of("rs"), "reverse-step [N]", "go back to the moment N fewer instructions"
                + " (default 1) had retired; a negative or too large N goes back to the start", w -> goBack(() -> reverse.step(w)));
        add("reverse-continue", List.of("rc"), "reverse-continue", "go back to the last moment before now at which"
                + " continue would have stopped (breakpoints and catchpoints)", w -> {
                    namingStop = true;
                    try {
                        goBack(reverse::cont);
                    } finally {
                        namingStop = false;
                    }
                });
        add("rewind", List.of(), "rewind fault", "go back to just before the most recent page fault was taken: the"
                + " trap, before the kernel handles it", w -> goBack(() -> reverse.rewindFault(w)));
    }

    // ------------------------------------------------------------------ going back

    /**
     * Lets a machine stopped inside the kernel finish its trap (it is about to be abandoned), then goes back.
     * Nothing may stop it again on the way: with {@code catch fault} the rest of a signal's delivery (writing
     * the signal frame) takes a fault of its own, and a moment in the middle of a trap has no position.
     */
    private void goBack(Runnable command) {
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
        command.run();
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
                    TrapCause cause = TrapCause.of(t[0]);
                    String what = switch (cause) {
                        case SYSCALL -> "syscall " + (Syscall.byNumber(t[2]) != null ? Syscall.byNumber(t[2]).lowerName()
                                : t[2]);
                        case FETCH_FAULT, LOAD_FAULT, STORE_FAULT -> cause.traceName() + " at " + hex(t[2]);
                        default -> cause.traceName() + (t[2] != 0 ? " (tval " + hex(t[2]) + ")" : "");
                    };
                    out.println("trap in pid " + inspector.currentPid() + ": " + what + ", pc " + where(t[1])
                            + " (not yet handled by the kernel)");
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

    // ------------------------------------------------------------------ the command table

    /** Adds a command; its name and aliases must be new. */
    public void addCommand(Command c) {
        for (String n : names(c)) {
            if (byName.containsKey(n)) throw new IllegalArgumentException("Debugger.addCommand: '" + n + "' is taken");
        }
        table.add(c);
        for (String n : names(c)) byName.put(n, c);
    }

    private static List<String> names(Command c) {
        List<String> all = new ArrayList<>();
        all.add(c.name());
        all.addAll(c.aliases());
        return all;
    }

    private void add(String name, List<String> aliases, String usage, String help, Action action) {
        addCommand(new Command(name, aliases, usage, help, action));
    }

    private void registerCommands() {
        add("step", List.of("s"), "step [N]", "retire N instructions (default 1), counted on the whole machine;"
                + " a faulting instruction that restarts counts once, when it completes", w -> step(count(w, 1, 1)));
        add("stepi", List.of("si"), "stepi", "one step at the trap level: the trap, the kernel's handling (and each"
                + " fault it takes inside a syscall), the restart are separate steps", w -> stepi());
        add("next", List.of("n"), "next", "like step, but a call runs until it returns", w -> next());
        add("finish", List.of("fin"), "finish", "run until the current function returns", w -> finish());
        add("continue", List.of("c", "cont"), "continue", "run to the next breakpoint, watchpoint, catch, or the"
                + " end; Ctrl-C stops it", w -> cont());
        add("break", List.of("b"), "break ADDR|SYMBOL[+N]|LINE|FILE:LINE", "stop before the instruction there runs"
                + " (a bare number is a line of the program's source; 0x... is an address)", this::breakAt);
        add("watch", List.of(), "watch ADDR | watch pte ADDR", "stop after anything (an instruction or the kernel)"
                + " changes the word at ADDR, or the page-table entry of ADDR's page, in the current process",
                this::watch);
        add("catch", List.of(), "catch fault|signal|syscall|fork|swap|trap|all", "stop when one happens:"
                + " a fault or syscall before the kernel handles it (faults the kernel takes for a syscall too), a"
                + " signal before it acts; trap: every trap, interrupts included", this::catchOn);
        add("delete", List.of("del"), "delete [N]", "delete stop point N (a breakpoint, watchpoint or catchpoint),"
                + " or all of them", this::delete);
        add("tbreak", List.of("tb"), "tbreak ADDR|SYMBOL[+N]|LINE|FILE:LINE", "a breakpoint that is deleted when it"
                + " stops the program", this::tbreak);
        add("until", List.of("u"), "until [LOCATION]", "run until a later instruction of this function (past a loop's"
                + " backward jump), or until LOCATION; stops too when the function returns", this::until);
        add("run", List.of(), "run", "go back to the first instruction (a rewind: output already written stays)",
                w -> runAgain());
        add("info", List.of("i"), "info breakpoints|registers|frame|display", "stop points, registers, the trap CSRs"
                + " (cause, epc, tval, status) or the display expressions", this::info);
        add("list", List.of("l"), "list [LINE|FILE:LINE|SYMBOL]", "ten source lines around LINE or SYMBOL, around"
                + " the pc, or the next ten", w -> views.list(w));
        add("print", List.of("p"), "print[/x|/d|/c|/u] EXPR", "the value of EXPR, as a number and in hex;"
                + " EXPR holds registers (a0, $sp, pc), CSRs ($cause), symbols, *ADDR (a word), $N (an earlier"
                + " value), + - * / % << >> & | ^ ~ and parentheses",
                w -> views.print(typedFormat, typedRest));
        add("display", List.of(), "display [EXPR]", "print EXPR after every stop; without EXPR, show them now",
                w -> views.display(typedFormat, typedRest));
        add("undisplay", List.of(), "undisplay [N]", "stop displaying expression N, or every one", views::undisplay);
        add("regs", List.of("r"), "regs", "the registers and pc", w -> regs());
        add("csrs", List.of(), "csrs", "the trap CSRs", w -> csrs());
        add("x", List.of(), "x ADDR [N] | x/NFU EXPR", "memory of the current process, read without a fault;"
                + " x ADDR [N]: N words (pages not resident are read from their backing store and marked); x/NFU: N units (b, h, w)"
                + " in format x, d, u, c, s (strings) or i (instructions), with an ASCII column", this::examine);
        add("disas", List.of("d"), "disas [ADDR] [N]", "disassemble N instructions (default 8) from ADDR"
                + " (default pc)", this::disas);
        add("pt", List.of(), "pt [ADDR]", "the page table: each mapped or swapped page, its PTE bits, frame or"
                + " slot, and the frame of each second-level table", w -> pt(w));
        add("vmas", List.of(), "vmas", "the current process's areas, each named", w -> view(inspector.vmas()));
        add("frames", List.of(), "frames", "the frame table: use, reference counts, owners",
                w -> print(inspector.frames()));
        add("swap", List.of(), "swap", "the swap slots in use", w -> print(inspector.swap()));
        add("tlb", List.of(), "tlb", "the TLB's entries", w -> print(inspector.tlb()));
        add("ps", List.of(), "ps", "the processes, with their current pc", w -> {
            List<String> processes = inspector.processes();
            if (processes.isEmpty()) out.println("no processes: the program has exited with status " + exitStatus);
            else print(processes);
        });
        add("help", List.of("h", "?"), "help [COMMAND]", "one line per command; help COMMAND gives its usage",
                this::help);
        add("quit", List.of("q", "exit"), "quit", "leave the debugger", w -> { });
    }

    // ------------------------------------------------------------------ the session

    /** Runs the command loop; returns the exit status for the faultline command. */
    public int session(Supplier<String> lines) {
        return session(lines, true);
    }

    /** As {@link #session(Supplier)}; {@code echo} repeats each command after a prompt (scripts, pipes). */
    public int session(Supplier<String> lines, boolean echo) {
        return session(lines, echo, false);
    }

    /** As {@link #session(Supplier, boolean)}; {@code repeatOnEnter}: an empty line repeats the last stepping command. */
    public int session(Supplier<String> lines, boolean echo, boolean repeatOnEnter) {
        out.println("faultline debugger: stopped before the first instruction, " + where(cpu.pc())
                + ". Type help for commands.");
        String first = views.stopLine(cpu.pc());
        if (first != null) out.println(first);
        try {
            Commands.loop(lines, echo, repeatOnEnter, this::repeated, out, this::command,
                    () -> kernel.flushOutput()); // kernel changes when going back
        } finally {
            close();
        }
        out.flush();
        if (exited) return dataLost ? 74 : exitStatus; // file data not written back: exit 74 (docs/cli.md)
        return limitReached ? 3 : 0;
    }

    /** Ctrl-C: stops a running command at the next check (called from a signal-handling thread). */
    public void interrupt() {
        interrupted = true;
    }

    /** Lets a machine stopped inside the kernel finish its trap, and ends the machine thread. */
    private void close() {
        closing = true;
        if (machine.parked()) cpu.requestStop();
        machine.close();
    }

    /** Runs one command; false after quit. */
    boolean command(String line) {
        forgetPeeks();
        String[] w = line.split("\\s+");
        typedRest = line.contains(" ") ? line.substring(line.indexOf(' ')).strip() : "";
        typedFormat = null;
        int slash = w[0].indexOf('/');
        if (slash > 0) { // print/x, x/4xw
            typedFormat = w[0].substring(slash + 1);
            w[0] = w[0].substring(0, slash);
        }
        String name = w[0].toLowerCase(Locale.ROOT);
        Command c = byName.get(name);
        if (c == null) {
            String near = nearest(name);
            out.println("unknown command '" + w[0] + "'" + (near != null ? "; did you mean '" + near + "'?" : "")
                    + " (type help)");
            return true;
        }
        if (c.name().equals("quit")) return false;
        if (typedFormat != null && !FORMATTED.contains(c.name())) {
            out.println(c.name() + " takes no /FORMAT (print, x and display do)");
            return true;
        }
        if (STEPPING.contains(c.name())) lastStepping = line;
        try {
            c.action().run(w);
        } catch (IllegalArgumentException e) {
            out.println(e.getMessage());
        }
        return true;
    }

    /** The commands Enter repeats (docs/cli.md): the ones that move the program. */
    private static final Set<String> STEPPING = Set.of("step", "stepi", "next", "until", "continue",
            "reverse-stepi", "reverse-step", "reverse-continue");
    private static final Set<String> FORMATTED = Set.of("print", "x", "display");

    /** The command an empty line stands for (the last stepping command), or null. */
    String repeated() {
        return lastStepping;
    }

    /** The command name closest to what was typed (a prefix, or at most two edits away), or null. */
    private String nearest(String typed) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (Command c : table) {
            for (String n : names(c)) {
                int d = n.startsWith(typed) && typed.length() >= 2 ? 0 : distance(typed, n);
                if (d < bestDistance) {
                    bestDistance = d;
                    best = c.name();
                }
            }
        }
        return bestDistance <= Math.max(1, Math.min(2, typed.length() / 2)) ? best : null;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1], cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private void help(String[] w) {
        if (w.length > 1) {
            Command c = byName.get(w[1].toLowerCase(Locale.ROOT));
            if (c == null) {
                String near = nearest(w[1].toLowerCase(Locale.ROOT));
                throw new IllegalArgumentException("no command '" + w[1] + "'" + (near != null ? "; did you mean '"
                        + near + "'?" : ""));
            }
            out.println("usage: " + c.usage() + (c.aliases().isEmpty() ? "" : "   (also: " + String.join(", ",
                    c.aliases()) + ")"));
            out.println("  " + c.help());
            return;
        }
        for (Command c : table) out.println(String.format("%-40s  %s", c.usage() + (c.aliases().isEmpty() ? ""
                : " (" + String.join(", ", c.aliases()) + ")"), summary(c.help())));
        out.println("help COMMAND gives its usage. Enter repeats the last stepping command; Ctrl-C stops continue.");
    }

    /** A command's help up to its first semicolon: what it does, in one line. */
    static String summary(String help) {
        int cut = help.indexOf(';');
        return cut > 0 ? help.substring(0, cut) : help;
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
                event = "interrupted (Ctrl-C)";
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
            showPc();
        } else {
            if (event != null || fallback != null) {
                out.println(event != null ? event : fallback);
                showPc();
            }
        }
        remember();
    }

    private void remember() {
        Flx image = inspector.image();
        if (image != null) lastImage = image;
    }

    private void step(long n) {
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

    private void stepi() {
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
            if (!machine.parked()) showPc();
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

    private void cont() {
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

    private void next() {
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
        if (bp != null) event = hit(bp);
        report(null);
        if (!exited && event == null && !limitReached) showPc();
    }

    private void finish() {
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
        if (returned[0] && event == null) event = "returned to " + where(cpu.pc());
        StopPoint bp = exited || event != null ? null : atBreakpoint();
        if (bp != null) event = hit(bp);
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
    private void until(String[] w) {
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
        if (bp != null) event = hit(bp);
        report(null);
        if (!exited && event == null && !limitReached) showPc();
    }

    /** run: back to the first instruction, through time travel. */
    private void runAgain() {
        if (timeTravel == null) throw new IllegalArgumentException("run needs going back in time, which this session"
                + " cannot do");
        out.println("going back to the first instruction (output already written stays written)");
        goBack(() -> reverseCommands.toStart());
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
            String what = switch (cause) {
                case SYSCALL -> "syscall " + (Syscall.byNumber(tval) != null ? Syscall.byNumber(tval).lowerName() : tval);
                case FETCH_FAULT, LOAD_FAULT, STORE_FAULT -> cause.traceName() + " at " + hex(tval);
                default -> cause.traceName() + (tval != 0 ? " (tval " + hex(tval) + ")" : "");
            };
            event = "trap in pid " + pid + ": " + what + ", pc " + where(epc) + " (not yet handled by the kernel)";
            return true;
        }
        return false;
    }

    @Override
    public void kernelFault(int pid, int va, Access access, int pc, String what) {
        kernelFor = what;
        if (closing || !(stepping || catches.contains(Catch.FAULT))) return;
        event = "kernel fault in pid " + pid + ": " + access.traceName() + " of " + hex(va) + " for " + what
                + " at pc " + where(pc) + " (not yet handled by the kernel)";
        park();
    }

    @Override
    public void tlbMissFault(int pid, int va, Access access, int pc) {
        if (closing || !catches.contains(Catch.FAULT)) return;
        event = "fault in pid " + pid + ": " + access.traceName() + " of " + hex(va) + " found by the TLB-miss handler,"
                + " pc " + where(pc) + " (not yet handled by the kernel)";
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
            event = "kernel handled its fault in pid " + pid + ": " + lastFault + "; it goes on with " + kernelFor;
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
        event = "signal " + Signal.name(sig) + " in pid " + pid + " at " + where(pc) + ": " + next;
        park();
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

    // ------------------------------------------------------------------ stop points

    private StopPoint addStop(StopPoint.Kind kind, int va, int pid, Catch what) {
        StopPoint s = new StopPoint(nextStop++, kind, va, pid, what);
        stops.add(s);
        return s;
    }

    private void breakAt(String[] w) {
        if (w.length < 2) {
            info(new String[] {"info", "breakpoints"});
            return;
        }
        int va = location(w[1]);
        StopPoint s = addStop(StopPoint.Kind.BREAK, va, 0, null);
        s.temporary = w[0].toLowerCase(Locale.ROOT).startsWith("tb");
        out.println(describe(s));
        String warning = codeWarning(va);
        if (warning != null) out.println("warning: " + warning);
    }

    private void tbreak(String[] w) {
        if (w.length < 2) throw new IllegalArgumentException("usage: tbreak ADDR|SYMBOL[+N]|LINE|FILE:LINE");
        breakAt(w);
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

    private void watch(String[] w) {
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
                event = "watchpoint " + s.number + ": the word at " + where(s.va) + " in pid " + s.pid + " changed from "
                        + (before == null ? "unmapped" : hex(before.intValue())) + " to "
                        + (now == null ? "unmapped" : hex(now.intValue())) + " (" + changer() + ")";
            } else {
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
            int v = readByte(s.pid, s.va + b).value;
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

    private void catchOn(String[] w) {
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

    private void delete(String[] w) {
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

    private void info(String[] w) {
        String what = w.length < 2 ? "" : w[1].toLowerCase(Locale.ROOT);
        switch (what) {
            case "registers", "reg", "r" -> {
                views.registers();
                return;
            }
            case "frame", "f" -> {
                views.frame();
                return;
            }
            case "display" -> {
                views.display(null, "");
                return;
            }
            default -> { }
        }
        if (!List.of("breakpoints", "break", "b", "watchpoints", "catchpoints").contains(what)) {
            throw new IllegalArgumentException("usage: info breakpoints|registers|frame|display");
        }
        if (stops.isEmpty()) out.println("no breakpoints, watchpoints or catchpoints");
        for (StopPoint s : stops) out.println(String.format("%-3d %s", s.number, describe(s)));
    }

    private String describe(StopPoint s) {
        return switch (s.kind) {
            case BREAK -> (s.temporary ? "temporary breakpoint " : "breakpoint ") + s.number + " at " + where(s.va);
            case WATCH -> "watchpoint " + s.number + " on the word at " + hex(s.va) + " in pid " + s.pid;
            case WATCH_PTE -> "watchpoint " + s.number + " on the PTE of page " + hex(s.va) + " in pid " + s.pid;
            case CATCH -> "catchpoint " + s.number + ": " + s.what.name().toLowerCase(Locale.ROOT);
        };
    }

    // ------------------------------------------------------------------ views

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

    private void pt(String[] w) {
        view(inspector.pageTable(w.length > 1 ? address(w[1]) : null));
    }

    /** A view of the current process, or a sentence saying there is none. */
    private void view(List<String> lines) {
        if (inspector.currentPid() == 0) {
            out.println(exited ? "the program has exited: its address space is gone" : "no process is running");
            return;
        }
        print(lines);
    }

    /** A byte as a reader finds it: value (-1 when unreadable) and where it came from (null: resident). */
    private record Peek(int value, String source) {}

    private int peekPid = -1, peekVpn = -1;
    private Inspector.PageView peekPage;

    private Peek readByte(int pid, int va) {
        if (pid != 0 && inspector.alive(pid)) {
            if (pid != peekPid || (va >>> 12) != peekVpn) {
                peekPage = inspector.page(pid, va);
                peekPid = pid;
                peekVpn = va >>> 12;
            }
            if (peekPage.bytes() == null) return new Peek(-1, peekPage.source() != null ? peekPage.source() : "not mapped");
            return new Peek(peekPage.bytes()[va & 0xFFF] & 0xFF, peekPage.source());
        }
        Flx image = image();
        int v = image == null ? -1 : imageByte(image, va);
        return new Peek(v, v < 0 ? "not in the executable" : "from the executable: no process is running");
    }

    private void forgetPeeks() {
        peekPid = -1;
        peekPage = null;
    }

    private void examine(String[] w) {
        if (typedFormat != null || w.length == 2 && !w[1].matches("[A-Za-z0-9_.]+(\\+[0-9a-fA-Fx]+)?")) {
            views.examine(typedFormat, typedRest);
            return;
        }
        if (w.length < 2) throw new IllegalArgumentException("usage: x ADDR [N] | x/NFU EXPR");
        int va = address(w[1]);
        long n = count(w, 2, 1);
        if (n > X_MAX_WORDS) {
            out.println("x shows at most " + X_MAX_WORDS + " words at once; showing " + X_MAX_WORDS);
            n = X_MAX_WORDS;
        }
        forgetPeeks();
        int pid = inspector.currentPid();
        for (long i = 0; i < n; i++) {
            long end = Integer.toUnsignedLong(va) + 4 * i + 3;
            if (end > 0xFFFF_FFFFL) { // memory does not wrap around to address 0
                out.println("x stops at 0xffffffff, the end of the address space");
                break;
            }
            int at = va + (int) (4 * i);
            int word = 0;
            String source = null;
            boolean readable = true;
            for (int b = 3; b >= 0; b--) {
                Peek p = readByte(pid, at + b);
                if (p.value < 0) readable = false;
                if (p.source != null) source = p.source;
                word = word << 8 | (p.value & 0xFF);
            }
            out.println(String.format("0x%08x  %s%s", at, readable ? String.format("0x%08x", word) : "(unreadable)",
                    source != null ? "  (" + source + ")" : ""));
        }
    }

    private void disas(String[] w) {
        int va = w.length > 1 ? address(w[1]) : pc();
        long n = count(w, 2, 8);
        if (n > DISAS_MAX) {
            out.println("disas shows at most " + DISAS_MAX + " instructions at once; showing " + DISAS_MAX);
            n = DISAS_MAX;
        }
        disassemble(va, n);
    }

    private void disassemble(int va, long n) {
        Flx image = image();
        Disassembler dis = new Disassembler(a -> image == null ? null : Symbols.label(image, a),
                num -> Syscall.byNumber(num) != null ? Syscall.byNumber(num).lowerName() : null);
        forgetPeeks();
        int pid = inspector.currentPid();
        for (long i = 0; i < n; i++) {
            byte[] bytes = new byte[6];
            Peek first = readByte(pid, va);
            if (first.value < 0) {
                out.println(String.format("   0x%08x  (%s)", va, first.source));
                return;
            }
            int len = Opcode.lengthOf(first.value);
            boolean ok = true;
            for (int b = 0; b < len; b++) {
                int v = readByte(pid, va + b).value;
                if (v < 0) ok = false;
                bytes[b] = (byte) v;
            }
            Instruction insn = ok ? Instruction.decode(bytes, 0, len) : null;
            String text = insn == null ? Disassembler.illegal(first.value) : dis.format(insn, va);
            out.println(String.format("%s 0x%08x  %s%s", va == pc() && !cpu.halted() ? "=>" : "  ", va, text,
                    first.source != null ? "    (" + first.source + ")" : ""));
            va += insn == null ? 1 : len;
        }
    }

    private Instruction instructionAt(int pid, int va) {
        forgetPeeks();
        Peek first = readByte(pid, va);
        if (first.value < 0) return null;
        int len = Opcode.lengthOf(first.value);
        byte[] bytes = new byte[6];
        for (int b = 0; b < len; b++) {
            int v = readByte(pid, va + b).value;
            if (v < 0) return null;
            bytes[b] = (byte) v;
        }
        return Instruction.decode(bytes, 0, len);
    }

    /** A stop: the source line as written (and the pid when several processes exist), the instruction, displays. */
    private void showPc() {
        if (cpu.halted()) return;
        String line = views.stopLine(pc());
        if (line != null) out.println(line);
        disassemble(pc(), 1);
        views.showDisplays();
    }

    /** The program's pc: the trapping instruction while a trap waits for the kernel or the kernel is stopped. */
    private int pc() {
        int[] t = kernel.pendingTrap();
        if (t != null) return t[1];
        if (machine.parked() || !cpu.userMode()) return cpu.csr(Csr.EPC);
        return cpu.pc();
    }

    private void print(List<String> lines) {
        for (String l : lines) out.println(l);
    }

    // ------------------------------------------------------------------ addresses

    /** The image of the current process, or the last one seen (symbols stay after the end). */
    private Flx image() {
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
        Flx image = image();
        String d = image == null ? "" : Symbols.describe(image, pc);
        return hex(pc) + (d.isEmpty() ? "" : " <" + d + ">");
    }

    /** ADDR (0x...), SYMBOL[+off], LINE (a bare number: a line of the program's source) or FILE:LINE. */
    private int location(String spec) {
        return Commands.location(spec, image());
    }

    private int address(String spec) {
        return Commands.address(spec, image());
    }

    private static long count(String[] w, int index, long dflt) {
        return w.length > index ? parseCount(w[index]) : dflt;
    }

    private static long parseCount(String s) {
        return Commands.count(s);
    }

    private static String hex(int v) {
        return String.format("0x%08x", v);
    }

}
