package dev.faultline.studio;

import dev.faultline.abi.Flx;
import dev.faultline.abi.Symbols;
import dev.faultline.asm.AsmResult;
import dev.faultline.asm.Assembler;
import dev.faultline.bare.BareConfig;
import dev.faultline.bare.BareMachine;
import dev.faultline.kernel.Kernel;
import dev.faultline.kernel.KernelConfig;
import dev.faultline.machine.Machine;
import dev.faultline.policy.Policy;
import dev.faultline.trace.TraceKind;
import dev.faultline.trace.Tracer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * One program run in the page, as {@code faultline run PROG.s [options]} does it on the command line: the same
 * assembler, kernel (or bare machine) and messages, the interpreter only. Its stdout and stderr are collected
 * here for the page to take.
 */
final class Run {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final PrintStream errStream = new PrintStream(err, true);
    /** The trace records, as {@code --trace=KINDS} prints them (text), when a trace was asked for. */
    private final ByteArrayOutputStream trace = new ByteArrayOutputStream();
    private Set<TraceKind> traceKinds = Set.of();
    private int outTaken, errTaken;
    private Options options;
    private Kernel kernel;
    private BareMachine bare;
    private long startMs;
    private int status = -1;

    /** As {@link #load(String, String, String)}, tracing the records of these kinds (see {@link #trace}). */
    String load(String name, String source, String optionWords, Set<TraceKind> kinds) {
        traceKinds = kinds;
        return load(name, source, optionWords);
    }

    /** Assembles and boots; empty, or what the command line prints instead of running. */
    String load(String name, String source, String optionWords) {
        try {
            options = Options.parse(optionWords);
        } catch (IllegalArgumentException e) {
            return "faultline: " + e.getMessage() + "\n";
        }
        AsmResult asm = Assembler.assembleString(sourcePath(name), source);
        if (!asm.ok()) { // named as the command line names them: relative to where it runs
            return name.startsWith("/") ? asm.formatDiagnostics()
                    : asm.formatDiagnostics().replaceAll("(?m)^/(?=\\S+:\\d+:\\d+: )", "");
        }
        Flx image = asm.flx();
        String problem;
        String file = fileName(name);
        try {
            problem = options.bare ? bootBare(image) : boot(image, file);
        } catch (IllegalArgumentException | IOException e) {
            return "faultline: " + e.getMessage() + "\n";
        }
        startMs = System.currentTimeMillis();
        return problem == null ? "" : "faultline: " + file + ": " + problem + "\n";
    }

    /**
     * The assembler's name for a page program: absolute, because the browser's file system (TeaVM's) resolves
     * and normalizes relative paths wrongly, and {@code .include}s are found beside it.
     */
    static String sourcePath(String name) {
        return name.startsWith("/") ? name : "/" + name;
    }

    /** The program's file name, as the command line names it in messages. */
    static String fileName(String name) {
        return name.substring(name.lastIndexOf('/') + 1);
    }

    private String boot(Flx image, String name) throws IOException {
        KernelConfig cfg = new KernelConfig(options.frames, options.swap, null, Policy.builtIn(options.policy), options.seed,
                options.tlb, options.softwareRefill, options.quantum, 64, null, false);
        Kernel[] holder = new Kernel[1]; // the tracer names pcs through the kernel it traces
        Tracer tracer = traceKinds.isEmpty() ? Tracer.off() : new Tracer(traceKinds, new PrintStream(trace, false), false,
                (pid, pc) -> holder[0] == null ? null : holder[0].describePc(pid, pc));
        kernel = new Kernel(Machine.build(cfg.frames(), cfg.tlbSize(), cfg.softwareRefill()), cfg, tracer,
                new ByteArrayInputStream(new byte[0]), out, errStream);
        holder[0] = kernel;
        return kernel.boot(image, name);
    }

