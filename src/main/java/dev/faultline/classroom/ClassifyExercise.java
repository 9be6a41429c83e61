package dev.faultline.classroom;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@code exercise classify}: a generated program and its run's fault records with their kinds taken out; the
 * student names each kind (demand-zero, file, swap-in, cow, cow-reuse, stack-grow, segv, ...) and says
 * whether it was minor or major. The answers are the kernel's own fault records ({@link KernelRun}).
 */
final class ClassifyExercise {
    private ClassifyExercise() {}

    static Problem make(SplittableRandom r) {
        int pages = 3 + r.nextInt(4);
        int frames = new int[] {10, 12, 64}[r.nextInt(3)];
        boolean stack = r.nextBoolean();
        boolean fork = r.nextInt(3) > 0;
        boolean segv = fork && r.nextBoolean();
        StringBuilder src = new StringBuilder();
        src.append("        .text\n_start: la    s0, table\n");
        src.append("rd:     lw    t0, 0(s0)          ; .data comes from the executable file\n");
        src.append("        la    s1, buf\n        li    t2, 0\n");
        src.append("fill:   shli  t1, t2, 12\n        add   t1, s1, t1\n");
        src.append("wr:     sw    t0, 0(t1)          ; page t2 of buf\n");
        src.append("        addi  t2, t2, 1\n        li    t3, ").append(pages).append('\n');
        src.append("        blt   t2, t3, fill\n");
        src.append("again:  lw    t0, 0(s1)          ; buf's first page again\n");
        if (stack) {
            int below = 1 + r.nextInt(2);
            src.append("        addi  t1, sp, -").append(below * 4096).append('\n');
            src.append("deep:   sw    t0, 0(t1)          ; ").append(below).append(" page(s) below sp\n");
        }
        if (fork) {
            src.append("        sys   fork\n        bnez  a0, parent\n");
            src.append("child:  sw    t0, 4(s1)          ; the child writes buf's first page\n");
            if (segv) src.append("bad:    lw    t0, 0(zero)        ; a null pointer\n");
            src.append("        li    a0, 0\n        sys   exit\n");
            src.append("parent: li    a0, 0\n        sys   wait\n");
            src.append("back:   sw    t0, 8(s1)          ; the parent writes it after the child is gone\n");
        }
        src.append("        li    a0, 0\n        sys   exit\n\n");
        src.append("        .data\ntable:  .word 1, 2, 3\n\n        .bss\nbuf:    .space ").append(pages)
                .append(" * PAGE_SIZE\n");
        String source = src.toString();
        KernelRun run = KernelRun.of(source, frames);

        Problem p = new Problem("Classify the faults", "The program below ran as process 1 under Faultline's kernel"
                + " with --frames " + frames + " (page tables use frames too) and the clock policy. Below are the"
                + " page faults its run took, in order, with their kinds left out. For each, say what the kernel"
                + " found: demand-zero (first touch of an anonymous page), file (a page of the executable),"
                + " swap-in (a page that had gone to swap), cow or cow-reuse (a store to a copy-on-write page,"
                + " copied or not), stack-grow (just below the stack), segv (no area allows it) or bus; and"
                + " whether it was minor or major (major = it had to wait for a disk read).");
        p.given("Program", List.of(source.split("\n")));
        List<String> faults = new ArrayList<>();
        List<KernelRun.Rec> records = run.all("fault");
        for (int i = 0; i < records.size(); i++) {
            KernelRun.Rec f = records.get(i);
            faults.add(String.format("%2d  t=%-5d pid %d  %-5s addr 0x%08x  pc %s (%s)", i + 1, f.t(), f.pid(),
                    f.str("access"), f.addr("addr"), String.format("0x%08x", f.addr("pc")), run.where(f.addr("pc")))
                    + ("kernel".equals(f.str("by")) ? "  by the kernel" : ""));
        }
        p.given("Faults", faults);
        for (int i = 0; i < records.size(); i++) {
            KernelRun.Rec f = records.get(i);
            String kind = f.str("kind");
            boolean major = Boolean.TRUE.equals(f.fields().get("major"));
            String weight = kind.equals("segv") || kind.equals("bus") || kind.equals("spurious") ? "neither"
                    : major ? "major" : "minor";
            p.ask("Fault " + (i + 1) + ": which kind, minor or major?", kind + ", " + weight);
        }
        return p;
    }
}
