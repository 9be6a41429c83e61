package dev.faultline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The faultline command's exit statuses and messages (docs/cli.md), run in-process. */
class CommandLineTest {
    @TempDir
    Path tmp;

    record Result(int status, String out, String err) {}

    static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int status = Main.run(args, new ByteArrayInputStream(new byte[0]), new PrintStream(out, true),
                new PrintStream(err, true));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path program(String name, String text) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private static final String LOOP = """
            _start: li t0, 0
            again:  addi t0, t0, 1
                    jmp again
            """;

    @Test
    void everyCommandPrintsTheVersionItsHelpOffers() {
        for (String command : new String[] {"asm", "disasm", "run", "debug", "compare"}) {
            Result r = run(command, "-V");
            assertEquals(0, r.status(), command);
            assertEquals("faultline 0.1.0\n", r.out(), command + " -V");
            assertEquals("", r.err(), command);
        }
        assertEquals("faultline 0.1.0\n", run("--version").out());
    }

    @Test
    void anUnknownOptionIsUsageWithStatus2() {
        Result r = run("run", "examples/hello.s", "--no-such-option");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("--no-such-option"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void bothTiersPrintTheSameAndAnUnknownTierIsNamed() {
        assertEquals("hello, world\n", run("run", "examples/hello.s", "--tier", "interp").out());
        assertEquals("hello, world\n", run("run", "examples/hello.s", "--tier", "auto").out());
        Result r = run("run", "examples/hello.s", "--tier", "jit");
        assertEquals("faultline: --tier takes interp or auto, not 'jit'\n", r.err());
        assertEquals(2, r.status());
    }

    @Test
    void badOptionValuesAreOneSentenceWithStatus2() {
        for (String[] args : new String[][] {
            {"--frames", "3"}, {"--policy", "optimal"}, {"--tlb-refill", "maybe"}, {"--trace-format", "xml"},
            {"--trace=faults"}, {"--root", "no/such/folder"}, {"--quantum", "0"}, {"--tier", "jit"}}) {
            List<String> all = new ArrayList<>(List.of("run", "examples/hello.s"));
            all.addAll(List.of(args));
            Result r = run(all.toArray(String[]::new));
            assertEquals(2, r.status(), String.join(" ", args) + ": " + r.err());
            assertTrue(r.err().startsWith("faultline: "), r.err());
            assertFalse(r.err().contains("\tat "), r.err());
        }
    }

    @Test
    void maxStepsStopsWithStatus3() throws IOException {
        Result r = run("run", program("loop.s", LOOP).toString(), "--max-steps", "1000");
        assertEquals(3, r.status());
        assertTrue(r.err().contains("stopped after 1000 instructions"), r.err());
    }

    @Test
    void aMissingProgramAndOneThatDoesNotAssembleGiveStatus2() throws IOException {
        assertEquals(2, run("run", tmp.resolve("absent.s").toString()).status());
        Result r = run("run", program("bad.s", "_start: frob a0\n").toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("bad.s:1:9: error:"), r.err());
    }

    @Test
    void theLastOfARepeatedOptionWins() throws IOException {
        Path stats = tmp.resolve("s.json");
        Result r = run("run", "examples/hello.s", "--frames", "8", "--frames", "300", "--stats-json", stats.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(Files.readString(stats).contains("\"frames\": 300"));
    }

    @Test
    void guestOutputGoesToStdoutAndTracesToStderr() {
        Result r = run("run", "examples/hello.s", "--trace");
        assertEquals(0, r.status());
        assertEquals("hello, world\n", r.out());
        assertTrue(r.err().contains("fault     access=fetch addr=0x00010000"), r.err());
        assertTrue(r.err().contains("<_start (hello.s:9)>"), r.err());
    }

    @Test
    void compareShowsBeladysAnomalyForFifoAndOptNeverAboveAnyPolicy() {
        Result r = run("compare", "examples/belady.s", "--frames", "6,7");
        assertEquals(0, r.status(), r.err());
        long[] fifo = new long[2];
        long[] opt = new long[2];
        long[] best = {Long.MAX_VALUE, Long.MAX_VALUE};
        for (String line : r.out().split("\n")) {
            String[] w = line.trim().split("\\s+");
            if (w.length < 6 || !w[1].matches("\\d+")) continue;
            int i = w[1].equals("6") ? 0 : 1;
            long pageIns = Long.parseLong(w[5]);
            if (w[0].equals("fifo")) fifo[i] = pageIns;
            if (w[0].equals("opt")) opt[i] = pageIns;
            else best[i] = Math.min(best[i], pageIns);
        }
        assertTrue(fifo[1] > fifo[0], "FIFO takes more faults with more frames: " + r.out());
        assertTrue(opt[0] <= best[0] && opt[1] <= best[1], r.out());
    }

    @Test
    void moreLiveSpacesThanAsidsStillTranslateCorrectly() {
        // 300 processes share 255 ASIDs: a space whose ASID another used since must not see its entries
        Result r = run("run", "programs/fork_bomb.s", "--max-procs", "300", "--frames", "2000", "--check");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("a new child after that: 301"), r.out());
    }
}