    private String bootBare(Flx image) {
        Tracer tracer = traceKinds.isEmpty() ? Tracer.off() : new Tracer(traceKinds, new PrintStream(trace, false), false,
                (pid, pc) -> Symbols.describe(image, pc));
        bare = new BareMachine(new BareConfig(options.frames, options.tlb, options.softwareRefill), tracer,
                new ByteArrayInputStream(new byte[0]), new PrintStream(out, true));
        return bare.boot(image);
    }

    /** Runs at most budget more instructions; true when the run has ended (and its end is printed). */
    boolean step(int budget) {
        if (status >= 0) return true;
        long now = instructions();
        long stopAt = Math.min(options.maxSteps, now + budget);
        if (bare != null) return stepBare(stopAt);
        Kernel.Outcome outcome = kernel.run(stopAt);
        if (outcome == Kernel.Outcome.MAX_STEPS && stopAt < options.maxSteps) return false;
        kernel.shutdown();
        kernel.flushOutput();
        // as the command line: the statistics first, then the sentence of an abnormal end
        if (options.stats) errStream.print(kernel.stats(System.currentTimeMillis() - startMs).toText());
        status = switch (outcome) {
            case EXITED -> kernel.exitStatus();
            case MAX_STEPS -> {
                errStream.println("faultline: stopped after " + kernel.cpu().instret() + " instructions (--max-steps)");
                yield 3;
            }
            case INVARIANT -> {
                errStream.println("faultline: invariant violated: " + kernel.violation());
                yield 70;
            }
        };
        return true;
    }

    private boolean stepBare(long stopAt) {
        BareMachine.Outcome outcome = bare.run(stopAt);
        if ((outcome == BareMachine.Outcome.MAX_STEPS || outcome == BareMachine.Outcome.STOPPED)
                && stopAt < options.maxSteps) {
            return false;
        }
        if (outcome == BareMachine.Outcome.HALTED) bare.recordHalt();
        if (options.stats) errStream.print(bare.stats(System.currentTimeMillis() - startMs).toText());
        status = switch (outcome) {
            case HALTED -> bare.exitStatus();
            case UNHANDLED_TRAP -> {
                errStream.println("faultline: " + bare.unhandledMessage());
                yield 134; // as the command line: an unhandled trap
            }
            case MAX_STEPS, STOPPED -> {
                errStream.println("faultline: stopped after " + bare.cpu().instret() + " instructions (--max-steps)");
                yield 3;
            }
        };
        return true;
    }

    /** The trace written so far (text records, one a line). */
    String trace() {
        return trace.toString(StandardCharsets.UTF_8);
    }

    /** Bytes of trace written so far. */
    int traceSize() {
        return trace.size();
    }

    /** The statistics of the run so far, as --stats prints them, without the timings; empty before a boot. */
    String statsText() {
        if (kernel != null) return DebugRun.untimed(kernel.stats(0).toText());
        return bare == null ? "" : DebugRun.untimed(bare.stats(0).toText());
    }

    long instructions() {
        return bare != null ? bare.cpu().instret() : kernel.cpu().instret();
    }

    int exitStatus() {
        return status;
    }

    String takeOutput() {
        byte[] all = out.toByteArray();
        int end = whole(all);
        String s = new String(all, outTaken, end - outTaken, StandardCharsets.UTF_8);
        outTaken = end;
        return s;
    }

    String takeErrors() {
        byte[] all = err.toByteArray();
        String s = new String(all, errTaken, all.length - errTaken, StandardCharsets.UTF_8);
        errTaken = all.length;
        return s;
    }

    /** The length of bytes without a UTF-8 sequence cut at its end (the rest comes with the next slice). */
    private int whole(byte[] bytes) {
        if (status >= 0) return bytes.length;
        int i = bytes.length;
        int back = 0;
        while (i > 0 && back < 4 && (bytes[i - 1] & 0xC0) == 0x80) {
            i--;
            back++;
        }
        if (i == 0) return bytes.length;
        int lead = bytes[i - 1] & 0xFF;
        int need = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : 0;
        return need > back ? i - 1 : bytes.length;
    }
}
