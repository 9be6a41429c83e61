package dev.faultline.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.asm.AsmResult;
import dev.faultline.asm.Assembler;
import dev.faultline.machine.Machine;
import dev.faultline.policy.Policy;
import dev.faultline.trace.Tracer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/kernel.md, Files, "Truncation": a file found shorter than before (here another writer on the host
 * cut it while the program ran) is truncated as O_TRUNC is: the page wholly past the new end leaves every
 * mapping (SIGBUS on the next access), the bytes past the end of the partial page read zero, and the dirty
 * bytes out there are never written back.
 */
class HostShrinkTest {
    private static final String PROGRAM = """
                    .text
            _start: la    a0, path
                    li    a1, O_RDWR
                    sys   open
                    mov   s0, a0
                    li    a0, 0
                    li    a1, 2 * PAGE_SIZE
                    li    a2, PROT_READ | PROT_WRITE
                    li    a3, MAP_SHARED
                    mov   a4, s0
                    li    a5, 0
                    sys   mmap
                    mov   s1, a0
                    lw    t0, 4096(s1)          ; both pages in the cache, mapped
                    li    t0, 'Q'
                    sb    t0, 200(s1)           ; a dirty byte that will lie past the new end
            spin:   mov   a0, s0                ; wait until the host has cut the file
                    li    a1, 0
                    li    a2, 2
                    sys   lseek
                    li    t0, 2 * PAGE_SIZE
                    beq   a0, t0, spin
                    la    t1, buf
                    lbu   t0, 50(s1)            ; before the new end: the file's byte
                    sb    t0, 0(t1)
                    lbu   t0, 200(s1)           ; past it, in the partial page: zero
                    sb    t0, 1(t1)
                    li    a0, 1
                    mov   a1, t1
                    li    a2, 2
                    sys   write
                    lw    t0, 4096(s1)          ; a page wholly past the end: SIGBUS
                    li    a0, 0
                    sys   exit
                    .bss
            buf:    .space 4
                    .rodata
            path:   .asciz "/f.bin"
            """;

    @TempDir
    Path tmp;

    @Test
    void aFileCutOnTheHostDropsItsPagesAsOTruncDoes() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        byte[] data = new byte[8192];
        Arrays.fill(data, (byte) 'x');
        Files.write(root.resolve("f.bin"), data);
        AsmResult asm = Assembler.assembleString("shrink.s", PROGRAM);
        assertTrue(asm.ok(), asm.formatDiagnostics());
        KernelConfig cfg = new KernelConfig(32, 16, null, Policy.builtIn("fifo"), 1, 4, false, 10_000, 8, root, true);
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        Kernel kernel = new Kernel(Machine.build(32, 4, false), cfg, Tracer.off(), new ByteArrayInputStream(new byte[0]),
                out, new PrintStream(err, true));
        assertEquals(null, kernel.boot(asm.flx(), "shrink.s"));
        assertEquals(Kernel.Outcome.MAX_STEPS, kernel.run(20_000)); // spinning on lseek
        try (RandomAccessFile f = new RandomAccessFile(root.resolve("f.bin").toFile(), "rw")) {
            f.setLength(100);
        }
        assertEquals(Kernel.Outcome.EXITED, kernel.run(100_000), err.toString());
        kernel.shutdown();
        assertEquals(135, kernel.exitStatus(), err.toString()); // SIGBUS
        assertArrayEquals(new byte[] {'x', 0}, out.toByteArray());
        assertArrayEquals(Arrays.copyOf(data, 100), Files.readAllBytes(root.resolve("f.bin")));
        assertEquals(0, kernel.lostPages());
    }
}
