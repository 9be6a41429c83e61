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
                + " starts at 0x00010000 <trap (pager.s:38)>\npager.s:38  trap:   csrw  scratch, t0\n"
                + "=> 0x00010000  csrw scratch, t0\n"), out);
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
        assertTrue(out.contains("breakpoint at 0x00010023 <_start+35 (illegal.s:13)>\nillegal.s:13  .byte 0xFF                    ;"
                + " not an opcode: traps ILLEGAL, 1 byte long\n=> 0x00010023  .byte 0xff"), out);
        assertTrue(out.contains("(fdb) stepi\ntrap: illegal at pc 0x00010023 <_start+35 (illegal.s:13)> (tval 0x00000000);"
                + " the handler starts at 0x0001005c <handler (illegal.s:30)>\nillegal.s:30  push  a0\n=> 0x0001005c  push a0\n"),
                out);
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
    // ------------------------------------------------------------------ going back (docs/reverse.md)

    @Test
    void goingBackBeforeTheFirstInstructionSaysSoAndChangesNothing() throws IOException {
        String out = debug("examples/bare/hello.s", "rsi\nrs\nrs -5\nrc\nrewind fault\nregs\n", 0);
        assertEquals(4, out.split("already at the start of the run: there is nothing before the first instruction\n",
                -1).length - 1, out);
        assertTrue(out.contains("(fdb) rewind fault\nno page fault or TLB miss has been taken before this point: nothing"
                + " changes\n"), out);
        assertTrue(out.contains("pc   0x00010000 <_start (hello.s:5)>"), out);
    }

    @Test
    void reverseStepWithANegativeOrHugeCountClampsToTheStart() throws IOException {
        String out = debug("examples/bare/hello.s", "step 10\nrs -3\nstep 10\nrs 99999999999999999999999\nstep 10\n"
                + "rs 11\nstep 10\nrs 0\nrs x\nrs 4\n", 0);
        assertTrue(out.contains("(fdb) rs -3\nreverse-step -3: a count cannot be negative; going back to the start of the run\n"
                + "back at instruction 0\nhello.s:5  _start: li    sp, 0x8000              ; every register starts at 0, sp too\n"
                + "=> 0x00010000  li sp, 0x8000\n"), out);
        assertTrue(out.contains("(fdb) rs 99999999999999999999999\nreverse-step 99999999999999999999999: only 10"
                + " instructions have retired; going back to the start of the run\nback at instruction 0\n"), out);
        assertTrue(out.contains("(fdb) rs 11\nreverse-step 11: only 10 instructions have retired; going back to the start"
                + " of the run\nback at instruction 0\n"), out);
        assertTrue(out.contains("(fdb) rs 0\nreverse-step 0: nothing to do\n(fdb) rs x\nnot a count: 'x'\n(fdb) rs 4\n"
                + "back at instruction 6\n"), out);
    }

    @Test
    void theConsoleIsWrittenOnceWhateverTheSessionGoesBackOver() throws IOException {
        String out = debug("examples/bare/hello.s", "c\nrs 100\nrsi\nrsi\nc\nrc\nc\n", 0);
        assertEquals(1, out.split("ello from the bare machine", -1).length - 1, out);
        assertTrue(out.contains("(fdb) rc\nno breakpoint or catchpoint stopped the run before this point: back at the start"
                + " of the run\nback at instruction 0\n"), out);
        assertEquals(3, out.split("the machine halted with status 0", -1).length - 1, out);
    }

    @Test
    void reverseStepiUndoesOneTrapAndReverseContinueFindsTheLastCatch() throws IOException {
        String out = debug("examples/bare/pager.s", "catch trap\nc\nc\nsi\nrsi\nrsi\nrc\nrc\n", 0);
        // from the handler's second instruction: back to its first, then to before the trap was taken (a trap
        // retires nothing: both are at instruction 16615)
        assertTrue(out.contains("(fdb) rsi\nback at instruction 16615\npager.s:38  trap:   csrw  scratch, t0\n"
                + "=> 0x00010000  csrw scratch, t0\n(fdb) rsi\nback at instruction 16615\n"
                + "pager.s:451  lw    t1, 0(t0)               ; faults the first time, then reads 0\n=> 0x0001101b  lw t1, 0(t0)\n"), out);
        assertTrue(out.contains("(fdb) rc\nback at instruction 10041\npager.s:38  trap:   csrw  scratch, t0\n"
                + "=> 0x00010000  csrw scratch, t0\n(fdb) rc\n"
                + "no breakpoint or catchpoint stopped the run before this point: back at the start of the run\n"), out);
    }

    @Test
    void rewindFaultGoesBackBeforeAnUnhandledFaultAndTheRunEndsTheSameWayAgain() throws IOException {
        Path program = tmp.resolve("unhandled.s");
        Files.writeString(program, "_start: li t0, 0x0FFFF000\n        addi t1, zero, 5\n        lw t1, 0(t0)\n"
                + "        halt\n");
        String out = debug(program.toString(), "c\nrewind fault\nrsi\nc\n", 134, "--frames", "32");
        assertTrue(out.contains("(fdb) rewind fault\nback at instruction 2\nunhandled.s:3  lw t1, 0(t0)\n"
                + "=> 0x0001000c  lw t1, 0(t0)\n(fdb) rsi\n"
                + "back at instruction 1\n"), out);
        assertEquals(2, out.split("unhandled trap load_fault at pc 0x0001000c \\(tval 0x0ffff000\\)", -1).length - 1, out);
    }

    @Test
    void anSretBackToTheFaultIsARestartAndTheNextStepiShowsTheRetry() throws IOException {
        String out = debug("examples/bare/pager.s", "break 80\nc\nc\nstepi\nstepi\n", 0);
        assertTrue(out.contains("(fdb) stepi\nsret: restarting 0x0001101b <u1_fill+9 (pager.s:451)> (the load_fault there"
                + " runs again)\npager.s:451  lw    t1, 0(t0)               ; faults the first time, then reads 0\n"
                + "=> 0x0001101b  lw t1, 0(t0)\n(fdb) stepi\n0x0001101b <u1_fill+9 (pager.s:451)> runs again (try 2, after"
                + " the load_fault): it completed on the retry\npager.s:452  add   s2, s2, t1\n"), out);
        String skip = debug("examples/bare/illegal.s", "break 56\nc\nstepi\n", 0);
        assertTrue(skip.contains("sret: returning to 0x00010024 <_start+36 (illegal.s:14)> in kernel mode, not to the"
                + " illegal at 0x00010023\n"), skip);
    }

    @Test
    void theGdbCommandsWorkOnTheBareMachine() throws IOException {
        String out = debug("examples/bare/pager.s", "break 80\nc\nc\nstepi\nstepi\np/x $epc\np t1 + 1\ninfo frame\n"
                + "display/x $tval\ntbreak 80\nc\nc\nrun\nlist 80\npt 0x50000000\nx/2xb 0x10000\np *\nx/s 0x100000000\n"
                + "help\n", 0);
        assertTrue(out.contains("(fdb) p/x $epc\n$1 = 0x0001101b\n(fdb) p t1 + 1\n$2 = 1 (0x00000001)\n"), out);
        assertTrue(out.contains("cause   0x00000001  (load_fault)\nepc     0x0001101b <u1_fill+9 (pager.s:451)>  (where the"
                + " last trap was taken, or where sret returns)\ntval    0x40000000  (the address that faulted)\n"), out);
        assertTrue(out.contains("(fdb) tbreak 80\ntemporary breakpoint at 0x000100fb <resume+120 (pager.s:80)>\n(fdb) c\n"
                + "temporary breakpoint at 0x000100fb <resume+120 (pager.s:80)> (now deleted)\n"
                + "pager.s:80  sret                          ; EPC unchanged: the trapping instruction runs again\n"
                + "=> 0x000100fb  sret\n1: $tval = 0x40001000\n"), out);
        assertTrue(out.contains("the machine halted with status 0\n"), out);
        assertTrue(out.contains("(fdb) run\ngoing back to the first instruction (console output already written stays"
                + " written)\nback at instruction 0\npager.s:252  _start: li    sp, KSTACK\n"), out);
        assertTrue(out.contains("   80            sret                          ; EPC unchanged: the trapping instruction"
                + " runs again\n"), out);
        assertTrue(out.contains("  0x50000000: not mapped: no second-level table for 0x50000000-0x503fffff (root entry 320"
                + " is 0)\n"), out);
        assertTrue(out.contains("(fdb) x/2xb 0x10000\n0x00010000 <trap>:  0x61  0x07  |a.|\n"), out);
        assertTrue(out.contains("(fdb) p *\ncannot read '*': it ends too soon\n"), out);
        assertTrue(out.contains("(fdb) x/s 0x100000000\n'0x100000000' is not a number from 0 to 0xffffffff\n"), out);
        assertTrue(out.contains("\nprint[/x|/d|/c|/u] EXPR (p)                  registers, CSRs ($cause), symbols, *ADDR, $N"
                + " and arithmetic\n"), out);
    }

    /** Lesson B6 in examples/README.md shows the debugger's real output. */
    @Test
    void theBareRewindLessonShowsWhatTheDebuggerPrints() throws IOException {
        String out = debug("examples/bare/pager.s", Files.readString(Path.of("examples/bare/pager_rewind.fdb")), 0);
        StringBuilder indented = new StringBuilder();
        for (String line : out.split("\n")) indented.append("    ").append(line).append('\n');
        String readme = Files.readString(Path.of("examples/README.md"));
        assertTrue(readme.contains(indented), "examples/README.md lesson B6 should hold:\n" + indented);
        assertTrue(out.contains("(fdb) rewind fault\nback at instruction 16615\n"), out);
        assertEquals(1, out.split("pager: page 0x40001000 gets frame 0x00035000", -1).length - 1, out);
    }
}
