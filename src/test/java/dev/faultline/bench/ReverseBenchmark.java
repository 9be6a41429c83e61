package dev.faultline.bench;

import dev.faultline.asm.AsmResult;
import dev.faultline.asm.Assembler;
import dev.faultline.cli.DebugMachines;
import dev.faultline.debug.TimeTravel;
import dev.faultline.kernel.Kernel;
import dev.faultline.kernel.KernelConfig;
import dev.faultline.kernel.KernelListener;
import dev.faultline.policy.Policy;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * How long {@code reverse-stepi} and {@code rewind fault} take after a long run, and what going back costs
 * in memory. For each bench program: run 10 million instructions in a debug session, then step back one
 * trap-level step at a time, several times, and back to the last fault three times, timing each; then
 * measure the heap the session holds beside the machine, and what its checkpoints hold. Run with
 * {@code bench/reverse [INSTRUCTIONS] [CHECKPOINT-INTERVAL]} (interval 0: none, replays from the start); the
 * figures are in bench/README.md. Not a test: timing only here.
 */
public final class ReverseBenchmark {
    private ReverseBenchmark() {}

    public static void main(String[] args) throws Exception {
        long instructions = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
        long every = args.length > 1 ? Long.parseLong(args[1]) : -1; // -1: the session's default
        System.out.println("checkpoints every " + (every < 0 ? "(default) " : every + " ") + "instructions");
        bench("sum_loop", 2048, 1024, instructions, every);
        bench("rmw_pages", 20000, 1024, instructions, every);
        bench("fork_cow", 40000, 1024, instructions, every);
        bench("thrash", 256, 4096, instructions, every);
        bench("reverse_swap", 256, 4096, instructions, every);
    }

    private static void bench(String name, int frames, int swap, long instructions, long every) throws Exception {
        AsmResult asm = Assembler.assembleFile(Path.of("bench", name + ".s"));
        if (!asm.ok()) throw new IllegalStateException(asm.formatDiagnostics());
        KernelConfig d = KernelConfig.defaults();
        KernelConfig cfg = new KernelConfig(frames, swap, null, Policy.clock(), d.seed(), d.tlbSize(), false, d.quantum(),
                d.maxProcs(), null, false);
        DebugMachines machines = new DebugMachines(cfg, asm.flx(), name + ".s", Set.of(), false);
        TimeTravel tt = new TimeTravel(machines, new ByteArrayInputStream(new byte[0]), OutputStream.nullOutputStream(),
                OutputStream.nullOutputStream(), null, null, null);
        if (every >= 0) tt.checkpointEvery(every);
        tt.start();
        tt.listen(new KernelListener() {
            @Override
            public boolean breakpoint(int pid, int pc) {
                return true;
            }
        });
        long t0 = System.nanoTime();
        tt.kernel().run(instructions);
        double forwardMs = (System.nanoTime() - t0) / 1e6;
        long reached = tt.kernel().cpu().instret();
        long residentBytes = usedFrames(tt.kernel()) * 4096L;
        long machineHeap = heapUsed();
        StringBuilder times = new StringBuilder();
        double worst = 0;
        for (int i = 0; i < 5; i++) {
            long s = System.nanoTime();
            tt.goTo(tt.previousStep());
            double ms = (System.nanoTime() - s) / 1e6;
            worst = Math.max(worst, ms);
            times.append(String.format(Locale.ROOT, " %.0f", ms));
        }
        StringBuilder faults = new StringBuilder();
        double worstFault = 0;
        for (int i = 0; i < 3; i++) {
            long s = System.nanoTime();
            var f = tt.lastFault();
            if (f == null) break;
            tt.goTo(f);
            double ms = (System.nanoTime() - s) / 1e6;
            worstFault = Math.max(worstFault, ms);
            faults.append(String.format(Locale.ROOT, " %.0f", ms));
        }
        long afterHeap = heapUsed();
        System.out.printf(Locale.ROOT, "%-12s %,d instructions forward in %.0f ms; reverse-stepi ms:%s (worst %.0f);"
                        + " rewind fault ms:%s (worst %.0f); guest resident %.1f MiB, heap with machine %.1f MiB,"
                        + " after going back %.1f MiB, checkpoints %d holding %.1f MiB%n",
                name, reached, forwardMs, times, worst, faults, worstFault, residentBytes / 1048576.0,
                machineHeap / 1048576.0, afterHeap / 1048576.0, tt.checkpointCount(), tt.checkpointBytes() / 1048576.0);
        tt.finish();
    }

    private static long usedFrames(Kernel k) {
        String line = k.stateDump().stream().filter(l -> l.startsWith("frames ")).findFirst().orElse("");
        String[] w = line.split(" ");
        return Long.parseLong(w[3]);
    }

    private static long heapUsed() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) System.gc();
        return rt.totalMemory() - rt.freeMemory();
    }
}
