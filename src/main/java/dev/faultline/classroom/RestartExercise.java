package dev.faultline.classroom;

import dev.faultline.isa.Reg;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@code exercise restart}: a short program with one interesting faulting instruction (a store straddling
 * two pages, a {@code copy} stopped midway, an {@code xchg} on a copy-on-write page, a store into a
 * read-only page caught by a SIGSEGV handler). The answers are the trap, fault, signal and restart records
 * of the run on Faultline's kernel, and what memory held when the trap was taken ({@link KernelRun}).
 */
final class RestartExercise {
    private RestartExercise() {}

    static Problem make(SplittableRandom r) {
        return switch (r.nextInt(4)) {
            case 0 -> straddle(r);
            case 1 -> copy(r);
            case 2 -> xchg(r);
            default -> readOnly(r);
        };
    }

    private static final String INTRO = "The program below runs as process 1 under Faultline's kernel (default"
            + " options). `data` is .bss: each page is untouched until the program touches it. A trap leaves the"
            + " trapping instruction as if it had not run (no register, no byte of memory changed), except copy,"
            + " which may stop after some bytes with its registers saying how far it got. ";

    private static Problem straddle(SplittableRandom r) {
        int k = 1 + r.nextInt(3);
        int value = 0x10000000 | r.nextInt(0x0FFFFFFF);
        int old = 0x01000000 * (1 + r.nextInt(120)) | r.nextInt(0xFFFFFF);
        String src = "        .text\n_start: la    s0, data\n"
                + String.format("        li    t1, 0x%08x%n        sw    t1, 4092(s0)       ; page 0 touched%n", old)
                + String.format("        li    t0, 0x%08x%nst:     sw    t0, %d(s0)       ; bytes in pages 0 and 1%n",
                        value, 4096 - k)
                + "        lw    a0, 4096(s0)\n        andi  a0, a0, 255\n        sys   exit\n\n"
                + "        .bss\ndata:   .space 2 * PAGE_SIZE\n";
        KernelRun run = KernelRun.watching(src, "data", 4096 - k);
        Problem p = program("A store across a page boundary", INTRO + "The store at `st` writes 4 bytes starting "
                + k + " byte(s) before the end of page 0; page 1 has not been touched.", src);
        trapQuestions(p, run, "st");
        p.ask("What do the four bytes at data+" + (4096 - k) + " hold when the trap is taken? (hex, lowest address"
                + " first; -- for a byte whose page is not mapped)", trapAt(run, "st").bytes());
        restartQuestions(p, run);
        p.ask("What status does the program exit with?", Integer.toString(run.status));
        return p;
    }

    private static Problem copy(SplittableRandom r) {
        int k = 1 + r.nextInt(3);
        int n = k + 2 + r.nextInt(5);
        String src = "        .text\n_start: la    s0, data\n"
                + "        li    t0, 0x44332211\n        sw    t0, 0(s0)          ; source bytes 11 22 33 44\n"
                + "        li    t0, 0x88776655\n        sw    t0, 4(s0)          ; then 55 66 77 88\n"
                + "        sw    zero, " + (8192 - 4) + "(s0)       ; page 1 touched\n"
                + "        mov   a1, s0             ; from data\n"
                + "        addi  a0, s0, " + (8192 - k) + "       ; to " + k + " byte(s) before page 2\n"
                + "        li    a2, " + n + "\n"
                + "cp:     copy  a0, a1, a2\n"
                + "        lb    a0, " + (8192 - k) + "(s0)\n        sys   exit\n\n"
                + "        .bss\ndata:   .space 3 * PAGE_SIZE\n";
        KernelRun run = KernelRun.watching(src, "data", 8192 - k);
        Problem p = program("copy stopped midway", INTRO + "`copy d, a, b` copies b bytes from a to d, one byte"
                + " at a time, lowest first; after each byte d and a go up by one and b down by one. Page 2 of"
                + " data has not been touched.", src);
        trapQuestions(p, run, "cp");
        KernelRun.TrapView t = trapAt(run, "cp");
        p.ask("What do a0, a1 and a2 hold when the trap is taken?", String.format("a0=0x%08x a1=0x%08x a2=%d",
                t.regs()[Reg.A0], t.regs()[Reg.A1], t.regs()[Reg.A2]));
        p.ask("What do the four bytes at data+" + (8192 - k) + " hold then? (hex, lowest address first; -- for a"
                + " byte whose page is not mapped)", t.bytes());
        restartQuestions(p, run);
        return p;
    }

