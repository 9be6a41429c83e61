package dev.faultline.programs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The debugger and the trace use "restart" for the same moments (docs/cli.md): every program in programs/ runs
 * under {@code faultline debug} with {@code catch trap}, and every trap is handled by a {@code stepi}, so each
 * handling is described by one "kernel handled the ..." line. The lines that say "restarting PC in pid N" must
 * be, in order, exactly the {@code restart} records of the session's own JSONL trace; no other line of the
 * debugger speaks of a restart, and each "runs again" line follows the restart it announces.
 */
class DebuggerRestartWordingTest {
    private static final Path PROGRAMS = Path.of("programs");
    private static final Pattern RESTARTING = Pattern.compile(
            "^kernel handled the .*; restarting 0x([0-9a-f]{8}) .*in pid (\\d+)$");
    private static final Pattern RUNS_AGAIN = Pattern.compile("^0x([0-9a-f]{8}) .*runs again \\(try \\d+, after the [a-z_]+\\):.*");

    @TempDir
    static Path scratch;

    private static final AtomicInteger RUN_IDS = new AtomicInteger();
    private static final AtomicLong RESTARTS = new AtomicLong();

    @TestFactory
    Stream<DynamicTest> everyTrapOfEveryProgram() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(PROGRAMS)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".s")).sorted().toList();
        }
        String only = System.getProperty("programs", "");
        List<DynamicTest> tests = new ArrayList<>();
        for (Path file : files) {
            String name = file.getFileName().toString().replaceFirst("\\.s$", "");
            if (!only.isBlank() && !List.of(only.split(",")).contains(name)) continue;
            ProgramsTest.Header h = ProgramsTest.Header.parse(Files.readAllLines(file, StandardCharsets.UTF_8));
            tests.add(DynamicTest.dynamicTest(name, () -> check(file, h, h.args)));
            List<String> sw = ProgramsTest.withVariant(h.args, List.of("--tlb-refill", "sw"), h.minFrames);
            tests.add(DynamicTest.dynamicTest(name + " --tlb-refill sw", () -> check(file, h, sw)));
        }
        return tests.stream();
    }

    @AfterAll
    static void theWordingWasExercised() {
        if (!System.getProperty("programs", "").isBlank()) return;
        assertTrue(RESTARTS.get() > 1000, "only " + RESTARTS.get() + " restarts seen by the debugger");
    }

    private static void check(Path file, ProgramsTest.Header h, List<String> options) throws IOException {
        Path dir = scratch.resolve("run" + RUN_IDS.incrementAndGet());
        Files.createDirectories(dir);
        Path trace = dir.resolve("trace.jsonl");
        List<String> args = new ArrayList<>(List.of("debug", file.toString()));
        args.addAll(options);
        Path root = ProgramsTest.prepareRoot(h, dir);
        if (root != null) {
            args.add("--root");
            args.add(root.toString());
        }
        args.addAll(List.of("--max-steps", "2000000", "--trace=restart", "--trace-format", "jsonl", "--trace-file",
                trace.toString()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream printed = new PrintStream(out, true, StandardCharsets.UTF_8);
        Main.run(args.toArray(String[]::new), new Driver(out), printed, new PrintStream(new ByteArrayOutputStream(), true));
        for (String link : h.symlinks.keySet()) Files.deleteIfExists(root.resolve(link));
        String run = "faultline " + String.join(" ", args);

        List<String> said = new ArrayList<>();
        String lastRestart = null;
        for (String printedLine : out.toString(StandardCharsets.UTF_8).split("\n")) {
            // the program's own output shares stdout, and may end without a newline before a debugger line
            int k = printedLine.indexOf("kernel handled the ");
            String line = k > 0 ? printedLine.substring(k) : printedLine;
            boolean debuggers = line.startsWith("kernel ") || line.startsWith("trap ") || line.startsWith("=>")
                    || line.startsWith("0x") || line.startsWith("fault ") || line.startsWith("signal ");
            Matcher m = RESTARTING.matcher(line);
            Matcher again = RUNS_AGAIN.matcher(line);
            if (m.matches()) {
                lastRestart = m.group(1);
                said.add(Integer.parseInt(m.group(2)) + " " + Long.parseLong(m.group(1), 16));
            } else if (again.matches()) {
                assertEquals(lastRestart, again.group(1), run + ": a 'runs again' line with no restart before it: " + line);
                lastRestart = null;
            } else if (debuggers && line.toLowerCase().contains("restart")) {
                throw new AssertionError(run + ": the debugger speaks of a restart outside a restart: " + line);
            }
        }
        List<String> traced = new ArrayList<>();
        for (String record : Files.readAllLines(trace)) {
            Map<String, String> e = RestartRuleTest.Checker.parse(record);
            if (e.get("ev").equals("restart")) traced.add(e.get("pid") + " " + e.get("pc"));
        }
        assertEquals(String.join("\n", traced), String.join("\n", said), run + ": restarts in the trace vs the debugger");
        RESTARTS.addAndGet(said.size());
    }

    /**
     * The debugger's input: {@code catch trap}, then {@code stepi} while the machine waits for the kernel
     * (before a trap is handled, or stopped inside its handling), else {@code continue}; the end of input
     * once the program has ended.
     */
    private static final class Driver extends InputStream {
        private final ByteArrayOutputStream printed;
        private int seen;
        private byte[] line = "catch trap\n".getBytes(StandardCharsets.UTF_8);
        private int at;
        private boolean over;

        Driver(ByteArrayOutputStream printed) {
            this.printed = printed;
        }

        private boolean next() {
            if (over) return false;
            if (at < line.length) return true;
            String text = printed.toString(StandardCharsets.UTF_8).substring(seen);
            seen = printed.toString(StandardCharsets.UTF_8).length();
            if (text.contains("the program exited") || text.contains("the program has exited")
                    || text.contains("--max-steps") || text.contains("invariant violated")) {
                over = true;
                return false;
            }
            boolean inKernel = text.contains("(not yet handled by the kernel)") || text.contains("kernel handled its fault");
            line = (inKernel ? "stepi\n" : "continue\n").getBytes(StandardCharsets.UTF_8);
            at = 0;
            return true;
        }

        @Override
        public int read() {
            return next() ? line[at++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) return 0;
            if (!next()) return -1;
            int n = Math.min(len, line.length - at);
            System.arraycopy(line, at, b, off, n);
            at += n;
            return n;
        }
    }
}
