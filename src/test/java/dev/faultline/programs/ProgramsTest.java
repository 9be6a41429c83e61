package dev.faultline.programs;

import static dev.faultline.classroom.CaseFile.unescape;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.faultline.cli.Main;
import dev.faultline.io.FileTrees;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Golden programs: every {@code programs/*.s} is run in-process by {@code faultline run} and must give the
 * output its header promises, then again under other memory configurations, where it must give the same
 * stdout and exit status (paging is transparent, docs/kernel.md), and once with {@code --check}.
 *
 * <p>The header is the block of comment lines at the top of the file; the lines starting with {@code ;!}
 * hold the expectations (programs/README.md lists the keys):
 *
 * <pre>
 * ;! exit: 0                       exit status of the run (default 0)
 * ;! stdout: hello\n               exact stdout; several lines concatenate; C escapes
 * ;! stdin: 42\n                   fed to the program; several lines concatenate
 * ;! args: --frames 16 --swap 64   options after the program; several lines append
 * ;! stderr-contains: SIGSEGV      each line one substring stderr must hold
 * ;! stats: forks=1 swap_ins>=20   values from --stats-json (first run only): =, >= or <=
 * ;! file data.txt: hello\n        a file of the run's own --root folder (implies --root)
 * ;! root-after data.txt: HELLO\n  what that file must hold after the run
 * ;! flx prog.flx: helper/t.s      assemble programs/helper/t.s into the root as prog.flx
 * ;! symlink out: ../..            a symbolic link in the root (target taken as written)
 * ;! fifo pipe:                     a FIFO (named pipe) in the root (made with mkfifo)
 * ;! root: yes                     give the run an empty --root folder
 * ;! transparent: no               skip the variant runs (output depends on options)
 * ;! min-frames: 300               variants never run with fewer frames than this
 * </pre>
 *
 * Every run starts from a fresh copy of the root files. A key not listed here fails the program's test.
 * {@code -Dprograms=a,b} runs only the named programs.
 */
class ProgramsTest {

    private static final Path PROGRAMS = Path.of("programs");
    /** The expected restart records of each program's traced run. */
    private static final Path RESTARTS = Path.of("src/test/resources/program-restarts");

    /** The runs every transparent program must survive unchanged. */
    static final List<List<String>> VARIANTS = List.of(
            List.of("--tlb", "0"),
            List.of("--tlb", "1"),
            List.of("--tlb-refill", "sw"),
            List.of("--frames", "24"),
            List.of("--frames", "1024"),
            List.of("--policy", "fifo"),
            List.of("--quantum", "7"),
            List.of("--check"));

    /** A runaway program ends with exit 3 instead of hanging the build. */
    private static final String MAX_STEPS = "50000000";
    private static final long RUN_LIMIT_SECONDS = 30;

    private static final String[] STACK_MARKS = {"Exception in thread", "\tat java.", "\tat dev.", "\tat org.",
        "Caused by:"};

    @TempDir
    static Path scratch;

    private static final AtomicInteger RUN_IDS = new AtomicInteger();

    private static final ExecutorService POOL = Executors.newFixedThreadPool(
            Math.max(2, Runtime.getRuntime().availableProcessors()), task -> {
                Thread t = new Thread(null, task, "program-run", 64L << 20);
                t.setDaemon(true);
                return t;
            });

    @AfterAll
    static void shutDown() {
        POOL.shutdownNow();
    }

    @TestFactory
    Stream<DynamicNode> programs() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(PROGRAMS)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".s")).sorted().toList();
        }
        String only = System.getProperty("programs", "");
        List<String> picks = only.isBlank() ? List.of() : Arrays.asList(only.split(","));
        List<DynamicNode> nodes = new ArrayList<>();
        for (Path file : files) {
            String name = file.getFileName().toString().replaceFirst("\\.s$", "");
            if (!picks.isEmpty() && !picks.contains(name)) continue;
            nodes.add(programNode(name, file));
        }
        if (nodes.isEmpty()) fail("no programs found under " + PROGRAMS.toAbsolutePath());
        return nodes.stream();
    }

    /** Parses the header and starts every run of the program at once; the tests wait for their run. */
    private DynamicNode programNode(String name, Path file) {
        Header header;
        try {
            header = Header.parse(Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (IOException | IllegalArgumentException e) {
            String message = file + ": " + e.getMessage();
            return DynamicTest.dynamicTest(name, () -> fail(message));
        }
        String program = PROGRAMS.resolve(file.getFileName()).toString();
        CompletableFuture<Run> base = start(program, header, header.args, true);
        List<DynamicNode> tests = new ArrayList<>();
        tests.add(DynamicTest.dynamicTest("expectations", () -> checkExpectations(header, await(base))));
        CompletableFuture<Run> interp = start(program, header, tierArgs(header, name, "interp"), false);
        CompletableFuture<Run> auto = start(program, header, tierArgs(header, name, "auto"), false);
        tests.add(DynamicTest.dynamicTest("--tier interp|auto", () -> checkSameTrace(await(interp), await(auto))));
        tests.add(DynamicTest.dynamicTest("restart records", () -> checkRestarts(name, await(interp))));
        if (header.transparent) {
            for (List<String> variant : VARIANTS) {
                List<String> args = withVariant(header.args, variant, header.minFrames);
                CompletableFuture<Run> run = start(program, header, args, false);
                tests.add(DynamicTest.dynamicTest(String.join(" ", variant),
                        () -> checkSameAs(header, await(base), await(run), args)));
            }
        }
        return DynamicContainer.dynamicContainer(name, tests);
    }

    private static void checkExpectations(Header h, Run run) {
        String where = "faultline " + String.join(" ", run.args);
        assertNoStackTrace(run);
        assertEquals(h.stdout, run.stdout, where + ": stdout (stderr: " + tail(run.stderr) + ")");
        assertEquals(h.exit, run.exit, where + ": exit status (stderr: " + tail(run.stderr) + ")");
        checkStderrAndRoot(h, run, where);
        if (!h.stats.isEmpty()) {
            if (run.statsJson == null) fail(where + ": no --stats-json output");
            for (String[] s : h.stats) {
                Long got = jsonNumber(run.statsJson, s[0]);
                long want = Long.parseLong(s[2]);
                boolean ok = got != null && switch (s[1]) {
                    case "=" -> got == want;
                    case ">=" -> got >= want;
                    default -> got <= want;
                };
                if (!ok) fail(where + ": stats " + s[0] + " = " + got + ", expected " + s[1] + " " + want + " in "
                        + run.statsJson);
            }
        }
    }

    private static void checkSameAs(Header h, Run base, Run run, List<String> args) {
        String where = "faultline " + String.join(" ", run.args);
        assertNoStackTrace(run);
        if (run.exit == 70 && args.contains("--check")) {
            fail(where + ": the kernel's invariant check failed: " + tail(run.stderr));
        }
        assertEquals(base.stdout, run.stdout, where + ": stdout differs from the first run (stderr: "
                + tail(run.stderr) + ")");
        assertEquals(base.exit, run.exit, where + ": exit status differs from the first run (stderr: "
                + tail(run.stderr) + ")");
        checkStderrAndRoot(h, run, where);
    }

    /** The program's options with every trace record (JSONL) and the statistics written to files, under a tier. */
    private static List<String> tierArgs(Header h, String name, String tier) {
        List<String> args = withVariant(h.args, List.of("--tier", tier), 0);
        args = withVariant(args, List.of("--trace", "all"), 0);
        args = withVariant(args, List.of("--trace-format", "jsonl"), 0);
        args = withVariant(args, List.of("--trace-file", scratch.resolve(name + "-" + tier + ".jsonl").toString()), 0);
        return withVariant(args, List.of("--stats-json", scratch.resolve(name + "-" + tier + ".json").toString()), 0);
    }

    /** The second tier changes nothing a user can see: output, exit, the full trace and the statistics. */
    private static void checkSameTrace(Run interp, Run auto) throws IOException {
        String where = "faultline " + String.join(" ", auto.args);
        assertNoStackTrace(interp);
        assertNoStackTrace(auto);
        assertEquals(interp.stdout, auto.stdout, where + ": stdout differs from --tier interp");
        assertEquals(interp.exit, auto.exit, where + ": exit status differs from --tier interp");
        assertEquals(interp.stderr, auto.stderr, where + ": stderr differs from --tier interp");
        assertEquals(Files.readString(fileAfter(interp.args, "--trace-file")),
                Files.readString(fileAfter(auto.args, "--trace-file")), where + ": the trace differs from --tier interp");
        assertEquals(withoutTiming(Files.readString(fileAfter(interp.args, "--stats-json"))),
                withoutTiming(Files.readString(fileAfter(auto.args, "--stats-json"))),
                where + ": the statistics differ from --tier interp");
    }

    /**
     * The {@code restart} records of the traced run (the program's own options) must be those recorded in
     * {@link #RESTARTS}/NAME.jsonl: a restart that appears or goes away is a change a user sees in every trace.
     * {@code -Dprograms.restarts.write=true} writes the files from the current code instead (programs/README.md).
     */
    private static void checkRestarts(String name, Run traced) throws IOException {
        StringBuilder got = new StringBuilder();
        for (String line : Files.readAllLines(fileAfter(traced.args, "--trace-file"), StandardCharsets.UTF_8)) {
            if (line.contains("\"ev\":\"restart\"")) got.append(line).append('\n');
        }
        Path golden = RESTARTS.resolve(name + ".jsonl");
        if (Boolean.getBoolean("programs.restarts.write")) {
            Files.createDirectories(RESTARTS);
            Files.writeString(golden, got.toString(), StandardCharsets.UTF_8);
            return;
        }
        if (!Files.exists(golden)) {
            fail(golden + " is missing: write it with ./mvnw -o -q test -Dtest=ProgramsTest -Dprograms=" + name
                    + " -Dprograms.restarts.write=true, and review it");
        }
        assertEquals(Files.readString(golden, StandardCharsets.UTF_8), got.toString(), "faultline "
                + String.join(" ", traced.args) + ": the restart records differ from " + golden
                + " (if the change is meant, rewrite it with -Dprograms.restarts.write=true)");
    }

    private static Path fileAfter(List<String> args, String option) {
        return Path.of(args.get(args.indexOf(option) + 1));
    }

    /** Statistics without the wall-clock figures. */
    private static String withoutTiming(String json) {
        return json.replaceAll("\"(wall_ms|mips)\":\\s*[0-9.]+", "\"$1\": 0");
    }

    private static void checkStderrAndRoot(Header h, Run run, String where) {
        for (String s : h.stderrContains) {
            if (!run.stderr.contains(s)) fail(where + ": stderr lacks \"" + s + "\"; stderr: " + tail(run.stderr));
        }
        for (Map.Entry<String, String> e : h.rootAfter.entrySet()) {
            Path p = run.root.resolve(e.getKey());
            String got;
            try {
                got = Files.exists(p) ? Files.readString(p, StandardCharsets.ISO_8859_1) : "<missing>";
            } catch (IOException ex) {
                got = "<" + ex + ">";
            }
            assertEquals(e.getValue(), got, where + ": host file " + e.getKey() + " after the run");
        }
    }

    private static void assertNoStackTrace(Run run) {
        for (String mark : STACK_MARKS) {
            if (run.stderr.contains(mark) || run.stdout.contains(mark)) {
                fail("faultline " + String.join(" ", run.args) + ": printed a Java stack trace: " + tail(run.stderr));
            }
        }
    }

    /** The program's own options with the variant's option replaced (picocli refuses repeated options). */
    static List<String> withVariant(List<String> args, List<String> variant, int minFrames) {
        List<String> out = new ArrayList<>(args);
        String option = variant.get(0);
        String value = variant.size() > 1 ? variant.get(1) : null;
        if (option.equals("--frames") && Integer.parseInt(value) < minFrames) value = Integer.toString(minFrames);
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i).equals(option)) {
                if (value == null) return out;
                out.set(i + 1, value);
                return out;
            }
            if (out.get(i).startsWith(option + "=")) {
                out.set(i, value == null ? option : option + "=" + value);
                return out;
            }
        }
        out.add(option);
        if (value != null) out.add(value);
        return out;
    }

    // ------------------------------------------------------------------------------------------ running

    /** One finished run: what the command printed and returned, and the root folder it ran in. */
    record Run(List<String> args, int exit, String stdout, String stderr, Path root, String statsJson) {}

    private static CompletableFuture<Run> start(String program, Header h, List<String> options, boolean stats) {
        return CompletableFuture.supplyAsync(() -> {
            Watched watched = new Watched(Thread.currentThread(), System.nanoTime());
            RUNNING.add(watched);
            try {
                Run run = runOnce(program, h, options, stats);
                if (watched.stopped) {
                    return new Run(run.args, -1, run.stdout, "stopped by the watchdog after " + RUN_LIMIT_SECONDS
                            + " s (a hang, or a trap loop that retires no instruction)", run.root, null);
                }
                return run;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                RUNNING.remove(watched);
            }
        }, POOL);
    }

    private static Run await(CompletableFuture<Run> run) throws Exception {
        try {
            return run.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ThreadDeath) {
                throw new AssertionError("stopped by the watchdog after " + RUN_LIMIT_SECONDS
                        + " s (a hang, or a trap loop that retires no instruction)");
            }
            throw e;
        }
    }

    /** A run in progress, for the watchdog. */
    private static final class Watched {
        final Thread thread;
        final long startNanos;
        volatile boolean stopped;

        Watched(Thread thread, long startNanos) {
            this.thread = thread;
            this.startNanos = startNanos;
        }
    }

    private static final Set<Watched> RUNNING = ConcurrentHashMap.newKeySet();

    /**
     * Stops a run that takes longer than {@link #RUN_LIMIT_SECONDS}: a kernel stuck restarting a fault forever
     * retires no instruction, so --max-steps cannot end it, and an in-process run cannot be killed any other way.
     */
    @SuppressWarnings({"removal", "deprecation"})
    private static void watch() {
        while (true) {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (Watched w : RUNNING) {
                if (!w.stopped && now - w.startNanos > TimeUnit.SECONDS.toNanos(RUN_LIMIT_SECONDS)) {
                    w.stopped = true;
                    w.thread.stop();
                }
            }
        }
    }

    static {
        // Translate a branch target on its second taken branch, so that even short loops run in the second tier.
        System.setProperty("faultline.tier2.hot", "1");
        Thread watchdog = new Thread(ProgramsTest::watch, "program-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    private static Run runOnce(String program, Header h, List<String> options, boolean stats) throws IOException {
        Path dir = scratch.resolve("run" + RUN_IDS.incrementAndGet());
        Files.createDirectories(dir);
        List<String> args = new ArrayList<>();
        args.add("run");
        args.add(program);
        args.addAll(options);
        Path root = prepareRoot(h, dir);
        if (root != null) {
            args.add("--root");
            args.add(root.toString());
        }
        Path statsFile = dir.resolve("stats.json");
        if (stats && !h.stats.isEmpty()) {
            args.add("--stats-json");
            args.add(statsFile.toString());
        }
        if (!options.contains("--max-steps")) {
            args.add("--max-steps");
            args.add(MAX_STEPS);
        }
        Captured c = invoke(args, h.stdin);
        for (String link : h.symlinks.keySet()) {
            Files.deleteIfExists(root.resolve(link)); // links out of the temp folder make JUnit's cleanup complain
        }
        String json = Files.exists(statsFile) ? Files.readString(statsFile) : null;
        return new Run(args, c.exit, c.stdout, c.stderr, root, json);
    }

    /** The run's own --root folder under dir, filled as the header says; null when the program needs none. */
    static Path prepareRoot(Header h, Path dir) throws IOException {
        if (!h.needsRoot()) return null;
        Path root = dir.resolve("root");
        Files.createDirectories(root);
        for (Map.Entry<String, String> e : h.files.entrySet()) {
            Path p = root.resolve(e.getKey());
            Files.createDirectories(p.getParent());
            Files.write(p, e.getValue().getBytes(StandardCharsets.ISO_8859_1));
        }
        for (Map.Entry<String, String> e : h.flx.entrySet()) {
            Path p = root.resolve(e.getKey());
            Files.createDirectories(p.getParent());
            String source = PROGRAMS.resolve(e.getValue()).toString();
            Captured asm = invoke(List.of("asm", source, "-o", p.toString()), "");
            if (asm.exit != 0) {
                throw new IllegalStateException("cannot assemble " + source + " for the root: " + asm.stderr);
            }
        }
        for (Map.Entry<String, String> e : h.symlinks.entrySet()) {
            Path p = root.resolve(e.getKey());
            Files.createDirectories(p.getParent());
            Files.createSymbolicLink(p, Path.of(e.getValue()));
        }
        for (String fifo : h.fifos) {
            Path p = root.resolve(fifo);
            Files.createDirectories(p.getParent());
            FileTrees.makeFifo(p);
        }
        return root;
    }

    private record Captured(int exit, String stdout, String stderr) {}

    private static Captured invoke(List<String> args, String stdin) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.ISO_8859_1);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            exit = Main.run(args.toArray(new String[0]),
                    new ByteArrayInputStream(stdin.getBytes(StandardCharsets.ISO_8859_1)), o, e);
        }
        return new Captured(exit, out.toString(StandardCharsets.ISO_8859_1), err.toString(StandardCharsets.UTF_8));
    }

    private static String tail(String s) {
        String t = s.strip();
        return t.length() > 600 ? "..." + t.substring(t.length() - 600) : t;
    }

    /** The integer value of a top-level key of the statistics JSON, or null. */
    static Long jsonNumber(String json, String key) {
        int nested = json.indexOf("\"per_process\"");
        if (nested >= 0) json = json.substring(0, nested);
        Matcher m = Pattern.compile("\"" + Pattern.quote(key) + "\"\\s*:\\s*(-?\\d+)").matcher(json);
        return m.find() ? Long.parseLong(m.group(1)) : null;
    }

    // ------------------------------------------------------------------------------------------- header

    /** The expectations of one program, from the {@code ;!} lines of its leading comment block. */
    static final class Header {
        int exit = 0;
        String stdout = "";
        String stdin = "";
        final List<String> args = new ArrayList<>();
        final List<String> stderrContains = new ArrayList<>();
        /** Each entry: key, then "=", ">=" or "<=", then the number. */
        final List<String[]> stats = new ArrayList<>();
        final Map<String, String> files = new LinkedHashMap<>();
        final Map<String, String> rootAfter = new LinkedHashMap<>();
        final Map<String, String> flx = new LinkedHashMap<>();
        final Map<String, String> symlinks = new LinkedHashMap<>();
        final List<String> fifos = new ArrayList<>();
        boolean root = false;
        boolean transparent = true;
        int minFrames = 0;

        boolean needsRoot() {
            return root || !files.isEmpty() || !flx.isEmpty() || !rootAfter.isEmpty() || !symlinks.isEmpty()
                    || !fifos.isEmpty();
        }

        private static final Pattern STAT = Pattern.compile("([a-z_]+)(=|>=|<=)(\\d+)");
        private static final Pattern LINE = Pattern.compile(";!\\s*([A-Za-z][A-Za-z0-9-]*)(?:\\s+([^:]+?))?\\s*:(.*)");

        static Header parse(List<String> lines) {
            Header h = new Header();
            boolean inHeader = true;
            int n = 0;
            for (String raw : lines) {
                n++;
                String line = raw.strip();
                if (inHeader && !line.isEmpty() && !line.startsWith(";") && !line.startsWith("#")) inHeader = false;
                if (!line.startsWith(";!")) continue;
                if (!inHeader) throw new IllegalArgumentException("line " + n + ": a ;! line after the header");
                Matcher m = LINE.matcher(line);
                if (!m.matches()) throw new IllegalArgumentException("line " + n + ": not `;! key: value`: " + line);
                try {
                    h.apply(m.group(1).toLowerCase(Locale.ROOT), m.group(2), m.group(3).strip());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("line " + n + ": " + e.getMessage(), e);
                }
            }
            return h;
        }

        private void apply(String key, String arg, String value) {
            boolean wantsArg = key.equals("file") || key.equals("root-after") || key.equals("flx")
                    || key.equals("symlink") || key.equals("fifo");
            if (wantsArg != (arg != null)) {
                throw new IllegalArgumentException(wantsArg ? "key `" + key + "` needs a file name: `;! " + key
                        + " NAME: ...`" : "unknown header key `" + key + " " + arg + "`");
            }
            switch (key) {
                case "exit" -> exit = Integer.parseInt(value);
                case "stdout" -> stdout += unescape(value);
                case "stdin" -> stdin += unescape(value);
                case "args" -> {
                    if (!value.isEmpty()) args.addAll(Arrays.asList(value.split("\\s+")));
                }
                case "stderr-contains" -> stderrContains.add(unescape(value));
                case "stats" -> {
                    for (String item : value.split("\\s+")) {
                        Matcher m = STAT.matcher(item);
                        if (!m.matches()) {
                            throw new IllegalArgumentException("stats wants key=N, key>=N or key<=N, got " + item);
                        }
                        stats.add(new String[] {m.group(1), m.group(2), m.group(3)});
                    }
                }
                case "file" -> files.merge(checkedName(arg), unescape(value), String::concat);
                case "root-after" -> rootAfter.merge(checkedName(arg), unescape(value), String::concat);
                case "flx" -> flx.put(checkedName(arg), value);
                case "symlink" -> symlinks.put(checkedName(arg), value);
                case "fifo" -> fifos.add(checkedName(arg));
                case "root" -> root = yesNo(key, value);
                case "transparent" -> transparent = yesNo(key, value);
                case "min-frames" -> minFrames = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("unknown header key `" + key + "`");
            }
        }

        private static String checkedName(String name) {
            if (name.startsWith("/") || Arrays.asList(name.split("/")).contains("..")) {
                throw new IllegalArgumentException("root file name must stay inside the root: " + name);
            }
            return name;
        }

        private static boolean yesNo(String key, String value) {
            return switch (value) {
                case "yes" -> true;
                case "no" -> false;
                default -> throw new IllegalArgumentException("`" + key + "` takes yes or no, got " + value);
            };
        }
    }
}
