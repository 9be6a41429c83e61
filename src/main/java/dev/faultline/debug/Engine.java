package dev.faultline.debug;

import dev.faultline.abi.Flx;
import dev.faultline.abi.Symbols;
import dev.faultline.debug.Target.Kind;
import dev.faultline.debug.Target.Need;
import dev.faultline.debug.view.Csrs;
import dev.faultline.debug.view.Disassembly;
import dev.faultline.debug.view.PageWalk;
import dev.faultline.debug.view.Registers;
import dev.faultline.debug.view.Stop;
import dev.faultline.debug.view.StopPoints;
import dev.faultline.debug.view.TlbEntries;
import dev.faultline.debug.view.TrapFrame;
import dev.faultline.debug.view.Words;
import dev.faultline.isa.Csr;
import dev.faultline.isa.Disassembler;
import dev.faultline.isa.Instruction;
import dev.faultline.isa.Opcode;
import dev.faultline.isa.Reg;
import dev.faultline.isa.TrapCause;
import dev.faultline.machine.Cpu;
import dev.faultline.machine.PhysicalMemory;
import dev.faultline.machine.Pte;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The one debugger engine (docs/cli.md, "How the debugger is built"): it parses each command line into a
 * request, finds the command in its one table, and answers with views as data ({@code dev.faultline.debug.view})
 * that its terminal face prints. Whatever every machine shows the same way lives here: registers, CSRs, the
 * trap frame, memory, disassembly, the TLB, a page-table walk, the stop, and gdb's print, x/FMT, display and
 * list ({@link Views}). What a command means on one machine only (running, stop points, the kernel's views)
 * it asks of its {@link Target}.
 */
public final class Engine {
    /** What a command does with its words (words[0] is the command name as typed). */
    @FunctionalInterface
    public interface Action {
        void run(String[] words);
    }

    /** One debugger command: its name, other names, usage line, one-line help, and action. */
    public record Command(String name, List<String> aliases, String usage, String help, Action action) {}

    /** A row of the table: the command, what it needs of the target, and its line in the bare machine's help. */
    private record Row(Command command, Need need, String bareUsage, String bareHelp) {}

    /** A command line taken apart: the words (the first without its /FORMAT), the format, the rest as typed. */
    record Request(String line, String[] words, String name, String format, String rest) {
        static Request parse(String line) {
            String[] w = line.split("\\s+");
            String rest = line.contains(" ") ? line.substring(line.indexOf(' ')).strip() : "";
            String format = null;
            int slash = w[0].indexOf('/');
            if (slash > 0) { // print/x, x/4xw
                format = w[0].substring(slash + 1);
                w[0] = w[0].substring(0, slash);
            }
            return new Request(line, w, w[0].toLowerCase(Locale.ROOT), format, rest);
        }
    }

    /** The most {@code x ADDR N} shows at once. */
    static final int X_MAX_WORDS = 1024;
    /** The most {@code disas} shows at once. */
    static final int DISAS_MAX = 1024;
    /** The commands Enter repeats (docs/cli.md): the ones that move the program. */
    private static final Set<String> STEPPING = Set.of("step", "stepi", "next", "until", "continue",
            "reverse-stepi", "reverse-step", "reverse-continue");
    private static final Set<String> FORMATTED = Set.of("print", "x", "display");
    /** The order of the bare machine's help, which leads with what a bare program's author needs first. */
    private static final List<String> BARE_HELP_ORDER = List.of("step", "stepi", "continue", "until", "run", "break",
            "tbreak", "delete", "catch", "info", "regs", "csrs", "list", "print", "display", "undisplay", "x", "pt",
            "tlb", "disas", "reverse-stepi", "reverse-step", "reverse-continue", "rewind", "help", "quit");

    private final Target target;
    private final PrintStream out;
    private final TerminalFace face;
    private final Views views;
    private final Map<String, Row> byName = new LinkedHashMap<>();
    private final List<Row> table = new ArrayList<>();
    /** The format after a slash ({@code print/x}, {@code x/4xw}) and the words after the command, as typed. */
    private String typedFormat, typedRest = "";
    /** The last stepping command, which Enter repeats. */
    private String lastStepping;
    /** The last stop shown, for a face that draws it; null before the first and after the end. */
    private Stop lastStop;

    Engine(Target target, PrintStream out) {
        this.target = target;
        this.out = out;
        this.face = new TerminalFace(out, target.kind());
        this.views = new Views(new ViewTarget(), out);
        registerCommands();
        target.bind(this);
    }

    PrintStream out() {
        return out;
    }

    Views views() {
        return views;
    }

    /** The program's source, for the line shown at each stop and for list. */
    public void setSource(dev.faultline.asm.SourceMap source) {
        views.setSource(source);
    }

    // ------------------------------------------------------------------ the command table

    /** Adds a command; its name and aliases must be new. */
    public void addCommand(Command c) {
        add(new Row(c, Need.NOTHING, null, null));
    }

    private void add(Row row) {
        for (String n : names(row.command())) {
            if (byName.containsKey(n)) throw new IllegalArgumentException("Debugger.addCommand: '" + n + "' is taken");
        }
        table.add(row);
        for (String n : names(row.command())) byName.put(n, row);
    }

    private static List<String> names(Command c) {
        List<String> all = new ArrayList<>();
        all.add(c.name());
        all.addAll(c.aliases());
        return all;
    }

    /** A row of the table; {@code bare} is its usage and help in the bare machine's help, null when it has none. */
    private void add(String name, List<String> aliases, Need need, String usage, String help, String[] bare,
                     Action action) {
        add(new Row(new Command(name, aliases, usage, help, action), need, bare == null ? null : bare[0],
                bare == null ? null : bare[1]));
    }

    private static String[] bare(String usage, String help) {
        return new String[] {usage, help};
    }

    private void registerCommands() {
        add("step", List.of("s"), Need.NOTHING, "step [N]", "retire N instructions (default 1), counted on the whole"
                + " machine; a faulting instruction that restarts counts once, when it completes",
                bare("step [N]", "retire N instructions (default 1)"), w -> target.step(count(w, 1, 1)));
        add("stepi", List.of("si"), Need.NOTHING, "stepi", "one step at the trap level: the trap, the kernel's handling"
                + " (and each fault it takes inside a syscall), the restart are separate steps",
                bare("stepi", "one step: an instruction, or a trap taken (stops at the handler's first instruction)"),
                w -> target.stepi());
        add("next", List.of("n"), Need.KERNEL_RUN, "next", "like step, but a call runs until it returns", null,
                w -> target.next());
        add("finish", List.of("fin"), Need.KERNEL_RUN, "finish", "run until the current function returns", null,
                w -> target.finish());
        add("continue", List.of("c", "cont"), Need.NOTHING, "continue", "run to the next breakpoint, watchpoint, catch,"
                + " or the end; Ctrl-C stops it", bare("continue", "run to a breakpoint, a caught trap, or the end"),
                w -> target.cont());
        add("break", List.of("b"), Need.NOTHING, "break ADDR|SYMBOL[+N]|LINE|FILE:LINE", "stop before the instruction"
                + " there runs (a bare number is a line of the program's source; 0x... is an address)",
                bare("break ADDR|SYMBOL[+N]|LINE|FILE:LINE", "stop before the instruction there runs"),
                w -> target.breakAt(w, false));
        add("watch", List.of(), Need.KERNEL_RUN, "watch ADDR | watch pte ADDR", "stop after anything (an instruction or"
                + " the kernel) changes the word at ADDR, or the page-table entry of ADDR's page, in the current process",
                null, w -> target.watch(w));
        add("catch", List.of(), Need.NOTHING, "catch fault|signal|syscall|fork|swap|trap|all", "stop when one happens:"
                + " a fault or syscall before the kernel handles it (faults the kernel takes for a syscall too), a"
                + " signal before it acts; trap: every trap, interrupts included",
                bare("catch trap", "stop when a trap is taken, before the handler's first instruction"),
                w -> target.catchOn(w));
        add("delete", List.of("del"), Need.NOTHING, "delete [N]", "delete stop point N (a breakpoint, watchpoint or"
                + " catchpoint), or all of them", bare("delete", "delete every breakpoint"), w -> target.delete(w));
        add("tbreak", List.of("tb"), Need.NOTHING, "tbreak ADDR|SYMBOL[+N]|LINE|FILE:LINE", "a breakpoint that is"
                + " deleted when it stops the program",
                bare("tbreak LOCATION", "a breakpoint that is deleted when it stops the program"),
                w -> target.breakAt(w, true));
        add("until", List.of("u"), Need.NOTHING, "until [LOCATION]", "run until a later instruction of this function"
                + " (past a loop's backward jump), or until LOCATION; stops too when the function returns",
                bare("until [LOCATION]", "run until a later instruction with sp unchanged (out of a loop), or until"
                        + " LOCATION"), w -> target.until(w));
        add("run", List.of(), Need.NOTHING, "run", "go back to the first instruction (a rewind: output already written"
                + " stays)", bare("run", "go back to the first instruction (console output already written stays"
                        + " written)"), w -> target.run());
        add("info", List.of("i"), Need.NOTHING, "info breakpoints|registers|frame|display", "stop points, registers,"
                + " the trap CSRs (cause, epc, tval, status) or the display expressions",
                bare("info breakpoints|registers|frame|display", "stop points; registers; the trap CSRs; displays"),
                this::info);
        add("list", List.of("l"), Need.NOTHING, "list [LINE|FILE:LINE|SYMBOL]", "ten source lines around LINE or"
                + " SYMBOL, around the pc, or the next ten", bare("list [LINE|FILE:LINE|SYMBOL]", "ten source lines"
                        + " around LINE or SYMBOL, around the pc, or the next ten"), views::list);
        add("print", List.of("p"), Need.NOTHING, "print[/x|/d|/c|/u] EXPR", "the value of EXPR, as a number and in hex;"
                + " EXPR holds registers (a0, $sp, pc), CSRs ($cause), symbols, *ADDR (a word), $N (an earlier"
                + " value), + - * / % << >> & | ^ ~ and parentheses", bare("print[/x|/d|/c|/u] EXPR", "registers,"
                        + " CSRs ($cause), symbols, *ADDR, $N and arithmetic"),
                w -> views.print(typedFormat, typedRest));
        add("display", List.of(), Need.NOTHING, "display [EXPR]", "print EXPR after every stop; without EXPR, show them"
                + " now", bare("display [EXPR]", "print EXPR after every stop"),
                w -> views.display(typedFormat, typedRest));
        add("undisplay", List.of(), Need.NOTHING, "undisplay [N]", "stop displaying expression N, or every one",
                bare("undisplay [N]", "stop displaying expression N, or every one"), views::undisplay);
        add("regs", List.of("r"), Need.NOTHING, "regs", "the registers and pc", bare("regs", "the registers and pc"),
                w -> face.show(registers()));
        add("csrs", List.of(), Need.NOTHING, "csrs", "the trap CSRs", bare("csrs", "every CSR, with what it means"),
                w -> face.show(csrs()));
        add("x", List.of(), Need.NOTHING, "x ADDR [N] | x/NFU EXPR", "memory of the current process, read without a"
                + " fault; x ADDR [N]: N words (pages not resident are read from their backing store and marked);"
                + " x/NFU: N units (b, h, w) in format x, d, u, c, s (strings) or i (instructions), with an ASCII column",
                bare("x ADDR [N] | x/NFU EXPR", "memory through the current translation (physical with paging off):"
                        + " N units (b h w) as x d u c, strings (s) or instructions (i)"), this::examine);
        add("disas", List.of("d"), Need.NOTHING, "disas [ADDR] [N]", "disassemble N instructions (default 8) from ADDR"
                + " (default pc)", bare("disas [ADDR] [N]", "disassemble N instructions (default 8)"), this::disas);
        add("pt", List.of(), Need.NOTHING, "pt [ADDR]", "the page table: each mapped or swapped page, its PTE bits,"
                + " frame or slot, and the frame of each second-level table", bare("pt [ADDR]", "the page table PTBR"
                        + " names"), w -> face.show(target.pageTable(w.length > 1 ? address(w[1]) : null)));
        add("vmas", List.of(), Need.KERNEL_VIEW, "vmas", "the current process's areas, each named", null,
                w -> face.show(target.kernelView("vmas")));
        add("frames", List.of(), Need.KERNEL_VIEW, "frames", "the frame table: use, reference counts, owners", null,
                w -> face.show(target.kernelView("frames")));
        add("swap", List.of(), Need.KERNEL_VIEW, "swap", "the swap slots in use", null,
                w -> face.show(target.kernelView("swap")));
        add("tlb", List.of(), Need.NOTHING, "tlb", "the TLB's entries", bare("tlb", "the TLB's entries"),
                w -> face.show(tlb()));
        add("ps", List.of(), Need.KERNEL_VIEW, "ps", "the processes, with their current pc", null,
                w -> face.show(target.kernelView("ps")));
        add("help", List.of("h", "?"), Need.NOTHING, "help [COMMAND]", "one line per command; help COMMAND gives its"
                + " usage", bare("help", "this list"), this::help);
        add("quit", List.of("q", "exit"), Need.NOTHING, "quit", "leave the debugger", bare("quit", "leave the debugger"),
                w -> { });
        add("reverse-stepi", List.of("rsi"), Need.GOING_BACK, "reverse-stepi", "go back one stepi stop: before the"
                + " instruction retired, before the kernel handled the trap, or before the trap was taken",
                bare("reverse-stepi", "go back one step (docs/reverse.md)"),
                w -> target.goBack(ReverseCommands::stepi, false));
        add("reverse-step", List.of("rs"), Need.GOING_BACK, "reverse-step [N]", "go back to the moment N fewer"
                + " instructions (default 1) had retired; a negative or too large N goes back to the start",
                bare("reverse-step [N]", "go back N instructions"), w -> target.goBack(r -> r.step(w), false));
        add("reverse-continue", List.of("rc"), Need.GOING_BACK, "reverse-continue", "go back to the last moment before"
                + " now at which continue would have stopped (breakpoints and catchpoints)",
                bare("reverse-continue", "go back to the last moment a breakpoint or caught trap would have stopped"),
                w -> target.goBack(ReverseCommands::cont, true));
        add("rewind", List.of(), Need.GOING_BACK, "rewind fault", "go back to just before the most recent page fault"
                + " was taken: the trap, before the kernel handles it", bare("rewind fault", "go back to just before"
                        + " the most recent page fault or TLB miss was taken"),
                w -> target.goBack(r -> r.rewindFault(w), false));
    }

    /** The row named (by its name or an alias) that this target can run, or null. */
    private Row row(String name) {
        Row r = byName.get(name);
        return r != null && target.has(r.need()) ? r : null;
    }

    // ------------------------------------------------------------------ the session

    /**
     * Runs the command loop and returns the exit status for the faultline command. {@code echo} repeats each
     * command after a prompt (scripts, pipes); {@code repeatOnEnter}: an empty line repeats the last stepping
     * command.
     */
    public int session(Supplier<String> lines, boolean echo, boolean repeatOnEnter) {
        out.println(target.banner() + ": stopped before the first instruction, " + where(target.cpu().pc())
                + ". Type help for commands.");
        String first = views.stopLine(target.cpu().pc());
        if (first != null) out.println(first);
        try {
            Commands.loop(lines, echo, repeatOnEnter, () -> lastStepping, out, this::command, target::flushGuest);
        } finally {
            target.close();
        }
        out.flush();
        return target.exitStatus();
    }

    /** Ctrl-C: stops a running command at the next check (called from a signal-handling thread). */
    public void interrupt() {
        target.interrupt();
    }

    /** Runs one command; false after quit. */
    boolean command(String line) {
        target.forgetPeeks();
        Request r = Request.parse(line);
        String[] w = r.words();
        typedRest = r.rest();
        typedFormat = r.format();
        Row row = row(r.name());
        if (target.kind() == Kind.BARE) return bareCommand(r, row);
        if (row == null) {
            String near = nearest(r.name());
            out.println("unknown command '" + w[0] + "'" + (near != null ? "; did you mean '" + near + "'?" : "")
                    + " (type help)");
            return true;
        }
        Command c = row.command();
        if (c.name().equals("quit")) return false;
        if (typedFormat != null && !FORMATTED.contains(c.name())) {
            out.println(c.name() + " takes no /FORMAT (print, x and display do)");
            return true;
        }
        if (STEPPING.contains(c.name())) lastStepping = line;
        run(c, w);
        return true;
    }

    /**
     * The bare machine's debugger takes a command in its own order, kept so its sessions read as they always
     * have: the Enter repeat and the /FORMAT check come first, and a command of the kernel's says so.
     */
    private boolean bareCommand(Request r, Row row) {
        Command c = row == null ? null : row.command();
        if (c != null && STEPPING.contains(c.name())) lastStepping = r.line();
        if (r.format() != null && (c == null || !FORMATTED.contains(c.name()))) {
            out.println(r.name() + " takes no /FORMAT (print, x and display do)");
            return true;
        }
        if (c == null) {
            Row kernels = byName.get(r.name());
            if (kernels != null && kernels.need() == Need.KERNEL_VIEW) {
                out.println(r.name() + " does not apply to the bare machine: it shows the built-in kernel's state,"
                        + " and there is no kernel here");
            } else if (kernels != null) {
                out.println(r.name() + " is not available on the bare machine (type help)");
            } else {
                out.println("unknown command '" + r.words()[0] + "' (type help)");
            }
            return true;
        }
        if (c.name().equals("quit")) return false;
        run(c, r.words());
        return true;
    }

    private void run(Command c, String[] w) {
        try {
            c.action().run(w);
        } catch (IllegalArgumentException e) {
            out.println(e.getMessage());
        }
    }

    /** The command an empty line stands for (the last stepping command), or null. */
    String repeated() {
        return lastStepping;
    }

    /** The command name closest to what was typed (a prefix, or at most two edits away), or null. */
    private String nearest(String typed) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (Row row : table) {
            if (!target.has(row.need())) continue;
            for (String n : names(row.command())) {
                int d = n.startsWith(typed) && typed.length() >= 2 ? 0 : distance(typed, n);
                if (d < bestDistance) {
                    bestDistance = d;
                    best = row.command().name();
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
        if (target.kind() == Kind.BARE) {
            out.println("the bare machine: the program is its own kernel; traps go to TVEC");
            for (String name : BARE_HELP_ORDER) {
                Row row = byName.get(name);
                out.println(String.format("%-44s %s", shownUsage(row.bareUsage(), row.command()), row.bareHelp()));
            }
            out.println("Enter repeats the last stepping command; vmas, frames, swap and ps belong to the built-in"
                    + " kernel.");
            return;
        }
        if (w.length > 1) {
            Row row = row(w[1].toLowerCase(Locale.ROOT));
            if (row == null) {
                String near = nearest(w[1].toLowerCase(Locale.ROOT));
                throw new IllegalArgumentException("no command '" + w[1] + "'" + (near != null ? "; did you mean '"
                        + near + "'?" : ""));
            }
            Command c = row.command();
            out.println("usage: " + c.usage() + (c.aliases().isEmpty() ? "" : "   (also: " + String.join(", ",
                    c.aliases()) + ")"));
            out.println("  " + c.help());
            return;
        }
        for (Row row : table) {
            if (!target.has(row.need())) continue;
            Command c = row.command();
            out.println(String.format("%-40s  %s", shownUsage(c.usage(), c), summary(c.help())));
        }
        out.println("help COMMAND gives its usage. Enter repeats the last stepping command; Ctrl-C stops continue.");
    }

    /** "step [N] (s)": the usage with the command's other names. */
    private static String shownUsage(String usage, Command c) {
        return usage + (c.aliases().isEmpty() ? "" : " (" + String.join(", ", c.aliases()) + ")");
    }

    /** A command's help up to its first semicolon: what it does, in one line. */
    static String summary(String help) {
        int cut = help.indexOf(';');
        return cut > 0 ? help.substring(0, cut) : help;
    }

    private void info(String[] w) {
        String what = w.length < 2 ? "" : w[1].toLowerCase(Locale.ROOT);
        switch (what) {
            case "registers", "reg", "r" -> face.show(registers());
            case "frame", "f" -> face.show(frame());
            case "display" -> views.display(null, "");
            default -> target.info(what);
        }
    }

    // ------------------------------------------------------------------ the views, as data

    /** The registers and the pc. */
    public Registers registers() {
        Cpu cpu = target.cpu();
        List<Integer> values = new ArrayList<>();
        for (int i = 0; i < 16; i++) values.add(cpu.reg(i));
        return new Registers(values, target.pc(), where(target.pc()));
    }

    /** Every CSR. */
    public Csrs csrs() {
        List<Csrs.Row> rows = new ArrayList<>();
        for (Csr c : Csr.values()) rows.add(new Csrs.Row(c, target.cpu().csr(c)));
        return new Csrs(rows);
    }

    /** The trap CSRs as the last trap left them. */
    public TrapFrame frame() {
        Cpu cpu = target.cpu();
        int cause = cpu.csr(Csr.CAUSE), epc = cpu.csr(Csr.EPC), tval = cpu.csr(Csr.TVAL), status = cpu.csr(Csr.STATUS);
        TrapCause c = TrapCause.of(cause);
        String tvalMeans = c != null && (c.isPageFault() || c.isTlbMiss()) ? "the address that faulted"
                : c == TrapCause.SYSCALL ? "the syscall number" : "the trap's value";
        return new TrapFrame(target.pc(), where(target.pc()), cause, c == null ? null : c.traceName(), epc, where(epc),
                tval, tvalMeans, status, (status & Csr.STATUS_M) != 0, (status & Csr.STATUS_IE) != 0,
                cpu.reg(Reg.parse("sp")));
    }

    /** The TLB's valid entries. */
    public TlbEntries tlb() {
        Cpu cpu = target.cpu();
        List<TlbEntries.Entry> entries = new ArrayList<>();
        for (int i = 0; i < cpu.tlb().size(); i++) {
            int[] e = cpu.tlb().entry(i);
            if (e != null) entries.add(new TlbEntries.Entry(i, e[0] << 12, e[1], e[2]));
        }
        return new TlbEntries(cpu.tlb().size(), cpu.tlbHits(), cpu.tlbMisses(), cpu.softwareRefill(),
                cpu.memory().frameCount(), entries);
    }

    /** How the hardware translates va now, through the page table PTBR names; read without side effects. */
    public PageWalk walk(int va) {
        Cpu cpu = target.cpu();
        PhysicalMemory mem = cpu.memory();
        int ptbr = cpu.csr(Csr.PTBR);
        int root = ptbr & Csr.PTBR_ROOT_MASK, asid = ptbr >>> Csr.PTBR_ASID_SHIFT & Csr.PTBR_ASID_MASK;
        int vpn = va >>> 12, vpn1 = Pte.rootIndex(vpn), vpn2 = Pte.leafIndex(vpn), offset = va & 0xFFF;
        boolean on = (ptbr & Csr.PTBR_ENABLE) != 0;
        if (root >= mem.frameCount()) return new PageWalk(va, vpn1, vpn2, offset, on, asid, root, null, null, null, null);
        int rootEntry = mem.readPte(root, vpn1);
        if (!Pte.isPointer(rootEntry) || Pte.pfn(rootEntry) >= mem.frameCount()) {
            return new PageWalk(va, vpn1, vpn2, offset, on, asid, root, rootEntry, null, null, null);
        }
        int leaf = mem.readPte(Pte.pfn(rootEntry), vpn2);
        Integer pa = Pte.isValid(leaf) ? Pte.pfn(leaf) << 12 | offset : null;
        return new PageWalk(va, vpn1, vpn2, offset, on, asid, root, rootEntry, Pte.pfn(rootEntry), leaf, pa);
    }

    /** n words of memory from va (at most {@link #X_MAX_WORDS}; memory does not wrap around to address 0). */
    public Words words(int va, long n) {
        Words.Cut cut = Words.Cut.NONE;
        if (n > X_MAX_WORDS) {
            cut = Words.Cut.AT_MOST;
            n = X_MAX_WORDS;
        }
        target.forgetPeeks();
        List<Words.Word> rows = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            if (Integer.toUnsignedLong(va) + 4 * i + 3 > 0xFFFF_FFFFL) {
                cut = Words.Cut.END_OF_SPACE;
                break;
            }
            int at = va + (int) (4 * i);
            int word = 0;
            String source = null;
            boolean readable = true;
            for (int b = 3; b >= 0; b--) {
                Target.Peek p = target.peek(at + b);
                if (p.value() < 0) readable = false;
                if (p.source() != null) source = p.source();
                word = word << 8 | (p.value() & 0xFF);
            }
            rows.add(new Words.Word(at, readable ? word : null, source));
        }
        return new Words(rows, cut);
    }

    /** n instructions from va (at most {@link #DISAS_MAX}); it ends at the first byte that cannot be read. */
    public Disassembly disassembly(int va, long n) {
        boolean cut = n > DISAS_MAX;
        if (cut) n = DISAS_MAX;
        Flx image = target.image();
        Disassembler dis = new Disassembler(a -> image == null ? null : Symbols.label(image, a), target::syscallName);
        target.forgetPeeks();
        List<Disassembly.Line> lines = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            Target.Peek first = target.peek(va);
            if (first.value() < 0) {
                lines.add(new Disassembly.Line(va, false, null, first.source()));
                break;
            }
            int len = Opcode.lengthOf(first.value());
            byte[] bytes = new byte[6];
            boolean ok = true;
            for (int b = 0; b < len; b++) {
                int v = target.peek(va + b).value();
                if (v < 0) ok = false;
                bytes[b] = (byte) v;
            }
            Instruction insn = ok ? Instruction.decode(bytes, 0, len) : null;
            String text = insn == null ? Disassembler.illegal(first.value()) : dis.format(insn, va);
            lines.add(new Disassembly.Line(va, isCurrent(va), text, first.source()));
            // the kernel's listing goes on at the next byte after what it cannot decode; the bare one's past it
            va += insn == null && target.kind() == Kind.KERNEL ? 1 : len;
        }
        return new Disassembly(lines, cut);
    }

    /** Whether va is the instruction the program runs next (the kernel's ended machine has none). */
    private boolean isCurrent(int va) {
        return va == target.pc() && (target.kind() == Kind.BARE || !target.cpu().halted());
    }

    /** Where the program stopped and why: the source line, the instruction, the displays; null after the end. */
    public Stop stop(Stop.Reason reason, String why) {
        if (target.over()) return null;
        int pc = target.pc();
        String line = views.stopLine(pc);
        Disassembly.Line insn = disassembly(pc, 1).lines().get(0);
        return new Stop(reason, why, line, insn, views.displayLines());
    }

    /** The breakpoints, watchpoints and catchpoints set. */
    public StopPoints stopPoints() {
        return target.stopPoints();
    }

    /** Prints the stop points a target lists (info breakpoints). */
    void show(StopPoints points) {
        face.show(points);
    }

    /** A stop point as the terminal names it. */
    String describe(StopPoints.Point point) {
        return face.describe(point);
    }

    /** The stop the last running command showed (null before the first stop, or when the run ended). */
    public Stop lastStop() {
        return lastStop;
    }

    /** Shows a stop: why (when given), where, the displays. After the end only why. */
    void showStop(Stop.Reason reason, String why) {
        Stop s = stop(reason, why);
        lastStop = s;
        if (s == null) {
            if (why != null) out.println(why);
            return;
        }
        face.show(s);
    }

    // ------------------------------------------------------------------ commands over the views

    private void examine(String[] w) {
        if (typedFormat != null || w.length == 2 && !w[1].matches("[A-Za-z0-9_.]+(\\+[0-9a-fA-Fx]+)?")) {
            views.examine(typedFormat, typedRest);
            return;
        }
        if (w.length < 2) throw new IllegalArgumentException(target.kind() == Kind.BARE ? "x ADDR [N]"
                : "usage: x ADDR [N] | x/NFU EXPR");
        face.show(words(address(w[1]), count(w, 2, 1)));
    }

    private void disas(String[] w) {
        int va = w.length > 1 ? address(w[1]) : target.pc();
        face.show(disassembly(va, count(w, 2, 8)));
    }

    // ------------------------------------------------------------------ addresses

    /** {@code 0x00010000 <sym+off (file:line)>}. */
    String where(int va) {
        Flx image = target.image();
        String d = image == null ? "" : Symbols.describe(image, va);
        return hex(va) + (d.isEmpty() ? "" : " <" + d + ">");
    }

    /** ADDR (0x...), SYMBOL[+off], LINE (a bare number: a line of the program's source) or FILE:LINE. */
    int location(String spec) {
        return Commands.location(spec, target.image());
    }

    int address(String spec) {
        return Commands.address(spec, target.image());
    }

    static long count(String[] w, int index, long dflt) {
        return w.length > index ? Commands.count(w[index]) : dflt;
    }

    static String hex(int v) {
        return String.format("0x%08x", v);
    }

    /** What the gdb-style views read: the target's machine. */
    private final class ViewTarget implements Views.Target {
        @Override
        public int reg(int n) {
            return target.cpu().reg(n);
        }

        @Override
        public int pc() {
            return target.pc();
        }

        @Override
        public int csr(Csr c) {
            return target.cpu().csr(c);
        }

        @Override
        public int peekByte(int va) {
            return target.peek(va).value();
        }

        @Override
        public Flx image() {
            return target.image();
        }

        @Override
        public int stopPid() {
            return target.stopPid();
        }

        @Override
        public String where(int va) {
            return Engine.this.where(va);
        }

        @Override
        public void disassemble(int va, long n) {
            face.show(disassembly(va, n));
        }

        @Override
        public String gone() {
            return target.gone();
        }
    }
}