    private static Problem xchg(SplittableRandom r) {
        int off = 4 * r.nextInt(1024);
        int before = 1 + r.nextInt(100);
        int mine = 101 + r.nextInt(100);
        String src = "        .text\n_start: la    s0, data\n"
                + "        li    t0, " + before + "\n        sw    t0, " + off + "(s0)\n"
                + "        sys   fork\n        bnez  a0, parent\n"
                + "        addi  t2, s0, " + off + "\n        li    t1, " + mine + "\n"
                + "xc:     xchg  t1, (t2)           ; the child swaps\n"
                + "        lw    a0, " + off + "(s0)\n        add   a0, a0, t1\n        sys   exit\n"
                + "parent: li    a0, 0\n        sys   wait\n        lw    a0, " + off + "(s0)\n        sys   exit\n\n"
                + "        .bss\ndata:   .space PAGE_SIZE\n";
        KernelRun run = KernelRun.watching(src, "data", off);
        Problem p = program("xchg on a copy-on-write page", INTRO + "After fork every written page is shared"
                + " read-only and copy-on-write; the child (pid 2) runs while the parent waits. xchg reads and"
                + " writes its word in one step.", src);
        List<KernelRun.TrapView> child = new ArrayList<>();
        for (KernelRun.TrapView t : run.traps) {
            if (t.pid() == 2) child.add(t);
        }
        KernelRun.TrapView t = child.get(0);
        p.ask("The child's xchg traps: with what cause, EPC and TVAL?", trap(run, t));
        p.ask("What kind of fault is it?", kindAt(run, t));
        p.ask("What does the word at data+" + off + " hold (its bytes, lowest address first) when it traps?",
                t.bytes());
        restartQuestions(p, run);
        String childStatus = "?", parentStatus = "?";
        for (KernelRun.Rec e : run.all("exit")) {
            if (e.pid() == 2) childStatus = e.str("status");
            if (e.pid() == 1) parentStatus = e.str("status");
        }
        p.ask("What status does the child exit with, and the parent?", "child " + childStatus + ", parent "
                + parentStatus);
        return p;
    }

    private static Problem readOnly(SplittableRandom r) {
        int off = 4 * r.nextInt(1024);
        int before = 1 + r.nextInt(100);
        int after = 101 + r.nextInt(100);
        String src = "        .text\n_start: la    s0, data\n"
                + "        li    t0, " + before + "\n        sw    t0, " + off + "(s0)\n"
                + "        mov   a0, s0\n        li    a1, PAGE_SIZE\n        li    a2, PROT_READ\n"
                + "        sys   mprotect           ; the page is read-only now\n"
                + "        li    a0, SIGSEGV\n        la    a1, handler\n        sys   sigaction\n"
                + "        li    t0, " + after + "\n"
                + "st:     sw    t0, " + off + "(s0)\n"
                + "        lw    a0, " + off + "(s0)\n        sys   exit\n\n"
                + "handler:                         ; a0 = signal, a1 = TVAL, a2 = CAUSE\n"
                + "        andi  a0, a1, -4096\n        li    a1, PAGE_SIZE\n"
                + "        li    a2, PROT_READ + PROT_WRITE\n        sys   mprotect\n        sys   sigreturn\n\n"
                + "        .bss\ndata:   .space PAGE_SIZE\n";
        KernelRun run = KernelRun.watching(src, "data", off);
        Problem p = program("A store into a read-only page, with a SIGSEGV handler", INTRO + "The handler makes"
                + " the page writable again and returns with sigreturn, to the pc saved in its signal frame.", src);
        KernelRun.TrapView t = trapAt(run, "st");
        p.ask("The store at st traps: with what cause, EPC and TVAL?", trap(run, t));
        p.ask("What kind of fault does the kernel find, and what does it do?", kindAt(run, t) + ", "
                + signalAt(run));
        p.ask("What do a1 and a2 hold when the handler starts?", handlerArgs(run));
        p.ask("What does the word at data+" + off + " hold (its bytes, lowest address first) when the trap is"
                + " taken?", t.bytes());
        restartQuestions(p, run);
        p.ask("What status does the program exit with?", Integer.toString(run.status));
        return p;
    }

