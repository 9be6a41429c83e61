package dev.faultline.asm;

import static dev.faultline.asm.Asm.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.faultline.isa.Instruction;
import dev.faultline.isa.Opcode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Operand forms: registers, immediates, memory operands, CSRs, syscalls, branch targets; includes. */
class InstructionSyntaxTest {

    private static Instruction first(String line) {
        byte[] t = Asm.textOf(line);
        return Instruction.decode(t, 0, t.length);
    }

    @Test
    void everyFormat() {
        assertArrayEquals(bytes(0x01), Asm.textOf("nop"));
        assertArrayEquals(bytes(0x10, 0x12), Asm.textOf("mov a0, a1"));
        assertArrayEquals(bytes(0x11, 0x0F), Asm.textOf("push sp"));
        assertArrayEquals(bytes(0x12, 0xE0), Asm.textOf("pop fp"));
        assertArrayEquals(bytes(0x15, 0x12), Asm.textOf("xchg a0, (a1)"));
        assertArrayEquals(bytes(0x20, 0x12, 0x30), Asm.textOf("add a0, a1, a2"));
        assertArrayEquals(bytes(0x30, 0x10, 0xFF, 0xFF, 0xFF, 0xFF), Asm.textOf("li a0, -1"));
        assertArrayEquals(bytes(0x31, 0xFF, 8, 0, 0, 0), Asm.textOf("addi sp, sp, 8"));
        assertArrayEquals(bytes(0x58, 0, 0, 0, 0), Asm.textOf("l: jmp l"));
        assertArrayEquals(bytes(0x01, 0x50, 0x12, 0xFF, 0xFF, 0xFF, 0xFF), Asm.textOf("x: nop\nbeq a0, a1, x"));
        assertArrayEquals(bytes(0x5A, 2, 0, 0, 0), Asm.textOf("sys write"));
        assertArrayEquals(bytes(0x62, 0x01), Asm.textOf("tlbflush a0"));
        assertArrayEquals(bytes(0x63, 0x12), Asm.textOf("tlbwr a0, a1"));
    }

    @Test
    void registersByNumberAndNameInAnyCase() {
        assertEquals(first("add r1, r2, r3"), first("ADD A0, a1, A2"));
        assertEquals(first("mov r15, r14"), first("Mov SP, Fp"));
        assertEquals(first("mov r0, r0"), first("mov zero, ZERO"));
    }

    @Test
    void memoryOperands() {
        assertEquals(new Instruction(Opcode.LW, 1, 15, 0, 8), first("lw a0, 8(sp)"));
        assertEquals(new Instruction(Opcode.LW, 1, 15, 0, 0), first("lw a0, (sp)"));
        assertEquals(new Instruction(Opcode.LW, 1, 15, 0, -4), first("lw a0, -4(sp)"));
        assertEquals(new Instruction(Opcode.LW, 1, 15, 0, 12), first("lw a0, (4 + 2) * 2(sp)"));
        assertEquals(new Instruction(Opcode.SW, 7, 11, 0, 4092), first("sw t0, 4092(s0)"));
        assertEquals(new Instruction(Opcode.LBU, 1, 0, 0, 0x10006), first("lbu a0, x\nx: nop"));
        assertEquals(new Instruction(Opcode.LW, 1, 0, 0, 0x10007), first("lw a0, x + 1\nx: nop"));
        assertEquals(new Instruction(Opcode.LW, 1, 2, 0, 0x10006), first("lw a0, x(a1)\nx: nop"));
        assertEquals(new Instruction(Opcode.LI, 1, 0, 0, 5), first("n = 5\nli a0, (n)"));
    }

    @Test
    void csrByNameOrNumber() {
        assertEquals(new Instruction(Opcode.CSRR, 1, 0, 0, 2), first("csrr a0, epc"));
        assertEquals(new Instruction(Opcode.CSRR, 1, 0, 0, 8), first("csrr a0, TIMECMP"));
        assertEquals(new Instruction(Opcode.CSRW, 0, 2, 0, 5), first("csrw ptbr, a1"));
        assertEquals(new Instruction(Opcode.CSRW, 0, 2, 0, 6), first("csrw 6, a1"));
        String[] names = {"status", "tvec", "epc", "cause", "tval", "ptbr", "scratch", "cycle", "timecmp"};
        for (int i = 0; i < names.length; i++) assertEquals(i, first("csrr a0, " + names[i]).imm());
    }

