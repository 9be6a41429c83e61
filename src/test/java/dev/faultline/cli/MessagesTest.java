package dev.faultline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Messages that once said the wrong thing, and outputs whose failure once went unnoticed (docs/cli.md). */
class MessagesTest {
    @TempDir
    Path tmp;

    private static CommandLineTest.Result run(String... args) {
        return CommandLineTest.run(args);
    }

    private static void assertSentence(CommandLineTest.Result r, String sentence) {
        assertEquals(2, r.status(), r.err());
        assertEquals("faultline: " + sentence + "\n", r.err());
    }

    @Test
    void anEmptyProgramNameIsNotAFolder() {
        assertSentence(run("run", ""), "no file name given: PROG is empty");
        assertSentence(run("debug", "", "--script", "/dev/null"), "no file name given: PROG is empty");
        assertSentence(run("compare", ""), "no file name given: PROG is empty");
    }

    @Test
    void aDebuggerScriptNamesTheRealLimit() {
        assertSentence(run("debug", "examples/hello.s", "--script", "/dev/zero"),
                "the script /dev/zero is larger than the limit of 1 MiB for a debugger script");
    }

    @Test
    void aReferenceFileSaysWhatItIs() throws IOException {
        assertSentence(run("compare", "--refs", "@/dev/zero"), "--refs @/dev/zero is not text: it holds a NUL byte");
        assertSentence(run("compare", "--refs", "@" + tmp), "--refs @" + tmp + ": it is a folder, not a file");
        assertSentence(run("compare", "--refs", "@"), "--refs @ names no file: give @FILE");
        Path refs = tmp.resolve("refs.txt");
        Files.writeString(refs, "7 0 1 2 0 3 0 4\n");
        assertEquals(0, run("compare", "--refs", "@" + refs).status());
    }

    @Test
    void anEmptyPolicyListIsAUsageError() {
        for (String list : new String[] {",", ",fifo", "fifo,,lru"}) {
            CommandLineTest.Result r = run("compare", "--refs", "1,2,3", "--policies", list);
            assertEquals(2, r.status(), list + ": " + r.err());
            assertTrue(r.err().startsWith("faultline: --policies takes a comma list of policy names"), r.err());
            assertEquals("", r.out(), "no table");
        }
    }

    /** Runs the command with stdout or stderr on /dev/full, where every write fails with ENOSPC. */
    private static int toFullDevice(boolean stdout, String... args) throws IOException {
        try (PrintStream full = new PrintStream(new FileOutputStream("/dev/full"), true)) {
            ByteArrayOutputStream kept = new ByteArrayOutputStream();
            PrintStream other = new PrintStream(kept, true);
            return stdout ? Main.run(args, new ByteArrayInputStream(new byte[0]), full, other)
                    : Main.run(args, new ByteArrayInputStream(new byte[0]), other, full, java.io.OutputStream.nullOutputStream());
        }
    }

    @Test
    void aCommandsOwnOutputToAFullDeviceIsExit74() throws IOException {
        if (!Files.isWritable(Path.of("/dev/full"))) return; // Linux only
        Path flx = tmp.resolve("hello.flx");
        assertEquals(0, run("asm", "examples/hello.s", "-o", flx.toString()).status());
        assertEquals(74, toFullDevice(true, "disasm", flx.toString()));
        assertEquals(74, toFullDevice(true, "compare", "examples/hello.s", "--policies", "fifo"));
        assertEquals(74, toFullDevice(true, "compare", "--refs", "1,2,3"));
        assertEquals(74, toFullDevice(true, "asm", "examples/hello.s", "-o", flx.toString(), "--listing"));
        assertEquals(74, toFullDevice(false, "run", "examples/hello.s", "--trace"));
        assertEquals(74, toFullDevice(false, "run", "examples/hello.s", "--trace", "--trace-format", "jsonl"));
        assertEquals(0, toFullDevice(false, "run", "examples/hello.s"), "no trace: nothing of ours was lost");
    }
}
