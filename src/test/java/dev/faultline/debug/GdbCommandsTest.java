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

/**
 * The debugger's gdb-style commands (docs/cli.md, "Debugger"): the source line at every stop, list, print,
 * x/NFU, info registers and frame, display, tbreak, until, run, Enter repeating a stepping command, help,
 * finish at the top level, and bad input for print and x. Exact text.
 */
class GdbCommandsTest {
    @TempDir
    Path tmp;

    private static final String LOOP = """
            _start: li   t0, 0
                    li   t1, 3
            loop:   addi t0, t0, 1
                    call twice
                    blt  t0, t1, loop
                    mov  a0, t0
                    sys  exit
            twice:  add  a1, t0, t0
                    ret
            """;

    private String debug(String program, String script, String... options) throws IOException {
        Path file = tmp.resolve("script.txt");
        Files.writeString(file, script);
        List<String> args = new ArrayList<>(List.of("debug", program, "--script", file.toString()));
        args.addAll(List.of(options));
        return run(args, "");
    }

    private static String run(List<String> args, String stdin) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        Main.run(args.toArray(String[]::new), new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true), new PrintStream(err, true));
        assertEquals("", err.toString(StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    private String program(String name, String text) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, text);
        return p.toString();
    }

    /** The lines after the echoed command {@code (fdb) cmd}, up to the next prompt (the nth such command). */
    static String after(String out, String cmd, int nth) {
        int at = -1;
        for (int i = 0; i < nth; i++) {
            at = out.indexOf("(fdb) " + cmd + "\n", at + 1);
            if (at < 0) throw new AssertionError("no command " + cmd + " #" + nth + " in\n" + out);
        }
        int start = at + ("(fdb) " + cmd + "\n").length();
        int end = out.indexOf("(fdb) ", start);
        return out.substring(start, end < 0 ? out.length() : end);
    }

    @Test
    void everyStopShowsTheSourceLineAsWrittenAboveTheExpandedInstruction() throws IOException {
        String out = debug("examples/hello.s", "step\n");
        assertTrue(out.startsWith("faultline debugger: stopped before the first instruction, 0x00010000 <_start"
                + " (hello.s:9)>. Type help for commands.\nhello.s:9  _start: li    a0, 1                 ; fd 1: stdout\n"),
                out);
        // la is a pseudo-instruction: the source says la and msg, the machine runs li with the address
        assertEquals("hello.s:10  la    a1, msg               ; the bytes\n=> 0x00010006  li a1, 0x11000\n",
                after(out, "step", 1));
    }

    @Test
    void aStopNamesThePidWhileSeveralProcessesExist() throws IOException {
        String p = program("two.s", "_start: sys fork\n        nop\n        sys exit\n");
        String out = debug(p, "step\nstep\n");
        assertEquals("[pid 1] two.s:2  nop\n=> 0x00010005  nop\n", after(out, "step", 1));
    }

    @Test
    void listShowsTenLinesAroundALineASymbolOrThePcThenTheNextTen() throws IOException {
        String p = program("loop.s", LOOP);
        String out = debug(p, "list\nlist\nlist twice\nlist 2\nlist loop.s:99\nlist nosuch\n");
        assertEquals("=> 1     _start: li   t0, 0\n   2             li   t1, 3\n   3     loop:   addi t0, t0, 1\n"
                + "   4             call twice\n   5             blt  t0, t1, loop\n   6             mov  a0, t0\n"
                + "   7             sys  exit\n   8     twice:  add  a1, t0, t0\n   9             ret\n",
                after(out, "list", 1));
        assertEquals("line 10 is past the end of loop.s (9 lines)\n", after(out, "list", 2));
        assertTrue(after(out, "list twice", 1).startsWith("   3     loop:   addi t0, t0, 1\n"), out);
        assertTrue(after(out, "list twice", 1).endsWith("   9             ret\n"), out);
        assertTrue(after(out, "list 2", 1).startsWith("=> 1     _start"), out);
        assertEquals("line 99 is past the end of loop.s (9 lines)\n", after(out, "list loop.s:99", 1));
        assertEquals("no symbol 'nosuch'\n", after(out, "list nosuch", 1));
    }

    @Test
    void printEvaluatesRegistersSymbolsMemoryAndArithmeticInEachFormat() throws IOException {
        String out = debug("examples/hello.s", "step 2\np a1\np/x $sp\np msg+2*3\np *msg\np/c *msg\np/d -5\n"
                + "p (1<<4)|3\np $1 + 1\np/x ~0\np pc - _start\n");
        assertEquals("$1 = 69632 (0x00011000 <msg>)\n", after(out, "p a1", 1));
        assertEquals("$2 = 0x80000000\n", after(out, "p/x $sp", 1));
        assertEquals("$3 = 69638 (0x00011006 <msg+6>)\n", after(out, "p msg+2*3", 1));
        assertEquals("$4 = 1819043176 (0x6c6c6568)\n", after(out, "p *msg", 1));
        assertEquals("$5 = 104 'h'\n", after(out, "p/c *msg", 1));
        assertEquals("$6 = -5\n", after(out, "p/d -5", 1));
        assertEquals("$7 = 19 (0x00000013)\n", after(out, "p (1<<4)|3", 1));
        assertEquals("$8 = 69633 (0x00011001 <msg+1>)\n", after(out, "p $1 + 1", 1));
        assertEquals("$9 = 0xffffffff\n", after(out, "p/x ~0", 1));
        assertEquals("$10 = 12 (0x0000000c)\n", after(out, "p pc - _start", 1));
    }

    @Test
    void printAndXRefuseBadInputInOneSentenceAndChangeNothing() throws IOException {
        String out = debug("examples/hello.s", "step 2\nregs\np 1/0\np (1\np 0x100000000\np *0xfffffffe\np foo\np\n"
                + "print/q 1\np 1 2\nx/4q msg\nx/s 0x100000000\nx/x msg+\nx/0x msg\nx/x -4\nstep/x\nregs\np $3\n");
        assertEquals("division by zero in '1/0'\n", after(out, "p 1/0", 1));
        assertEquals("cannot read '(1': a ')' is missing\n", after(out, "p (1", 1));
        assertEquals("'0x100000000' is not a number from 0 to 0xffffffff\n", after(out, "p 0x100000000", 1));
        assertEquals("cannot read the word at 0xfffffffe: an address runs from 0 to 0xffffffff\n",
                after(out, "p *0xfffffffe", 1));
        assertEquals("no symbol or register 'foo'\n", after(out, "p foo", 1));
        assertEquals("usage: print[/x|/d|/c|/u] EXPR\n", after(out, "p", 1));
        assertEquals("unknown format '/q' (use one of /x /d /c /u)\n", after(out, "print/q 1", 1));
        assertEquals("cannot read '1 2': unexpected '2'\n", after(out, "p 1 2", 1));
        assertEquals("x/4q: 'q' is neither a format (x d u c s i) nor a unit (b h w)\n", after(out, "x/4q msg", 1));
        assertEquals("'0x100000000' is not a number from 0 to 0xffffffff\n", after(out, "x/s 0x100000000", 1));
        assertEquals("cannot read 'msg+': it ends too soon\n", after(out, "x/x msg+", 1));
        assertEquals("x/0x: the count must be at least 1\n", after(out, "x/0x msg", 1));
        assertEquals("-4 is negative: an address runs from 0 to 0xffffffff\n", after(out, "x/x -4", 1));
        assertEquals("step takes no /FORMAT (print, x and display do)\n", after(out, "step/x", 1));
        assertEquals(after(out, "regs", 1), after(out, "regs", 2)); // nothing ran, nothing changed
        assertEquals("no value $3 printed yet\n", after(out, "p $3", 1));
    }

    @Test
    void xShowsUnitsInEachFormatWithAnAsciiColumnStringsAndInstructions() throws IOException {
        String out = debug("examples/hello.s", "x/4xw msg\nx/13xb msg\nx/s msg\nx/2i _start\nx/2dh msg\nx/3c msg\n"
                + "x/2x 0xfffffffc\n");
        assertEquals("0x00011000 <msg>:  0x6c6c6568  0x77202c6f  0x646c726f  0x0000000a  |hello, world....|\n",
                after(out, "x/4xw msg", 1));
        assertEquals("0x00011000 <msg>:  0x68  0x65  0x6c  0x6c  0x6f  0x2c  0x20  0x77  |hello, w|\n"
                + "0x00011008 <msg+8>:  0x6f  0x72  0x6c  0x64  0x0a  |orld.|\n", after(out, "x/13xb msg", 1));
        assertEquals("0x00011000 <msg>:  \"hello, world\\n\"\n", after(out, "x/s msg", 1));
        assertEquals("=> 0x00010000  li a0, 1    (not resident: from the executable)\n"
                + "   0x00010006  li a1, 0x11000    (not resident: from the executable)\n", after(out, "x/2i _start", 1));
        assertEquals("0x00011000 <msg>:  25960  27756  |hell|\n", after(out, "x/2dh msg", 1));
        assertEquals("0x00011000 <msg>:  'h'  'e'  'l'  |hel|\n", after(out, "x/3c msg", 1));
        assertEquals("0xfffffffc:  ??????????  |????|\nx stops at 0xffffffff, the end of the address space\n",
                after(out, "x/2x 0xfffffffc", 1));
    }

    @Test
    void infoRegistersAndInfoFrameShowTheRegistersAndTheTrapCsrs() throws IOException {
        String out = debug("examples/hello.s", "catch fault\nc\ninfo registers\ninfo frame\ninfo nonsense\n");
        assertTrue(after(out, "info registers", 1).startsWith("r0   zero  0x00000000   r1   a0    0x00000000"), out);
        assertTrue(after(out, "info registers", 1).endsWith("pc   0x00010000 <_start (hello.s:9)>\n"), out);
        assertEquals("pc      0x00010000 <_start (hello.s:9)>\n"
                + "cause   0x00000000  (fetch_fault)\n"
                + "epc     0x00010000 <_start (hello.s:9)>  (where the last trap was taken, or where sret returns)\n"
                + "tval    0x00010000  (the address that faulted)\n"
                + "status  0x00000009  (kernel mode, interrupts off)\n"
                + "sp      0x80000000\n", after(out, "info frame", 1));
        assertEquals("usage: info breakpoints|registers|frame|display\n", after(out, "info nonsense", 1));
    }

    @Test
    void displayShowsItsExpressionsAfterEveryStopUntilUndisplayed() throws IOException {
        String out = debug("examples/hello.s", "display a2\ndisplay/x pc\nstep 2\nundisplay 1\nstep\ninfo display\n"
                + "undisplay\nstep\ndisplay 1+\n");
        assertEquals("1: a2 = 0 (0x00000000)\n", after(out, "display a2", 1));
        assertEquals("hello.s:11  li    a2, len               ; how many\n=> 0x0001000c  li a2, 13\n"
                + "1: a2 = 0 (0x00000000)\n2: pc = 0x0001000c\n", after(out, "step 2", 1));
        assertEquals("hello.s:12  sys   write\n=> 0x00010012  sys write\n1: pc = 0x00010012\n", after(out, "step", 1));
        assertEquals("1: pc = 0x00010012\n", after(out, "info display", 1));
        assertEquals("deleted every display\n", after(out, "undisplay", 1));
        assertTrue(after(out, "step", 2).endsWith("=> 0x00010017  li a0, 0\n"), out);
        assertEquals("cannot read '1+': it ends too soon\n", after(out, "display 1+", 1));
    }

    @Test
    void tbreakStopsOnceAndIsGoneUntilRunsALoopOutAndRunGoesBackToTheStart() throws IOException {
        String p = program("loop.s", LOOP);
        String out = debug(p, "tbreak loop\nc\ninfo breakpoints\nbreak 5\nc\ndelete\nuntil\nregs\nrun\nregs\nc\n");
        assertEquals("temporary breakpoint 1 at 0x0001000c <loop (loop.s:3)>\n", after(out, "tbreak loop", 1));
        assertEquals("temporary breakpoint 1 at 0x0001000c <loop (loop.s:3)> (now deleted)\n"
                + "loop.s:3  loop:   addi t0, t0, 1\n=> 0x0001000c  addi t0, t0, 1\n", after(out, "c", 1));
        assertEquals("no breakpoints, watchpoints or catchpoints\n", after(out, "info breakpoints", 1));
        // until at the loop's backward branch runs the loop out: the next stop is the line after it
        assertEquals("loop.s:6  mov  a0, t0\n=> 0x0001001d  mov a0, t0\n", after(out, "until", 1));
        assertTrue(after(out, "regs", 1).contains("r7   t0    0x00000003"), out);
        assertEquals("going back to the first instruction (output already written stays written)\n"
                + "back at instruction 0\nloop.s:1  _start: li   t0, 0\n"
                + "=> 0x00010000  li t0, 0    (not resident: from the executable)\n", after(out, "run", 1));
        assertTrue(after(out, "regs", 2).contains("r7   t0    0x00000000"), out);
        assertEquals("the program exited with status 3\n", after(out, "c", 3));
    }

    @Test
    void finishAtTheTopLevelSaysSoInsteadOfRunningOn() throws IOException {
        String p = program("loop.s", LOOP);
        String out = debug(p, "finish\nregs\nstep 4\nfinish\n");
        assertEquals("finish: 0x00010000 <_start (loop.s:1)> is in _start, the outermost function: there is no caller"
                + " to return to\n", after(out, "finish", 1));
        assertTrue(after(out, "regs", 1).contains("pc   0x00010000"), out);
        assertEquals("returned to 0x00010017 <loop+11 (loop.s:5)>\nloop.s:5  blt  t0, t1, loop\n"
                + "=> 0x00010017  blt t0, t1, loop\n", after(out, "finish", 2));
    }

    @Test
    void reverseContinueNamesTheBreakpointOrCatchpointItStoppedAt() throws IOException {
        String p = program("loop.s", LOOP);
        String out = debug(p, "break twice\nc\nc\nrc\ndelete\ncatch syscall\nc\nrc\n");
        assertTrue(after(out, "rc", 1).startsWith("back at instruction 4\nbreakpoint 1 at 0x00010024 <twice (loop.s:8)>\n"),
                out);
        assertTrue(after(out, "rc", 2).startsWith("no breakpoint or catchpoint"), out);
        String q = debug("examples/hello.s", "catch syscall\nc\nc\nrc\n");
        assertTrue(after(q, "rc", 1).contains("catchpoint 1: syscall\ntrap in pid 1: syscall write"), q);
    }

    @Test
    void reverseContinueStopsWhereAWatchedWordChangedAndAtTheKernelsOwnFaults() throws IOException {
        String p = program("w.s", """
                _start: la   s0, var
                        li   t0, 5
                        sw   t0, 0(s0)
                        li   t0, 6
                        sw   t0, 0(s0)
                        li   a0, 0
                        sys  exit
                        .bss
                var:    .space 4
                """);
        String out = debug(p, "watch var\nc\nc\nc\nrc\nrc\nrc\n");
        assertEquals("back at instruction 5\nwatchpoint 1 on the word at 0x00011000 in pid 1: changed here\n"
                + "w.s:6  li   a0, 0\n=> 0x0001001e  li a0, 0\n", after(out, "rc", 1));
        assertEquals("back at instruction 3\nwatchpoint 1 on the word at 0x00011000 in pid 1: changed here\n"
                + "w.s:4  li   t0, 6\n=> 0x00010012  li t0, 6\n", after(out, "rc", 2));
        assertTrue(after(out, "rc", 3).startsWith("no breakpoint or catchpoint stopped the run before this point"), out);
        // write()'s buffer faults inside the kernel: reverse-continue stops at the syscall's trap, stepi reaches it
        String k = debug("examples/hello.s", "catch fault\nc\nc\nc\nrc\nstepi\n");
        assertEquals("back at instruction 3\ncatchpoint 1: fault (the kernel takes it inside this syscall: stepi reaches"
                + " it)\ntrap in pid 1: syscall write, pc 0x00010012 <_start+18 (hello.s:12)> (not yet handled by the"
                + " kernel)\nhello.s:12  sys   write\n=> 0x00010012  sys write\n", after(k, "rc", 1));
        assertTrue(after(k, "stepi", 1).startsWith("kernel fault in pid 1: load of 0x00011000 for write()"), k);
    }

    @Test
    void ptOfAnAddressWithNoSecondLevelTableSaysSo() throws IOException {
        String out = debug("examples/hello.s", "pt 0x50000000\n");
        assertTrue(after(out, "pt 0x50000000", 1).endsWith("0x50000000: not mapped: no second-level table for"
                + " 0x50000000-0x503fffff (root entry 320 is empty)\n"), out);
    }

    @Test
    void helpGivesOneLinePerCommandSayingWhatItDoes() throws IOException {
        String out = debug("examples/hello.s", "help\n");
        String[] lines = after(out, "help", 1).split("\n");
        assertEquals(34, lines.length, out); // 33 commands and a closing line
        for (int i = 0; i < lines.length - 1; i++) {
            assertTrue(lines[i].matches("[a-z][^ ]*( [^ ]+)*  +[a-z].*"), lines[i]);
        }
        assertTrue(after(out, "help", 1).contains("\nprint[/x|/d|/c|/u] EXPR (p)               the value of EXPR, as a"
                + " number and in hex\n"), out);
        assertTrue(out.endsWith("help COMMAND gives its usage. Enter repeats the last stepping command; Ctrl-C stops"
                + " continue.\n"), out);
    }

    @Test
    void enterRepeatsTheLastSteppingCommandAtThePromptButNotInAScript() throws IOException {
        String piped = run(List.of("debug", "examples/hello.s"), "stepi\n\n\nregs\n\nquit\n");
        // the empty lines are stepi again: the fault, its handling, the re-run; after regs, stepi again
        assertEquals(4, piped.split("\\(fdb\\) stepi\n", -1).length - 1, piped);
        assertTrue(after(piped, "stepi", 3).startsWith("0x00010000 <_start (hello.s:9)> runs again (try 2, after the"
                + " fetch_fault): it completed on the retry\n"), piped);
        String scripted = debug("examples/hello.s", "stepi\n\n\nregs\n");
        assertEquals(1, scripted.split("\\(fdb\\) stepi\n", -1).length - 1, scripted);
    }
}
