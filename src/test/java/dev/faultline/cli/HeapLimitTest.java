package dev.faultline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs that once exhausted the heap, run in a JVM of their own under -Xmx256m: each ends with one sentence
 * and exit 2 (or the guest's error), or does its work within the heap.
 */
class HeapLimitTest {
    @TempDir
    Path tmp;

    private static void assertOneSentence(CommandLineTest.Result r, String start) {
        assertEquals(2, r.status(), r.err());
        assertEquals(1, r.err().lines().count(), "one line: " + r.err());
        assertTrue(r.err().startsWith("faultline: " + start), r.err());
        assertFalse(r.err().contains("Exception") || r.err().contains("out of host memory"), r.err());
    }

    /** A program that touches n pages of an anonymous mapping, then exits 0. */
    private Path toucher(int pages) throws IOException {
        Path p = tmp.resolve("touch" + pages + ".s");
        Files.writeString(p, """
                        .equ  N, %d
                        .text
                _start: li    a0, 0
                        li    a1, N * PAGE_SIZE
                        li    a2, PROT_READ | PROT_WRITE
                        li    a3, MAP_PRIVATE | MAP_ANONYMOUS
                        li    a4, -1
                        li    a5, 0
                        sys   mmap
                        li    t0, 0
                        li    t2, N
                loop:   shli  t1, t0, 12
                        add   t1, a0, t1
                        sw    t0, 0(t1)
                        addi  t0, t0, 1
                        blt   t0, t2, loop
                        li    a0, 0
                        sys   exit
                """.formatted(pages));
        return p;
    }

    @Test
    void framesThatDoNotFitTheHeapAreRefusedNamingTheLargestThatFits() throws IOException {
        Path small = toucher(16);
        CommandLineTest.Result r = HeapLimited.run("run", small.toString(), "--frames", "4194304", "--swap", "0");
        assertOneSentence(r, "--frames 4194304 does not fit the Java heap (");
        Matcher m = Pattern.compile("at most (\\d+) frames fit").matcher(r.err());
        assertTrue(m.find(), r.err());
        int fit = Integer.parseInt(m.group(1));
        assertTrue(fit > 10_000 && fit < 70_000, r.err());
        // the largest value that fits really does: a guest touching nearly all of it runs to the end
        CommandLineTest.Result full = HeapLimited.run("run", toucher(fit - 200).toString(), "--frames",
                Integer.toString(fit), "--swap", "0");
        assertEquals(0, full.status(), full.err());
        assertEquals("", full.err());
        assertOneSentence(HeapLimited.run("run", small.toString(), "--frames", Integer.toString(fit + 1), "--swap", "0"),
                "--frames " + (fit + 1) + " does not fit");
    }

    @Test
    void anInMemorySwapThatDoesNotFitIsRefusedButASwapFileIsNot() throws IOException {
        Path small = toucher(16);
        CommandLineTest.Result r = HeapLimited.run("run", small.toString(), "--swap", "4194304");
        assertOneSentence(r, "--swap 4194304 does not fit the Java heap (");
        assertTrue(r.err().contains("in-memory slots fit; lower --swap, keep swap in a file with --swap-file"), r.err());
        CommandLineTest.Result file = HeapLimited.run("run", small.toString(), "--swap", "4194304", "--swap-file",
                tmp.resolve("swap.bin").toString());
        assertEquals(0, file.status(), file.err());
        assertOneSentence(HeapLimited.run("compare", small.toString(), "--frames", "64,4194304"), "--frames 4194304");
        assertOneSentence(HeapLimited.run("run", "examples/bare/hello.s", "--bare", "--frames", "983040"),
                "--frames 983040 does not fit");
    }

    /** n references to pages 0..pages-1, seeded, one per line. */
    private Path refs(String name, int n, int pages) throws IOException {
        java.util.Random random = new java.util.Random(18);
        StringBuilder sb = new StringBuilder(n * 6);
        for (int i = 0; i < n; i++) sb.append(random.nextInt(pages)).append('\n');
        Path p = tmp.resolve(name);
        Files.writeString(p, sb);
        return p;
    }

    @Test
    void aReplayWithManyFramesKeepsNoGridWithoutAReport() throws IOException {
        // 30,000 references at 30,000 frames: a grid per policy would be 30,000 x 30,000 ints (3.6 GB)
        Path refs = refs("wide.txt", 30_000, 40_000);
        CommandLineTest.Result r = HeapLimited.run("compare", "--refs", "@" + refs, "--frames", "30000");
        assertEquals(0, r.status(), r.err());
        assertEquals(7, r.out().lines().count(), r.out());
        assertTrue(r.out().contains("(30000 references, "), r.out());
        Path report = tmp.resolve("wide.html");
        CommandLineTest.Result withReport = HeapLimited.run("compare", "--refs", "@" + refs, "--frames", "30000",
                "--report", report.toString());
        assertEquals(0, withReport.status(), withReport.err());
        assertEquals(r.out(), withReport.out());
        assertTrue(Files.readString(report).contains("\"grids\":[]"), "past the bound: the chart alone");
    }

    @Test
    void millionsOfReferencesReplayWithinTheHeap() throws IOException {
        Path refs = refs("long.txt", 3_000_000, 1_000_000);
        CommandLineTest.Result r = HeapLimited.run("compare", "--refs", "@" + refs, "--policies", "fifo,lru,opt");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("(3000000 references, 950306 distinct pages)"), r.out());
        assertTrue(r.out().contains("\nopt            4   2994734 "), r.out());
        assertEquals(8, r.out().lines().count(), r.out());
    }

    @Test
    void aSmallReplayStillDrawsItsGrids() throws IOException {
        Path report = tmp.resolve("small.html");
        CommandLineTest.Result r = CommandLineTest.run("compare", "--refs", "7,0,1,2,0,3,0,4", "--report", report.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(Files.readString(report).contains("\"grids\":[{\"policy\":\"fifo\""));
    }

    @Test
    void anExecutableWhoseSymbolsShareOneHugeNameEndsWithASentence() throws IOException {
        // 2,000 symbols naming one unterminated 8 MB string: read naively, 16 GB of names
        Path root = Files.createDirectories(tmp.resolve("root"));
        Path adv = root.resolve("adv.flx");
        Files.write(adv, dev.faultline.abi.FlxLimitsTest.oneLongName(2000));
        String sentence = "faultline: " + adv + ": symbol 0's name is longer than 4096 bytes\n";
        CommandLineTest.Result run = HeapLimited.run("run", adv.toString());
        assertEquals(2, run.status(), run.err());
        assertEquals(sentence, run.err());
        CommandLineTest.Result disasm = HeapLimited.run("disasm", adv.toString());
        assertEquals(2, disasm.status(), disasm.err());
        assertEquals(sentence, disasm.err());
        CommandLineTest.Result debug = HeapLimited.run("debug", adv.toString(), "--script", "/dev/null");
        assertEquals(sentence, debug.err());
        Path exec = tmp.resolve("exec.s");
        Files.writeString(exec, """
                        .text
                _start: la    a0, path
                        sys   exec
                        neg   a0, a0
                        sys   exit
                        .rodata
                path:   .asciz "/adv.flx"
                """);
        CommandLineTest.Result guest = HeapLimited.run("run", exec.toString(), "--root", root.toString());
        assertEquals(8, guest.status(), "exec gives the guest -ENOEXEC: " + guest.err());
        assertEquals("", guest.err());
    }

    @Test
    void anIncludeFanOutIsBoundedByLinesInAll() throws IOException {
        // 41 two-line files, each including the next twice: 2^40 lines, were they all read
        for (int i = 0; i < 40; i++) {
            Files.writeString(tmp.resolve("f" + i + ".s"), ("        .include \"f" + (i + 1) + ".s\"\n").repeat(2));
        }
        Files.writeString(tmp.resolve("f40.s"), "        nop\n        nop\n");
        Path main = tmp.resolve("main.s");
        Files.writeString(main, "        .text\n_start: halt\n        .include \"f0.s\"\n");
        CommandLineTest.Result r = HeapLimited.run("run", main.toString());
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().startsWith(tmp.resolve("f38.s") + ":2:18: error: includes add more than 65536 lines or 64 MiB"
                + " of text in all (files included many times over?); no further file is included\n"), r.err());
        assertEquals(3, r.err().lines().count(), "one diagnostic: " + r.err());
    }
}
