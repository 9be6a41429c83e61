package dev.faultline.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Host files are shared with no one (docs/cli.md): a swap file in use by another run is refused, and no two
 * of a run's own files may be one file, whatever names or links reach it; both are checked before any file
 * is opened, so nothing is emptied or overwritten.
 */
class SharedFilesTest {
    @TempDir
    Path tmp;

    private static final String HELLO = "examples/hello.s";

    private static void assertRefused(CommandLineTest.Result r, String sentence) {
        assertEquals(2, r.status(), r.err());
        assertEquals("faultline: " + sentence + "\n", r.err());
        assertEquals("", r.out(), "the program never ran");
    }

    private Path copyOfHello() throws IOException {
        Path src = tmp.resolve("hello.s");
        Files.copy(Path.of(HELLO), src);
        return src;
    }

    @Test
    void aSwapFileHeldByARunningProcessIsRefused() throws Exception {
        Path loop = tmp.resolve("loop.s");
        Files.writeString(loop, "_start: li t0, 0\nagain:  addi t0, t0, 1\n        jmp again\n");
        Path swap = tmp.resolve("swap.bin");
        Process other = HeapLimited.start("-Xmx128m", "run", loop.toString(), "--swap-file", swap.toString());
        try {
            awaitHeld(swap, other);
            byte[] before = Files.readAllBytes(swap);
            CommandLineTest.Result r = CommandLineTest.run("run", "programs/swap_pages.s", "--frames", "16",
                    "--swap-file", swap.toString());
            assertRefused(r, "swap file in use: " + swap + " is held by another run");
            assertArrayEquals(before, Files.readAllBytes(swap), "the refused run wrote nothing");
            Path link = tmp.resolve("other-name.bin");
            Files.createLink(link, swap);
            assertEquals(2, CommandLineTest.run("run", HELLO, "--swap-file", link.toString()).status(),
                    "a hard link is the same file");
            assertEquals(2, CommandLineTest.run("compare", HELLO, "--swap-file", swap.toString()).status());
            assertEquals(2, CommandLineTest.run("debug", HELLO, "--swap-file", swap.toString(), "--script",
                    "/dev/null").status());
        } finally {
            other.destroyForcibly();
            other.waitFor(30, TimeUnit.SECONDS);
        }
        assertEquals(0, CommandLineTest.run("run", HELLO, "--swap-file", swap.toString()).status(),
                "free again once the other run ended");
    }

    /**
     * Waits until the other process holds the swap file: its header is written once the lock is taken. (Taking
     * the lock here to see would race with the other process taking it.)
     */
    private static void awaitHeld(Path swap, Process other) throws Exception {
        byte[] magic = "FLSWAP01".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (int i = 0; i < 600; i++) {
            if (!other.isAlive()) fail("the other run ended: " + new String(other.getErrorStream().readAllBytes()));
            if (Files.exists(swap) && Files.size(swap) >= magic.length
                    && java.util.Arrays.equals(magic, java.util.Arrays.copyOf(Files.readAllBytes(swap), magic.length))) {
                return;
            }
            Thread.sleep(100);
        }
        fail("the other run never took the swap file");
    }

    @Test
    void aSwapFileHeldInThisProcessIsRefusedToo() throws IOException {
        Path swap = tmp.resolve("swap.bin");
        try (HostFiles.SwapLock held = HostFiles.lockSwapFile(swap)) {
            assertRefused(CommandLineTest.run("run", HELLO, "--swap-file", swap.toString()),
                    "swap file in use: " + swap + " is held by another run");
        }
        assertEquals("hello, world\n", CommandLineTest.run("run", HELLO, "--swap-file", swap.toString()).out());
    }

    @Test
    void aTraceFileThatIsTheSwapFileIsRefusedBeforeEitherIsOpened() throws IOException {
        Path same = tmp.resolve("x.bin");
        assertRefused(CommandLineTest.run("run", "programs/swap_pages.s", "--frames", "16", "--trace", "--trace-file",
                same.toString(), "--swap-file", same.toString()),
                "--swap-file " + same + " and --trace-file " + same + " name the same file; give each its own");
        assertFalse(Files.exists(same), "nothing was opened");
        Path viaDot = tmp.resolve(".").resolve("x.bin");
        assertEquals(2, CommandLineTest.run("run", HELLO, "--stats-json", viaDot.toString(), "--trace-file",
                same.toString()).status());
        assertEquals(2, CommandLineTest.run("run", HELLO, "--report", same.toString(), "--stats-json",
                same.toString()).status());
        assertEquals(2, CommandLineTest.run("debug", HELLO, "--swap-file", same.toString(), "--stats-json",
                viaDot.toString(), "--script", "/dev/null").status());
    }

    @Test
    void noOutputMayOverwriteTheProgramUnderAnyName() throws IOException {
        Path src = copyOfHello();
        String text = Files.readString(src);
        Path symlink = Files.createSymbolicLink(tmp.resolve("link.s"), src);
        Path hardLink = Files.createLink(tmp.resolve("hard.s"), src);
        for (String option : new String[] {"--stats-json", "--trace-file", "--report", "--swap-file"}) {
            for (Path name : new Path[] {src, symlink, hardLink, tmp.resolve("sub/../hello.s")}) {
                Files.createDirectories(tmp.resolve("sub"));
                CommandLineTest.Result r = CommandLineTest.run("run", src.toString(), "--trace", option, name.toString());
                assertRefused(r, option + " " + name + " is the program " + src + " itself; refusing to overwrite it");
            }
        }
        assertRefused(CommandLineTest.run("compare", src.toString(), "--report", hardLink.toString()),
                "--report " + hardLink + " is the program " + src + " itself; refusing to overwrite it");
        assertRefused(CommandLineTest.run("debug", src.toString(), "--stats-json", symlink.toString(), "--script",
                "/dev/null"), "--stats-json " + symlink + " is the program " + src + " itself; refusing to overwrite it");
        assertEquals(text, Files.readString(src));
    }

    @Test
    void aDeviceMayBeNamedTwice() {
        CommandLineTest.Result r = CommandLineTest.run("run", HELLO, "--trace", "--trace-file", "/dev/null",
                "--stats-json", "/dev/null");
        assertEquals(0, r.status(), r.err());
    }

    @Test
    void distinctFilesStillWork() throws IOException {
        CommandLineTest.Result r = CommandLineTest.run("run", HELLO, "--trace", "--trace-file",
                tmp.resolve("t.txt").toString(), "--stats-json", tmp.resolve("s.json").toString(), "--swap-file",
                tmp.resolve("swap.bin").toString(), "--report", tmp.resolve("r.html").toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(Files.size(tmp.resolve("r.html")) > 0);
    }
}
