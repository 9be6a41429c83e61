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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code faultline run --bare}: exit statuses, messages, usage errors, traces and statistics (docs/bare.md). */
class BareCommandLineTest {
    @TempDir
    Path tmp;

    record Result(int status, String out, String err) {}

    static Result run(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int status = Main.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true), new PrintStream(err, true));
        String e = err.toString(StandardCharsets.UTF_8);
        assertFalse(e.contains("\tat "), e);
        return new Result(status, out.toString(StandardCharsets.UTF_8), e);
    }

    private Path program(String text) throws IOException {
        Path p = tmp.resolve("p.s");
        Files.writeString(p, text);
        return p;
    }

    @Test
    void haltsWithA0Mod256AndEchoesInput() throws IOException {
        Path p = program("""
                _start: li   t0, 0xF0000000
                loop:   lw   t1, 4(t0)
                        blt  t1, zero, done
                        sb   t1, 0(t0)
                        jmp  loop
                done:   li   a0, 0x2A01
                        halt
                """);
        Result r = run("echo me", "run", p.toString(), "--bare");
        assertEquals(new Result(1, "echo me", ""), r);
    }

    @Test
    void aTrapWithNoVectorExits134WithOneSentence() throws IOException {
        Path p = program("_start: li t0, 0x900000\n lw a0, 0(t0)\n");
        Result r = run("", "run", p.toString(), "--bare", "--trace=trap", "--trace-format", "jsonl");
        assertEquals(134, r.status());
        assertEquals("""
                {"t":1,"pid":0,"ev":"trap","cause":"load_fault","pc":65542,"tval":9437184}
                faultline: unhandled trap load_fault at pc 0x00010006 (tval 0x00900000)
                """, r.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"--swap=3", "--swap-file=x", "--policy=fifo", "--seed=2", "--root=.", "--max-procs=3",
        "--quantum=5", "--check"})
    void kernelOnlyOptionsAreUsageErrorsNamingTheOption(String option) {
        Result r = run("", "run", "examples/bare/hello.s", "--bare", option);
        assertEquals(2, r.status());
        String name = option.replaceFirst("=.*", "");
        assertEquals("faultline: " + name + " does not apply to --bare: the bare machine has no kernel (see docs/bare.md)\n",
                r.err());
        assertEquals("", r.out());
    }

    @Test
    void aSegmentOutsidePhysicalMemoryIsOneSentenceAndExit2() {
        Result r = run("", "run", "examples/bare/hello.s", "--bare", "--frames", "16");
        assertEquals(2, r.status());
        assertEquals("faultline: hello.s: segment 0 (0x00010000..0x000100ec) lies outside physical memory, which ends at"
                + " 0x00010000 with 16 frames\n", r.err());
    }

    @Test
    void anEntryPointOutsideEverySegmentIsOneSentenceAndExit2() throws IOException {
        Path p = program("""
                        .equ somewhere, 0x50000
                        .entry somewhere
                        .text
                        halt
                """);
        Result r = run("", "run", p.toString(), "--bare");
        assertEquals(2, r.status(), r.err());
        assertEquals("faultline: p.s: the entry point 0x00050000 lies outside every segment\n", r.err());
    }

    @Test
    void framesThatWouldCoverTheConsoleAreRefused() {
        Result r = run("", "run", "examples/bare/hello.s", "--bare", "--frames", "983041");
        assertEquals(2, r.status());
        assertTrue(r.err().startsWith("faultline: --frames with --bare must be 1..983040"), r.err());
    }

    @Test
    void aProgramWritingTheConsoleForeverStopsAtMaxSteps() throws IOException {
        Path p = program("_start: li t0, 0xF0000000\n li t1, 'y'\nloop: sb t1, 0(t0)\n jmp loop\n");
        Result r = run("", "run", p.toString(), "--bare", "--max-steps", "2001");
        assertEquals(3, r.status());
        assertEquals("y".repeat(1000), r.out());
        assertEquals("faultline: stopped after 2001 instructions (--max-steps)\n", r.err());
    }

    @Test
    void statisticsCountInstructionsTlbAndTrapsByCause() throws IOException {
        Path stats = tmp.resolve("s.json");
        Result r = run("", "run", "examples/bare/illegal.s", "--bare", "--stats-json", stats.toString());
        assertEquals(3, r.status(), r.err());
        String json = Files.readString(stats);
        assertTrue(json.startsWith("{\"instructions\": 1087, \"wall_ms\": "), json);
        assertTrue(json.endsWith(", \"tlb_hits\": 0, \"tlb_misses\": 0, \"traps\": {\"illegal\": 3}}\n"), json);
    }

    @Test
    void theHaltRecordCarriesTheStatusAndEveryRecordHasPid0() throws IOException {
        Result r = run("", "run", "examples/bare/illegal.s", "--bare", "--trace=all", "--trace-format", "jsonl");
        List<String> lines = r.err().lines().toList();
        assertEquals("{\"t\":1087,\"pid\":0,\"ev\":\"halt\",\"status\":3}", lines.get(lines.size() - 1));
        assertTrue(lines.stream().allMatch(l -> l.contains("\"pid\":0,")), r.err());
    }

    @Test
    void theSameProgramWithoutBareIsNotTouched() {
        Result r = run("", "run", "examples/hello.s");
        assertEquals(0, r.status());
    }
}
