package dev.faultline.cli;

import dev.faultline.machine.tier2.Tier2;
import dev.faultline.kernel.Kernel;
import dev.faultline.machine.Machine;
import dev.faultline.kernel.KernelConfig;
import dev.faultline.policy.PolicyCompiler;
import dev.faultline.policy.PolicyFailure;
import dev.faultline.report.RunRecorder;
import dev.faultline.trace.Stats;
import dev.faultline.trace.Tracer;
import java.io.IOException;
import java.nio.file.Path;

/** One booted machine for run and debug: the kernel with its tracer, streams and statistics outputs. */
final class Session implements AutoCloseable {
    final Kernel kernel;
    final ProgramLoader.Loaded program;
    private final MachineOptions options;
    private final Io io;
    private final TraceOutput traceOut;
    private final HostFiles.SwapLock swapLock; // null without --swap-file
    private final long startNanos = System.nanoTime();
    /** How the run ended, once it has. */
    Kernel.Outcome outcome;

    private Session(Kernel kernel, ProgramLoader.Loaded program, MachineOptions options, Io io, TraceOutput traceOut,
                    HostFiles.SwapLock swapLock) {
        this.kernel = kernel;
        this.swapLock = swapLock;
        this.program = program;
        this.options = options;
        this.io = io;
        this.traceOut = traceOut;
    }

    /** Exit status for a problem found before the run starts. */
    static final int USAGE = 2;

    /**
     * Loads the program and boots the kernel. Returns the session, or prints why not and throws
     * {@link Failed} carrying the exit status.
     */
    static Session open(Path programPath, MachineOptions options, Io io) {
        return open(programPath, options, io, null, null);
    }

    /** As {@link #open(Path, MachineOptions, Io)}, with a recorder for {@code --report FILE} (or nulls). */
    static Session open(Path programPath, MachineOptions options, Io io, RunRecorder recorder, Path report) {
        KernelConfig cfg;
        try {
            cfg = options.config();
        } catch (IllegalArgumentException e) {
            printProblem(io, e);
            throw new Failed(USAGE);
        }
        OutputPaths.check(options, io, programPath, report);
        ProgramLoader.Loaded program = ProgramLoader.load(programPath, options.system.confineIncludes);
        if (program.error() != null) {
            io.err().print(program.error());
            throw new Failed(USAGE);
        }
        HostFiles.SwapLock swapLock = lockSwapFile(cfg, io);
        TraceOutput traceOut;
        try {
            traceOut = TraceOutput.open(options, io);
        } catch (Failed f) {
            if (swapLock != null) swapLock.close();
            throw f;
        }
        try {
            return boot(cfg, program, options, io, recorder, traceOut, swapLock);
        } catch (RuntimeException f) { // Failed, or an internal error: the swap file is free again either way
            traceOut.close();
            if (swapLock != null) swapLock.close();
            throw f;
        }
    }

    /**
     * Takes the --swap-file for this run (null when there is none); prints why not and fails with exit 2 when
     * another run holds it.
     */
    static HostFiles.SwapLock lockSwapFile(KernelConfig cfg, Io io) {
        if (cfg.swapFile() == null || cfg.swapSlots() == 0) return null;
        try {
            return HostFiles.lockSwapFile(cfg.swapFile());
        } catch (HostFiles.InUse e) {
            io.err().println("faultline: " + e.getMessage());
        } catch (IOException e) {
            io.err().println("faultline: cannot use the swap file " + cfg.swapFile() + ": " + e.getMessage());
        }
        throw new Failed(USAGE);
    }

