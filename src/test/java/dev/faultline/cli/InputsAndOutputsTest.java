package dev.faultline.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.io.InputFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the command reads and writes (docs/cli.md): inputs over 64 MiB are refused before they are read whole,
 * outputs are checked before the run (exit 2) and a write that fails later is exit 74; no file of the
 * user's is ever overwritten by mistake; command-line mistakes are one sentence and a hint.
 */
class InputsAndOutputsTest {
    @TempDir
    Path tmp;

    private static CommandLineTest.Result run(String... args) {
        return CommandLineTest.run(args);
    }

    private static void assertOneSentence(CommandLineTest.Result r, String... parts) {
        assertEquals(2, r.status(), r.err());
        assertEquals(1, r.err().lines().count(), "one line: " + r.err());
        for (String part : parts) assertTrue(r.err().contains(part), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void anEndlessSourceIsRefusedAtTheLimitNotReadWhole() {
        // /dev/zero has no size: only a bounded read can tell it is too big
        CommandLineTest.Result r = run("asm", "/dev/zero", "-o", tmp.resolve("z.flx").toString());
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().contains("larger than the limit of 64 MiB"), r.err());
        assertFalse(Files.exists(tmp.resolve("z.flx")));
    }

    @Test
    void anEndlessIncludeIsRefusedAtItsLine() throws IOException {
        Path src = tmp.resolve("inc.s");
        Files.writeString(src, "        .text\n_start: halt\n        .include \"/dev/zero\"\n");
        CommandLineTest.Result r = run("asm", src.toString());
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().contains("inc.s:3:"), r.err());
        assertTrue(r.err().contains("larger than the limit of 64 MiB"), r.err());
    }

    @Test
    void anEndlessDebuggerScriptIsRefused() {
        CommandLineTest.Result r = run("debug", "examples/hello.s", "--script", "/dev/zero");
        assertOneSentence(r);
        assertEquals("faultline: the script /dev/zero is larger than the limit of 1 MiB for a debugger script\n", r.err());
    }

    @Test
    void aMissingDebuggerScriptSaysSo() {
        Path missing = tmp.resolve("no-such-script.txt");
        CommandLineTest.Result r = run("debug", "examples/hello.s", "--script", missing.toString());
        assertOneSentence(r);
        assertEquals("faultline: cannot read the script " + missing + ": no such file\n", r.err());
    }

    @Test
    void aFileOneByteOverTheLimitIsRefusedAndOneAtTheLimitIsRead() throws IOException {
        Path big = tmp.resolve("big.bin");
        try (var f = new java.io.RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(InputFiles.MAX_BYTES + 1); // sparse
        }
        assertThrows(InputFiles.TooLarge.class, () -> InputFiles.readBytes(big));
        try (var f = new java.io.RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(InputFiles.MAX_BYTES);
        }
        assertEquals(InputFiles.MAX_BYTES, InputFiles.readBytes(big).length);
        assertEquals(64L << 20, InputFiles.MAX_BYTES);
    }

    @Test
    void asmNeverOverwritesItsOwnSource() throws IOException {
        Path src = tmp.resolve("x.s");
        String text = "        .text\n_start: halt\n";
        Files.writeString(src, text);
        assertOneSentence(run("asm", src.toString(), "-o", src.toString()), "is the source itself");
        assertOneSentence(run("asm", src.toString(), "-o", tmp.resolve(".").resolve("x.s").toString()),
                "is the source itself");
        assertEquals(text, Files.readString(src));
    }

    @Test
    void runOfAFolderSaysItIsAFolder() {
        assertOneSentence(run("run", tmp.toString()), "is a folder");
    }

    @Test
    void aSwapFileReplacesOnlyAnEmptyFileOrOneOfOurs() throws IOException {
        Path foreign = tmp.resolve("notes.txt");
        Files.writeString(foreign, "my precious notes\n");
        assertOneSentence(run("run", "examples/hello.s", "--swap-file", foreign.toString()),
                "not a Faultline swap file");
        assertEquals("my precious notes\n", Files.readString(foreign));

        Path empty = tmp.resolve("swap.bin");
        Files.createFile(empty);
        assertEquals(0, run("run", "programs/swap_pages.s", "--frames", "16", "--swap-file", empty.toString()).status());
        byte[] magic = new byte[8];
        System.arraycopy(Files.readAllBytes(empty), 0, magic, 0, 8);
        assertArrayEquals("FLSWAP01".getBytes(java.nio.charset.StandardCharsets.US_ASCII), magic);
        // ours: used again
        assertEquals(0, run("run", "programs/swap_pages.s", "--frames", "16", "--swap-file", empty.toString()).status());
    }

    @Test
    void outputPathsAreCheckedBeforeTheRun() {
        String missing = tmp.resolve("no/such/folder/out.json").toString();
        assertOneSentence(run("run", "examples/hello.s", "--stats-json", missing), "does not exist");
        assertOneSentence(run("run", "examples/hello.s", "--trace", "--trace-file", tmp.toString()), "is a folder");
        CommandLineTest.Result r = run("run", "examples/hello.s", "--stats-json", missing);
        assertEquals("", r.out(), "the program never ran");
    }

    @Test
    void aWriteThatFailsAfterTheRunIsExit74() {
        if (!Files.isWritable(Path.of("/dev/full"))) return; // Linux only
        CommandLineTest.Result r = run("run", "examples/hello.s", "--stats-json", "/dev/full");
        assertEquals(74, r.status(), r.err());
        assertTrue(r.err().contains("/dev/full"), r.err());
        CommandLineTest.Result t = run("run", "examples/hello.s", "--trace", "--trace-file", "/dev/full");
        assertEquals(74, t.status(), t.err());
        CommandLineTest.Result bare = run("run", "examples/bare/hello.s", "--bare", "--stats-json", "/dev/full");
        assertEquals(74, bare.status(), bare.err());
    }

    @Test
    void theBareMachineChecksItsOutputPathsBeforeTheRunToo() {
        String missing = tmp.resolve("no/such/folder/out.json").toString();
        CommandLineTest.Result r = run("run", "examples/bare/hello.s", "--bare", "--stats-json", missing);
        assertOneSentence(r, "does not exist");
        assertEquals("", r.out(), "the program never ran");
    }

    @Test
    void commandLineMistakesAreOneSentenceAndAHintNotAUsageDump() {
        assertOneSentence(run("run", "examples/hello.s", "--frames", "many"), "'many'", "see 'faultline run --help'");
        assertOneSentence(run("run", "examples/hello.s", "--framez", "8"), "did you mean --frames", "--help");
        assertOneSentence(run("run"), "PROG", "--help");
    }

    @Test
    void aBadInjectionIsOneSentence() {
        assertOneSentence(run("run", "examples/hello.s", "--inject", "disk=1"), "--inject");
        assertOneSentence(run("run", "examples/hello.s", "--inject", "alloc=0"), "--inject");
        assertOneSentence(run("run", "examples/hello.s", "--inject", "alloc"), "--inject");
    }
}
