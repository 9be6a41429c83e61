package dev.faultline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.cli.CommandLineTest.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * compare runs the program as run does, so guest file data that could not be written back is an output lost:
 * the sentence on stderr, the table still printed, and exit 74 (docs/cli.md, exit status).
 */
class CompareLostDataTest {
    private static final String OLD = "the quick brown fox\n";

    @TempDir
    Path tmp;

    private Path root() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Files.writeString(root.resolve("page.txt"), OLD);
        return root;
    }

    @Test
    void dataThatCouldNotBeWrittenBackMakesCompareExit74() throws IOException {
        Path root = root();
        Result r = CommandLineTest.run("compare", "programs/writeback_lost.s", "--policies", "fifo,opt", "--frames", "64",
                "--root", root.toString(), "--inject", "file-write=1", "--inject", "file-write=2", "--inject", "file-write=3");
        assertEquals(74, r.status(), r.err());
        assertTrue(r.out().startsWith("faultline compare writeback_lost.s"), r.out());
        assertTrue(r.err().contains("faultline: fifo, 64 frames: 1 pages of page.txt could not be written back:"
                + " injected failure (--inject file-write)\n"), r.err());
        assertEquals(OLD, Files.readString(root.resolve("page.txt")));
    }

    @Test
    void aWriteBackThatSucceedsAtTheRetryLosesNothing() throws IOException {
        Result r = CommandLineTest.run("compare", "programs/writeback_lost.s", "--policies", "fifo", "--frames", "64",
                "--root", root().toString(), "--inject", "file-write=1", "--inject", "file-write=2");
        assertEquals(0, r.status(), r.err());
        assertEquals("", r.err());
    }
}
