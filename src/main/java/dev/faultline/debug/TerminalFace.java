package dev.faultline.debug;

import dev.faultline.debug.Target.Kind;
import dev.faultline.debug.view.Csrs;
import dev.faultline.debug.view.Disassembly;
import dev.faultline.debug.view.Areas;
import dev.faultline.debug.view.Frames;
import dev.faultline.debug.view.Listing;
import dev.faultline.debug.view.PageTable;
import dev.faultline.debug.view.Processes;
import dev.faultline.debug.view.Registers;
import dev.faultline.debug.view.Stop;
import dev.faultline.debug.view.SwapSlots;
import dev.faultline.debug.view.StopPoints;
import dev.faultline.debug.view.TlbEntries;
import dev.faultline.debug.view.TrapFrame;
import dev.faultline.debug.view.View;
import dev.faultline.debug.view.Words;
import dev.faultline.isa.Csr;
import dev.faultline.isa.Reg;
import dev.faultline.isa.TrapCause;
import dev.faultline.machine.Console;
import dev.faultline.machine.Pte;
import java.io.PrintStream;
import java.util.Locale;

/**
 * The debugger's terminal face: prints the engine's views as the debugger's text (docs/cli.md). Where the
 * kernel's and the bare machine's debuggers have always worded a view differently, each keeps its wording
 * ({@link Kind}): the bare machine's CSRs say what the program set (interrupts, paging) because its program
 * is the kernel, and its TLB names frames outside RAM.
 */
final class TerminalFace {
    private final PrintStream out;
    private final Kind kind;

    TerminalFace(PrintStream out, Kind kind) {
        this.out = out;
        this.kind = kind;
    }

    void show(Registers r) {
        for (int i = 0; i < 16; i += 4) {
            StringBuilder sb = new StringBuilder();
            for (int j = i; j < i + 4; j++) {
                sb.append(String.format("%-4s %-5s 0x%08x   ", "r" + j, Reg.name(j), r.values().get(j)));
            }
            out.println(sb.toString().stripTrailing());
        }
        out.println("pc   " + r.pcAt());
    }

    void show(Csrs csrs) {
        for (Csrs.Row row : csrs.rows()) {
            Csr c = row.csr();
            int v = row.value();
            String note = "";
            if (c == Csr.CAUSE && TrapCause.of(v) != null) note = "  (" + TrapCause.of(v).traceName() + ")";
            if (c == Csr.STATUS) {
                note = "  (" + ((v & Csr.STATUS_M) != 0 ? "kernel" : "user") + " mode" + (kind == Kind.BARE
                        ? ", interrupts " + ((v & Csr.STATUS_IE) != 0 ? "on" : "off") : "") + ")";
            }
            if (c == Csr.PTBR && kind == Kind.BARE) note = "  (paging " + ((v & Csr.PTBR_ENABLE) != 0 ? "on" : "off") + ")";
            out.println(String.format("%-8s 0x%08x%s", c.name().toLowerCase(Locale.ROOT), v, note));
        }
    }

    void show(TrapFrame f) {
        out.println("pc      " + f.pcAt());
        out.println(String.format("cause   0x%08x  (%s)", f.cause(), f.causeName() == null ? "no trap cause"
                : f.causeName()));
        out.println("epc     " + f.epcAt() + "  (where the last trap was taken, or where sret returns)");
        out.println(String.format("tval    0x%08x  (%s)", f.tval(), f.tvalMeans()));
        out.println(String.format("status  0x%08x  (%s mode, interrupts %s)", f.status(),
                f.kernelMode() ? "kernel" : "user", f.interruptsOn() ? "on" : "off"));
        out.println(String.format("sp      0x%08x", f.sp()));
    }

