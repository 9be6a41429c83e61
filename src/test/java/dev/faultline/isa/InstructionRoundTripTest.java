package dev.faultline.isa;

import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code decode(encode(x)) == x} for every opcode with seeded random operands, and the decoder's rules. */
@Timeout(value = 10, unit = TimeUnit.MINUTES) // a property test must fail, never hang
class InstructionRoundTripTest {

    @Test
    void decodeOfEncodeIsIdentityForEveryOpcode() {
        Random random = new Random(42);
        for (Opcode op : Opcode.values()) {
            for (int i = 0; i < 200; i++) {
                Instruction insn = RandomInstructions.random(op, random);
                byte[] bytes = insn.encode();
                assertEquals(op.format.length, bytes.length);
                assertEquals(insn, Instruction.decode(bytes, 0, bytes.length), op.mnemonic);
            }
        }
    }

    @Test
    void encodeAtAnOffsetInsideABuffer() {
        Instruction insn = new Instruction(Opcode.ADDI, 3, 4, 0, -5);
        byte[] buf = new byte[10];
        assertEquals(6, insn.encode(buf, 3));
        assertEquals(insn, Instruction.decode(buf, 3, 9));
        assertNull(Instruction.decode(buf, 3, 8), "one byte short");
    }

    @Test
    void unlistedOpcodesAreIllegalAndOneByteLong() {
        Set<Integer> listed = new HashSet<>();
        for (Opcode op : Opcode.values()) assertTrue(listed.add(op.code), "duplicate code " + op.code);
        for (int code = 0; code < 256; code++) {
            byte[] bytes = {(byte) code, 0, 0, 0, 0, 0};
            if (listed.contains(code)) {
                assertEquals(Opcode.byCode(code).format.length, Opcode.lengthOf(code));
            } else {
                assertNull(Instruction.decode(bytes, 0, bytes.length), "code " + code);
                assertEquals(1, Opcode.lengthOf(code));
            }
        }
        assertNull(Opcode.byCode(0));
    }

    @Test
    void nonzeroMustBeZeroNibblesAreIllegal() {
        assertNull(Instruction.decode(new byte[] {Op.PUSH, 0x11}, 0, 2), "push with d != 0");
        assertNull(Instruction.decode(new byte[] {Op.POP, 0x11}, 0, 2), "pop with s != 0");
        assertNull(Instruction.decode(new byte[] {Op.ADD, 0x12, 0x31}, 0, 3), "RRR low nibble");
        assertNull(Instruction.decode(new byte[] {Op.LI, 0x11, 0, 0, 0, 0}, 0, 6), "li with s != 0");
        assertNull(Instruction.decode(new byte[] {Op.CSRW, 0x11, 0, 0, 0, 0}, 0, 6), "csrw with d != 0");
    }

    @Test
    void copyRegisterRule() {
        assertTrue(Instruction.copyRegistersLegal(1, 2, 3));
        assertTrue(Instruction.copyRegistersLegal(1, 2, 0));
        assertEquals(false, Instruction.copyRegistersLegal(0, 2, 3));
        assertEquals(false, Instruction.copyRegistersLegal(1, 0, 3));
        assertEquals(false, Instruction.copyRegistersLegal(1, 1, 3));
        assertEquals(false, Instruction.copyRegistersLegal(1, 2, 2));
        assertEquals(false, Instruction.copyRegistersLegal(1, 2, 1));
        assertNull(Instruction.decode(new byte[] {Op.COPY, 0x11, 0x20}, 0, 3));
    }

    @Test
    void registerNames() {
        for (int r = 0; r < 16; r++) {
            assertEquals(r, Reg.parse("r" + r));
            assertEquals(r, Reg.parse(Reg.name(r)));
            assertEquals(r, Reg.parse(Reg.name(r).toUpperCase()));
        }
        assertEquals(-1, Reg.parse("r16"));
        assertEquals(-1, Reg.parse("r01"));
        assertEquals(-1, Reg.parse("x1"));
    }

    @Test
    void disassemblerPrintsWhatTheTableSays() {
        Disassembler d = new Disassembler();
        assertEquals("lw a0, -8(sp)", d.format(new Instruction(Opcode.LW, 1, 15, 0, -8), 0));
        assertEquals("xchg a0, (a1)", d.format(new Instruction(Opcode.XCHG, 1, 2, 0, 0), 0));
        assertEquals("csrw tvec, a1", d.format(new Instruction(Opcode.CSRW, 0, 2, 0, 1), 0));
        assertEquals("jmp 0x00010010", d.format(new Instruction(Opcode.JMP, 0, 0, 0, 0x10), 0x10000));
        assertEquals("sys 2", d.format(new Instruction(Opcode.SYS, 0, 0, 0, 2), 0));
        assertEquals(".byte 0x00", Disassembler.illegal(0));
    }
}
