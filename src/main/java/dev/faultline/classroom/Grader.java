package dev.faultline.classroom;

import dev.faultline.asm.AsmResult;
import dev.faultline.asm.Assembler;
import dev.faultline.io.FileTrees;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs one case of {@code faultline test}: the program under {@code faultline run} in this process (the same
 * command line a terminal gets, handed in as a {@link Faultline} by the command), inside the case's limits,
 * then checks every expectation and says what did not hold in sentences a student can act on. A case that
 * cannot run (a bad case file, a missing program, an include that leaves the program's folder) fails with one
 * sentence; it never stops the other cases.
 */
public final class Grader {
    private Grader() {}

    /** The outcome of one case. */
    public record Result(String name, Path file, double points, double score, boolean passed, List<String> problems,
                         List<String> feedback, String visibility, long millis) {}

    /**
     * Faultline's command line in this process: {@code Main::run}, given by the {@code test} command, so that
     * the grader needs nothing of the command-line package that calls it.
     */
    @FunctionalInterface
    public interface Faultline {
        int run(String[] args, InputStream stdin, PrintStream out, PrintStream err);
    }

    private static final Pattern POINTS = Pattern.compile("(?m)^\\s*points\\s*:\\s*([0-9.]+)\\s*$");

    /** Runs the case in file with faultline; scratch is a folder for the case's temporary files. */
    public static Result run(Path file, Map<String, String> sets, Path scratch, Faultline faultline) {
        long start = System.nanoTime();
        CaseFile c;
        try {
            c = CaseFile.read(file, sets);
        } catch (CaseFile.Invalid e) {
            return new Result(baseName(file), file, pointsOf(file), 0, false, List.of(e.getMessage()), List.of(),
                    "visible", millis(start));
        }
        List<String> problems = new ArrayList<>();
        Path dir = null;
        try {
            dir = Files.createTempDirectory(scratch, "case");
            check(c, dir, problems, faultline);
        } catch (IOException e) {
            problems.add("the case could not be prepared: " + e.getMessage());
        } finally {
            if (dir != null) deleteTree(dir);
        }
        boolean passed = problems.isEmpty();
        return new Result(c.name, file, c.points, passed ? c.points : 0, passed, problems,
                passed ? List.of() : c.feedback, c.visibility, millis(start));
    }

    private static void check(CaseFile c, Path dir, List<String> problems, Faultline faultline) throws IOException {
        Path program = c.programPath();
        if (!Files.isRegularFile(program)) {
            problems.add(c.file + ": key 'program': " + program + " does not exist");
            return;
        }
        String leaves = includeLeaves(program, c.includeFrom);
        if (leaves != null) {
            problems.add(leaves);
            return;
        }
        Path root = c.needsRoot() ? prepareRoot(c, dir, problems) : null;
        if (!problems.isEmpty()) return;
        Path traceFile = dir.resolve("trace.jsonl");
        Path statsFile = dir.resolve("stats.json");
        List<String> args = new ArrayList<>(List.of("run", program.toString()));
        args.addAll(c.args);
        args.addAll(List.of("--max-steps", Long.toString(c.maxSteps)));
        Set<String> kinds = new LinkedHashSet<>();
        for (TracePattern p : c.trace) kinds.add(p.ev);
        for (TracePattern p : c.noTrace) kinds.add(p.ev);
        if (!kinds.isEmpty()) {
            args.addAll(List.of("--trace=" + String.join(",", kinds), "--trace-format", "jsonl", "--trace-file",
                    traceFile.toString()));
        }
        if (!c.stats.isEmpty()) args.addAll(List.of("--stats-json", statsFile.toString()));
        if (root != null) args.addAll(List.of("--root", root.toString()));
        Run run = execute(args, c, faultline);
        if (run.timedOut) {
            problems.add("the run took longer than " + c.timeoutSeconds + " s, the case's time limit, and was abandoned");
            return;
        }
        if (run.flooded) {
            problems.add("the run wrote more than " + c.maxOutput + " bytes of output, the case's limit, and was stopped");
            return;
        }
        if (run.crash != null) {
            problems.add("the run failed inside Faultline: " + run.crash);
            return;
        }
        checkExit(c, run, problems);
        checkOutput(c, run, problems);
        if (!c.stats.isEmpty()) checkStats(c, statsFile, problems);
        if (!kinds.isEmpty()) checkTrace(c, traceFile, problems);
        if (root != null) checkRoot(c, root, problems);
    }

    /**
     * null when every include of the program stays in its folder or an include-from folder, else the sentence
     * saying which does not. The assembler's include roots judge it, so an include is refused exactly when the
     * assembler would read a file outside (whatever its spelling), and such a file is never opened.
     */
    private static String includeLeaves(Path program, List<Path> includeFrom) {
        List<Path> roots = new ArrayList<>();
        roots.add(Assembler.folderOf(program));
        roots.addAll(includeFrom);
        Assembler.OutsideInclude outside = Assembler.includeOutside(program, roots);
        if (outside == null) return null;
        return program + ": .include \"" + outside.wanted() + "\" in " + lastPart(outside.file())
                + " leaves the program's folder, which a graded program may not do";
    }

    // ------------------------------------------------------------------ running

    /** What a run gave: status, stdout (bytes as ISO-8859-1 characters), stderr, and how it ended. */
    private static final class Run {
        int status;
        String out = "";
        String err = "";
        boolean timedOut;
        boolean flooded;
        String crash;
    }

    /** Thrown from the guest's output streams when a case's output limit is passed: it ends the run. */
    private static final class Flood extends Error {
        Flood() {
            super("output limit", null, false, false);
        }
    }

    /** An output stream that keeps at most a shared budget of bytes, then ends the run with {@link Flood}. */
    private static final class Capped extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final long[] budget;

        Capped(long[] budget) {
            this.budget = budget;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (len > budget[0]) {
                bytes.write(b, off, (int) Math.max(0, budget[0]));
                budget[0] = -1;
                throw new Flood();
            }
            budget[0] -= len;
            bytes.write(b, off, len);
        }
    }

    private static Run execute(List<String> args, CaseFile c, Faultline faultline) {
        Run run = new Run();
        long[] budget = {c.maxOutput};
        Capped out = new Capped(budget), err = new Capped(budget);
        FutureTask<Integer> task = new FutureTask<>(() -> faultline.run(args.toArray(new String[0]),
                new ByteArrayInputStream(c.stdin.getBytes(StandardCharsets.ISO_8859_1)),
                new PrintStream(out, true, StandardCharsets.ISO_8859_1), new PrintStream(err, true, StandardCharsets.UTF_8)));
        // A thread of its own, a daemon: a run that outlives its time limit is abandoned, not waited for. Its
        // instruction limit still ends it.
        Thread thread = new Thread(null, task, "faultline-test-case", 64L << 20);
        thread.setDaemon(true);
        thread.start();
        try {
            run.status = task.get(c.timeoutSeconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            run.timedOut = true;
            thread.interrupt();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Flood) run.flooded = true;
            else run.crash = String.valueOf(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            run.crash = "interrupted";
        }
        run.out = out.bytes.toString(StandardCharsets.ISO_8859_1);
        run.err = err.bytes.toString(StandardCharsets.UTF_8);
        return run;
    }

    private static Path prepareRoot(CaseFile c, Path dir, List<String> problems) throws IOException {
        Path root = dir.resolve("root");
        Files.createDirectories(root);
        for (Map.Entry<String, String> e : c.files.entrySet()) {
            Path p = root.resolve(e.getKey());
            Files.createDirectories(p.getParent());
            Files.write(p, e.getValue().getBytes(StandardCharsets.ISO_8859_1));
        }
        for (Map.Entry<String, String> e : c.flx.entrySet()) {
            Path source = c.casePath(e.getValue());
            AsmResult asm = Assembler.assembleFile(source);
            if (!asm.ok()) {
                problems.add(c.file + ": key 'flx " + e.getKey() + "': " + source + " does not assemble: "
                        + asm.formatDiagnostics().lines().findFirst().orElse(""));
                continue;
            }
            Path p = root.resolve(e.getKey());
            Files.createDirectories(p.getParent());
            Files.write(p, asm.flx().write());
        }
        for (Map.Entry<String, String> e : c.symlinks.entrySet()) {
            Path p = root.resolve(e.getKey());
            Files.createDirectories(p.getParent());
            Files.createSymbolicLink(p, Path.of(e.getValue()));
        }
        for (String fifo : c.fifos) {
            Path p = root.resolve(fifo);
            Files.createDirectories(p.getParent());
            FileTrees.makeFifo(p);
        }
        return root;
    }

    /** Deletes a case's scratch folder, quietly: a file left in the temporary folder harms nothing. */
    public static void deleteTree(Path dir) {
        try {
            FileTrees.delete(dir);
        } catch (IOException e) {
            // left behind
        }
    }

    // ------------------------------------------------------------------ checks

    private static void checkExit(CaseFile c, Run run, List<String> problems) {
        int want = c.exit == null ? 0 : c.exit;
        if (run.status == want) return;
        String why = switch (run.status) {
            case 3 -> " (stopped after " + c.maxSteps + " instructions, the case's limit: an endless loop?)";
            case 2 -> " (the program did not start: " + firstLine(run.err) + ")";
            case 70 -> " (" + firstLine(run.err) + ")";
            default -> run.status > 128 && run.status < 160 ? " (killed by signal " + (run.status - 128) + ")" : "";
        };
        problems.add("exit status " + run.status + ", expected " + want + why);
    }

    private static void checkOutput(CaseFile c, Run run, List<String> problems) {
        if (c.stdout != null && !c.stdout.equals(run.out)) problems.add(difference("stdout", c.stdout, run.out));
        boolean shown = false;
        for (String s : c.stdoutContains) {
            if (run.out.contains(s)) continue;
            problems.add("stdout does not contain " + show(s) + (shown ? "" : "; it ends with " + show(lastLines(run.out, 2))));
            shown = true;
        }
        for (Pattern p : c.stdoutMatches) {
            if (!p.matcher(run.out).find()) problems.add("stdout has nothing matching /" + p.pattern() + "/");
        }
        for (String s : c.stderrContains) {
            if (!run.err.contains(s)) problems.add("stderr does not contain " + show(s) + "; it was " + show(tail(run.err)));
        }
    }

    private static void checkStats(CaseFile c, Path statsFile, List<String> problems) {
        Map<?, ?> stats;
        try {
            stats = (Map<?, ?>) MiniJson.parse(Files.readString(statsFile));
        } catch (IOException | IllegalArgumentException | ClassCastException e) {
            problems.add("the run wrote no statistics to check " + c.stats);
            return;
        }
        for (CaseFile.Stat s : c.stats) {
            Object v = stats.get(s.key());
            if (!(v instanceof Number n)) {
                problems.add("'" + s.key() + "' is not a statistic (see docs/cli.md, Statistics)");
                continue;
            }
            long got = n.longValue();
            boolean ok = switch (s.op()) {
                case ">=" -> got >= s.value();
                case "<=" -> got <= s.value();
                default -> got == s.value();
            };
            if (!ok) problems.add("statistic " + s.key() + " is " + got + ", expected " + s.op() + " " + s.value());
        }
    }

    private static void checkTrace(CaseFile c, Path traceFile, List<String> problems) throws IOException {
        List<Map<String, Object>> records = new ArrayList<>();
        List<String> lines = Files.exists(traceFile) ? Files.readAllLines(traceFile) : List.of();
        for (String line : lines) {
            try {
                @SuppressWarnings("unchecked")
                Map<String, Object> r = (Map<String, Object>) MiniJson.parse(line);
                records.add(r);
            } catch (IllegalArgumentException | ClassCastException e) {
                // a line cut short by a stopped run: not a record
            }
        }
        int at = 0;
        for (int i = 0; i < c.trace.size(); i++) {
            TracePattern p = c.trace.get(i);
            int found = -1;
            for (int j = at; j < records.size(); j++) {
                if (p.matches(records.get(j))) {
                    found = j;
                    break;
                }
            }
            if (found < 0) {
                String which = c.trace.size() == 1 ? "" : " (expected record " + (i + 1) + " of " + c.trace.size()
                        + ", in order)";
                problems.add("no trace record '" + p + "'" + which + "; " + sample(records, p.ev, at));
                break;
            }
            at = found + 1;
        }
        for (TracePattern p : c.noTrace) {
            for (Map<String, Object> r : records) {
                if (p.matches(r)) {
                    problems.add("a trace record the case forbids ('" + p + "'): " + brief(r));
                    break;
                }
            }
        }
    }

    /** What the run did write of that type, so the student sees the difference. */
    private static String sample(List<Map<String, Object>> records, String ev, int from) {
        List<String> seen = new ArrayList<>();
        int count = 0;
        for (int j = from; j < records.size(); j++) {
            if (!ev.equals(records.get(j).get("ev"))) continue;
            count++;
            if (seen.size() < 3) seen.add(brief(records.get(j)));
        }
        if (count == 0) return "the run wrote no " + ev + " record" + (from > 0 ? " after the ones matched" : "");
        return "the run's " + ev + " records" + (from > 0 ? " after the ones matched" : "") + " (" + count + "): "
                + String.join("; ", seen) + (count > seen.size() ? "; …" : "");
    }

    private static String brief(Map<String, Object> r) {
        StringBuilder sb = new StringBuilder(String.valueOf(r.get("ev")));
        for (Map.Entry<String, Object> e : r.entrySet()) {
            if (e.getKey().equals("t") || e.getKey().equals("ev")) continue;
            Object v = e.getValue();
            String s = v instanceof Number n && (e.getKey().equals("addr") || e.getKey().equals("pc")
                    || e.getKey().equals("tval")) ? String.format("0x%08x", n.longValue()) : String.valueOf(v);
            sb.append(' ').append(e.getKey()).append('=').append(s);
        }
        return sb.toString();
    }

    private static void checkRoot(CaseFile c, Path root, List<String> problems) throws IOException {
        for (Map.Entry<String, String> e : c.rootAfter.entrySet()) {
            Path p = root.resolve(e.getKey());
            if (!Files.exists(p)) {
                problems.add("after the run, " + e.getKey() + " does not exist in the root folder");
                continue;
            }
            String got = Files.readString(p, StandardCharsets.ISO_8859_1);
            if (!got.equals(e.getValue())) problems.add(difference("after the run, " + e.getKey(), e.getValue(), got));
        }
    }

    // ------------------------------------------------------------------ wording

    /** Where want and got first differ, by line. */
    static String difference(String what, String want, String got) {
        String[] w = want.split("\n", -1), g = got.split("\n", -1);
        for (int i = 0; i < Math.max(w.length, g.length); i++) {
            String wl = i < w.length ? w[i] : null, gl = i < g.length ? g[i] : null;
            if (wl != null && wl.equals(gl)) continue;
            return what + " differs at line " + (i + 1) + ": expected " + (wl == null ? "no more lines" : show(wl))
                    + ", got " + (gl == null ? "no more lines" : show(gl));
        }
        return what + " differs";
    }

    static String show(String s) {
        StringBuilder sb = new StringBuilder("\"");
        int n = 0;
        for (char ch : s.toCharArray()) {
            if (n++ == 200) {
                sb.append("…");
                break;
            }
            switch (ch) {
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> sb.append(ch < 0x20 || ch > 0x7e ? String.format("\\x%02x", (int) ch & 0xFF) : String.valueOf(ch));
            }
        }
        return sb.append('"').toString();
    }

    private static String lastLines(String s, int n) {
        String[] lines = s.split("\n", -1);
        int end = lines.length - (s.endsWith("\n") ? 1 : 0);
        StringBuilder sb = new StringBuilder();
        for (int i = Math.max(0, end - n); i < end; i++) sb.append(lines[i]).append(i < lines.length - 1 ? "\n" : "");
        return sb.toString();
    }

    private static String firstLine(String s) {
        String line = s.lines().findFirst().orElse("").strip();
        return line.startsWith("faultline: ") ? line.substring(11) : line;
    }

    private static String tail(String s) {
        return s.length() <= 300 ? s : "…" + s.substring(s.length() - 300);
    }

    private static String baseName(Path file) {
        String base = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        return base.endsWith(".case") ? base.substring(0, base.length() - 5) : base;
    }

    /** The last part of a file name as the assembler gives it. */
    private static String lastPart(String name) {
        int slash = name.lastIndexOf('/');
        return slash < 0 ? name : name.substring(slash + 1);
    }

    /** The points a case file claims, read leniently, so that a broken case still counts in max_score. */
    private static double pointsOf(Path file) {
        try {
            Matcher m = POINTS.matcher(Files.readString(file, StandardCharsets.UTF_8));
            return m.find() ? Double.parseDouble(m.group(1)) : 1;
        } catch (IOException | RuntimeException e) {
            return 1;
        }
    }

    private static long millis(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
