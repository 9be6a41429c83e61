package dev.faultline.programs;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.faultline.cli.Main;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A refactoring guard, not a test of behaviour: records the full JSONL trace ({@code --trace=all}), the
 * statistics ({@code --stats-json}, less {@code wall_ms} and {@code mips}), stdout, stderr and exit status of
 * every {@code programs/*.s} and {@code examples/*.s} under several option sets, plus a few {@code compare}
 * tables, and either writes them to a folder or compares them with a folder written before. Skipped unless
 * {@code -Dgolden.dir=DIR} is given; {@code bench/trace-golden} drives it.
 *
 * <pre>
 * bench/trace-golden record /tmp/golden-before     # on the old code
 * bench/trace-golden check /tmp/golden-before      # on the new code: fails naming each run that differs
 * </pre>
 */
class GoldenTraces {
    private static final List<List<String>> OPTION_SETS = List.of(
            List.of(),
            List.of("--frames", "12"),
            List.of("--frames", "24"),
            List.of("--policy", "fifo"),
            List.of("--policy", "lru"),
            List.of("--policy", "random"),
            List.of("--tlb-refill", "sw"),
            List.of("--tlb", "1"));

    private static final List<List<String>> COMPARES = List.of(
            List.of("examples/belady.s", "--policies", "fifo,clock,lru,random,opt", "--frames", "6,7,8,9"),
            List.of("examples/swapping.s", "--policies", "fifo,clock,lru,random,opt", "--frames", "8,12,16"),
            List.of("programs/swap_pages.s", "--policies", "fifo,clock,lru,random", "--frames", "10,14,20"),
            List.of("programs/swap_cow.s", "--policies", "fifo,clock,lru,random", "--frames", "12,20"),
            List.of("programs/swap_shared_file.s", "--policies", "fifo,clock,lru,random", "--frames", "12,20"));

    private record Job(String name, List<String> args, String stdin, Runnable setup, Path root) {}

    @Test
    void traces() throws Exception {
        String dirName = System.getProperty("golden.dir", "");
        assumeTrue(!dirName.isBlank(), "set -Dgolden.dir=DIR (and -Dgolden.mode=record|check) to run");
        boolean record = System.getProperty("golden.mode", "check").equals("record");
        Path dir = Path.of(dirName).toAbsolutePath();
        Path scratch = Files.createTempDirectory("golden");
        List<Job> jobs = jobs(scratch);
        ExecutorService pool = Executors.newFixedThreadPool(2, r -> new Thread(null, r, "golden", 64L << 20));
        List<Future<String[]>> results = new ArrayList<>();
        for (Job job : jobs) results.add(pool.submit(() -> new String[] {job.name(), runOne(job, scratch)}));
        if (record) Files.createDirectories(dir);
        List<String> differences = new ArrayList<>();
        int checked = 0;
        for (Future<String[]> f : results) {
            String[] r = f.get();
            Path file = dir.resolve(r[0] + ".txt");
            if (record) {
                Files.writeString(file, r[1], StandardCharsets.UTF_8);
                continue;
            }
            checked++;
            if (!Files.exists(file)) {
                differences.add(r[0] + ": no recorded run");
                continue;
            }
            String want = Files.readString(file, StandardCharsets.UTF_8);
            if (!want.equals(r[1])) differences.add(r[0] + ": " + firstDifference(want, r[1]));
        }
        pool.shutdown();
        deleteTree(scratch);
        if (record) {
            System.out.println("golden: recorded " + jobs.size() + " runs in " + dir);
            return;
        }
        if (!differences.isEmpty()) {
            fail(differences.size() + " of " + checked + " runs differ from " + dir + ":\n  "
                    + String.join("\n  ", differences.subList(0, Math.min(40, differences.size()))));
        }
        System.out.println("golden: all " + checked + " runs identical to " + dir);
    }

    private static String firstDifference(String want, String got) {
        String[] a = want.split("\n", -1);
        String[] b = got.split("\n", -1);
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            if (!a[i].equals(b[i])) {
                return "line " + (i + 1) + "\n    was: " + cut(a[i]) + "\n    now: " + cut(b[i]);
            }
        }
        return "line " + (Math.min(a.length, b.length) + 1) + ": " + (a.length > b.length ? "now ends early" : "now longer");
    }

    private static String cut(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    private static List<Job> jobs(Path scratch) throws IOException {
        List<Job> jobs = new ArrayList<>();
        for (String folder : List.of("programs", "examples")) {
            List<Path> files;
            try (Stream<Path> s = Files.list(Path.of(folder))) {
                files = s.filter(p -> p.getFileName().toString().endsWith(".s")).sorted().toList();
            }
            for (Path file : files) {
                String base = folder + "-" + file.getFileName().toString().replaceFirst("\\.s$", "");
                ProgramsTest.Header h = ProgramsTest.Header.parse(Files.readAllLines(file, StandardCharsets.UTF_8));
                List<String> own = new ArrayList<>(h.args);
                if (file.toString().equals("examples/file_mapping.s") || file.toString().equals("examples/syscalls.s")) {
                    h.root = true;
                    for (String name : List.of("poem.txt")) {
                        h.files.put(name, Files.readString(Path.of("examples/files", name), StandardCharsets.ISO_8859_1));
                    }
                }
                for (List<String> set : OPTION_SETS) {
                    List<String> args = set.isEmpty() ? own : ProgramsTest.withVariant(own, set, h.minFrames);
                    String name = base + (set.isEmpty() ? "" : "@" + String.join("", set).replace("--", "_"));
                    Path dir = scratch.resolve(name);
                    jobs.add(new Job(name, runArgs(file.toString(), args), h.stdin, () -> makeRoot(h, dir),
                            h.needsRoot() ? dir.resolve("root") : null));
                }
            }
        }
        int i = 0;
        for (List<String> c : COMPARES) {
            List<String> args = new ArrayList<>();
            args.add("compare");
            args.addAll(c);
            jobs.add(new Job("compare-" + (i++) + "-" + Path.of(c.get(0)).getFileName(), args, "", () -> { }, null));
        }
        return jobs;
    }

    private static List<String> runArgs(String program, List<String> options) {
        List<String> args = new ArrayList<>();
        args.add("run");
        args.add(program);
        args.addAll(options);
        if (!options.contains("--max-steps")) {
            args.add("--max-steps");
            args.add("50000000");
        }
        return args;
    }

    /** The job's --root folder (dir/root), filled as the program's header says, as ProgramsTest does. */
    private static void makeRoot(ProgramsTest.Header h, Path dir) {
        try {
            ProgramsTest.prepareRoot(h, dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs one job and returns everything it produced as one text, with host paths and timings taken out. */
    private static String runOne(Job job, Path scratch) throws IOException {
        job.setup().run();
        List<String> args = new ArrayList<>(job.args());
        Path trace = scratch.resolve(job.name() + ".trace");
        Path stats = scratch.resolve(job.name() + ".stats");
        if (args.get(0).equals("run")) {
            if (job.root() != null) {
                args.add("--root");
                args.add(job.root().toString());
            }
            args.addAll(List.of("--trace=all", "--trace-format", "jsonl", "--trace-file", trace.toString(),
                    "--stats-json", stats.toString()));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.ISO_8859_1);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            exit = Main.run(args.toArray(new String[0]),
                    new ByteArrayInputStream(job.stdin().getBytes(StandardCharsets.ISO_8859_1)), o, e);
        }
        StringBuilder sb = new StringBuilder();
        sb.append("args: ").append(String.join(" ", job.args())).append('\n');
        sb.append("exit: ").append(exit).append('\n');
        sb.append("stdout:\n").append(out.toString(StandardCharsets.ISO_8859_1)).append("\n");
        sb.append("stderr:\n").append(err.toString(StandardCharsets.UTF_8)).append("\n");
        if (Files.exists(stats)) {
            String json = Files.readString(stats).replaceAll("\"wall_ms\": *[0-9.]+", "\"wall_ms\": _")
                    .replaceAll("\"mips\": *[0-9.]+", "\"mips\": _");
            sb.append("stats:\n").append(json).append('\n');
            Files.delete(stats);
        }
        if (Files.exists(trace)) {
            sb.append("trace:\n").append(Files.readString(trace, StandardCharsets.UTF_8));
            Files.delete(trace);
        }
        String text = sb.toString();
        if (job.root() != null) text = text.replace(job.root().toString(), "<root>");
        return text.replace(scratch.toString(), "<scratch>");
    }

    private static void deleteTree(Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(q);
        }
    }
}
