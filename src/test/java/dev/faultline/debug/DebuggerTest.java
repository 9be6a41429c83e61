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

/** The step debugger driven by scripts: trap-level steps, catchpoints, breakpoints and kernel views. */
class DebuggerTest {
    @TempDir
    Path tmp;

    private String debug(String script) throws IOException {
        return debug("examples/hello.s", script, 0);
    }

    /** Runs {@code faultline debug PROGRAM --script FILE} and returns what the debugger printed. */
    private String debug(String program, String script, int expectedStatus) throws IOException {
        Path file = tmp.resolve("script.txt");
        Files.writeString(file, script);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = Main.run(new String[] {"debug", program, "--script", file.toString()},
                new ByteArrayInputStream(new byte[0]), new PrintStream(out, true),
                new PrintStream(new ByteArrayOutputStream(), true));
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(expectedStatus, status, text);
        return text;
    }

    @Test
    void stepiSeparatesTheFaultTheKernelAndTheRestart() throws IOException {
        String out = debug("stepi\nstepi\nstepi\nregs\n");
        assertTrue(out.contains("trap in pid 1: fetch_fault at 0x00010000"), out);
        assertTrue(out.contains("kernel handled the fetch_fault trap; returning to 0x00010000"), out);
        assertTrue(out.contains("=> 0x00010006  li a1, 0x11000"), out);
        assertTrue(out.contains("r1   a0    0x00000001"), out);
    }

    @Test
    void aFaultCatchStopsBeforeTheKernelHandlesIt() throws IOException {
        String out = debug("catch fault\nc\npt\nc\nc\n");
        assertTrue(out.contains("trap in pid 1: fetch_fault at 0x00010000, pc 0x00010000 <_start (hello.s:9)>"
                + " (not yet handled by the kernel)"), out);
        assertTrue(out.contains("root table in frame 0, asid 1"), out);
        assertTrue(out.contains("the program exited with status 0"), out);
        assertTrue(out.contains("hello, world"), out);
    }

    @Test
    void aBreakpointAtASourceLineStopsBeforeItsInstruction() throws IOException {
        String out = debug("break hello.s:12\nc\nregs\nstep 2\n");
        assertTrue(out.contains("breakpoint at 0x00010012 <_start+18 (hello.s:12)>"), out);
        assertTrue(out.contains("r3   a2    0x0000000d"), out);
        assertTrue(out.contains("=> 0x0001001d  sys exit"), out);
    }

    @Test
    void kernelViewsNameAreasFramesAndProcesses() throws IOException {
        String out = debug("step 4\nvmas\nframes\nps\ntlb\nswap\nx msg 1\n");
        assertTrue(out.contains("00010000-00011000 r-xp segment"), out);
        assertTrue(out.contains("page cache hello.s[0] page 0 pid 1 @0x00010000"), out);
        assertTrue(out.contains("pid 1   ppid 0   runnable"), out);
        assertTrue(out.contains("0x00011000  0x6c6c6568"), out);
        assertTrue(out.contains("1024 slots, 0 in use"), out);
    }

    @Test
    void aBrkInstructionStopsTheDebuggerInsteadOfKillingTheProgram() throws IOException {
        Path program = tmp.resolve("brk.s");
        Files.writeString(program, "_start: li a0, 5\n        brk\n        li a0, 7\n        sys exit\n");
        String text = debug(program.toString(), "c\nc\n", 7);
        assertTrue(text.contains("brk in pid 1 at 0x00010006 <_start+6 (brk.s:2)>"), text);
        assertTrue(text.contains("=> 0x00010007  li a0, 7"), text);
    }
}
