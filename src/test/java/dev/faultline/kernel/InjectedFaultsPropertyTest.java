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
 * and the file it mapped are exactly those of the run without injection. The same operation failing again
 * and again (up to a full disk) may lose file data, but never silently: the run says so once and ends
 * with exit 74.
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

    /** Every operation from N on fails: a full disk. */
    private static final int DISK_FULL = 2000;
    /** Runs of one operation failing again and again: (kind, first failing N, how many in a row). */
    private static final Object[][] REPEATED = {
        {"file-write", 1, 3}, {"file-write", 2, 3}, {"file-write", 4, 6}, {"file-write", 1, DISK_FULL},
        {"swap-write", 1, 5}, {"swap-write", 17, 40}, {"swap-read", 4, 3}, {"file-read", 1, 4}, {"alloc", 17, 5},
    };

    private record Outcome(int status, String result, String data, String trace, String err) {
        boolean injected() {
            return trace.contains("\"ev\":\"inject\"");
        }

        /** Whether the run said that file data could not be written back (docs/kernel.md, "Host failures"). */
        boolean lost() {
            return err.contains("could not be written back");
        }

        /** Whether a process's own course changed: it was signalled or killed. */
        boolean signalled() {
            return trace.contains("\"ev\":\"signal\"") || trace.contains("\"ev\":\"oom\"");
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
        Outcome base = run(program, List.of());
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
                checkLossIsSaid(o, where);
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

    /**
     * Lost data is said, once per file, and the run ends with exit 74; exit 74 means nothing else here.
     */
    private static void checkLossIsSaid(Outcome o, String where) {
        if (o.lost()) {
            assertEquals(74, o.status(), where + "data was lost, yet the status is not 74: " + o.err());
            long sentences = o.err().lines().filter(l -> l.contains("could not be written back")).count();
            assertEquals(1, sentences, where + "the loss must be said once: " + o.err());
            assertTrue(o.err().contains("faultline: "), where + o.err());
        } else {
            assertNotEquals(74, o.status(), where + "exit 74 with no loss said: " + o.err());
        }
    }

    /**
     * The same operation failing again and again (a full disk, a dying swap device): the invariants hold, no
     * internal error; and data the program wrote that the file does not hold is never silent: unless a
     * process was signalled or told by an error return, a run whose output or file differs from the run
     * without injection must be one that said the data was lost and ended with exit 74. A full disk under
     * a program that changed the file must lose it.
     */
    @TestFactory
    Stream<DynamicTest> repeatedFailuresOfOneOperationNeverLoseDataSilently() {
        List<DynamicTest> tests = new ArrayList<>();
        for (int seed = 0; seed < SEEDS; seed++) {
            int s = seed;
            tests.add(DynamicTest.dynamicTest("seed " + seed, () ->
                    assertTimeoutPreemptively(SEED_LIMIT, () -> checkRepeated(s))));
        }
        return tests.stream();
    }

    private void checkRepeated(int seed) throws IOException {
        Path program = tmp.resolve("repeated" + seed + ".s");
        Files.writeString(program, TransparencyPropertyTest.generate(new Random(BASE + seed), false));
        Outcome base = run(program, List.of());
        assertEquals(0, base.status(), base.err());
        boolean wroteFile = !base.data().endsWith(" file " + java.util.Arrays.hashCode(original()) + " ("
                + original().length + " bytes)");
        int lostRuns = 0;
        for (Object[] r : REPEATED) {
            String kind = (String) r[0];
            int first = (Integer) r[1], count = (Integer) r[2];
            List<String> inject = new ArrayList<>();
            for (int n = first; n < first + count; n++) inject.add(kind + "=" + n);
            Outcome o = run(program, inject);
            String where = "seed " + seed + " --inject " + kind + "=" + first + ".." + (first + count - 1) + ": ";
            assertNotEquals(70, o.status(), where + "an invariant broke: " + o.err());
            assertFalse(o.err().contains("\tat "), where + "a stack trace: " + o.err());
            checkLossIsSaid(o, where);
            if (o.lost()) lostRuns++;
            if (!o.signalled() && !o.reported() && !o.data().equals(base.data())) {
                assertTrue(o.lost(), where + "the program's data changed and nobody was told: " + o.err());
            }
            if (kind.equals("file-write") && count == DISK_FULL) {
                assertTrue(o.lost(), where + "a full disk under a program that changed the file lost nothing? " + o.err());
            }
        }
        // every seed's program stores into the file (the generator is seeded): the full disk must lose it
        assertTrue(wroteFile, "seed " + seed + ": the program never changed the file: nothing here can be lost");
        assertTrue(lostRuns >= 1, "seed " + seed + ": no run lost data: the rule was never exercised");
    }

    /** The bytes of /f.bin at the start of every run. */
    private static byte[] original() {
        byte[] file = new byte[3 * 4096 - 100];
        for (int i = 0; i < file.length; i++) file[i] = (byte) (i * 7 + 3);
        return file;
    }

    private Outcome run(Path program, String inject) throws IOException {
        return run(program, inject == null ? List.of() : List.of(inject));
    }

    private Outcome run(Path program, List<String> injections) throws IOException {
        Path root = Files.createTempDirectory(tmp, "root");
        Files.write(root.resolve("f.bin"), original());
        Path trace = root.resolveSibling(root.getFileName() + ".jsonl");
        List<String> args = new ArrayList<>(List.of("run", program.toString(), "--max-steps", "20000000",
                "--root", root.toString(), "--trace=inject,signal,syscall,oom", "--trace-format", "jsonl",
                "--trace-file", trace.toString()));
        args.addAll(List.of(MACHINE));
        for (String inject : injections) args.addAll(List.of("--inject", inject));
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int status = Main.run(args.toArray(String[]::new), new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true), new PrintStream(err, true));
        byte[] after = Files.readAllBytes(root.resolve("f.bin"));
        String data = out.toString(StandardCharsets.UTF_8) + " file " + java.util.Arrays.hashCode(after) + " ("
                + after.length + " bytes)";
        return new Outcome(status, "exit " + status + ": " + data, data, Files.readString(trace),
                err.toString(StandardCharsets.UTF_8));
    }
}