    void show(Words words) {
        if (words.cut() == Words.Cut.AT_MOST) {
            out.println("x shows at most " + Engine.X_MAX_WORDS + " words at once; showing " + Engine.X_MAX_WORDS);
        }
        for (Words.Word w : words.rows()) {
            if (kind == Kind.BARE) {
                out.println(String.format("0x%08x  %s", w.address(), w.value() != null ? hex(w.value())
                        : "(" + w.source() + ")"));
            } else {
                out.println(String.format("0x%08x  %s%s", w.address(), w.value() != null ? hex(w.value())
                        : "(unreadable)", w.source() != null ? "  (" + w.source() + ")" : ""));
            }
        }
        if (words.cut() == Words.Cut.END_OF_SPACE) out.println("x stops at 0xffffffff, the end of the address space");
    }

    void show(Disassembly d) {
        if (d.cut()) {
            out.println("disas shows at most " + Engine.DISAS_MAX + " instructions at once; showing " + Engine.DISAS_MAX);
        }
        for (Disassembly.Line line : d.lines()) show(line);
    }

    private void show(Disassembly.Line line) {
        if (line.text() == null) {
            out.println(String.format(kind == Kind.BARE ? "0x%08x  (%s)" : "   0x%08x  (%s)", line.address(),
                    line.source()));
            return;
        }
        out.println(String.format("%s 0x%08x  %s%s", line.current() ? "=>" : "  ", line.address(), line.text(),
                line.source() != null ? "    (" + line.source() + ")" : ""));
    }

    void show(TlbEntries t) {
        if (kind == Kind.BARE) {
            out.println("TLB: " + t.size() + " entries" + (t.softwareRefill() ? ", software refill" : ", hardware refill"));
            for (TlbEntries.Entry e : t.entries()) {
                out.println(String.format("  [%d] va 0x%08x asid %d -> %s%s", e.slot(), e.va(), e.asid(),
                        Pte.describe(e.pte()), frameNote(e.pte(), t.ramFrames())));
            }
            if (t.entries().isEmpty()) out.println("  (empty)");
            return;
        }
        out.println(String.format("%d entries, %d hits, %d misses", t.size(), t.hits(), t.misses()));
        for (TlbEntries.Entry e : t.entries()) {
            out.println(String.format("  [%3d] asid %d 0x%08x -> %s", e.slot(), e.asid(), e.va(), Pte.describe(e.pte())));
        }
    }

    /** " (the console)" or " (outside RAM)" for a valid PTE whose frame is not RAM. */
    private static String frameNote(int pte, int ramFrames) {
        if (!Pte.isValid(pte)) return "";
        if (Pte.pfn(pte) == Console.PFN) return " (the console)";
        return Pte.pfn(pte) >= ramFrames ? " (outside RAM)" : "";
    }

    void show(StopPoints sp) {
        if (sp.points().isEmpty()) {
            out.println(kind == Kind.BARE ? "no breakpoints or catchpoints" : "no breakpoints, watchpoints or catchpoints");
        }
        for (StopPoints.Point p : sp.points()) {
            out.println(p.number() > 0 ? String.format("%-3d %s", p.number(), describe(p)) : describe(p));
        }
    }

    /** "breakpoint 2 at 0x... <...>", "watchpoint 3 on the PTE of page 0x... in pid 1", "catch trap". */
    String describe(StopPoints.Point p) {
        String n = p.number() > 0 ? p.number() + " " : "";
        return switch (p.kind()) {
            case BREAK -> (p.temporary() ? "temporary breakpoint " : "breakpoint ") + n + "at " + p.at();
            case WATCH -> "watchpoint " + n + "on the word at " + hex(p.address()) + " in pid " + p.pid();
            case WATCH_PTE -> "watchpoint " + n + "on the PTE of page " + hex(p.address()) + " in pid " + p.pid();
            case CATCH -> p.number() > 0 ? "catchpoint " + p.number() + ": " + p.catches() : "catch " + p.catches();
        };
    }

    void show(Listing listing) {
        for (String l : listing.lines()) out.println(l);
    }

