package dev.faultline.cli;

import dev.faultline.abi.Symbols;
import dev.faultline.bare.BareConfig;
import dev.faultline.bare.BareMachine;
import dev.faultline.bare.BareStats;
import dev.faultline.debug.BareTimeTravel;
import dev.faultline.machine.Console;
import dev.faultline.machine.tier2.Tier2;
import dev.faultline.kernel.Kernel;
import dev.faultline.machine.Machine;
import dev.faultline.kernel.KernelConfig;
import dev.faultline.policy.PolicyCompiler;
import dev.faultline.policy.PolicyFailure;
import dev.faultline.report.RunRecorder;
import dev.faultline.trace.Stats;
import dev.faultline.trace.Tracer;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/**
 * One booted machine for run and debug, with its tracer, streams and statistics outputs: the built-in kernel's,
 * or with {@code --bare} the bare machine, where the program is its own kernel (docs/bare.md). What the two
 * share (loading, the trace output, the end of the run: flushed output, statistics, the exit status of
 * docs/cli.md) is written once; {@link #kernel} or {@link #bare} says which machine this is.
 */
final class Session implements AutoCloseable {
    /** Options that shape the built-in kernel; the bare machine has none, so they are usage errors there. */
    static final List<String> KERNEL_ONLY = List.of("--swap", "--swap-file", "--policy", "--seed", "--root",
            "--max-procs", "--quantum", "--inject", "--check");

    /** Exit status of a trap taken with no trap vector on the bare machine (docs/cli.md). */
    static final int UNHANDLED_TRAP = 134;

    /** The built-in kernel; null on the bare machine. */
    final Kernel kernel;
    /** The bare machine; null with the built-in kernel. */
    final BareMachine bare;
    final ProgramLoader.Loaded program;
    private final MachineOptions options;
    private final Io io;
    private final TraceOutput traceOut;
    private final HostFiles.SwapLock swapLock; // null without --swap-file
    /** The bare machine's size and TLB, and its console (buffered: the kernel writes the guest's output itself). */
    private final BareConfig bareConfig;
    private final PrintStream bareOut;
    private final long startNanos = System.nanoTime();
    /** How the run ended, once it has, as the report names it: exited, max-steps, invariant, unhandled-trap. */
    String outcome;

    private Session(Kernel kernel, ProgramLoader.Loaded program, MachineOptions options, Io io, TraceOutput traceOut,
                    HostFiles.SwapLock swapLock) {
        this(kernel, null, program, options, io, traceOut, swapLock, null, null);
    }

