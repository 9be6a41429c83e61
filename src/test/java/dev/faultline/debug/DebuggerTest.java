package dev.faultline.debug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.cli.Main;
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

/** The step debugger driven by scripts (docs/cli.md, "Debugger"): one test per promise, exact text. */
class DebuggerTest {
    @TempDir
    Path tmp;

    record Session(int status, String out, String err) {}

    private String debug(String script) throws IOException {
        return debug("examples/hello.s", script, 0);
    }

    /** Runs {@code faultline debug PROGRAM --script FILE} and returns what the debugger printed. */
    private String debug(String program, String script, int expectedStatus, String... options) throws IOException {
        Session s = session(program, script, options);
        assertEquals(expectedStatus, s.status, s.out + s.err);
        return s.out;
    }

    private Session session(String program, String script, String... options) throws IOException {
        Path file = tmp.resolve("script.txt");
        Files.writeString(file, script);
        List<String> args = new ArrayList<>(List.of("debug", program, "--script", file.toString()));
        args.addAll(List.of(options));
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int status = Main.run(args.toArray(String[]::new), new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true), new PrintStream(err, true));
        return new Session(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private String program(String name, String text) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, text);
        return p.toString();
    }

    /** The lines after the echoed command {@code (fdb) cmd}, up to the next prompt (the nth such command). */
    private static String after(String out, String cmd, int nth) {
        int at = -1;
        for (int i = 0; i < nth; i++) {
            at = out.indexOf("(fdb) " + cmd + "\n", at + 1);
            if (at < 0) throw new AssertionError("no command " + cmd + " #" + nth + " in\n" + out);
        }
        int start = at + ("(fdb) " + cmd + "\n").length();
        int end = out.indexOf("(fdb) ", start);
        return out.substring(start, end < 0 ? out.length() : end);
    }

    // ------------------------------------------------------------------ stepping

    @Test
    void stepiSeparatesTheFaultTheKernelItsOwnFaultsAndTheRestartNamingKindAndFrame() throws IOException {
        String out = debug("stepi\nstepi\nstepi\nstep 2\nstepi\nstepi\nstepi\nstepi\nregs\n");
        assertEquals("trap in pid 1: fetch_fault at 0x00010000, pc 0x00010000 <_start (hello.s:9)> (not yet handled by"
                + " the kernel)\nhello.s:9  _start: li    a0, 1                 ; fd 1: stdout\n"
                + "=> 0x00010000  li a0, 1    (not resident: from the executable)\n", after(out, "stepi", 1));
        assertEquals("kernel handled the fetch_fault trap: kind file (major), frame 1 for the fetch of 0x00010000;"
                + " restarting 0x00010000 <_start (hello.s:9)> in pid 1\n", after(out, "stepi", 2));
        assertEquals("0x00010000 <_start (hello.s:9)> runs again (try 2, after the fetch_fault): it completed on the"
                + " retry\nhello.s:10  la    a1, msg               ; the bytes\n=> 0x00010006  li a1, 0x11000\n",
                after(out, "stepi", 3));
        assertEquals("trap in pid 1: syscall write, pc 0x00010012 <_start+18 (hello.s:12)> (not yet handled by the"
                + " kernel)\nhello.s:12  sys   write\n=> 0x00010012  sys write\n", after(out, "stepi", 4));
        assertEquals("kernel fault in pid 1: load of 0x00011000 for write() at pc 0x00010012 <_start+18 (hello.s:12)>"
                + " (not yet handled by the kernel)\n", after(out, "stepi", 5));
        assertEquals("kernel handled its fault in pid 1: kind file (major), frame 3 for the load of 0x00011000 by the"
                + " kernel; it goes on with write()\n", after(out, "stepi", 6));
        assertTrue(after(out, "stepi", 7).contains("kernel handled the write() syscall; it completed, returning to 0x00010017"
                + " <_start+23 (hello.s:13)> in pid 1\n"), out);
        assertTrue(out.contains("r1   a0    0x0000000d"), out); // write returned 13
    }

    @Test
    void nextStepsOverACallAndFinishRunsToTheReturn() throws IOException {
        String p = program("calls.s", """
                _start: li   a0, 2
                        call double
                        call double
                        sys  exit
                double: add  a0, a0, a0
                        nop
                        ret
                """);
        String out = debug(p, "step\nnext\nregs\nstep\nstep\nfinish\nregs\nnext\nnext\n", 8);
        assertEquals("calls.s:3  call double\n=> 0x0001000b  call double\n", after(out, "next", 1));
        assertTrue(after(out, "regs", 1).contains("r1   a0    0x00000004"), out);
        assertEquals("calls.s:5  double: add  a0, a0, a0\n=> 0x00010015  add a0, a0, a0\n", after(out, "step", 2));
        assertEquals("returned to 0x00010010 <_start+16 (calls.s:4)>\ncalls.s:4  sys  exit\n=> 0x00010010  sys exit\n",
                after(out, "finish", 1));
        assertTrue(after(out, "regs", 2).contains("r1   a0    0x00000008"), out);
        assertEquals("the program exited with status 8\n", after(out, "next", 2));
    }

    @Test
    void maxStepsHoldsUnderDebugAndTheStatusIs3() throws IOException {
        String p = program("loop.s", "_start: addi t0, t0, 1\n        jmp _start\n");
        String out = debug(p, "c\nc\nstep\nregs\n", 3, "--max-steps", "1000");
        assertEquals("stopped: --max-steps 1000 reached (1000 instructions)\nloop.s:1  _start: addi t0, t0, 1\n"
                + "=> 0x00010000  addi t0, t0, 1\n",
                after(out, "c", 1));
        assertEquals("stopped: --max-steps 1000 reached (1000 instructions)\n", after(out, "c", 2));
        assertTrue(after(out, "regs", 1).contains("r7   t0    0x000001f4"), out); // 500 passes of 2 instructions
    }

    // ------------------------------------------------------------------ catchpoints

    @Test
    void catchFaultStopsAtTheKernelsOwnFaultBeforeItIsHandledNamingTheSyscall() throws IOException {
        String out = debug("catch fault\nc\nc\npt 0x11000\nstepi\npt 0x11000\nc\n");
        assertEquals("catchpoint 1: fault\n", after(out, "catch fault", 1));
        assertTrue(after(out, "c", 1).startsWith("trap in pid 1: fetch_fault at 0x00010000"), out);
        assertEquals("kernel fault in pid 1: load of 0x00011000 for write() at pc 0x00010012 <_start+18 (hello.s:12)>"
                + " (not yet handled by the kernel)\nhello.s:12  sys   write\n=> 0x00010012  sys write\n", after(out, "c", 2));
        assertTrue(after(out, "pt 0x11000", 1).contains("  0x00011000  pte 0x00000000  none"), out);
        assertTrue(after(out, "pt 0x11000", 2).contains("  0x00011000  pte 0x00000c13  r--u-- frame 3"), out);
        assertTrue(out.contains("hello, world"), out);
        assertTrue(out.endsWith("the program exited with status 0\n"), out);
    }

    @Test
    void catchSignalStopsBeforeAFatalSignalActsWithTheProcessAlive() throws IOException {
        String p = program("segv.s", "_start: li t0, 4\n        sw t0, 0(t0)\n        sys exit\n");
        String out = debug(p, "catch signal\nc\nps\nregs\nc\n", 139);
        assertEquals("signal SIGSEGV in pid 1 at 0x00010006 <_start+6 (segv.s:2)>: it is about to kill the process,"
                + " which is still alive\nsegv.s:2  sw t0, 0(t0)\n=> 0x00010006  sw t0, 0(t0)\n", after(out, "c", 1));
        assertEquals("  pid 1   ppid 0   runnable pc 0x00010006  resident 1  (running)\n", after(out, "ps", 1));
        assertTrue(after(out, "regs", 1).contains("r7   t0    0x00000004"), out);
        assertEquals("the program exited with status 139\n", after(out, "c", 2));
    }

    @Test
    void catchSignalBeforeAHandlerThenStepiThroughTheKernelPushingTheFrame() throws IOException {
        String out = debug("examples/sigsegv_handler.s", "catch signal\nc\nstepi\nstepi\nstepi\n", 0);
        assertEquals("signal SIGSEGV in pid 1 at 0x0001001d <_start+29 (sigsegv_handler.s:19)>: its handler is about"
                + " to run\nsigsegv_handler.s:19  sw    t1, 0(t0)             ; nothing mapped: SIGSEGV, handler, restart\n"
                + "=> 0x0001001d  sw t1, 0(t0)\n", after(out, "c", 1));
        assertEquals("kernel fault in pid 1: store of 0x7fffffb0 for the signal frame at pc 0x0001001d <_start+29"
                + " (sigsegv_handler.s:19)> (not yet handled by the kernel)\n", after(out, "stepi", 1));
        assertEquals("kernel handled its fault in pid 1: kind demand-zero (minor), frame 3 for the store of 0x7fffffb0"
                + " by the kernel; it goes on with the signal frame\n", after(out, "stepi", 2));
        assertEquals("kernel handled the store_fault trap; entering the SIGSEGV handler at 0x00010057 <handler"
                + " (sigsegv_handler.s:32)> in pid 1\n", after(out, "stepi", 3));
    }

    @Test
    void catchpointsAndBreakpointsAreNumberedListedAndDeletedOneAtATime() throws IOException {
        String out = debug("break 12\ncatch syscall\nbreak _start\ninfo breakpoints\ndelete 2\ninfo breakpoints\n"
                + "delete 7\nc\ndelete\ninfo breakpoints\nc\n");
        assertEquals("breakpoint 1 at 0x00010012 <_start+18 (hello.s:12)>\n", after(out, "break 12", 1));
        assertEquals("1   breakpoint 1 at 0x00010012 <_start+18 (hello.s:12)>\n2   catchpoint 2: syscall\n"
                + "3   breakpoint 3 at 0x00010000 <_start (hello.s:9)>\n", after(out, "info breakpoints", 1));
        assertEquals("deleted catchpoint 2: syscall\n", after(out, "delete 2", 1));
        assertEquals("1   breakpoint 1 at 0x00010012 <_start+18 (hello.s:12)>\n"
                + "3   breakpoint 3 at 0x00010000 <_start (hello.s:9)>\n", after(out, "info breakpoints", 2));
        assertEquals("no breakpoint, watchpoint or catchpoint 7 (info breakpoints lists them)\n", after(out, "delete 7", 1));
        assertEquals("breakpoint 1 at 0x00010012 <_start+18 (hello.s:12)>\nhello.s:12  sys   write\n"
                + "=> 0x00010012  sys write\n",
                after(out, "c", 1));
        assertEquals("deleted all 2 breakpoints, watchpoints and catchpoints\n", after(out, "delete", 1));
        assertEquals("no breakpoints, watchpoints or catchpoints\n", after(out, "info breakpoints", 3));
        assertEquals("hello, world\nthe program exited with status 0\n", after(out, "c", 2));
    }

    @Test
    void aBreakOnDataOrInsideAnInstructionWarnsAndABareNumberIsALine() throws IOException {
        String out = debug("break msg\nbreak _start+1\nbreak 12\nbreak 0x10012\nbreak hello.s:99\n");
        assertEquals("breakpoint 1 at 0x00011000 <msg (hello.s:17)>\nwarning: 0x00011000 <msg> is data, not code:"
                + " no instruction runs there\n", after(out, "break msg", 1));
        assertEquals("breakpoint 2 at 0x00010001 <_start+1>\nwarning: 0x00010001 is inside the instruction at"
                + " 0x00010000 <_start (hello.s:9)>: it will never be hit\n", after(out, "break _start+1", 1));
        assertEquals("breakpoint 3 at 0x00010012 <_start+18 (hello.s:12)>\n", after(out, "break 12", 1));
        assertEquals("breakpoint 4 at 0x00010012 <_start+18 (hello.s:12)>\n", after(out, "break 0x10012", 1));
        assertEquals("no code at line 99 of hello.s\n", after(out, "break hello.s:99", 1));
    }

    // ------------------------------------------------------------------ watchpoints

    @Test
    void watchStopsAfterTheInstructionOrTheKernelThatChangedTheWord() throws IOException {
        String p = program("watch.s", """
                _start: la   s0, var
                        li   t0, 5
                        sw   t0, 0(s0)
                        la   a0, usage
                        sys  rusage
                        li   a0, 0
                        sys  exit
                        .bss
                var:    .space 4
                usage:  .space 32
                """);
        String out = debug(p, "watch var\nwatch usage+24\nc\nc\nc\n", 0);
        assertEquals("watchpoint 1: the word at 0x00011000 <var (watch.s:9)> in pid 1 (now 0x00000000)\n",
                after(out, "watch var", 1));
        assertEquals("watchpoint 1: the word at 0x00011000 <var (watch.s:9)> in pid 1 changed from 0x00000000 to"
                + " 0x00000005 (written by the instruction at 0x0001000c <_start+12 (watch.s:3)> in pid 1)\n"
                + "watch.s:4  la   a0, usage\n=> 0x00010012  li a0, 0x11004\n", after(out, "c", 1));
        // rusage's seventh word: the instructions the process retired so far
        assertEquals("watchpoint 2: the word at 0x0001101c <usage+24> in pid 1 changed from 0x00000000 to 0x00000004"
                + " (written by the kernel, handling the rusage() syscall)\nwatch.s:6  li   a0, 0\n=> 0x0001001d  li a0, 0\n", after(out, "c", 2));
        assertEquals("the program exited with status 0\n", after(out, "c", 3));
    }

    @Test
    void aWatchBelongsToItsProcessNotToAForkedChildsCopy() throws IOException {
        String p = program("fw.s", """
                _start: sys  fork
                        bnez a0, parent
                        la   s0, var
                        li   t0, 7
                        sw   t0, 0(s0)          ; the child's own copy
                        li   a0, 3
                        sys  exit
                parent: li   a0, 0
                        sys  wait
                        la   s0, var
                        li   t0, 9
                        sw   t0, 0(s0)
                        li   a0, 0
                        sys  exit
                        .bss
                var:    .space 4
                """);
        String out = debug(p, "watch var\nc\nc\n", 0);
        assertEquals("watchpoint 1: the word at 0x00011000 <var (fw.s:16)> in pid 1 changed from 0x00000000 to"
                + " 0x00000009 (written by the instruction at 0x0001003f <parent+23 (fw.s:12)> in pid 1)\n"
                + "fw.s:13  li   a0, 0\n=> 0x00010045  li a0, 0\n", after(out, "c", 1));
        assertEquals("the program exited with status 0\n", after(out, "c", 2));
    }

    @Test
    void watchPteSaysWhoChangedTheEntry() throws IOException {
        String p = program("pte.s", """
                _start: la   s0, page
                        sw   s0, 0(s0)          ; first touch: the fault handler
                        mov  a0, s0
                        li   a1, PAGE_SIZE
                        li   a2, PROT_READ
                        sys  mprotect           ; read-only
                        sys  fork               ; the page becomes copy-on-write
                        bnez a0, parent
                        sys  exit
                parent: li   a0, 0
                        sys  wait
                        mov  a0, s0
                        li   a1, PAGE_SIZE
                        sys  munmap
                        li   a0, 0
                        sys  exit
                        .bss
                        .align PAGE_SIZE
                page:   .space PAGE_SIZE
                """);
        String out = debug(p, "step\nwatch pte page\nc\nc\nc\nc\nc\nc\n", 0);
        assertEquals("watchpoint 1: the PTE of page 0x00011000 in pid 1 (now 0x00000000 (none))\n",
                after(out, "watch pte page", 1));
        String prefix = "watchpoint 1: the PTE of page 0x00011000 in pid 1 changed from ";
        assertEquals(prefix + "0x00000000 (none) to 0x00000c17 (rw-u-- frame 3), by the fault handler (kind demand-zero"
                + " (minor), frame 3 for the store of 0x00011000)\npte.s:2  sw   s0, 0(s0)          ; first touch: the fault handler\n"
                + "=> 0x00010006  sw s0, 0(s0)\n", after(out, "c", 1));
        assertEquals(prefix + "0x00000c17 (rw-u-- frame 3) to 0x00000c77 (rw-uad frame 3), by the MMU (setting the"
                + " accessed or dirty bit)\npte.s:3  mov  a0, s0\n=> 0x0001000c  mov a0, s0\n", after(out, "c", 2));
        assertEquals(prefix + "0x00000c77 (rw-uad frame 3) to 0x00000c73 (r--uad frame 3), by mprotect()\n"
                + "pte.s:7  sys  fork               ; the page becomes copy-on-write\n=> 0x0001001f  sys fork\n", after(out, "c", 3));
        assertEquals(prefix + "0x00000c73 (r--uad frame 3) to 0x00000d73 (r--uad cow frame 3), by fork()\n"
                + "[pid 1] pte.s:8  bnez a0, parent\n=> 0x00010024  bne a0, zero, parent\n", after(out, "c", 4));
        assertEquals(prefix + "0x00000d73 (r--uad cow frame 3) to 0x00000000 (none), by munmap()\n"
                + "pte.s:15  li   a0, 0\n=> 0x00010047  li a0, 0\n", after(out, "c", 5));
        assertEquals("the program exited with status 0\n", after(out, "c", 6));
    }

    @Test
    void watchPteNamesEvictionAndXReadsTheSwapSlot() throws IOException {
        String p = program("evict.s", """
                _start: la   s0, buf
                        li   t0, 0
                fill:   shli t1, t0, 12
                        add  t1, s0, t1
                        addi t2, t0, 100
                        sw   t2, 0(t1)          ; page i holds 100 + i
                        addi t0, t0, 1
                        li   t2, 12
                        blt  t0, t2, fill
                        brk
                        li   a0, 0
                        sys  exit
                        .bss
                        .align PAGE_SIZE
                buf:    .space 12 * PAGE_SIZE
                """);
        String out = debug(p, "step 3\nwatch pte buf\nc\nc\nc\nc\npt buf\nx buf 1\ndelete\nc\nc\n", 0,
                "--frames", "9");
        assertTrue(after(out, "c", 3).contains("to 0x00000c57 (rw-u-d frame 3), by the replacement policy (clearing the"
                + " accessed bit)\n"), out);
        assertTrue(after(out, "c", 4).contains("to 0x00000002 (swap slot 0), by eviction (swapped out to slot 0)\n"), out);
        assertTrue(after(out, "pt buf", 1).contains("  0x00011000  pte 0x00000002  swap slot 0"), out);
        assertEquals("0x00011000  0x00000064  (swapped out: from swap slot 0)\n", after(out, "x buf 1", 1));
        assertTrue(after(out, "c", 5).startsWith("brk in pid 1 at"), out);
        assertEquals("the program exited with status 0\n", after(out, "c", 6));
    }

    // ------------------------------------------------------------------ views

    @Test
    void xStopsAtTheEndOfTheAddressSpaceAndPsSaysWhenNoProcessIsLeft() throws IOException {
        String out = debug("x 0xfffffff8 4\nc\nps\n");
        assertEquals("0xfffffff8  (unreadable)  (not mapped)\n"
                + "0xfffffffc  (unreadable)  (not mapped)\n"
                + "x stops at 0xffffffff, the end of the address space\n", after(out, "x 0xfffffff8 4", 1));
        assertEquals("no processes: the program has exited with status 0\n", after(out, "ps", 1));
    }

    @Test
    void xAndDisasReadPagesNotResidentFromTheExecutableChangingNothing() throws IOException {
        String out = debug("x msg 4\ndisas _start 2\npt\nx 0x7ffffff0\nx 0x20000000\n");
        assertEquals("0x00011000  0x6c6c6568  (not resident: from the executable)\n"
                + "0x00011004  0x77202c6f  (not resident: from the executable)\n"
                + "0x00011008  0x646c726f  (not resident: from the executable)\n"
                + "0x0001100c  0x0000000a  (not resident: from the executable)\n", after(out, "x msg 4", 1));
        assertEquals("=> 0x00010000  li a0, 1    (not resident: from the executable)\n"
                + "   0x00010006  li a1, 0x11000    (not resident: from the executable)\n",
                after(out, "disas _start 2", 1));
        assertFalse(after(out, "pt", 1).contains("  0x000"), out); // still no page mapped
        assertEquals("0x7ffffff0  0x00000000  (never touched: zero until the first touch)\n",
                after(out, "x 0x7ffffff0", 1));
        assertEquals("0x20000000  (unreadable)  (not mapped)\n", after(out, "x 0x20000000", 1));
    }

    @Test
    void xReadsAFilePageThatIsNotResidentFromTheFile() throws IOException {
        String out = debug("examples/file_mapping.s", "catch fault\nc\nc\nc\nc\nx 0x40000000 2\nc\nx 0x40000000 1\n", 0,
                "--root", "examples/files");
        assertEquals("0x40000000  0x6c756146  (not resident: from file poem.txt)\n"
                + "0x40000004  0x6e696c74  (not resident: from file poem.txt)\n", after(out, "x 0x40000000 2", 1));
        assertEquals("0x40000000  0x6c756146\n", after(out, "x 0x40000000 1", 1));
    }

    @Test
    void catchFaultStopsAtAFaultFoundByASoftwareTlbRefill() throws IOException {
        String out = debug("examples/hello.s", "catch fault\nc\nc\n", 0, "--tlb-refill", "sw");
        assertEquals("fault in pid 1: fetch of 0x00010000 found by the TLB-miss handler, pc 0x00010000 <_start"
                + " (hello.s:9)> (not yet handled by the kernel)\nhello.s:9  _start: li    a0, 1                 ; fd 1: stdout\n"
                + "=> 0x00010000  li a0, 1    (not resident: from the"
                + " executable)\n", after(out, "c", 1));
        assertTrue(after(out, "c", 2).startsWith("kernel fault in pid 1: load of 0x00011000 for write()"), out);
    }

    @Test
    void readingMemoryInTheDebuggerTakesNoFaultAndChangesNoCount() throws IOException {
        Path quiet = tmp.resolve("quiet.trace"), looked = tmp.resolve("looked.trace");
        debug("examples/hello.s", "c\n", 0, "--trace=all", "--trace-format", "jsonl", "--trace-file", quiet.toString());
        debug("examples/hello.s", "x msg 4\ndisas _start 4\nstep 2\nx msg 4\nx 0x7ffffff0\nc\n", 0, "--trace=all",
                "--trace-format", "jsonl", "--trace-file", looked.toString());
        assertEquals(Files.readString(quiet), Files.readString(looked));
    }

    @Test
    void theAccessedBitIsNotSetByX() throws IOException {
        String out = debug("step 4\npt 0x11000\nx msg\npt 0x11000\n");
        assertEquals(after(out, "pt 0x11000", 1), after(out, "pt 0x11000", 2));
    }

    @Test
    void symbolsAndViewsStayAfterTheEnd() throws IOException {
        String out = debug("c\nbreak _start\ndisas _start 1\nx msg 1\nvmas\nps\nregs\nc\n");
        assertEquals("breakpoint 1 at 0x00010000 <_start (hello.s:9)>\n", after(out, "break _start", 1));
        assertEquals("   0x00010000  li a0, 1    (from the executable: no process is running)\n",
                after(out, "disas _start 1", 1));
        assertEquals("0x00011000  0x6c6c6568  (from the executable: no process is running)\n", after(out, "x msg 1", 1));
        assertEquals("the program has exited: its address space is gone\n", after(out, "vmas", 1));
        assertEquals("the program has exited with status 0\n", after(out, "c", 2));
    }

    @Test
    void psShowsTheCurrentPc() throws IOException {
        String out = debug("step 2\nps\n");
        assertEquals("  pid 1   ppid 0   runnable pc 0x0001000c  resident 1  (running)\n", after(out, "ps", 1));
    }

    @Test
    void vmasNameEachAreaAndPtHasALegendAndTheTablesFrames() throws IOException {
        String out = debug("step 4\nvmas\npt\nframes\ntlb\nswap\n");
        assertEquals("00010000-00011000 r-xp text      hello.s[0] @page 0\n"
                + "00011000-00012000 r--p rodata    hello.s[1] @page 0\n"
                + "7ffff000-80000000 rw-p stack\n"
                + "brk 0x00012000 (heap from 0x00012000), 2 pages resident\n", after(out, "vmas", 1));
        assertEquals("root table in frame 0, asid 1\n"
                + "bits: r read, w write, x execute, u user, a accessed, d dirty, cow copy-on-write; '-' = clear;"
                + " swap slot N = swapped out\n"
                + "second-level table for 0x00000000-0x003fffff in frame 2\n"
                + "  0x00010000  pte 0x0000043b  r-xua- frame 1\n"
                + "  0x00011000  pte 0x00000c33  r--ua- frame 3\n", after(out, "pt", 1));
        assertTrue(out.contains("page cache hello.s[0] page 0 pid 1 @0x00010000"), out);
        assertTrue(out.contains("1024 slots, 0 in use"), out);
    }

    // ------------------------------------------------------------------ commands

    @Test
    void helpNamesEveryCommandAndHelpCmdGivesItsUsage() throws IOException {
        String out = debug("help\nhelp watch\nhelp c\nhelp nosuch\n");
        for (String c : List.of("step", "stepi", "next", "finish", "continue", "break", "watch", "catch", "delete",
                "info", "regs", "csrs", "x ", "disas", "pt", "vmas", "frames", "swap", "tlb", "ps", "help", "quit")) {
            assertTrue(after(out, "help", 1).contains("\n" + c) || after(out, "help", 1).startsWith(c), c + "\n" + out);
        }
        assertTrue(after(out, "help watch", 1).startsWith("usage: watch ADDR | watch pte ADDR\n"), out);
        assertTrue(after(out, "help c", 1).startsWith("usage: continue   (also: c, cont)\n"), out);
        assertEquals("no command 'nosuch'\n", after(out, "help nosuch", 1));
    }

    @Test
    void anUnknownCommandSuggestsTheNearest() throws IOException {
        String out = debug("contniue\nstpe\nwatchh 1\nfoo\n");
        assertEquals("unknown command 'contniue'; did you mean 'continue'? (type help)\n", after(out, "contniue", 1));
        assertEquals("unknown command 'stpe'; did you mean 'step'? (type help)\n", after(out, "stpe", 1));
        assertEquals("unknown command 'watchh'; did you mean 'watch'? (type help)\n", after(out, "watchh 1", 1));
        assertEquals("unknown command 'foo' (type help)\n", after(out, "foo", 1));
    }

    @Test
    void aHugeCountIsCapped() throws IOException {
        String out = debug("x msg 99999999999\ndisas _start 99999999\n");
        String x = after(out, "x msg 99999999999", 1);
        assertTrue(x.startsWith("x shows at most 1024 words at once; showing 1024\n"), x);
        assertEquals(1025, x.lines().count());
        assertTrue(after(out, "disas _start 99999999", 1).startsWith("disas shows at most 1024 instructions at once;"
                + " showing 1024\n"), out);
    }

    @Test
    void aBrkInstructionStopsTheDebuggerInsteadOfKillingTheProgram() throws IOException {
        String program = program("brk.s", "_start: li a0, 5\n        brk\n        li a0, 7\n        sys exit\n");
        String text = debug(program, "c\nc\n", 7);
        assertTrue(text.contains("brk in pid 1 at 0x00010006 <_start+6 (brk.s:2)>"), text);
        assertTrue(text.contains("=> 0x00010007  li a0, 7"), text);
    }

    @Test
    void aScriptThatIsHugeOrBinaryIsOneSentenceAndStatus2() throws IOException {
        Path huge = tmp.resolve("huge.txt");
        Files.write(huge, new byte[(1 << 20) + 1]);
        Path binary = tmp.resolve("binary.txt");
        Files.write(binary, new byte[] {'s', 't', 'e', 'p', '\n', 0, (byte) 0xff});
        for (Path p : List.of(huge, binary)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
            int status = Main.run(new String[] {"debug", "examples/hello.s", "--script", p.toString()},
                    new ByteArrayInputStream(new byte[0]), new PrintStream(out, true), new PrintStream(err, true));
            String e = err.toString(StandardCharsets.UTF_8);
            assertEquals(2, status, e);
            assertEquals(1, e.lines().count(), e);
            assertTrue(e.startsWith("faultline: the script " + p), e);
            assertEquals("", out.toString(StandardCharsets.UTF_8));
        }
    }
}