    /** The kernel's views and the page tables, whichever record the target answered with. */
    void show(View v) {
        if (v instanceof Frames f) show(f);
        else if (v instanceof Areas a) show(a);
        else if (v instanceof Processes p) show(p);
        else if (v instanceof SwapSlots s) show(s);
        else if (v instanceof PageTable t) show(t);
        else if (v instanceof Listing l) show(l);
        else throw new IllegalStateException("no text for the view " + v.getClass().getSimpleName());
    }

    void show(Frames f) {
        out.println(String.format("%d frames, %d used (peak %d), %d free", f.total(), f.used(), f.peak(), f.free()));
        for (Frames.Frame fr : f.frames()) {
            String use = switch (fr.use()) {
                case PAGE_TABLE -> "page table";
                case FILE -> "page cache " + fr.file() + " page " + fr.filePage();
                case ANONYMOUS -> "anonymous";
            };
            StringBuilder owners = new StringBuilder();
            for (Frames.Mapper m : fr.mappers()) owners.append(String.format(" pid %d @0x%08x", m.pid(), m.va()));
            out.println(String.format(Locale.ROOT, "  frame %4d  refs %d  %s%s%s", fr.pfn(), fr.refs(), use,
                    fr.swapSlot() >= 0 ? " (swap cache slot " + fr.swapSlot() + ")" : "", owners));
        }
    }

    void show(Areas a) {
        for (Areas.Area v : a.areas()) {
            out.println(String.format("%08x-%08x %s %-9s %s", v.start(), v.end(), v.perms(), v.role(),
                    v.file() != null ? v.file() + " @page " + v.filePage() : "").stripTrailing());
        }
        out.println(String.format("brk 0x%08x (heap from 0x%08x), %d pages resident", a.brk(), a.brkStart(), a.resident()));
    }

    void show(Processes ps) {
        if (ps.processes().isEmpty()) out.println("no processes: the program has exited with status " + ps.exitStatus());
        for (Processes.Proc p : ps.processes()) {
            out.println(String.format("  pid %-3d ppid %-3d %-8s pc 0x%08x  resident %d%s", p.pid(), p.ppid(), p.state(),
                    p.pc(), p.resident(), p.running() ? "  (running)" : ""));
        }
    }

    void show(SwapSlots s) {
        if (!s.device()) {
            out.println("no swap device");
            return;
        }
        out.println(String.format("%d slots, %d in use", s.slots(), s.inUse()));
        for (SwapSlots.Slot slot : s.used()) {
            out.println(String.format("  slot %4d  refs %d%s", slot.slot(), slot.refs(),
                    slot.cacheFrame() >= 0 ? "  cached in frame " + slot.cacheFrame() : ""));
        }
    }

    void show(PageTable pt) {
        out.println(String.format("root table in frame %d, asid %d", pt.rootFrame(), pt.asid()));
        out.println("bits: r read, w write, x execute, u user, a accessed, d dirty, cow copy-on-write; '-' = clear;"
                + " swap slot N = swapped out");
        for (PageTable.Table t : pt.tables()) {
            out.println(String.format("second-level table for 0x%08x-0x%08x in frame %d", t.rootIndex() << 22,
                    (t.rootIndex() << 22) + 0x3FFFFF, t.frame()));
            for (PageTable.Entry e : t.entries()) {
                out.println(String.format("  0x%08x  pte 0x%08x  %s", e.va(), e.pte(), Pte.describe(e.pte())));
            }
        }
        Integer va = pt.only();
        if (va != null && pt.tables().isEmpty()) {
            out.println(String.format("0x%08x: not mapped: no second-level table for 0x%08x-0x%08x (root entry %d is"
                    + " empty)", va, va & 0xFFC00000, (va & 0xFFC00000) + 0x3FFFFF, va >>> 22));
        }
    }

    void show(Stop s) {
        if (s.why() != null) out.println(s.why());
        if (s.sourceLine() != null) out.println(s.sourceLine());
        show(s.instruction());
        for (String d : s.displays()) out.println(d);
    }

    private static String hex(int v) {
        return String.format("0x%08x", v);
    }
}