    private Session(Kernel kernel, BareMachine bare, ProgramLoader.Loaded program, MachineOptions options, Io io,
                    TraceOutput traceOut, HostFiles.SwapLock swapLock, BareConfig bareConfig, PrintStream bareOut) {
        this.kernel = kernel;
        this.bare = bare;
        this.swapLock = swapLock;
        this.program = program;
        this.options = options;
        this.io = io;
        this.traceOut = traceOut;
        this.bareConfig = bareConfig;
        this.bareOut = bareOut;
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

    /**
     * Loads the program and boots the machine {@code options} name: the bare one with {@code --bare} (refusing
     * the kernel's options, which {@code spec} says were given), else the kernel. Returns the session, or prints
     * why not and throws {@link Failed} carrying the exit status.
     */
    static Session open(Path programPath, MachineOptions options, CommandSpec spec, Io io, RunRecorder recorder,
                        Path report) {
        return options.bare ? openBare(programPath, options, spec, io, recorder)
                : open(programPath, options, io, recorder, report);
    }

    /** Runs to the end (or --max-steps) and returns the exit status of docs/cli.md. */
    int runToEnd() {
        if (bare != null) return finish(bare.run(options.system.stepLimit()));
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
        this.outcome = outcome.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        kernel.shutdown();
        kernel.flushOutput();
        boolean written = traceOut.flush(io);
        written &= writeStats();
        int status = status(outcome);
        // guest file data that could not be written back is an output not written (docs/cli.md)
        boolean lost = kernel.lostPages() > 0 && outcome != Kernel.Outcome.INVARIANT;
        return written && !lost ? status : OutputPaths.CANNOT_WRITE;
    }

    /** Ends a bare run: the halt record, flushed output, the message of an unhandled trap, statistics, the status. */
    int finish(BareMachine.Outcome outcome) {
        this.outcome = switch (outcome) {
            case HALTED -> "exited";
            case UNHANDLED_TRAP -> "unhandled-trap";
            case MAX_STEPS, STOPPED -> "max-steps";
        };
        if (outcome == BareMachine.Outcome.HALTED) bare.recordHalt();
        bareOut.flush();
        boolean written = traceOut.flush(io);
        written &= writeStats();
        int status = status(outcome);
        return written ? status : OutputPaths.CANNOT_WRITE;
    }

    private int status(BareMachine.Outcome outcome) {
        return switch (outcome) {
            case HALTED -> bare.exitStatus();
            case UNHANDLED_TRAP -> {
                io.err().println("faultline: " + bare.unhandledMessage());
                yield UNHANDLED_TRAP;
            }
            case MAX_STEPS, STOPPED -> {
                io.err().println("faultline: stopped after " + bare.cpu().instret() + " instructions (--max-steps)");
                yield 3;
            }
        };
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
        long ms = (System.nanoTime() - startNanos) / 1_000_000;
        if (bare != null) {
            BareStats stats = bare.stats(ms);
            return OutputPaths.writeStats(options, io, stats.toText(), stats.toJson());
        }
        Stats stats = kernel.stats(ms);
        return OutputPaths.writeStats(options, io, stats.toText(), stats.toJson());
    }

    /** The bare machine's statistics so far (the report's summary). */
    BareStats bareStats() {
        return bare.stats((System.nanoTime() - startNanos) / 1_000_000);
    }

    BareConfig bareConfig() {
        return bareConfig;
    }

    // ------------------------------------------------------------------ the bare machine

    /**
     * Checks the options, loads the program at its physical addresses and boots the bare machine, with a
     * recorder for {@code --report} (or null).
     */
    private static Session openBare(Path programPath, MachineOptions options, CommandSpec spec, Io io,
                                    RunRecorder recorder) {
        BareConfig cfg;
        try {
            rejectKernelOptions(spec);
            cfg = config(options);
        } catch (IllegalArgumentException e) {
            io.err().println("faultline: " + e.getMessage());
            throw new Failed(USAGE);
        }
        OutputPaths.check(options, io, programPath, null);
        ProgramLoader.Loaded program = ProgramLoader.load(programPath, options.system.confineIncludes);
        if (program.error() != null) {
            io.err().print(program.error());
            throw new Failed(USAGE);
        }
        TraceOutput traceOut = TraceOutput.open(options, io);
        PrintStream guestOut = new PrintStream(new BufferedOutputStream(io.out(), 1 << 16), false);
        BareMachine machine = build(cfg, options, program, io.in(), guestOut, traceOut.stream, recorder);
        if (recorder != null) recorder.attachBare(program.image());
        String problem = machine.boot(program.image());
        if (problem != null) {
            io.err().println("faultline: " + program.name() + ": " + problem);
            traceOut.close();
            throw new Failed(USAGE);
        }
        return new Session(null, machine, program, options, io, traceOut, null, cfg, guestOut);
    }

    private static BareMachine build(BareConfig cfg, MachineOptions options, ProgramLoader.Loaded program,
                                     java.io.InputStream in, PrintStream out, PrintStream trace, RunRecorder recorder) {
        boolean printed = options.trace != null && trace != null;
        Tracer tracer = !printed && recorder == null ? Tracer.off()
                : new Tracer(printed ? options.traceKinds() : java.util.Set.of(), trace, options.traceFormat.equals("jsonl"),
                        (pid, pc) -> Symbols.describe(program.image(), pc), recorder);
        BareMachine machine = new BareMachine(cfg, tracer, in, out);
        machine.cpu().setTier(options.system.tier(), Tier2.MAKER);
        return machine;
    }

    /**
     * Reverse execution for {@code debug --bare}: machines booted again from the same program and options,
     * their console and trace going through the streams {@link BareTimeTravel} hands over.
     */
    BareTimeTravel bareTimeTravel() {
        return new BareTimeTravel((in, out, trace) -> {
            BareMachine m = build(bareConfig, options, program, in, out, trace, null);
            String problem = m.boot(program.image());
            if (problem != null) throw new java.io.IOException(program.name() + ": " + problem);
            return m;
        }, io.in(), io.out(), traceOut.stream);
    }

    /** A usage error naming the first kernel-only option given with --bare. */
    private static void rejectKernelOptions(CommandSpec spec) {
        ParseResult parsed = spec.commandLine().getParseResult();
        for (String name : KERNEL_ONLY) {
            if (spec.findOption(name) != null && parsed.hasMatchedOption(name)) {
                throw new IllegalArgumentException(name + " does not apply to --bare: the bare machine has no"
                        + " kernel (see docs/bare.md)");
            }
        }
    }

    private static BareConfig config(MachineOptions options) {
        SystemOptions system = options.system;
        if (options.frames < 1 || options.frames > Console.PFN) {
            throw new IllegalArgumentException("--frames with --bare must be 1.." + Console.PFN
                    + " (RAM ends below the console at 0xf0000000), not " + options.frames);
        }
        HostMemory.check(options.frames, 0);
        if (system.tlb < 0 || system.tlb > 1 << 20) {
            throw new IllegalArgumentException("--tlb must be 0.." + (1 << 20) + ", not " + system.tlb);
        }
        if (system.maxSteps != null && system.maxSteps < 0) throw new IllegalArgumentException("--max-steps must not be negative");
        boolean sw = switch (system.tlbRefill) {
            case "hw" -> false;
            case "sw" -> true;
            default -> throw new IllegalArgumentException("--tlb-refill takes hw or sw, not '" + system.tlbRefill + "'");
        };
        if (!options.traceFormat.equals("text") && !options.traceFormat.equals("jsonl")) {
            throw new IllegalArgumentException("--trace-format takes text or jsonl, not '" + options.traceFormat + "'");
        }
        options.traceKinds();
        system.tier();
        return new BareConfig(options.frames, system.tlb, sw);
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
