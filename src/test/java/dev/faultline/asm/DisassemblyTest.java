package dev.faultline.asm;

import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.abi.Flx;
import dev.faultline.isa.Opcode;
import dev.faultline.isa.RandomInstructions;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@code assemble(disassemble(bytes)) == bytes}, and what the disasm view shows. */
@Timeout(value = 10, unit = TimeUnit.MINUTES) // a property test must fail, never hang
class DisassemblyTest {

    static final List<String> PROGRAMS = List.of("""
            ; write a line, exit
                    .text
            _start: li    a0, 1
                    la    a1, msg
                    li    a2, len
                    sys   write
                    li    a0, 0
                    sys   exit
                    .rodata
            msg:    .ascii "hello\\n"
                    .equ  len, . - msg
            """, """
                    .equ N, 100
            _start: la    s0, buf
                    li    t1, 0
            fill:   add   t0, s0, t1
                    sb    t1, 0(t0)
                    addi  t1, t1, 1
                    li    t3, N
                    blt   t1, t3, fill
                    copy  t0, t1, t2
                    bgt   t1, t3, out
                    bleu  t1, t3, out
                    not   t0, t1
                    neg   t0, t1
                    call  sub
                    j     out
            sub:    push  fp
                    mov   fp, sp
                    lw    a0, -4(fp)
                    xchg  a0, (sp)
                    pop   fp
                    ret
                    .align 16
            out:    csrr  a0, epc
                    csrw  tvec, a1
                    tlbflush zero
                    tlbwr a0, a1
                    sret
                    wfi
                    halt
                    brk
                    .word 0x12345678
                    .byte 0, 0xFF
            tail:
                    .bss
            buf:    .space N
            """, """
            _start: jmp   far
                    .org  0x10FFC
            far:    li    a0, 0x12345678
                    bne   a0, zero, far
                    sys   99
            """);

    private static byte[] reassembledText(Flx flx) {
        return Asm.text(Asm.ok(Disassembly.asSource(flx)));
    }

    @Test
    void disassemblyAssemblesBackToTheSameBytes() {
        for (String program : PROGRAMS) {
            Flx flx = Asm.ok(program);
            assertArrayEquals(Asm.text(flx), reassembledText(flx), Disassembly.asSource(flx));
        }
    }

    @Test
    void everyOpcodeSurvivesTheRoundTrip() {
        Random random = new Random(7);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (Opcode op : Opcode.values()) {
            for (int i = 0; i < 20; i++) out.writeBytes(RandomInstructions.random(op, random).encode());
        }
        byte[] code = out.toByteArray();
        Flx flx = new Flx(0x10000, List.of(new Flx.Segment(0x10000, code.length, Flx.FLAG_R | Flx.FLAG_X, code)),
                List.of(), List.of(), "r.s");
        assertArrayEquals(code, reassembledText(flx));
    }

    @Test
    void randomBytesSurviveTheRoundTrip() {
        Random random = new Random(11);
        for (int round = 0; round < 20; round++) {
            byte[] code = new byte[200 + random.nextInt(200)];
            random.nextBytes(code);
            if (random.nextBoolean()) java.util.Arrays.fill(code, 10, 40, (byte) 0);
            Flx flx = new Flx(0x10000, List.of(new Flx.Segment(0x10000, code.length, 5, code)),
                    List.of(new Flx.Symbol("start", 0x10000, Flx.SECTION_TEXT),
                            new Flx.Symbol("mid", 0x10000 + 37, Flx.SECTION_TEXT)), List.of(), "r.s");
            assertArrayEquals(code, reassembledText(flx), "round " + round);
        }
    }

    @Test
    void viewShowsAddressesBytesLabelsTargetsAndSyscalls() {
        Flx flx = Asm.ok(PROGRAMS.get(0) + "        .text\nloop:   jmp loop\n        bne a0, a1, loop+3\n");
        String view = Disassembly.of(flx);
        assertTrue(view.contains("_start:\n  00010000  30 10 01 00 00 00      li a0, 1\n"), view);
        assertTrue(view.contains("sys write"), view);
        assertTrue(view.contains("jmp loop\n"), view);
        assertTrue(view.contains("bne a0, a1, loop+3\n"), view);
        assertTrue(view.contains("msg:\n  00011000  68 65 6c 6c 6f 0a"), view);
    }

    @Test
    void undecodableBytesAreShownAsByteDirectives() {
        byte[] code = {0x00, 0x01, (byte) 0xFF, 0x20, 0x12, 0x31}; // illegal, nop, illegal, add with nonzero nibble
        Flx flx = new Flx(0x10000, List.of(new Flx.Segment(0x10000, code.length, 5, code)), List.of(), List.of(), "x");
        String view = Disassembly.of(flx);
        assertTrue(view.contains(".byte 0x00\n") && view.contains("nop\n") && view.contains(".byte 0xff\n")
                && view.contains(".byte 0x20\n") && view.contains(".byte 0x31\n"), view);
        assertEquals(6, view.lines().filter(l -> l.startsWith("  0001")).count(), view);
    }
}
