package dev.faultline.cli;

import dev.faultline.machine.tier2.Tier2;
import dev.faultline.bare.BareConfig;
import dev.faultline.bare.BareMachine;
import dev.faultline.bare.BareStats;
import dev.faultline.debug.BareTimeTravel;
import dev.faultline.abi.Symbols;
import dev.faultline.machine.Console;
import dev.faultline.report.RunRecorder;
import dev.faultline.trace.Tracer;
import java.io.BufferedOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/** One bare machine for {@code run --bare} and {@code debug --bare}: the program is its own kernel (docs/bare.md). */
final class BareSession implements AutoCloseable {
    /** Options that shape the built-in kernel; the bare machine has none, so they are usage errors there. */
    static final List<String> KERNEL_ONLY = List.of("--swap", "--swap-file", "--policy", "--seed", "--root",
            "--max-procs", "--quantum", "--inject", "--check");

    /** Exit status of a trap taken with no trap vector (docs/cli.md). */
    static final int UNHANDLED_TRAP = 134;

    final BareMachine machine;
    private final MachineOptions options;
    private final Io io;
    private final TraceOutput traceOut;
    private final PrintStream guestOut;
    private final long startNanos = System.nanoTime();

    private final BareConfig cfg;
    /** How the run ended, once it has (the report's summary says it). */
    BareMachine.Outcome outcome;
    private final ProgramLoader.Loaded program;

    private BareSession(BareMachine machine, MachineOptions options, Io io, TraceOutput traceOut, PrintStream guestOut,
                        BareConfig cfg, ProgramLoader.Loaded program) {
        this.cfg = cfg;
        this.program = program;
        this.machine = machine;
        this.options = options;
        this.io = io;
        this.traceOut = traceOut;
        this.guestOut = guestOut;
    }

    /**
     * Checks the options, loads the program at its physical addresses and boots the machine. Returns the
     * session, or prints why not and throws {@link Session.Failed} carrying the exit status.
     */
    static BareSession open(Path programPath, MachineOptions options, CommandSpec spec, Io io) {
        return open(programPath, options, spec, io, null);
    }

    /** As {@link #open(Path, MachineOptions, CommandSpec, Io)}, with a recorder for {@code --report} (or null). */
    static BareSession open(Path programPath, MachineOptions options, CommandSpec spec, Io io, RunRecorder recorder) {
        BareConfig cfg;
        try {
            rejectKernelOptions(spec);
            cfg = config(options);
        } catch (IllegalArgumentException e) {
            io.err().println("faultline: " + e.getMessage());
            throw new Session.Failed(Session.USAGE);
        }
        OutputPaths.check(options, io, programPath, null);
        ProgramLoader.Loaded program = ProgramLoader.load(programPath, options.system.confineIncludes);
        if (program.error() != null) {
            io.err().print(program.error());
            throw new Session.Failed(Session.USAGE);
        }
        TraceOutput traceOut = TraceOutput.open(options, io);
        PrintStream guestOut = new PrintStream(new BufferedOutputStream(io.out(), 1 << 16), false);
        BareMachine machine = build(cfg, options, program, io.in(), guestOut, traceOut.stream, recorder);
        if (recorder != null) recorder.attachBare(program.image());
        String problem = machine.boot(program.image());
        if (problem != null) {
            io.err().println("faultline: " + program.name() + ": " + problem);
            traceOut.close();
            throw new Session.Failed(Session.USAGE);
        }
        return new BareSession(machine, options, io, traceOut, guestOut, cfg, program);
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
    BareTimeTravel timeTravel() {
        return new BareTimeTravel((in, out, trace) -> {
            BareMachine m = build(cfg, options, program, in, out, trace, null);
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

    /** Runs to the end (or --max-steps) and returns the exit status of docs/cli.md. */
    int runToEnd() {
        return finish(machine.run(options.system.stepLimit()));
    }

    /** Ends the run: the halt record, flushed output, the message of an unhandled trap, statistics, the status. */
    int finish(BareMachine.Outcome outcome) {
        this.outcome = outcome;
        if (outcome == BareMachine.Outcome.HALTED) machine.recordHalt();
        guestOut.flush();
        boolean written = traceOut.flush(io);
        written &= writeStats();
        int status = status(outcome);
        return written ? status : OutputPaths.CANNOT_WRITE;
    }

    private int status(BareMachine.Outcome outcome) {
        return switch (outcome) {
            case HALTED -> machine.exitStatus();
            case UNHANDLED_TRAP -> {
                io.err().println("faultline: " + machine.unhandledMessage());
                yield UNHANDLED_TRAP;
            }
            case MAX_STEPS, STOPPED -> {
                io.err().println("faultline: stopped after " + machine.cpu().instret() + " instructions (--max-steps)");
                yield 3;
            }
        };
    }

    /** Flushes what the program wrote to the console (a debugger does it after each command). */
    void flushOutput() {
        guestOut.flush();
    }

    /** The statistics so far (the report's summary). */
    BareStats stats() {
        return machine.stats((System.nanoTime() - startNanos) / 1_000_000);
    }

    BareConfig config() {
        return cfg;
    }

    ProgramLoader.Loaded program() {
        return program;
    }

    /** Prints and writes the statistics; false when the JSON file could not be written. */
    private boolean writeStats() {
        if (!options.stats && options.statsJson == null) return true;
        BareStats stats = machine.stats((System.nanoTime() - startNanos) / 1_000_000);
        return OutputPaths.writeStats(options, io, stats.toText(), stats.toJson());
    }

    @Override
    public void close() {
        traceOut.close();
    }
}
