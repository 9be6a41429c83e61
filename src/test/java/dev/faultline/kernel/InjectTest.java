package dev.faultline.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --inject KIND=N}, one kind at a time, with exact outcomes (docs/kernel.md, "Injected failures"):
 * the Nth operation fails once, writes an {@code inject} record, counts in {@code injected}, and does what
 * the table says.
 */
class InjectTest {
    @TempDir
    Path tmp;

    private static final String INTACT = "48 pages back from swap intact\n";

    private Runs.Result run(String... args) {
        return Runs.run(args);
    }

    private long injected(Path stats) throws IOException {
        var m = java.util.regex.Pattern.compile("\"injected\": (\\d+)").matcher(Files.readString(stats));
        assertTrue(m.find());
        return Long.parseLong(m.group(1));
    }

    @Test
    void aFailedSwapWriteKeepsThePageAndPicksAnotherVictim() throws IOException {
        for (String n : new String[] {"1", "30"}) {
            Path stats = tmp.resolve("s" + n + ".json"), trace = tmp.resolve("t" + n + ".jsonl");
            Runs.Result r = run("run", "programs/swap_pages.s", "--frames", "16", "--check", "--inject", "swap-write=" + n,
                    "--stats-json", stats.toString(), "--trace=inject", "--trace-format", "jsonl",
                    "--trace-file", trace.toString());
            assertEquals(0, r.status(), r.err());
            assertEquals(INTACT, r.out());
            assertEquals(1, injected(stats));
            String record = Files.readString(trace).strip();
            assertTrue(record.matches("\\{\"t\":\\d+,\"pid\":1,\"ev\":\"inject\",\"kind\":\"swap-write\",\"n\":" + n + "}"),
                    record);
        }
    }

    @Test
    void aFailedSwapReadIsSigbusForTheFaultingAccess() {
        Runs.Result r = run("run", "programs/swap_pages.s", "--frames", "16", "--check", "--inject", "swap-read=1");
        assertEquals(128 + 7, r.status(), r.err());
        assertTrue(r.err().contains("process 1 killed by SIGBUS: load at "), r.err());
        assertTrue(r.err().contains("(I/O error)"), r.err());
    }

    @Test
    void theSlotOfAFailedSwapReadIsKeptSoARetryReadsTheData() throws IOException {
        // A SIGBUS handler that only counts and returns: the load runs again, reads the slot again, and
        // every page comes back intact.
        Path src = tmp.resolve("retry.s");
        Files.writeString(src, """
                        .text
                _start: li    a0, SIGBUS
                        la    a1, onbus
                        sys   sigaction
                        la    s0, pages
                        li    t0, 0
                fill:   shli  t1, t0, 12
                        add   t1, s0, t1
                        sw    t0, 0(t1)
                        addi  t0, t0, 1
                        li    t2, 40
                        blt   t0, t2, fill
                        li    s1, 0             ; pages intact
                        li    t0, 0
                check:  shli  t1, t0, 12
                        add   t1, s0, t1
                        lw    t2, 0(t1)
                        bne   t2, t0, next
                        addi  s1, s1, 1
                next:   addi  t0, t0, 1
                        li    t2, 40
                        blt   t0, t2, check
                        la    t0, buses
                        lw    t0, 0(t0)
                        li    t1, 100
                        mul   a0, t0, t1
                        add   a0, a0, s1        ; 100 * SIGBUS count + pages intact
                        sys   exit
                onbus:  la    t0, buses
                        lw    t1, 0(t0)
                        addi  t1, t1, 1
                        sw    t1, 0(t0)
                        sys   sigreturn
                        .bss
                buses:  .space 4
                        .align 4096
                pages:  .space 40 * 4096
                """);
        Runs.Result r = run("run", src.toString(), "--frames", "16", "--check", "--inject", "swap-read=3");
        assertEquals(140, r.status(), "one SIGBUS, then all 40 pages intact: " + r.err());
    }

