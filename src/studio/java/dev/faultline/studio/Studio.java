package dev.faultline.studio;

import dev.faultline.asm.AsmResult;
import dev.faultline.asm.Assembler;
import dev.faultline.asm.Diagnostic;
import org.teavm.jso.JSExport;

/**
 * The studio's entry point in the browser (docs/studio.md): the functions the page's script calls. The page
 * owns the DOM and the timing; Java owns the machine. A run goes in slices ({@link #step}), each a bounded
 * number of instructions, so the page can draw between them and a looping program never freezes the tab.
 * Everything crosses as strings and numbers.
 */
public final class Studio {
    private static Run run;
    /** The debugger session the page asked for, and its text once it has run (null while it runs). */
    private static String[] debugRequest;
    private static String debugText = "";
    private static String debugState = "null";
    /** The trace list's length at most: a list longer than this says where it stops. */
    static final int TRACE_RECORDS = 5000;
    /** The traced run's instructions at most (a program that loops would trace for ever). */
    static final long TRACE_STEPS = 20_000_000L;

    private Studio() {}

    /**
     * Runs the debugger session that {@link #debug} set up. The page calls it through TeaVM's main, which
     * runs it on a thread of its own: the debugger waits for its machine thread, and only such a thread may
     * wait. The page polls {@link #debugText} until it is not null.
     */
    public static void main(String[] args) {
        String[] r = debugRequest;
        if (r == null) return;
        debugRequest = null;
        String result;
        DebugRun session = new DebugRun();
        try {
            result = session.run(r[0], r[1], r[2], java.util.Arrays.stream(r[3].split("\n"))
                    .filter(line -> !line.isBlank()).toList());
        } catch (RuntimeException e) {
            result = "faultline: internal error: " + describe(e) + "\n";
        }
        debugState = session.snapshot() == null ? "null" : session.snapshot();
        debugText = result;
    }

    /**
     * Sets up a debugger session over the program: the page's commands ({@code script}, one a line) run
     * from the start; the page then calls main to run it.
     */
    @JSExport
    public static void debug(String name, String source, String options, String script) {
        debugRequest = new String[] {name, source, options, script};
        debugText = null;
    }

    /**
     * {@code faultline compare --refs REFS --frames FRAMES --policies POLICIES} (comma lists; empty for the
     * defaults): its table, then each replay's grid.
     */
    @JSExport
    public static String compareRefs(String refs, String frames, String policies) {
        try {
            return CompareRefs.run(refs, frames, policies);
        } catch (RuntimeException e) {
            return "faultline: internal error: " + describe(e) + "\n";
        }
    }

    /**
     * The machine where the last debugger session stopped, as JSON for the page's pictures (see Snapshot), or
     * {@code null} when no machine ran.
     */
    @JSExport
    public static String debugState() {
        return debugState;
    }

    /**
     * {@code faultline run NAME [options] --trace=KINDS}: the trace's text records, one a line, of the first
     * {@link #TRACE_RECORDS} records (and at most {@link #TRACE_STEPS} instructions); a last line starting with
     * {@code #} says where a longer trace was cut. Empty when the program does not start.
     */
    @JSExport
    public static String trace(String name, String source, String options, String kinds) {
        try {
            Run traced = new Run();
            if (!traced.load(name, source, options, dev.faultline.trace.TraceKind.parse(kinds)).isEmpty()) return "";
            while (!traced.step(200_000)) {
                if (traced.instructions() >= TRACE_STEPS) break;
                if (traced.traceSize() > TRACE_RECORDS * 200 && lines(traced.trace()) > TRACE_RECORDS) break;
            }
            return firstLines(traced.trace(), TRACE_RECORDS, traced.exitStatus() < 0 ? traced.instructions() : -1);
        } catch (RuntimeException e) {
            return "# internal error: " + describe(e) + "\n";
        }
    }

    private static int lines(String text) {
        int n = 0;
        for (int i = 0; i < text.length(); i++) if (text.charAt(i) == '\n') n++;
        return n;
    }