    private static Problem program(String title, String intro, String src) {
        Problem p = new Problem(title, intro);
        p.given("Program", List.of(src.split("\n")));
        return p;
    }

    /** The first page-fault trap of the instruction at label. */
    private static KernelRun.TrapView trapAt(KernelRun run, String label) {
        for (KernelRun.TrapView v : run.traps) {
            if (run.where(v.epc()).equals(label)) return v;
        }
        throw new IllegalStateException("RestartExercise: no trap at " + label);
    }

    private static void trapQuestions(Problem p, KernelRun run, String label) {
        KernelRun.TrapView t = trapAt(run, label);
        p.ask("Which instruction traps, with what cause, EPC and TVAL?", trap(run, t));
        p.ask("What kind of fault does the kernel find?", kindAt(run, t));
    }

    private static String trap(KernelRun run, KernelRun.TrapView t) {
        return String.format("%s: %s, EPC=0x%08x, TVAL=0x%08x", run.where(t.epc()), t.cause().traceName(), t.epc(),
                t.tval());
    }

    /** The kind the kernel's fault record gives for the trap t. */
    private static String kindAt(KernelRun run, KernelRun.TrapView t) {
        for (KernelRun.Rec f : run.all("fault")) {
            if (f.pid() == t.pid() && f.addr("pc") == t.epc() && f.addr("addr") == t.tval()) return f.str("kind");
        }
        return "none";
    }

    private static String signalAt(KernelRun run) {
        for (KernelRun.Rec s : run.all("signal")) {
            return "signal " + s.fields().get("sig") + " (SIGSEGV) code " + s.str("code") + ", action "
                    + s.str("action");
        }
        return "no signal";
    }

    private static String handlerArgs(KernelRun run) {
        for (KernelRun.Rec s : run.all("signal")) {
            for (KernelRun.Rec t : run.all("trap")) {
                if (t.t() == s.t() && t.addr("pc") == s.addr("pc") && !t.str("cause").equals("syscall")) {
                    return String.format("a1=0x%08x (TVAL), a2=%d (CAUSE %s)", t.addr("tval"),
                            dev.faultline.isa.TrapCause.valueOf(t.str("cause").toUpperCase(java.util.Locale.ROOT)).code(),
                            t.str("cause"));
                }
            }
        }
        return "?";
    }

    /** Which instruction runs again, from the restart records of the user's own faults. */
    private static void restartQuestions(Problem p, KernelRun run) {
        List<String> again = new ArrayList<>();
        for (KernelRun.Rec rs : run.all("restart")) {
            String at = run.where(rs.addr("pc"));
            if (at.matches("st|cp|xc")) again.add("pid " + rs.pid() + " " + at);
        }
        p.ask("After the kernel has dealt with it, which labelled instruction runs again, and how many times is it"
                + " restarted?", again.isEmpty() ? "none" : again.get(0).replaceFirst("^pid \\d+ ", "") + ", "
                + again.size() + " restart(s)", again);
    }
}
