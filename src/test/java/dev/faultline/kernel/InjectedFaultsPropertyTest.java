package dev.faultline.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.cli.Main;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Injected failures (docs/kernel.md, "Injected failures") as a property: the random programs of
 * {@link TransparencyPropertyTest} run under memory pressure with {@code --check}, with each kind of
 * failure injected at many points. Every run must keep the kernel's invariants (never exit 70). A failure
 * nobody was told about must change nothing: unless the trace shows a process signalled (SIGBUS, the OOM
 * killer) or a system call that reported it (-EIO, -ENOMEM, or -EFAULT for a buffer in a page
 * that could not be read back), the checksum of everything the program read
 * and the file it mapped are exactly those of the run without injection.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES) // a property test must fail, never hang
class InjectedFaultsPropertyTest {
    private static final int SEEDS = 6;
    private static final long BASE = 1000L; // the same programs as TransparencyPropertyTest's first factory
    private static final String[] KINDS = {"swap-read", "swap-write", "file-read", "file-write", "alloc"};
    private static final int[] POINTS = {1, 4, 17, 41};
    private static final Duration SEED_LIMIT = Duration.ofMinutes(4);
    private static final String[] MACHINE = {"--frames", "24", "--check", "--swap", "512"};

    @TempDir
    Path tmp;

    private record Outcome(int status, String result, String trace, String err) {
        boolean injected() {
            return trace.contains("\"ev\":\"inject\"");
        }

        /** Whether the trace shows the failure reaching a process: a signal, the OOM killer, an error return. */
        boolean reported() {
            return trace.contains("\"ev\":\"signal\"") || trace.contains("\"ev\":\"oom\"")
                    || trace.contains("\"ret\":-5}") || trace.contains("\"ret\":-12}")
                    || trace.contains("\"ret\":-14}"); // a kernel access to a page that could not be read
        }
    }

    @TestFactory
    Stream<DynamicTest> unreportedFailuresChangeNothingAndTheInvariantsAlwaysHold() {
        List<DynamicTest> tests = new ArrayList<>();
        for (int seed = 0; seed < SEEDS; seed++) {
            int s = seed;
            tests.add(DynamicTest.dynamicTest("seed " + seed, () ->
                    assertTimeoutPreemptively(SEED_LIMIT, () -> checkSeed(s))));
        }
        return tests.stream();
    }

    private void checkSeed(int seed) throws IOException {
        Path program = tmp.resolve("random" + seed + ".s");
        Files.writeString(program, TransparencyPropertyTest.generate(new Random(BASE + seed), false));
        Outcome base = run(program, null);
        assertEquals(0, base.status(), base.err());
        assertFalse(base.injected());
        int injected = 0, absorbed = 0;
        for (String kind : KINDS) {
            for (int n : POINTS) {
                String inject = kind + "=" + n;
                Outcome o = run(program, inject);
                String where = "seed " + seed + " --inject " + inject + ": ";
                assertNotEquals(70, o.status(), where + "an invariant broke: " + o.err());
                assertFalse(o.err().contains("\tat "), where + "a stack trace: " + o.err());
                if (!o.injected()) {
                    assertEquals(base.result(), o.result(), where + "nothing failed, yet the run differs");
                    continue;
                }
                injected++;
                if (!o.reported()) {
                    absorbed++;
                    assertEquals(base.result(), o.result(), where + "a failure no process was told of changed"
                            + " what the program read or wrote: " + o.err());
                }
            }
        }
        assertTrue(injected >= KINDS.length * 2, "seed " + seed + ": only " + injected + " runs met their failure");
        // swap-write and alloc failures on the fault path are absorbed by eviction: the strong case is exercised
        assertTrue(absorbed >= POINTS.length, "seed " + seed + ": only " + absorbed + " failures were absorbed");
    }

    private Outcome run(Path program, String inject) throws IOException {
        Path root = Files.createTempDirectory(tmp, "root");
        byte[] file = new byte[3 * 4096 - 100];
        for (int i = 0; i < file.length; i++) file[i] = (byte) (i * 7 + 3);
        Files.write(root.resolve("f.bin"), file);
        Path trace = root.resolveSibling(root.getFileName() + ".jsonl");
        List<String> args = new ArrayList<>(List.of("run", program.toString(), "--max-steps", "20000000",
                "--root", root.toString(), "--trace=inject,signal,syscall,oom", "--trace-format", "jsonl",
                "--trace-file", trace.toString()));
        args.addAll(List.of(MACHINE));
        if (inject != null) args.addAll(List.of("--inject", inject));
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int status = Main.run(args.toArray(String[]::new), new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true), new PrintStream(err, true));
        byte[] after = Files.readAllBytes(root.resolve("f.bin"));
        String result = "exit " + status + ": " + out.toString(StandardCharsets.UTF_8) + " file "
                + java.util.Arrays.hashCode(after) + " (" + after.length + " bytes)";
        return new Outcome(status, result, Files.readString(trace), err.toString(StandardCharsets.UTF_8));
    }
}
