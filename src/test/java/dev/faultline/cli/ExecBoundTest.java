package dev.faultline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.faultline.io.InputFiles;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** exec reads an executable with the project's input bound: a file over 64 MiB is -ENOEXEC, unread. */
class ExecBoundTest {
    @TempDir
    Path tmp;

    /** Execs PATH, then (still the old image) writes a word of its .data and exits with -a0. */
    private Path program(String path) throws IOException {
        Path src = tmp.resolve("try_exec.s");
        Files.writeString(src, """
                        .text
                _start: la    a0, path
                        sys   exec
                        mov   s0, a0
                        li    a0, 1
                        la    a1, note
                        li    a2, 4
                        sys   write
                        neg   a0, s0
                        sys   exit
                        .data
                note:   .ascii "old\\n"
                        .rodata
                path:   .asciz "%s"
                """.formatted(path));
        return src;
    }

    /** A sparse file of size bytes: no disk is spent on it. */
    private Path sparse(Path root, String name, long size) throws IOException {
        Path file = root.resolve(name);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(size);
        }
        return file;
    }

    @Test
    void anExecutableOverTheLimitIsENOEXECAndTheOldImageGoesOn() throws IOException {
        Path root = Files.createDirectory(tmp.resolve("root"));
        sparse(root, "huge.flx", 4L << 30); // 4 GiB
        sparse(root, "just_over.flx", InputFiles.MAX_BYTES + 1);
        for (String name : new String[] {"/huge.flx", "/just_over.flx"}) {
            CommandLineTest.Result r = CommandLineTest.run("run", program(name).toString(), "--root", root.toString());
            assertEquals(8, r.status(), name + ": " + r.err()); // -ENOEXEC
            assertEquals("old\n", r.out(), name);
            assertEquals("", r.err(), name);
        }
    }

    @Test
    void anExecutableAtTheLimitIsReadAndJudgedByItsContent() throws IOException {
        Path root = Files.createDirectory(tmp.resolve("root"));
        sparse(root, "zeros.flx", InputFiles.MAX_BYTES); // read whole, but no FLX magic
        CommandLineTest.Result r = CommandLineTest.run("run", program("/zeros.flx").toString(), "--root", root.toString());
        assertEquals(8, r.status(), r.err());
        assertEquals("old\n", r.out());
    }
}
