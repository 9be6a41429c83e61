package dev.faultline.classroom;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@code exercise fork}: a short generated program that writes some pages, forks, and has the child and then
 * the parent write and read again. The answers (exit statuses, the fault each labelled access takes, the
 * copies and reuses) are the trace records of the run on Faultline's kernel ({@link KernelRun}).
 */
final class ForkExercise {
    private ForkExercise() {}

    static final int PAGES = 4;

    static Problem make(SplittableRandom r) {
        StringBuilder src = new StringBuilder();
        src.append("        .text\n_start: la    s0, data\n");
        boolean any = false;
        for (int page = 0; page < PAGES; page++) {
            if (r.nextInt(3) == 0 && (any || page < PAGES - 1)) continue;
            any = true;
            src.append(String.format("        li    t0, %d%n        sw    t0, %d(s0)        ; page %d%n",
                    10 + r.nextInt(90), page * 4096, page));
        }
        src.append("        sys   fork\n        bnez  a0, parent\n");
        List<String> labels = new ArrayList<>();
        accesses(r, src, "c", labels);
        src.append("        sys   exit\nparent: li    a0, 0\n        sys   wait\n");
        accesses(r, src, "p", labels);
        src.append("        sys   exit\n\n        .bss\ndata:   .space ").append(PAGES).append(" * PAGE_SIZE\n");
        String source = src.toString();
        KernelRun run = KernelRun.of(source);

        Problem p = new Problem("fork and copy-on-write", "The program below runs as process 1 under Faultline's"
                + " kernel (default options). `data` is " + PAGES + " pages of .bss, each untouched until the"
                + " program touches it. fork copies no page: both processes share every frame, read-only and marked"
                + " copy-on-write; the child (pid 2) runs while the parent waits for it. A store to a shared"
                + " copy-on-write page copies it (kind cow) unless no other process still uses the frame, when the"
                + " page is just made writable again (cow-reuse); a first touch of a page never written is a"
                + " demand-zero fault. Each process exits with the value in a0.");
        p.given("Program", List.of(source.split("\n")));
        Map<Integer, String> exits = new LinkedHashMap<>();
        for (KernelRun.Rec e : run.all("exit")) exits.put(e.pid(), e.str("status"));
        p.ask("What status does the child (pid 2) exit with?", exits.getOrDefault(2, "?"));
        p.ask("What status does the parent (pid 1) exit with?", exits.getOrDefault(1, "?"));
        long forkAt = run.all("fork").get(0).t();
        Map<String, String> kindOf = new LinkedHashMap<>();
        for (String l : labels) kindOf.put(l, "no fault");
        List<String> working = new ArrayList<>();
        int copies = 0, reuses = 0, major = 0;
        for (KernelRun.Rec f : run.all("fault")) {
            if (f.t() < forkAt) continue;
            String at = run.where(f.addr("pc"));
            String kind = f.str("kind");
            if (kindOf.containsKey(at)) kindOf.put(at, kind);
            working.add(String.format("pid %d %s at 0x%08x (%s): %s, %s", f.pid(), f.str("access"), f.addr("addr"), at,
                    kind, Boolean.TRUE.equals(f.fields().get("major")) ? "major" : "minor"));
            if (kind.equals("cow")) copies++;
            if (kind.equals("cow-reuse")) reuses++;
            if (Boolean.TRUE.equals(f.fields().get("major"))) major++;
        }
        StringBuilder faults = new StringBuilder();
        kindOf.forEach((l, k) -> faults.append(faults.length() == 0 ? "" : ", ").append(l).append(": ").append(k));
        p.ask("For each labelled access after the fork, what fault does it take (cow, cow-reuse, demand-zero, or"
                + " no fault)?", faults.toString(), working);
        p.ask("How many copy-on-write copies and how many reuses does the run make?", copies + " copies, " + reuses
                + " reuses");
        p.ask("How many of the faults after the fork are major (need a disk read)?", Integer.toString(major));
        return p;
    }

    /** Two or three labelled stores and loads of random pages, ending with a load into a0. */
    private static void accesses(SplittableRandom r, StringBuilder src, String prefix, List<String> labels) {
        int n = 1 + r.nextInt(2);
        for (int i = 1; i <= n; i++) {
            int page = r.nextInt(PAGES);
            String label = prefix + i;
            labels.add(label);
            if (r.nextInt(3) > 0) {
                src.append(String.format("        li    t0, %d%n%-7s sw    t0, %d(s0)        ; page %d%n",
                        100 + r.nextInt(100), label + ":", page * 4096, page));
            } else {
                src.append(String.format("%-7s lw    t1, %d(s0)        ; page %d%n", label + ":", page * 4096, page));
            }
        }
        int page = r.nextInt(PAGES);
        String label = prefix + (n + 1);
        labels.add(label);
        src.append(String.format("%-7s lw    a0, %d(s0)        ; page %d%n", label + ":", page * 4096, page));
    }
}
