package dev.faultline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.cli.CommandLineTest.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's last details: help, suggestions, one-sentence mistakes, disasm, bare statistics, owner. */
class CommandLineFinishTest {
    @TempDir
    Path tmp;

    private static Result run(String... args) {
        return CommandLineTest.run(args);
    }

    @Test
    void helpNamesACommandOrListsThemAll() {
        Result all = run("help");
        assertEquals(0, all.status(), all.err());
        assertTrue(all.out().contains("Commands:") && all.out().contains("compare"), all.out());
        Result one = run("help", "run");
        assertEquals(0, one.status(), one.err());
        assertEquals(run("run", "--help").out(), one.out());
        Result none = run("help", "rnu");
        assertEquals(2, none.status());
        assertEquals("faultline: no command 'rnu' (did you mean run?); see 'faultline --help'\n", none.err());
    }

    @Test
    void aMisspeltCommandOrOptionGetsOneSentenceNamingOnlyIt() {
        Result command = run("debgu", "examples/hello.s");
        assertEquals(2, command.status());
        assertEquals("faultline: no command 'debgu' (did you mean debug?); see 'faultline --help'\n", command.err());
        assertEquals("faultline: no command 'xyzzy'; see 'faultline --help'\n", run("xyzzy").err());
        Result option = run("run", "examples/hello.s", "--framez", "4");
        assertEquals(2, option.status());
        assertEquals("faultline: Unknown option: '--framez' (did you mean --frames?); see 'faultline run --help'\n", option.err());
        assertEquals(option.err(), run("run", "examples/hello.s", "--framez=4").err());
        assertFalse(option.err().contains("Usage"));
    }

    @Test
    void aMisspeltSystemCallIsNamedWithTheOneMeant() throws IOException {
        Path prog = tmp.resolve("w.s");
        Files.writeString(prog, "_start: li a0, 0\n        sys writ\n");
        Result r = run("run", prog.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().startsWith(prog + ":2:13: error: unknown system call 'writ' (did you mean write?)\n"), r.err());
    }

    @Test
    void dataWithoutCodeIsAnAssemblerErrorAtTheData() throws IOException {
        Path prog = tmp.resolve("d.s");
        Files.writeString(prog, "        .data\nx:      .word 1\n");
        Result r = run("run", prog.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().startsWith(prog + ":2:9: error: no code: the program has data (this is the first) but no"
                + " instruction in .text to run\n"), r.err());
    }

    @Test
    void disasmNamesTheAddressesLaLoadsAndShowsTextAsText() throws IOException {
        Path flx = tmp.resolve("s.flx");
        assertEquals(0, run("asm", "examples/sigsegv_handler.s", "-o", flx.toString()).status());
        Result r = run("disasm", flx.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("  00010006  30 20 57 00 01 00      li a1, 0x10057  ; = handler\n"), r.out());
        assertTrue(r.out().contains("  00011000  74 68 65 20 68 61 6e 64 6c 65 72 20 6d 61 70 70  \"the handler mapp\"\n"), r.out());
        assertTrue(r.out().contains("  00011030  20 61 6e 64 20 73 74 75 63 6b 0a                 \" and stuck\\n\"\n"), r.out());
    }

    @Test
    void bareStatisticsPrintLikeTheKernels() {
        Result r = run("run", "examples/bare/illegal.s", "--bare", "--stats");
        assertEquals(3, r.status());
        String stats = r.err().replaceAll("(?m)^(wall_ms|mips) .*\\n", "");
        assertTrue(stats.endsWith("instructions       1087\ntlb_hits           0\ntlb_misses         0\ntraps.illegal      3\n"), r.err());
    }

    @Test
    void swapOutAndEvictNameThePagesOwnerNotTheRunningProcess() {
        Result r = run("run", "examples/dormant.s", "--frames", "24", "--trace=swap-out,evict", "--trace-format", "jsonl");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().contains("{\"t\":133,\"pid\":2,\"ev\":\"swap-out\",\"frame\":3,\"slot\":0,\"vpn\":262144,\"mappers\":1,\"owner\":1}\n"), r.err());
        assertTrue(r.err().contains("{\"t\":133,\"pid\":2,\"ev\":\"evict\",\"frame\":3,\"policy\":\"clock\",\"dropped\":false,\"owner\":1}\n"), r.err());
    }
}