    private static Session boot(KernelConfig cfg, ProgramLoader.Loaded program, MachineOptions options, Io io,
                                RunRecorder recorder, TraceOutput traceOut, HostFiles.SwapLock swapLock) {
        java.io.OutputStream guestOut = io.guestOut(); // unbuffered: each guest write succeeds or fails on its own
        Kernel[] holder = new Kernel[1];
        Tracer tracer = options.trace == null && recorder == null ? Tracer.off()
                : new Tracer(options.traceKinds(), traceOut.stream, options.traceFormat.equals("jsonl"),
                        (pid, pc) -> holder[0] == null ? null : holder[0].describePc(pid, pc), recorder);
        Kernel kernel;
        try {
            kernel = new Kernel(Machine.build(cfg.frames(), cfg.tlbSize(), cfg.softwareRefill()), cfg, tracer, io.in(), guestOut, io.err());
        } catch (PolicyFailure f) {
            io.err().println("faultline: " + f.getMessage());
            traceOut.close();
            throw new Failed(USAGE);
        } catch (IOException e) {
            io.err().println("faultline: " + (cfg.swapFile() != null ? "cannot use the swap file " + cfg.swapFile() + ": "
                    : "") + e.getMessage());
            traceOut.close();
            throw new Failed(USAGE);
        }
        holder[0] = kernel;
        kernel.cpu().setTier(options.system.tier(), Tier2.MAKER);
        options.system.armInjections(kernel);
        String problem;
        try {
            problem = kernel.boot(program.image(), program.name());
        } catch (PolicyFailure f) {
            io.err().println("faultline: " + f.getMessage());
            traceOut.close();
            throw new Failed(USAGE);
        }
        if (problem != null) {
            io.err().println("faultline: " + program.name() + ": " + problem);
            throw new Failed(USAGE);
        }
        if (recorder != null) recorder.attach(kernel);
        return new Session(kernel, program, options, io, traceOut, swapLock);
    }

    /** Prints a bad option's sentence, or a plug-in policy's compile errors as they are. */
    static void printProblem(Io io, IllegalArgumentException e) {
        if (e instanceof PolicyCompiler.Problem p && p.isDiagnostics()) io.err().print(p.getMessage());
        else io.err().println("faultline: " + e.getMessage());
    }

    /** Runs to the end (or --max-steps) and returns the exit status of docs/cli.md. */
    int runToEnd() {
        long limit = options.system.stepLimit();
        Kernel.Outcome outcome;
        try {
            outcome = kernel.run(limit);
        } catch (PolicyFailure f) {
            return policyFailed(f);
        }
        return finish(outcome);
    }

    /** A plug-in policy broke the rules: what the guest wrote so far, then the one sentence; exit 2. */
    int policyFailed(PolicyFailure f) {
        kernel.flushOutput();
        traceOut.flush(io);
        io.err().println("faultline: " + f.getMessage());
        return USAGE;
    }

    int finish(Kernel.Outcome outcome) {
        this.outcome = outcome;
        kernel.shutdown();
        kernel.flushOutput();
        boolean written = traceOut.flush(io);
        written &= writeStats();
        int status = status(outcome);
        // guest file data that could not be written back is an output not written (docs/cli.md)
        boolean lost = kernel.lostPages() > 0 && outcome != Kernel.Outcome.INVARIANT;
        return written && !lost ? status : OutputPaths.CANNOT_WRITE;
    }

    private int status(Kernel.Outcome outcome) {
        return switch (outcome) {
            case EXITED -> kernel.exitStatus();
            case MAX_STEPS -> {
                io.err().println("faultline: stopped after " + kernel.cpu().instret() + " instructions (--max-steps)");
                yield 3;
            }
            case INVARIANT -> {
                io.err().println("faultline: invariant violated: " + kernel.violation());
                yield 70;
            }
        };
    }

    /** Prints and writes the statistics; false when the JSON file could not be written. */
    private boolean writeStats() {
        if (!options.stats && options.statsJson == null) return true;
        Stats stats = kernel.stats((System.nanoTime() - startNanos) / 1_000_000);
        return OutputPaths.writeStats(options, io, stats.toText(), stats.toJson());
    }

    @Override
    public void close() {
        traceOut.close();
        if (swapLock != null) swapLock.close();
    }

    /** Raised when the session could not start; the message was already printed. */
    static final class Failed extends RuntimeException {
        final int status;

        Failed(int status) {
            super(null, null, false, false);
            this.status = status;
        }
    }
}
