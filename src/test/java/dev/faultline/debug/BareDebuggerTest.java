package dev.faultline.debug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.cli.Main;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code faultline debug --bare}: the machine's views and catch trap, driven by scripts. */
class BareDebuggerTest {
    @TempDir
    Path tmp;

    private String debug(String program, String script, int expectedStatus, String... options) throws IOException {
        Path file = tmp.resolve("script.txt");
        Files.writeString(file, script);
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        String[] args = new String[5 + options.length];
        args[0] = "debug";
        args[1] = program;
        args[2] = "--bare";
        args[3] = "--script";
        args[4] = file.toString();
        System.arraycopy(options, 0, args, 5, options.length);
        int status = Main.run(args, new ByteArrayInputStream(new byte[0]), new PrintStream(out, true),
                new PrintStream(err, true));
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(expectedStatus, status, text + err);
        return text;
    }

    @Test
    void catchTrapStopsAtTheHandlersFirstInstructionWithTheCsrsSet() throws IOException {
        String out = debug("examples/bare/pager.s", "catch trap\nc\ncsrs\nregs\n", 0);
        assertTrue(out.contains("trap: load_fault at pc 0x0001101b <u1_fill+9 (pager.s:451)> (tval 0x40000000); the handler"
                + " starts at 0x00010000 <trap (pager.s:38)>\n=> 0x00010000  csrw scratch, t0\n"), out);
        assertTrue(out.contains("epc      0x0001101b\ncause    0x00000001  (load_fault)\ntval     0x40000000\n"
                + "ptbr     0x80000030  (paging on)\n"), out);
        assertTrue(out.contains("pc   0x00010000 <trap (pager.s:38)>"), out);
    }

    @Test
    void ptWalksPtbrsTableAndXReadsThroughTheTranslation() throws IOException {
        String out = debug("examples/bare/pager.s", "catch trap\nc\nc\npt 0x40000000\nx 0x40000000\nx 0x40001000\n"
                + "x 0xF0000000\n", 0);
        assertTrue(out.contains("  0x40000000-0x403fffff  table in frame 0x34\n    0x40000000  0x0000cc77  rw-uad frame 51\n"),
                out);
        assertTrue(out.contains("0x40000000  0x00000001\n(fdb) x 0x40001000\n0x40001000  (not mapped)\n(fdb) x 0xF0000000\n"
                + "0xf0000000  (the console device: not read)\n"),
                out);
    }

    @Test
    void withPagingOffXIsPhysicalAndTheKernelViewsDoNotApply() throws IOException {
        String out = debug("examples/bare/hello.s", "x 0x10000\nx 0x100000\npt\ntlb\nvmas\nps\nframes\nswap\n", 0);
        assertTrue(out.contains("0x00010000  0x8000f030\n"), out);
        assertTrue(out.contains("0x00100000  (no memory there)\n"), out);
        assertTrue(out.contains("root table: frame 0x0 (paging off)"), out);
        assertTrue(out.contains("TLB: 64 entries, hardware refill\n  (empty)\n"), out);
        for (String v : new String[] {"vmas", "ps", "frames", "swap"}) {
            assertTrue(out.contains(v + " does not apply to the bare machine"), out);
        }
    }

    @Test
    void stepiStopsAfterEachInstructionOrTrapAndContinueRunsToTheHalt() throws IOException {
        String out = debug("examples/bare/illegal.s", "break 13\nc\nstepi\nstepi\ndisas 0x10023 2\nc\n", 3);
        assertTrue(out.contains("breakpoint at 0x00010023 <_start+35 (illegal.s:13)>\n=> 0x00010023  .byte 0xff"), out);
        assertTrue(out.contains("(fdb) stepi\ntrap: illegal at pc 0x00010023 <_start+35 (illegal.s:13)> (tval 0x00000000);"
                + " the handler starts at 0x0001005c <handler (illegal.s:30)>\n=> 0x0001005c  push a0\n"), out);
        assertTrue(out.contains("the machine halted with status 3"), out);
        assertTrue(out.contains("illegal instruction at 0x00010023"), out);
    }

    @Test
    void anUnhandledTrapEndsTheSessionWith134() throws IOException {
        Path p = tmp.resolve("p.s");
        Files.writeString(p, "_start: brk\n");
        String out = debug(p.toString(), "c\nregs\nc\n", 134);
        assertTrue(out.contains("unhandled trap breakpoint at pc 0x00010000 (tval 0x00000000)\n"), out);
        assertTrue(out.contains("the machine has stopped (status 134)"), out);
    }

    @Test
    void maxStepsHoldsUnderTheDebugger() throws IOException {
        String out = debug("examples/bare/illegal.s", "c\n", 3, "--max-steps", "50");
        assertTrue(out.contains("stopped: --max-steps 50 reached (50 instructions)"), out);
    }
}
