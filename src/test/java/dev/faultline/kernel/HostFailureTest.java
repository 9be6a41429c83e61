package dev.faultline.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/kernel.md, "Host failures": the host's failures reach the guest as a Linux program would see them. A write to
 * a pipe whose reader has gone raises SIGPIPE (or returns -EPIPE when SIGPIPE is ignored); a full device is
 * -ENOSPC; any other failure -EIO; a closed stdin reads as end of input.
 */
class HostFailureTest {
    @TempDir
    Path tmp;

    /** Writes "hi\n" twice and exits with the second write's result, negated; SIGPIPE ignored or not. */
    private Path program(boolean ignorePipe) throws IOException {
        String src = """
                        .text
                _start: li    a0, SIGPIPE
                        li    a1, %d
                        sys   sigaction
                        li    a0, 1
                        la    a1, msg
                        li    a2, 3
                        sys   write
                        mov   s0, a0
                        li    a0, 1
                        la    a1, msg
                        li    a2, 3
                        sys   write
                        neg   a0, a0
                        sys   exit
                        .rodata
                msg:    .ascii "hi\\n"
                """.formatted(ignorePipe ? 1 : 0);
        Path p = tmp.resolve(ignorePipe ? "ignore.s" : "default.s");
        Files.writeString(p, src);
        return p;
    }

    /** A host stream that fails every write with message. */
    private static OutputStream failing(String message) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException(message);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException(message);
            }
        };
    }

    private record Result(int status, String err) {}

    private static Result run(Path prog, OutputStream guestOut, InputStream in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int status = Main.run(new String[] {"run", prog.toString()}, in, new PrintStream(out, true),
                new PrintStream(err, true), guestOut);
        return new Result(status, err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aBrokenPipeKillsTheWriterWithSigpipe() throws IOException {
        Result r = run(program(false), failing("Broken pipe"), InputStream.nullInputStream());
        assertEquals(128 + 13, r.status(), r.err());
        assertTrue(r.err().contains("process 1 killed by SIGPIPE"), r.err());
    }

    @Test
    void withSigpipeIgnoredTheWriteReturnsEpipe() throws IOException {
        Result r = run(program(true), failing("Broken pipe"), InputStream.nullInputStream());
        assertEquals(32, r.status(), r.err());
    }

    @Test
    void aFullDeviceIsEnospcAndAnyOtherFailureEio() throws IOException {
        assertEquals(28, run(program(false), failing("No space left on device"), InputStream.nullInputStream()).status());
        assertEquals(5, run(program(false), failing("Input/output error"), InputStream.nullInputStream()).status());
    }

    @Test
    void aPrintStreamThatFailsIsEio() throws IOException {
        PrintStream hiding = new PrintStream(failing("No space left on device"), true);
        assertEquals(5, run(program(false), hiding, InputStream.nullInputStream()).status());
    }

    @Test
    void aClosedStdinReadsAsEndOfInput() throws IOException {
        Path p = tmp.resolve("read.s");
        Files.writeString(p, """
                        .text
                _start: li    a0, 0
                        la    a1, buf
                        li    a2, 16
                        sys   read
                        addi  a0, a0, 100
                        sys   exit
                        .bss
                buf:    .space 16
                """);
        InputStream closed = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("Bad file descriptor");
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                throw new IOException("Bad file descriptor");
            }
        };
        assertEquals(100, run(p, new ByteArrayOutputStream(), closed).status(), "read returned 0");
    }
}