    @Test
    void sysTakesANumberAnExpressionOrAName() {
        assertEquals(2, first("sys write").imm());
        assertEquals(2, first("sys SYS_WRITE").imm());
        assertEquals(2, first("sys 2").imm());
        assertEquals(13, first("sys SYS_MMAP").imm());
        assertEquals(13, first("sys mmap").imm());
        assertEquals(0, first("sys exit").imm());
        assertEquals(7, first("sys 3 + 4").imm());
    }

    @Test
    void branchOffsetsAreRelativeToThisInstruction() {
        byte[] t = Asm.textOf("back: nop\n        bne a0, zero, back\n        call fwd\n        nop\nfwd: ret");
        assertEquals(new Instruction(Opcode.BNE, 0, 1, 0, -1), Instruction.decode(t, 1, t.length));
        assertEquals(new Instruction(Opcode.CALL, 0, 0, 0, 6), Instruction.decode(t, 7, t.length));
    }

    @Test
    void immediateRangeIsSignedOrUnsigned32() {
        assertEquals(-1, first("li a0, 0xFFFFFFFF").imm());
        assertEquals(Integer.MIN_VALUE, first("li a0, -2147483648").imm());
        Asm.error("li a0, 0x100000000", 1, 8, "does not fit in 32 bits");
        Asm.error("li a0, -2147483649", 1, 8, "does not fit in 32 bits");
    }

    @Test
    void copyRegisterRule() {
        assertEquals(new Instruction(Opcode.COPY, 7, 8, 9, 0), first("copy t0, t1, t2"));
        assertEquals(new Instruction(Opcode.COPY, 7, 8, 0, 0), first("copy t0, t1, zero"));
        Asm.error("        copy t0, t0, t2", 1, 9, "copy needs");
        Asm.error("        copy zero, t0, t2", 1, 9, "copy needs");
        Asm.error("        copy t0, t1, t1", 1, 9, "copy needs");
    }

    @Test
    void includeInsertsAFileRelativeToTheIncludingFile(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("lib"));
        Files.writeString(dir.resolve("main.s"), "_start: call f\n        .include \"lib/f.s\"\n        nop\n");
        Files.writeString(dir.resolve("lib/f.s"), "f:      .include \"g.s\"\n        ret\n");
        Files.writeString(dir.resolve("lib/g.s"), "        nop\n");
        AsmResult r = Assembler.assembleFile(dir.resolve("main.s"));
        assertEquals("", r.formatDiagnostics());
        assertArrayEquals(bytes(0x59, 5, 0, 0, 0, 0x01, 0x02, 0x01), Asm.text(r.flx()));
        assertEquals(2, r.flx().lines().size()); // rows for main.s only
        assertEquals("main.s", r.flx().sourceName());
    }

    @Test
    void errorsInAnIncludedFileNameThatFile(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("main.s"), "        nop\n        .include \"bad.s\"\n");
        Files.writeString(dir.resolve("bad.s"), "\n        frob a0\n");
        AsmResult r = Assembler.assembleFile(dir.resolve("main.s"));
        assertEquals(1, r.diagnostics().size());
        Diagnostic d = r.diagnostics().get(0);
        assertEquals(dir.resolve("bad.s").toString(), d.file());
        assertEquals(2, d.line());
        assertEquals(9, d.column());
    }

    @Test
    void includeCycleAndMissingFile(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.s"), "        nop\n        .include \"b.s\"\n");
        Files.writeString(dir.resolve("b.s"), "        nop\n        .include \"a.s\"\n");
        AsmResult cycle = Assembler.assembleFile(dir.resolve("a.s"));
        assertEquals(1, cycle.diagnostics().size());
        assertEquals("include cycle: a.s is already being included", cycle.diagnostics().get(0).message());
        assertEquals(2, cycle.diagnostics().get(0).line());
        assertEquals(18, cycle.diagnostics().get(0).column());

        Files.writeString(dir.resolve("m.s"), "        nop\n        .include \"nothere.s\"\n");
        AsmResult missing = Assembler.assembleFile(dir.resolve("m.s"));
        assertEquals("2:18: cannot include nothere.s: no such file", missing.diagnostics().get(0).line() + ":"
                + missing.diagnostics().get(0).column() + ": " + missing.diagnostics().get(0).message());
    }

    @Test
    void missingMainFileIsADiagnostic(@TempDir Path dir) {
        AsmResult r = Assembler.assembleFile(dir.resolve("none.s"));
        assertEquals(1, r.diagnostics().size());
        assertEquals(true, r.formatDiagnostics().contains("none.s:1:1: error: cannot read"));
    }
}