    /** The first max lines; a note when lines were left out or the run was cut at instret {@code cutAt}. */
    static String firstLines(String text, int max, long cutAt) {
        int end = 0, n = 0;
        while (n < max) {
            int nl = text.indexOf('\n', end);
            if (nl < 0) break;
            end = nl + 1;
            n++;
        }
        String kept = text.substring(0, end);
        if (end < text.length()) return kept + "# the list keeps the first " + max + " records\n";
        if (cutAt >= 0) return kept + "# the list stops after " + cutAt + " instructions\n";
        return kept;
    }

    /** The text of the last debugger session, or null while it runs. */
    @JSExport
    public static String debugText() {
        return debugText;
    }

    /**
     * The assembler's errors for {@code source}, named {@code name} (a path such as {@code examples/cow.s}),
     * one a line: {@code line<TAB>column<TAB>message}, for the program's own lines; empty when it assembles.
     */
    @JSExport
    public static String check(String name, String source) {
        AsmResult result;
        try {
            result = Assembler.assembleString(Run.sourcePath(name), source);
        } catch (RuntimeException e) {
            return "1\t1\tinternal error: " + describe(e) + "\n";
        }
        StringBuilder out = new StringBuilder();
        for (Diagnostic d : result.diagnostics()) {
            if (!d.file().equals(Run.sourcePath(name))) continue; // an included file's: shown by load, not marked
            out.append(d.line()).append('\t').append(d.column()).append('\t').append(d.message()).append('\n');
        }
        return out.toString();
    }

    /**
     * Assembles {@code source} and boots a machine for it with {@code options} (the command line's words, as
     * {@code --frames 12 --bare}). Returns what the command line would print before running: empty when the
     * machine is ready, else the diagnostics or the one sentence, and nothing runs.
     */
    @JSExport
    public static String load(String name, String source, String options) {
        run = null;
        Run fresh = new Run();
        String problem;
        try {
            problem = fresh.load(name, source, options);
        } catch (RuntimeException e) {
            return "faultline: internal error: " + describe(e) + "\n";
        }
        if (problem.isEmpty()) run = fresh;
        return problem;
    }

    /**
     * Puts a file into the browser's in-memory file system at {@code path} (absolute), so that a program's
     * {@code .include} finds it; returns empty, or why not.
     */
    @JSExport
    public static String putFile(String path, String text) {
        try {
            java.nio.file.Path p = java.nio.file.Path.of(path);
            if (p.getParent() != null) java.nio.file.Files.createDirectories(p.getParent());
            java.nio.file.Files.write(p, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "";
        } catch (java.io.IOException | RuntimeException e) {
            return "cannot store " + path + ": " + e;
        }
    }

    /** Runs at most {@code budget} more instructions; true when the run has ended. */
    @JSExport
    public static boolean step(int budget) {
        return run == null || run.step(budget);
    }

    /** What the program wrote to its stdout since the last call. */
    @JSExport
    public static String takeOutput() {
        return run == null ? "" : run.takeOutput();
    }

    /** What the run printed to stderr (the kernel's messages, statistics) since the last call. */
    @JSExport
    public static String takeErrors() {
        return run == null ? "" : run.takeErrors();
    }

    /** The exit status of the ended run, as the command line's ({@code -1} while it runs). */
    @JSExport
    public static int exitStatus() {
        return run == null ? -1 : run.exitStatus();
    }

    /** The run's statistics so far, the figures of --stats (without wall_ms and mips). */
    @JSExport
    public static String runStats() {
        return run == null ? "" : run.statsText();
    }

    /** Instructions retired so far. */
    @JSExport
    public static double instructions() {
        return run == null ? 0 : run.instructions();
    }

    /** An exception that escaped the core, named with its class and where it came from. */
    static String describe(Throwable e) {
        StringBuilder s = new StringBuilder(e.toString());
        for (StackTraceElement el : e.getStackTrace()) s.append(" at ").append(el);
        return s.toString();
    }
}