    @Test
    void aFailedAllocationOnTheFaultPathIsAbsorbedByEviction() throws IOException {
        for (String n : new String[] {"5", "40"}) {
            Path stats = tmp.resolve("a" + n + ".json");
            Runs.Result r = run("run", "programs/swap_pages.s", "--frames", "16", "--check", "--inject", "alloc=" + n,
                    "--stats-json", stats.toString());
            assertEquals(0, r.status(), r.err());
            assertEquals(INTACT, r.out());
            assertEquals(1, injected(stats));
        }
    }

    @Test
    void nothingIsInjectedPastTheLastOperation() throws IOException {
        Path stats = tmp.resolve("none.json");
        Runs.Result r = run("run", "examples/hello.s", "--inject", "swap-read=1", "--stats-json", stats.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals(0, injected(stats), "hello never swaps");
    }

    /** read() 5 bytes, map the file shared, store 'J', msync twice; exit 100 + read + msync + msync. */
    private Path fileProgram() throws IOException {
        Path src = tmp.resolve("file.s");
        Files.writeString(src, """
                        .text
                _start: la    a0, path
                        li    a1, O_RDWR
                        sys   open
                        mov   s0, a0
                        mov   a0, s0
                        la    a1, buf
                        li    a2, 5
                        sys   read
                        mov   s1, a0
                        li    a0, 0
                        li    a1, PAGE_SIZE
                        li    a2, PROT_READ | PROT_WRITE
                        li    a3, MAP_SHARED
                        mov   a4, s0
                        li    a5, 0
                        sys   mmap
                        mov   s2, a0
                        li    t0, 'J'
                        sb    t0, 0(s2)
                        mov   a0, s2
                        li    a1, PAGE_SIZE
                        li    a2, MS_SYNC
                        sys   msync
                        mov   fp, a0
                        mov   a0, s2
                        li    a1, PAGE_SIZE
                        li    a2, MS_SYNC
                        sys   msync
                        add   a0, a0, fp
                        add   a0, a0, s1
                        addi  a0, a0, 100
                        sys   exit
                        .rodata
                path:   .asciz "/f.txt"
                        .bss
                buf:    .space 16
                """);
        return src;
    }

    private Path root() throws IOException {
        Path root = Files.createTempDirectory(tmp, "root");
        Files.writeString(root.resolve("f.txt"), "hello file\n");
        return root;
    }

    @Test
    void fileReadsFailAsSigbusForAMappingAndEioForRead() throws IOException {
        Path prog = fileProgram();
        // operations: 1 the text page, 2 the rodata page (open's path), 3 read(), 4 the mapped page
        Path root = root();
        Runs.Result fetch = run("run", prog.toString(), "--root", root.toString(), "--inject", "file-read=1");
        assertEquals(135, fetch.status());
        assertTrue(fetch.err().contains("SIGBUS: fetch at 0x00010000"), fetch.err());

        Runs.Result read = run("run", prog.toString(), "--root", root().toString(), "--inject", "file-read=3");
        assertEquals(100 - 5 + 0 + 0, read.status(), "read() returned -EIO, both msyncs 0: " + read.err());

        Runs.Result map = run("run", prog.toString(), "--root", root().toString(), "--inject", "file-read=4");
        assertEquals(135, map.status());
        assertTrue(map.err().contains("SIGBUS: store at 0x40000000"), map.err());
    }

    @Test
    void aFailedWriteBackKeepsThePageDirtyForTheNextOne() throws IOException {
        Path root = root();
        Runs.Result r = run("run", fileProgram().toString(), "--root", root.toString(), "--check", "--inject",
                "file-write=1");
        assertEquals(100 + 5 - 5 + 0, r.status(), "read 5, the first msync -EIO, the second 0: " + r.err());
        assertEquals("Jello file\n", Files.readString(root.resolve("f.txt")), "nothing written is lost");
        Path clean = root();
        assertEquals(105, run("run", fileProgram().toString(), "--root", clean.toString()).status());
        assertFalse(r.err().contains("\tat "));
    }
}
