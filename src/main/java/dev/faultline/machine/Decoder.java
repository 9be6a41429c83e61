package dev.faultline.machine;

import dev.faultline.isa.Instruction;
import dev.faultline.isa.Opcode;

/**
 * Predecoding: an instruction packed into one long, so the dispatch loop reads one array element per
 * instruction. Layout: bits 0-7 opcode (0 for an illegal instruction), 8-11 d, 12-15 a, 16-19 b,
 * 20-24 the register index a result goes to (d, or the sink 16 when d is r0), 25-27 length,
 * bit 28 set in every entry (0 means "not decoded yet"), 32-63 imm32.
 */
public final class Decoder {
    private Decoder() {}

    public static final int PRESENT = 1 << 28;
    static final int SINK = 16;

    public static int op(long e) {
        return (int) e & 0xFF;
    }

    public static int d(long e) {
        return (int) (e >>> 8) & 15;
    }

    public static int a(long e) {
        return (int) (e >>> 12) & 15;
    }

    public static int b(long e) {
        return (int) (e >>> 16) & 15;
    }

    public static int dw(long e) {
        return (int) (e >>> 20) & 31;
    }

    public static int length(long e) {
        return (int) (e >>> 25) & 7;
    }

    public static int imm(long e) {
        return (int) (e >>> 32);
    }

    /** Length of the instruction whose opcode byte is {@code first} (1 for an illegal opcode). */
    public static int lengthOf(int first) {
        return Opcode.lengthOf(first);
    }

    /**
     * Decodes the instruction in {@code bytes[pos .. pos+length)}, whose length {@link #lengthOf} gave.
     * An illegal instruction decodes to opcode 0 with its full length.
     */
    public static long decode(byte[] bytes, int pos, int length) {
        Instruction insn = Instruction.decode(bytes, pos, pos + length);
        if (insn == null) return PRESENT | (long) length << 25;
        int d = insn.d();
        long e = insn.op().code | d << 8 | insn.a() << 12 | insn.b() << 16 | (d == 0 ? SINK : d) << 20
                | length << 25 | PRESENT;
        return e | (long) insn.imm() << 32;
    }
}
