package dev.faultline.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/kernel.md, "Host failures": a dirty shared page that cannot be written back by the end of the run is
 * said once, with exit 74 whatever the guest's status; a warning that repeats is printed once, with a count.
 */
class LostDataTest {
    private static final String OLD = "the quick brown fox\n";

    @TempDir
    Path tmp;

    private static long lines(String text, String containing) {
        return text.lines().filter(l -> l.contains(containing)).count();
    }

    private Path root() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Files.writeString(root.resolve("page.txt"), OLD);
        return root;
    }

    private static List<String> args(Path root, int... failing) {
        List<String> a = new ArrayList<>(List.of("run", "programs/writeback_lost.s", "--root", root.toString()));
        for (int n : failing) a.addAll(List.of("--inject", "file-write=" + n));
        return a;
    }

    @Test
    void aWriteBackThatFailsForGoodIsSaidOnceAndTheRunEndsWith74() throws IOException {
        Path root = root();
        Runs.Result r = Runs.run(args(root, 1, 2, 3).toArray(String[]::new));
        assertEquals(74, r.status(), r.err());
        assertEquals("stored\n", r.out());
        assertEquals(1, lines(r.err(), "I/O error writing back page.txt"), r.err());
        assertEquals(1, lines(r.err(), "could not be written back"), r.err());
        assertTrue(r.err().contains("faultline: 1 pages of page.txt could not be written back: injected failure"
                + " (--inject file-write)\n"), r.err());
        assertEquals(OLD, Files.readString(root.resolve("page.txt")));
    }

    @Test
    void theDebuggerSaysTheLossOnceAndEndsWith74() throws IOException {
        Path root = root();
        Path script = Files.writeString(tmp.resolve("script"), "c\n");
        List<String> a = args(root, 1, 2, 3);
        a.set(0, "debug");
        a.addAll(List.of("--script", script.toString()));
        Runs.Result r = Runs.run(a.toArray(String[]::new));
        assertEquals(74, r.status(), r.err());
        assertTrue(r.out().contains("the program exited with status 0\n"), r.out());
        assertEquals(1, lines(r.err(), "could not be written back"), r.err());
        assertEquals(OLD, Files.readString(root.resolve("page.txt")));
    }

    @Test
    void aWriteBackThatSucceedsAtTheRetryLosesNothing() throws IOException {
        Path root = root();
        Runs.Result r = Runs.run(args(root, 1, 2).toArray(String[]::new)); // exit fails, the end's first try too
        assertEquals(0, r.status(), r.err());
        assertEquals(0, lines(r.err(), "could not be written back"), r.err());
        assertEquals(1, lines(r.err(), "I/O error writing back page.txt"), r.err());
        assertEquals("the Quick brown fox\n", Files.readString(root.resolve("page.txt"), StandardCharsets.UTF_8));
    }

    @Test
    void identicalWarningsArePrintedOnceWithACount() {
        List<String> a = new ArrayList<>(List.of("run", "programs/swap_pages.s", "--frames", "16", "--swap", "256"));
        for (int n = 1; n <= 10; n++) a.addAll(List.of("--inject", "swap-write=" + n));
        Runs.Result r = Runs.run(a.toArray(String[]::new));
        assertEquals(0, r.status(), r.err());
        assertEquals("faultline: swap device write failed: injected failure (--inject swap-write)\n"
                + "faultline: swap device write failed: injected failure (--inject swap-write) (10 times in all)\n",
                r.err());
    }
}
