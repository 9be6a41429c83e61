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

    private Studio() {}

    public static void main(String[] args) {
        // nothing to do until the page calls in
    }

    /**
     * The assembler's errors for {@code source}, one a line: {@code line<TAB>column<TAB>message}; empty when it
     * assembles.
     */
    @JSExport
    public static String check(String source) {
        AsmResult result = Assembler.assembleString("program.s", source);
        StringBuilder out = new StringBuilder();
        for (Diagnostic d : result.diagnostics()) {
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
        String problem = fresh.load(name, source, options);
        if (problem.isEmpty()) run = fresh;
        return problem;
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

    /** Instructions retired so far. */
    @JSExport
    public static double instructions() {
        return run == null ? 0 : run.instructions();
    }
}
