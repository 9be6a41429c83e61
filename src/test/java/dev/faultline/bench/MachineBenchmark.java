package dev.faultline.bench;

import dev.faultline.machine.tier2.Tier2;
import dev.faultline.abi.Flx;
import dev.faultline.asm.AsmResult;
import dev.faultline.asm.Assembler;
import dev.faultline.kernel.Kernel;
import dev.faultline.machine.Machine;
import dev.faultline.kernel.KernelConfig;
import dev.faultline.machine.Tier;
import dev.faultline.trace.Tracer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Steady-state costs of the machine and the kernel, measured warm (bench/run measures whole runs, JIT
 * warm-up included). Each benchmark boots a kernel and runs one small program to its end; the score is
 * the time per run, so instructions or faults per second follow from the counts in the comments.
 * Run with {@code bench/jmh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MachineBenchmark {
    /** 3 x 1,000,000 + 4 instructions: addi, addi, bne. */
    private static final String SPIN = """
            _start: li    t1, 1000000
            loop:   addi  t0, t0, 1
                    addi  t1, t1, -1
                    bne   t1, zero, loop
                    li    a0, 0
                    sys   exit
            """;

    /** About 5.2 M instructions: lw/add/addi/bne over 16 KiB, 256 passes (4 demand-zero faults). */
    private static final String SUM = """
                    .text
            _start: li    s1, 256
            pass:   la    t0, data
                    li    t1, data + 4096 * 4
            loop:   lw    t2, 0(t0)
                    add   s0, s0, t2
                    addi  t0, t0, 4
                    bne   t0, t1, loop
                    addi  s1, s1, -1
                    bnez  s1, pass
                    li    a0, 0
                    sys   exit
                    .bss
            data:   .space 4096 * 4
            """;

    /** 4096 demand-zero faults, then munmap: the fault path and area teardown. */
    private static final String FAULTS = """
            _start: li    a0, 0
                    li    a1, 4096 * PAGE_SIZE
                    li    a2, PROT_READ | PROT_WRITE
                    li    a3, MAP_PRIVATE | MAP_ANONYMOUS
                    li    a4, -1
                    li    a5, 0
                    sys   mmap
                    mov   t0, a0
                    li    t1, 4096 * PAGE_SIZE
                    add   t1, t1, a0
            touch:  sw    t0, 0(t0)
                    addi  t0, t0, PAGE_SIZE
                    bne   t0, t1, touch
                    li    a0, 0
                    sys   exit
            """;

    /** 1024 pages in 256 frames, 8 passes: about 8,000 swap-ins, each with the eviction it needs. */
    private static final String THRASH = """
                    .text
            _start: li    s1, 8
            pass:   la    t0, buf
                    li    t1, buf + 1024 * PAGE_SIZE
            loop:   lw    t2, 0(t0)
                    addi  t2, t2, 1
                    sw    t2, 0(t0)
                    addi  t0, t0, PAGE_SIZE
                    bne   t0, t1, loop
                    addi  s1, s1, -1
                    bnez  s1, pass
                    li    a0, 0
                    sys   exit
                    .bss
            buf:    .space 1024 * PAGE_SIZE
            """;

    /** 4 x 1024 x 64 + about 10 instructions: one word per page over 4 MiB, so every load misses the TLB. */
    private static final String STRIDE = """
                    .text
            _start: li    s1, 64
            pass:   la    t0, data
                    li    t1, data + 1024 * PAGE_SIZE
            loop:   lw    t2, 0(t0)
                    add   s0, s0, t2
                    addi  t0, t0, PAGE_SIZE
                    bne   t0, t1, loop
                    addi  s1, s1, -1
                    bnez  s1, pass
                    li    a0, 0
                    sys   exit
                    .bss
            data:   .space 1024 * PAGE_SIZE
            """;

    /** The execution tier (docs/tier.md): the interpreter alone, or with hot code translated. */
    @Param({"interp", "auto"})
    public String tier;

    private Flx spin, sum, faults, thrash, stride;

    @Setup
    public void assemble() {
        spin = flx("spin.s", SPIN);
        sum = flx("sum.s", SUM);
        faults = flx("faults.s", FAULTS);
        thrash = flx("thrash.s", THRASH);
        stride = flx("stride.s", STRIDE);
    }

    private static Flx flx(String name, String text) {
        AsmResult r = Assembler.assembleString(name, text);
        if (!r.ok()) throw new IllegalStateException(r.formatDiagnostics());
        return r.flx();
    }

    private long run(Flx image, KernelConfig cfg) throws IOException {
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        Kernel kernel = new Kernel(Machine.build(cfg.frames(), cfg.tlbSize(), cfg.softwareRefill()), cfg, Tracer.off(), new ByteArrayInputStream(new byte[0]), quiet, quiet);
        kernel.cpu().setTier(Tier.byName(tier), Tier2.MAKER);
        String problem = kernel.boot(image, "bench");
        if (problem != null) throw new IllegalStateException(problem);
        kernel.run(Long.MAX_VALUE);
        return kernel.cpu().instret();
    }

    @Benchmark
    public long dispatchSpin() throws IOException {
        return run(spin, KernelConfig.defaults());
    }

    @Benchmark
    public long dispatchSum() throws IOException {
        return run(sum, KernelConfig.defaults());
    }

    @Benchmark
    public long strideTlbMisses() throws IOException {
        return run(stride, KernelConfig.defaults().withFrames(2048));
    }

    @Benchmark
    public long demandZeroFaults() throws IOException {
        return run(faults, KernelConfig.defaults().withFrames(5000));
    }

    @Benchmark
    public long swapIns() throws IOException {
        return run(thrash, KernelConfig.defaults());
    }
}
