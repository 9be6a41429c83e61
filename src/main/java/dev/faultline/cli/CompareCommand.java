package dev.faultline.cli;

import dev.faultline.machine.tier2.Tier2;
import dev.faultline.policy.Belady;
import dev.faultline.kernel.Kernel;
import dev.faultline.machine.Machine;
import dev.faultline.kernel.KernelConfig;
import dev.faultline.policy.RefReplay;
import dev.faultline.policy.Policy;
import dev.faultline.policy.PolicyFailure;
import dev.faultline.report.ReportWriter;
import dev.faultline.trace.Stats;
import dev.faultline.trace.Tracer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code faultline compare PROG [--policies …] [--frames N,M,…]}: runs the program under each policy and
 * frame count and prints a table of faults. {@code opt} is Belady's optimal policy, computed from the page
 * reference string recorded in one run.
 */
@Command(name = "compare", mixinStandardHelpOptions = true, version = Main.VERSION, sortOptions = false,
        description = "Run a program under each replacement policy and frame count; print a table of faults.")
public final class CompareCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Parameters(index = "0", arity = "0..1", paramLabel = "PROG", description = "an FL32 source (.s) or executable (.flx)")
    Path program;

    @Option(names = "--refs", paramLabel = "PAGES|@FILE",
            description = "no program: replay this page-reference string (page numbers, comma or space separated) with exactly N frames for pages")
    String refs;

    @Option(names = "--report", paramLabel = "FILE.html", description = "write a chart of page-ins against frames (HTML)")
    Path report;

    @Spec
    CommandSpec spec;

    @Option(names = "--policies", split = ",", paramLabel = "P,…",
            description = "policies to compare: fifo, clock, lru, random, opt, or a plug-in FILE.java (default: the five built-in)")
    List<String> policies = List.of("fifo", "clock", "lru", "random", "opt");

    @Option(names = "--frames", split = ",", paramLabel = "N,…", description = "frame counts (default: 256; with --refs, 3,4)")
    List<Integer> frameCounts;

    @Mixin
    SystemOptions options;

    private record Row(String policy, int frames, long faults, long minor, long major, long pageIns, long swapOuts,
                       String note) {}

    /** Whether some run's guest file data could not be written back: an output lost, so exit 74 (docs/cli.md). */
    private boolean dataLost;

    @Override
    public Integer call() {
        Io io = main.io();
        if (refs != null && program != null) return usage(io, "--refs replays a reference string without a program: give a program or --refs, not both");
        if (refs == null && program == null) return usage(io, "compare needs a program, or a reference string with --refs");
        Integer unwritable = ReportOutput.checkBeforeRun(report, io);
        if (unwritable != null) return unwritable;
        if (refs != null) return replay(io);
        List<Integer> frames = frameCounts == null || frameCounts.isEmpty() ? List.of(256) : frameCounts;
        try {
            for (int f : frames) {
                MachineOptions.checkFrames(f);
                options.config(f, Policy.clock());
            }
        } catch (IllegalArgumentException e) {
            Session.printProblem(io, e);
            return 2;
        }
        String clash = HostFiles.clash(program, List.of(new HostFiles.Named("--swap-file", options.swapFile),
                new HostFiles.Named("--report", report)));
        if (clash != null) {
            io.err().println("faultline: " + clash);
            return 2;
        }
        java.util.Map<String, Policy> chosen = chosenPolicies(io);
        if (chosen == null) return 2;
        ProgramLoader.Loaded loaded = ProgramLoader.load(program, options.confineIncludes);
        if (loaded.error() != null) {
            io.err().print(loaded.error());
            return 2;
        }
        HostFiles.SwapLock swapLock;
        try {
            swapLock = Session.lockSwapFile(options.config(frames.get(0), Policy.clock()), io);
        } catch (Session.Failed f) {
            return f.status;
        }
        try {
            return compare(io, loaded, frames, chosen);
        } finally {
            if (swapLock != null) swapLock.close();
        }
    }

    /** Runs every row of the table, prints it, and writes the report when one is asked for. */
    private int compare(Io io, ProgramLoader.Loaded loaded, List<Integer> frames, java.util.Map<String, Policy> chosen) {
        List<Row> rows = new ArrayList<>();
        for (int f : frames) {
            for (String p : policies) {
                Row row;
                try {
                    row = isOpt(p) ? optRow(loaded, f) : runRow(loaded, chosen.get(p), f, null);
                } catch (PolicyFailure e) {
                    io.err().println("faultline: " + e.getMessage());
                    return 2;
                }
                if (row == null) return 2;
                rows.add(row);
            }
        }
        print(io.out(), "faultline compare " + loaded.name() + "   (page-ins: faults that brought a page into memory)", rows);
        if (io.out().checkError()) return Io.cannotWrite(io, "the table");
        int status = 0;
        if (report != null) {
            List<ReportWriter.CompareRow> chart = new ArrayList<>();
            for (Row r : rows) chart.add(new ReportWriter.CompareRow(r.policy(), r.frames(), r.faults(), r.pageIns(), r.note()));
            status = writeReport(io, loaded.name(), chart, null, null);
        }
        return dataLost ? OutputPaths.CANNOT_WRITE : status;
    }

    /**
     * The policies of {@code --policies}, each built-in name or {@code .java} file made once (a plug-in is
     * compiled here), keyed by its spelling on the command line; {@code opt} is left out. Null after the
     * message (an unknown name, compile errors) when one cannot be made.
     */
    private java.util.Map<String, Policy> chosenPolicies(Io io) {
        java.util.Map<String, Policy> chosen = new java.util.HashMap<>();
        if (policies.isEmpty() || policies.stream().anyMatch(String::isBlank)) {
            io.err().println("faultline: --policies takes a comma list of policy names (fifo, clock, lru, random, opt,"
                    + " or a .java file), not '" + String.join(",", policies) + "'");
            return null;
        }
        try {
            for (String p : policies) {
                if (!isOpt(p) && !chosen.containsKey(p)) chosen.put(p, Policy.parse(p));
            }
        } catch (IllegalArgumentException e) {
            if (e.getMessage().startsWith("unknown policy")) {
                io.err().println("faultline: " + e.getMessage().replace("clock, fifo, lru, random,", "fifo, clock, lru, random, opt,"));
            } else {
                Session.printProblem(io, e);
            }
            return null;
        }
        return chosen;
    }

    private static boolean isOpt(String policy) {
        return policy.trim().toLowerCase(Locale.ROOT).equals("opt");
    }

    /** A usage mistake: one sentence and a hint, never the usage dump (docs/cli.md). */
    private int usage(Io io, String sentence) {
        io.err().println("faultline: " + sentence + "; see 'faultline compare --help'");
        return 2;
    }

    /** {@code --refs}: the pure replay of a reference string under each policy and frame count. */
    private int replay(Io io) {
        int[] pages;
        List<Integer> frames = frameCounts == null || frameCounts.isEmpty() ? List.of(3, 4) : frameCounts;
        try {
            pages = RefString.parse(refs);
            for (int f : frames) {
                if (f < 1 || f > 1 << 20) throw new IllegalArgumentException("--frames " + f + " is out of range for a replay (1.." + (1 << 20) + ")");
            }
        } catch (IllegalArgumentException e) {
            io.err().println("faultline: " + e.getMessage());
            return 2;
        }
        java.util.Map<String, Policy> chosen = chosenPolicies(io);
        if (chosen == null) return 2;
        boolean keepGrids = report != null && gridsFit(pages.length, frames);
        List<Row> rows = new ArrayList<>();
        List<ReportWriter.CompareRow> chart = new ArrayList<>();
        List<RefReplay.Result> grids = new ArrayList<>();
        for (int f : frames) {
            for (String p : policies) {
                RefReplay.Result r;
                try {
                    r = isOpt(p) ? RefReplay.run(pages, f, "opt", options.seed, keepGrids)
                            : RefReplay.run(pages, f, chosen.get(p), options.seed, keepGrids);
                } catch (PolicyFailure e) {
                    io.err().println("faultline: " + e.getMessage());
                    return 2;
                }
                rows.add(new Row(r.policy(), f, r.faults(), -1, -1, r.faults(), -1, ""));
                chart.add(new ReportWriter.CompareRow(r.policy(), f, r.faults(), r.faults(), ""));
                if (keepGrids) grids.add(r);
            }
        }
        long distinct = RefReplay.distinctSorted(pages).length;
        String title = "a reference string of " + pages.length + " references to " + distinct + " pages";
        print(io.out(), "faultline compare --refs (" + pages.length + " references, " + distinct
                + " distinct pages)   (every fault counted, the first reference to each page included)", rows);
        if (io.out().checkError()) return Io.cannotWrite(io, "the table");
        if (report == null) return 0;
        return writeReport(io, title, chart, pages, keepGrids ? grids : null);
    }

    /** The most replay steps (references, summed over every row) whose grids a report draws. */
    static final long GRID_STEPS = 20_000;
    /** The most grid cells (references x frames, summed over every row) a report keeps: 8 MB of ints. */
    static final long GRID_CELLS = 2_000_000;

    /**
     * Whether the report can draw every row's grid: one column per reference, one row per frame. A larger
     * replay gets the chart alone, and a replay without a report keeps no grid at all, so its memory is the
     * reference string and one frame table, whatever the length and the frame counts.
     */
    private boolean gridsFit(int refs, List<Integer> frames) {
        long steps = 0, cells = 0;
        for (int f : frames) {
            steps += (long) refs * policies.size();
            cells += (long) refs * f * policies.size();
        }
        return steps <= GRID_STEPS && cells <= GRID_CELLS;
    }

    private int writeReport(Io io, String title, List<ReportWriter.CompareRow> chart, int[] pages, List<RefReplay.Result> grids) {
        try {
            ReportWriter.write(report, ReportWriter.comparePage(title,
                    ReportOutput.command(spec.commandLine().getParseResult().originalArgs()), chart, pages, grids));
        } catch (java.io.IOException e) {
            io.err().println("faultline: cannot write the report " + report + ": " + e.getMessage());
            return ReportOutput.CANNOT_WRITE;
        }
        return 0;
    }

    /**
     * One run; null (after a message) when the machine could not be built. The guest's output and the run's
     * warnings are not shown (a table of many runs would repeat them), except the sentence that file data
     * could not be written back: it is said, named by the row, and makes the exit status 74.
     */
    private Row runRow(ProgramLoader.Loaded loaded, Policy policy, int frames, Belady.Recorder recorder) {
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        String row = (recorder != null ? "opt" : policy.name()) + ", " + frames + " frames: ";
        PrintStream losses = new PrintStream(new LossLines(main.io().err(), row), true, StandardCharsets.UTF_8);
        Kernel kernel;
        try {
            KernelConfig cfg = options.config(frames, policy);
            kernel = new Kernel(Machine.build(cfg.frames(), cfg.tlbSize(), cfg.softwareRefill()), cfg, Tracer.off(), new ByteArrayInputStream(new byte[0]), quiet, losses);
        } catch (IOException e) {
            main.io().err().println("faultline: " + e.getMessage());
            return null;
        }
        kernel.cpu().setTier(options.tier(), Tier2.MAKER);
        options.armInjections(kernel);
        if (recorder != null) kernel.cpu().addAccessRecorder((asid, vpn, pfn) -> recorder.access(asid, vpn));
        String problem = kernel.boot(loaded.image(), loaded.name());
        if (problem != null) {
            main.io().err().println("faultline: " + loaded.name() + ": " + problem);
            return null;
        }
        Kernel.Outcome outcome = kernel.run(options.stepLimit());
        kernel.shutdown();
        losses.flush();
        if (kernel.lostPages() > 0) dataLost = true;
        if (recorder != null) recorder.pageTableFramesPeak(kernel.pageTableFramesPeak());
        Stats s = kernel.stats(0);
        String note = switch (outcome) {
            case EXITED -> kernel.exitStatus() == 0 ? "" : "exit " + kernel.exitStatus();
            case MAX_STEPS -> "stopped at --max-steps";
            default -> "failed";
        };
        return new Row(policy.name(), frames, s.minorFaults + s.majorFaults, s.minorFaults, s.majorFaults,
                s.demandZero + s.fileFaults + s.swapIns, s.swapOuts, note);
    }

    /** Belady's optimum for the page-reference string, with the frames the page tables leave. */
    private Row optRow(ProgramLoader.Loaded loaded, int frames) {
        Belady.Recorder recorder = new Belady.Recorder();
        Row reference = runRow(loaded, Policy.clock(), frames, recorder);
        if (reference == null) return null;
        int capacity = frames - recorder.pageTableFramesPeak();
        if (recorder.overflowed()) {
            return new Row("opt", frames, -1, -1, -1, -1, -1, "reference string too long");
        }
        long misses = Belady.optimalMisses(recorder.references(), Math.max(1, capacity));
        return new Row("opt", frames, -1, -1, -1, misses, -1, capacity + " frames for pages");
    }

    /**
     * A run's stderr that passes on only the lines saying file data could not be written back, each with the
     * row's name after "faultline: "; the rest (warnings every row would repeat) is dropped. A line longer
     * than {@link #LONGEST} is cut there, so a run's output costs no more memory than that.
     */
    private static final class LossLines extends OutputStream {
        static final int LONGEST = 4096;
        private final PrintStream err;
        private final String row;
        private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

        LossLines(PrintStream err, String row) {
            this.err = err;
            this.row = row;
        }

        @Override
        public void write(int b) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.UTF_8);
                line.reset();
                if (!text.contains("could not be written back")) return;
                String said = text.startsWith("faultline: ") ? text.substring("faultline: ".length()) : text;
                err.println("faultline: " + row + said);
            } else if (line.size() < LONGEST) {
                line.write(b);
            }
        }
    }

    private static void print(PrintStream out, String header, List<Row> rows) {
        out.println(header);
        int width = 8; // a plug-in's file name may be longer than the built-ins' names
        for (Row r : rows) width = Math.max(width, r.policy().length());
        String column = "%-" + width + "s";
        out.println(String.format(Locale.ROOT, column + " %7s %9s %9s %9s %9s %9s  %s", "policy", "frames", "faults",
                "minor", "major", "page-ins", "swap-outs", "").stripTrailing());
        for (Row r : rows) {
            out.println(String.format(Locale.ROOT, column + " %7d %9s %9s %9s %9s %9s  %s", r.policy(), r.frames(),
                    n(r.faults()), n(r.minor()), n(r.major()), n(r.pageIns()), n(r.swapOuts()), r.note()).stripTrailing());
        }
    }

    private static String n(long v) {
        return v < 0 ? "-" : Long.toString(v);
    }
}
