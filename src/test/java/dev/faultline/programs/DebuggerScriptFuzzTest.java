package dev.faultline.programs;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.faultline.abi.Flx;
import dev.faultline.asm.AsmResult;
import dev.faultline.asm.Assembler;
import dev.faultline.cli.Main;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debugger scripts at random (issue 18): 2,000 {@code faultline debug --script} sessions over every program
 * in programs/ (and the examples that need no root folder, and the bare machine's examples under
 * {@code --bare}), each a seeded random mix of forward commands, reverse commands (reverse-stepi, reverse-step,
 * reverse-continue, rewind fault), catchpoints, breakpoints, watchpoints and views (x, pt, tlb, disas, ...),
 * with good and bad arguments, sometimes with another paging option. None may end in an internal error:
 * no exception, no exit 70, no stack trace, no hang. Each session is bounded by {@code --max-steps}, so a
 * replay never re-runs more than that; a session that has not ended after {@link #HANG_SECONDS} is a hang.
 *
 * <p>A failure names the run's seed: {@code -Dfuzz.only=SEED} runs that one session alone and prints it.
 */
class DebuggerScriptFuzzTest {
    private static final Path PROGRAMS = Path.of("programs");
    private static final int RUNS = Integer.getInteger("fuzz.runs", 2000);
    private static final long SEED = Long.getLong("fuzz.seed", 0x18_09L);
    private static final long HANG_SECONDS = 60;
    /** Bounds on each session's length in retired instructions (--max-steps), picked at random. */
    private static final long[] MAX_STEPS = {200, 1_000, 4_000, 12_000};
    private static final String[] STACK_MARKS = {"Exception in thread", "\tat java.", "\tat dev.", "Caused by:"};

    @TempDir
    static Path scratch;

    /** A program with what a script needs to name its places; a bare one runs with --bare. */
    private record Program(Path file, ProgramsTest.Header header, Flx image, boolean bare) {}

    /** One session: its arguments and script, and what it ended with. */
    private record Outcome(long seed, List<String> args, List<String> script, int exit, String stdout, String stderr,
                           Throwable thrown) {
        String problem() {
            if (thrown != null) return "threw " + thrown;
            if (exit == 70) return "exit 70";
            if (stderr.contains("internal error")) return "an internal error";
            for (String mark : STACK_MARKS) {
                if (stderr.contains(mark) || stdout.contains(mark)) return "a stack trace";
            }
            return null;
        }

        String describe() {
            String out = stdout.length() > 3000 ? "..." + stdout.substring(stdout.length() - 3000) : stdout;
            return "seed " + seed + ": " + problem() + "\nfaultline " + String.join(" ", args) + "\nscript:\n  "
                    + String.join("\n  ", script) + "\nstderr: " + stderr.strip() + "\nstdout (end):\n" + out;
        }
    }

    @Test
    void randomDebuggerScriptsNeverEndInAnInternalError() throws Exception {
        List<Program> programs = programs();
        String only = System.getProperty("fuzz.only");
        if (only != null) {
            long seed = Long.parseLong(only);
            Outcome o = session(programs, seed);
            System.out.println(o.describe());
            assertTrue(o.problem() == null, o.describe());
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()),
                task -> {
                    Thread t = new Thread(null, task, "fuzz-session", 64L << 20);
                    t.setDaemon(true); // a hung session must not keep the JVM alive
                    return t;
                });
        try {
            List<Future<Outcome>> runs = new ArrayList<>();
            for (int i = 0; i < RUNS; i++) {
                long seed = SEED * 1_000_003L + i;
                runs.add(pool.submit(() -> session(programs, seed)));
            }
            List<String> problems = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(HANG_SECONDS);
            for (int i = 0; i < runs.size(); i++) {
                Outcome o;
                try {
                    // each session gets HANG_SECONDS from when the one before it was collected
                    o = runs.get(i).get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    problems.add("seed " + (SEED * 1_000_003L + i) + ": no end after " + HANG_SECONDS + " s (a hang)");
                    break;
                }
                deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(HANG_SECONDS);
                if (o.problem() != null) problems.add(o.describe());
            }
            if (!problems.isEmpty()) {
                fail(problems.size() + " of " + RUNS + " sessions ended in an internal error; the first:\n"
                        + String.join("\n\n", problems.subList(0, Math.min(3, problems.size()))));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<Program> programs() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(PROGRAMS)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".s")).sorted().toList();
        }
        String only = System.getProperty("fuzz.programs", "");
        if (!only.isBlank()) {
            List<String> names = List.of(only.split(","));
            files = files.stream().filter(f -> names.contains(f.getFileName().toString().replaceFirst("\\.s$", ""))).toList();
        }
        List<Path> all = new ArrayList<>(files);
        if (only.isBlank()) {
            // and the examples that need no root folder (examples/sigsegv_handler.s faults on its signal frame)
            try (Stream<Path> s = Files.list(Path.of("examples"))) {
                for (Path f : (Iterable<Path>) s.filter(p -> p.toString().endsWith(".s")).sorted()::iterator) {
                    if (!Files.readString(f).contains("--root")) all.add(f);
                }
            }
            try (Stream<Path> s = Files.list(Path.of("examples/bare"))) {
                s.filter(p -> p.toString().endsWith(".s")).sorted().forEach(all::add);
            }
        }
        List<Program> programs = new ArrayList<>();
        for (Path f : all) {
            AsmResult asm = Assembler.assembleFile(f);
            assertTrue(asm.ok(), f + ": " + asm.formatDiagnostics());
            programs.add(new Program(f, ProgramsTest.Header.parse(Files.readAllLines(f, StandardCharsets.UTF_8)),
                    asm.flx(), f.startsWith(Path.of("examples/bare"))));
        }
        assertTrue(programs.size() > (only.isBlank() ? 50 : 0), "programs found: " + programs.size());
        return programs;
    }

    /** One session: the program is picked by the seed's place in the sequence, everything else at random. */
    private static Outcome session(List<Program> programs, long seed) throws IOException {
        Program p = programs.get((int) Math.floorMod(seed - SEED * 1_000_003L, (long) programs.size()));
        Random r = new Random(seed);
        List<String> options = new ArrayList<>(p.header().args);
        boolean sw = r.nextInt(3) == 0; // software refill: catch fault also stops in the TLB-miss handler
        if (sw) options = ProgramsTest.withVariant(options, List.of("--tlb-refill", "sw"), p.header().minFrames);
        if (p.bare()) {
            options.addAll(List.of("--bare", "--tlb", sw ? pick(r, "64", "8", "1") : pick(r, "64", "8", "1", "0")));
        } else if (r.nextInt(3) == 0) {
            List<String> variant = ProgramsTest.VARIANTS.get(r.nextInt(ProgramsTest.VARIANTS.size()));
            options = ProgramsTest.withVariant(options, variant, p.header().minFrames);
        }
        if (!p.bare() && r.nextInt(6) == 0) { // a host failure on purpose: a replay must meet it again, at the same moment
            options.addAll(List.of("--inject", pick(r, "swap-read", "swap-write", "file-read", "file-write", "alloc")
                    + "=" + (1 + r.nextInt(6))));
        }
        if (r.nextInt(12) == 0) options.add(pick(r, "--trace=all", "--trace=fault,signal,trap"));
        List<String> script = script(r, p.image(), p.bare());
        Path dir = Files.createDirectories(scratch.resolve("s" + seed));
        Path scriptFile = dir.resolve("script.fdb");
        Files.write(scriptFile, script);
        List<String> args = new ArrayList<>(List.of("debug", p.file().toString(), "--script", scriptFile.toString()));
        args.addAll(options);
        Path root = ProgramsTest.prepareRoot(p.header(), dir);
        if (root != null) args.addAll(List.of("--root", root.toString()));
        args.addAll(List.of("--max-steps", Long.toString(MAX_STEPS[r.nextInt(MAX_STEPS.length)])));
        if (System.getProperty("fuzz.only") != null) {
            System.out.println("faultline " + String.join(" ", args) + "\nscript:\n  " + String.join("\n  ", script));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = -1;
        Throwable thrown = null;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            exit = Main.run(args.toArray(String[]::new),
                    new ByteArrayInputStream(p.header().stdin.getBytes(StandardCharsets.ISO_8859_1)), o, e);
        } catch (RuntimeException | Error e) {
            thrown = e;
        }
        if (root != null) {
            for (String link : p.header().symlinks.keySet()) Files.deleteIfExists(root.resolve(link));
        }
        return new Outcome(seed, args, script, exit, out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8), thrown);
    }

    // ------------------------------------------------------------------ scripts

    private static List<String> script(Random r, Flx image, boolean bare) {
        List<String> lines = new ArrayList<>();
        // most sessions stop inside the kernel somewhere: catchpoints first
        if (r.nextInt(10) < 6) lines.add("catch " + (bare ? "trap" : pick(r, "fault", "signal", "all")));
        if (r.nextInt(10) < 4) lines.add("catch " + pick(r, "fault", "signal", "syscall", "fork", "swap"));
        int n = 5 + r.nextInt(20);
        for (int i = 0; i < n; i++) {
            String c = command(r, image);
            lines.add(c);
            // a stop, then straight back: where the stop was must be found again
            if ((c.equals("c") || c.startsWith("s")) && r.nextInt(3) == 0) {
                lines.add(pick(r, "rsi", "rc", "rs 1", "rewind fault"));
            }
        }
        return lines;
    }

    /** One command: 40 in 100 move forward, 25 go back, 15 set or clear stop points, 20 look. */
    private static String command(Random r, Flx image) {
        int k = r.nextInt(100);
        if (k < 18) return "c";
        if (k < 28) return r.nextBoolean() ? "si" : "stepi";
        if (k < 36) return "s " + count(r);
        if (k < 38) return r.nextBoolean() ? "n" : "next";
        if (k < 40) return "finish";
        if (k < 48) return r.nextBoolean() ? "rsi" : "reverse-stepi";
        if (k < 53) return "rs " + (r.nextInt(8) == 0 ? oddCount(r) : count(r));
        if (k < 60) return r.nextBoolean() ? "rc" : "reverse-continue";
        if (k < 65) return r.nextInt(10) == 0 ? pick(r, "rewind", "rewind page", "rewind fault now") : "rewind fault";
        if (k < 70) return "catch " + pick(r, "fault", "signal", "syscall", "fork", "swap", "all", "trap", "nothing", "");
        if (k < 74) return "break " + location(r, image);
        if (k < 78) return "watch " + (r.nextBoolean() ? "pte " : "") + address(r, image);
        if (k < 80) return r.nextInt(4) == 0 ? "info breakpoints" : "delete" + (r.nextBoolean() ? "" : " " + r.nextInt(6));
        if (k < 85) return "x " + address(r, image) + (r.nextBoolean() ? "" : " " + r.nextInt(40));
        if (k < 89) return "pt" + (r.nextBoolean() ? "" : " " + address(r, image));
        if (k < 92) return "tlb";
        if (k < 94) return pick(r, "regs", "csrs");
        if (k < 96) return "disas" + (r.nextBoolean() ? "" : " " + address(r, image) + " " + r.nextInt(20));
        if (k < 98) return pick(r, "vmas", "frames", "swap", "ps");
        if (k < 99) return pick(r, "help", "help rc", "help x");
        return pick(r, "bogus", "rs -", "x", "watch", "break", "s -1", "s 0x", "rewind fault fault");
    }

    private static String count(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> "1";
            case 1 -> Integer.toString(r.nextInt(10));
            case 2 -> Integer.toString(r.nextInt(300));
            default -> Integer.toString(r.nextInt(30_000));
        };
    }

    private static String oddCount(Random r) {
        return pick(r, "-3", "0", "99999999999999999999", "x", "0x10", "-99999999999999999999");
    }

    /** A place to break: a symbol, symbol+offset, a source line, FILE:LINE, an address in or out of the text. */
    private static String location(Random r, Flx image) {
        return switch (r.nextInt(6)) {
            case 0 -> symbol(r, image);
            case 1 -> symbol(r, image) + "+" + r.nextInt(12);
            case 2 -> Integer.toString(1 + r.nextInt(120));
            case 3 -> image.sourceName() + ":" + (1 + r.nextInt(120));
            case 4 -> image.lines().isEmpty() ? "0x10000"
                    : String.format("0x%x", image.lines().get(r.nextInt(image.lines().size())).address());
            default -> String.format("0x%x", r.nextInt());
        };
    }

    /** An address to look at or watch: a symbol (code or data), the stack, the heap, anywhere. */
    private static String address(Random r, Flx image) {
        return switch (r.nextInt(6)) {
            case 0, 1 -> symbol(r, image) + (r.nextBoolean() ? "" : "+" + 4 * r.nextInt(8));
            case 2 -> String.format("0x%x", 0x7FFFF000 + 4 * r.nextInt(1024));
            case 3 -> String.format("0x%x", 0x10000 + 4 * r.nextInt(0x4000));
            case 4 -> pick(r, "0", "0xfffffffc", "0xffffffff", "0x80000000", "nosuchsymbol");
            default -> String.format("0x%x", r.nextInt());
        };
    }

    private static String symbol(Random r, Flx image) {
        if (image.symbols().isEmpty()) return "_start";
        return image.symbols().get(r.nextInt(image.symbols().size())).name();
    }

    private static String pick(Random r, String... choices) {
        return choices[r.nextInt(choices.length)];
    }
}
