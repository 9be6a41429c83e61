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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The debugger's reverse commands, driven by scripts: reverse-stepi, reverse-step, reverse-continue, rewind fault. */
class ReverseCommandsTest {
    @TempDir
    Path tmp;

    /** What {@code faultline debug PROGRAM ARGS --script} printed on stdout; the exit status must be 0. */
    private String debug(String program, String script, String... args) throws IOException {
        return debugWithInput(program, script, "", args);
    }

    private String debugWithInput(String program, String script, String stdin, String... args) throws IOException {
        Path file = Files.createTempFile(tmp, "script", ".txt");
        Files.writeString(file, script);
        List<String> argv = new ArrayList<>(List.of("debug", program, "--script", file.toString()));
        argv.addAll(List.of(args));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(argv.toArray(String[]::new), new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true), new PrintStream(err, true));
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, text + err.toString(StandardCharsets.UTF_8));
        return text;
    }

    private Path program(String name, String source) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, source);
        return p;
    }

    /** The text after the n-th (0-based) echo of a command, up to the next prompt. */
    private static String answer(String out, int n) {
        String[] parts = out.split("\\(fdb\\) ");
        return parts[n + 1].substring(parts[n + 1].indexOf('\n') + 1);
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) n++;
        return n;
    }

    @Test
    void reverseStepiRetracesEveryTrapLevelStopToTheStart() throws IOException {
        String out = debug("examples/hello.s", "stepi\nstepi\nstepi\nrsi\nrsi\nrsi\nrsi\n");
        // forward: the fetch fault taken, handled, then li a0, 1 retired
        assertEquals("back at instruction 0\nhello.s:9  _start: li    a0, 1                 ; fd 1: stdout\n"
                + "=> 0x00010000  li a0, 1\n", answer(out, 3));
        assertEquals("back at instruction 0\ntrap in pid 1: fetch_fault at 0x00010000, pc 0x00010000 <_start (hello.s:9)>"
                + " (not yet handled by the kernel)\nhello.s:9  _start: li    a0, 1                 ; fd 1: stdout\n"
                + "=> 0x00010000  li a0, 1    (not resident: from the executable)\n", answer(out, 4));
        assertEquals("back at instruction 0\nhello.s:9  _start: li    a0, 1                 ; fd 1: stdout\n"
                + "=> 0x00010000  li a0, 1    (not resident: from the executable)\n", answer(out, 5));
        assertEquals("already at the start of the run: there is nothing before the first instruction\n", answer(out, 6));
    }

    @Test
    void goingBackAtTheStartSaysSoAndChangesNothing() throws IOException {
        String out = debug("examples/hello.s", "regs\nrsi\nrs\nrs 5\nrc\nrewind fault\nregs\n");
        for (int i = 1; i <= 3; i++) {
            assertEquals("already at the start of the run: there is nothing before the first instruction\n", answer(out, i));
        }
        assertEquals("already at the start of the run: there is nothing before the first instruction\n", answer(out, 4));
        assertEquals("no page fault has been taken before this point: nothing changes\n", answer(out, 5));
        assertEquals(answer(out, 0), answer(out, 6));
    }

    @Test
    void aNegativeOrHugeCountClampsToTheStart() throws IOException {
        String out = debug("examples/hello.s", "step 3\nrs -2\nregs\nstep 3\nrs 99999999999999999999999\nstep 3\nrs 7\n"
                + "step 2\nrs abc\nrs 0\n");
        assertTrue(answer(out, 1).startsWith("reverse-step -2: a count cannot be negative; going back to the start of the run\n"
                + "back at instruction 0\n"), out);
        assertTrue(answer(out, 2).contains("pc   0x00010000 <_start (hello.s:9)>"), out);
        assertTrue(answer(out, 4).startsWith("reverse-step 99999999999999999999999: only 3 instructions have retired;"
                + " going back to the start of the run\nback at instruction 0\n"), out);
        assertTrue(answer(out, 6).startsWith("reverse-step 7: only 3 instructions have retired; going back to the start"
                + " of the run\nback at instruction 0\n"), out);
        assertEquals("not a count: 'abc'\n", answer(out, 8));
        assertEquals("reverse-step 0: nothing to do\n", answer(out, 9));
    }

    @Test
    void outputAlreadyWrittenIsNeitherTakenBackNorWrittenAgain() throws IOException {
        String out = debug("examples/hello.s", "c\nrs 3\nc\nrs 100\nc\nrsi\nrsi\nc\n");
        assertEquals(1, count(out, "hello, world"), out);
        assertEquals(4, count(out, "the program exited with status 0"), out);
        assertTrue(answer(out, 1).startsWith("back at instruction 3\n"), out);
    }

    @Test
    void reverseStepGoesBackByRetiredInstructions() throws IOException {
        Path p = program("count.s", """
                _start: li    t0, 0
                loop:   addi  t0, t0, 1
                        li    t1, 50
                        bne   t0, t1, loop
                        li    a0, 0
                        sys   exit
                """);
        String out = debug(p.toString(), "step 31\nregs\nrs 9\nregs\nstep 9\nregs\n");
        assertTrue(answer(out, 1).contains("r7   t0    0x0000000a"), out); // 1 + 3 x 10 instructions
        assertTrue(answer(out, 2).startsWith("back at instruction 22\n"), out);
        assertTrue(answer(out, 3).contains("r7   t0    0x00000007"), out);
        assertEquals(answer(out, 1), answer(out, 5));
    }

    @Test
    void reverseContinueGoesBackToTheStopBefore() throws IOException {
        Path p = program("loop.s", """
                _start: li    t0, 0
                loop:   addi  t0, t0, 1
                        li    t1, 5
                        bne   t0, t1, loop
                        li    a0, 0
                        sys   exit
                """);
        String out = debug(p.toString(), "break loop\nc\nc\nc\nregs\nrc\nregs\nrc\nrc\nregs\n");
        assertTrue(answer(out, 4).contains("r7   t0    0x00000002"), out);
        // the stop with t0 = 1, named
        assertTrue(answer(out, 5).startsWith("back at instruction 4\nbreakpoint 1 at 0x00010006 <loop (loop.s:2)>\n"
                + "loop.s:2  loop:   addi  t0, t0, 1\n=> 0x"), out);
        assertTrue(answer(out, 6).contains("r7   t0    0x00000001"), out);
        assertTrue(answer(out, 7).startsWith("back at instruction 1\n"), out); // the first stop, t0 = 0
        assertTrue(answer(out, 8).startsWith("no breakpoint or catchpoint stopped the run before this point: back at the"
                + " start of the run\nback at instruction 0\n"), out);
        assertTrue(answer(out, 9).contains("r7   t0    0x00000000"), out);
    }

    @Test
    void reverseContinueComesBackToExactlyTheStateOfTheCatchStopBefore() throws IOException {
        String views = "regs\ncsrs\nframes\nswap\ntlb\nps\n";
        String out = debug("examples/swapping.s", "catch swap\nc\nc\n" + views + "c\nrc\n" + views, "--frames", "12");
        assertTrue(answer(out, 2).startsWith("swap-out of frame"), out);
        assertTrue(answer(out, 10).startsWith("back at instruction "), out);
        for (int i = 0; i < 6; i++) assertEquals(answer(out, 3 + i), answer(out, 11 + i), out);
    }

    @Test
    void rewindFaultShowsThePteBeforeAndAfterTheSwapIn() throws IOException {
        String out = debug("examples/swapping.s", "break done\nc\nrewind fault\npt 0x31000\nstepi\npt 0x31000\nstepi\n"
                + "pt 0x31000\nrewind fault\nrewind fault\n", "--frames", "12");
        assertEquals("back at instruction 447\ntrap in pid 1: load_fault at 0x00031000, pc 0x00010048 <read+9 (swapping.s:27)>"
                + " (not yet handled by the kernel)\nswapping.s:27  lw    t2, 0(t1)             ; swapped out? then a swap-in, and"
                + " again\n=> 0x00010048  lw t2, 0(t1)\n", answer(out, 2));
        assertTrue(answer(out, 3).endsWith("\n  0x00031000  pte 0x00007c02  swap slot 31\n"), out);
        assertTrue(answer(out, 4).startsWith("kernel handled the load_fault trap"), out);
        assertTrue(answer(out, 5).endsWith("\n  0x00031000  pte 0x00000417  rw-u-- frame 1\n"), out);
        assertTrue(answer(out, 7).endsWith("\n  0x00031000  pte 0x00000437  rw-ua- frame 1\n"), out);
        assertTrue(answer(out, 8).startsWith("back at instruction 447\n"), out); // the same fault: the latest one
        assertTrue(answer(out, 9).startsWith("back at instruction 440\ntrap in pid 1: load_fault at 0x00030000"), out);
    }

    @Test
    void stdinIsReadOnceAndServedAgainToReplays() throws IOException {
        Path p = program("echo.s", """
                _start: li    a0, 0
                        la    a1, buf
                        li    a2, 3
                        sys   read
                        mov   a2, a0
                        li    a0, 1
                        la    a1, buf
                        sys   write
                        li    a0, 0
                        la    a1, buf
                        li    a2, 3
                        sys   read
                        mov   a2, a0
                        li    a0, 1
                        la    a1, buf
                        sys   write
                        li    a0, 0
                        sys   exit
                        .bss
                buf:    .space 16
                """);
        String out = debugWithInput(p.toString(), "c\nrs 12\nc\nrs 20\nc\n", "abcdef");
        assertEquals(1, count(out, "abcdef"), out);
        assertEquals(3, count(out, "the program exited with status 0"), out);
    }

    @Test
    void theRootFolderHoldsOnlyWhatAForwardRunLeaves() throws IOException {
        // The program writes "one", then "two", then "three" into out.txt (each write replaces the file).
        Path p = program("files.s", """
                _start: la    s0, one
                        li    s1, 3
                        call  put
                        la    s0, two
                        li    s1, 3
                        call  put
                        la    s0, three
                        li    s1, 5
                        call  put
                        li    a0, 0
                        sys   exit
                put:    la    a0, name
                        li    a1, O_WRONLY | O_CREAT | O_TRUNC
                        li    a2, 0
                        sys   open
                        mov   s2, a0
                        mov   a1, s0
                        mov   a2, s1
                        sys   write
                        mov   a0, s2
                        sys   close
                        ret
                        .rodata
                name:   .asciz "out.txt"
                one:    .ascii "one"
                two:    .ascii "two"
                three:  .ascii "three"
                """);
        Path root = Files.createDirectories(tmp.resolve("root"));
        // to the end, then back to just after the first write: the session ends there
        String out = debug(p.toString(), "break put\nc\nc\nc\nc\nrc\nrc\n", "--root", root.toString());
        assertTrue(answer(out, 6).startsWith("back at instruction"), out);
        assertEquals("one", Files.readString(root.resolve("out.txt")), out);
        // going back to the start leaves the folder as it was
        Path fresh = Files.createDirectories(tmp.resolve("fresh"));
        debug(p.toString(), "c\nrs 1000\n", "--root", fresh.toString());
        assertTrue(Files.notExists(fresh.resolve("out.txt")));
    }

    /** The lesson in examples/README.md shows the debugger's real output. */
    @Test
    void theRewindFaultLessonShowsWhatTheDebuggerPrints() throws IOException {
        String out = debug("examples/swapping.s", Files.readString(Path.of("examples/rewind_fault.fdb")), "--frames", "12");
        StringBuilder indented = new StringBuilder();
        for (String line : out.split("\n")) indented.append("    ").append(line).append('\n');
        String readme = Files.readString(Path.of("examples/README.md"));
        assertTrue(readme.contains(indented), "examples/README.md lesson 12 should hold:\n" + indented);
    }

    /**
     * Whatever the session did, going back included, the root folder ends as a forward run stopped at the
     * session's last moment leaves it: {@code run --max-steps N} on a fresh copy.
     */
    @Test
    void aSessionThatWentBackLeavesTheFilesOfARunStoppedThere() throws IOException {
        for (int n : new int[] {10, 25, 40, 55}) {
            Path debugRoot = Files.createDirectories(tmp.resolve("debug" + n));
            Path runRoot = Files.createDirectories(tmp.resolve("run" + n));
            for (Path r : List.of(debugRoot, runRoot)) Files.writeString(r.resolve("page.txt"), "the quick brown fox\n");
            debug("programs/file_map_shared.s", "c\nrs 1000\nstep " + (n + 7) + "\nrs 7\n", "--root", debugRoot.toString());
            int status = Main.run(new String[] {"run", "programs/file_map_shared.s", "--root", runRoot.toString(), "--max-steps",
                    Integer.toString(n)}, new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream()),
                    new PrintStream(new ByteArrayOutputStream()));
            assertEquals(3, status);
            assertEquals(Files.readString(runRoot.resolve("page.txt")), Files.readString(debugRoot.resolve("page.txt")),
                    "after " + n + " instructions");
        }
    }

    /**
     * Stopped where a signal is about to act, with {@code catch fault} set: the rest of the delivery (the
     * signal frame's page is not there yet) takes a kernel fault of its own. Going back lets the whole trap
     * finish, with no catchpoint stopping it again, then lands before the kernel handled the store's fault
     * (issue 18, item 9: this gave an internal error).
     */
    @Test
    void goingBackFromASignalStopLetsTheWholeDeliveryFinishFirst() throws IOException {
        String out = debug("examples/sigsegv_handler.s", "catch fault\ncatch signal\nc\nc\nc\nreverse-stepi\nrsi\nc\nc\nc\n"
                + "rc\nc\nc\nc\nrc\n");
        String line19 = "sigsegv_handler.s:19  sw    t1, 0(t0)             ; nothing mapped: SIGSEGV, handler, restart\n"
                + "=> 0x0001001d  sw t1, 0(t0)\n";
        String store = "trap in pid 1: store_fault at 0x50000010, pc 0x0001001d <_start+29 (sigsegv_handler.s:19)>"
                + " (not yet handled by the kernel)\n" + line19;
        String signal = "signal SIGSEGV in pid 1 at 0x0001001d <_start+29 (sigsegv_handler.s:19)>: its handler is about"
                + " to run\n" + line19;
        String frameFault = "kernel fault in pid 1: store of 0x7fffffb0 for the signal frame at pc 0x0001001d <_start+29"
                + " (sigsegv_handler.s:19)> (not yet handled by the kernel)\n" + line19;
        assertEquals(signal, answer(out, 4));
        assertEquals("back at instruction 5\n" + store, answer(out, 5));
        assertEquals("back at instruction 5\n" + line19, answer(out, 6));
        assertEquals(store, answer(out, 7));
        assertEquals(signal, answer(out, 8));
        assertEquals(frameFault, answer(out, 9));
        // from inside the kernel: the signal's stop counts once the kernel is done, which is now; the stop
        // before is the store's fault
        assertEquals("back at instruction 5\ncatchpoint 1: fault\n" + store, answer(out, 10));
        assertEquals(signal, answer(out, 11));
        assertEquals(frameFault, answer(out, 12));
        assertEquals(store, answer(out, 13)); // the store again, after the handler's sigreturn
        // the stop before is the signal's: the handler's first instruction
        assertEquals("back at instruction 5\ncatchpoint 2: signal\nsigsegv_handler.s:32  andi  a0, a1, -PAGE_SIZE"
                + "    ; the page of the fault\n=> 0x00010057  andi a0, a1, 0xfffff000\n", answer(out, 14));
    }
}
