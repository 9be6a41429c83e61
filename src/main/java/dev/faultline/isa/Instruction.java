package dev.faultline.isa;

/**
 * One decoded instruction. Fields by format: R and RI use {@code d} and {@code a} (the s nibble);
 * RRR uses {@code d, a, b}; B uses {@code a, b} and {@code imm} (rel32); J and RI use {@code imm}.
 * Fields a format does not have are 0.
 */
public record Instruction(Opcode op, int d, int a, int b, int imm) {

    public int length() {
        return op.format.length;
    }

    /** Encodes into {@code out} at {@code pos}; returns the length written. */
    public int encode(byte[] out, int pos) {
        out[pos] = (byte) op.code;
        switch (op.format) {
            case N -> { }
            case R -> out[pos + 1] = (byte) (d << 4 | a);
            case RRR -> {
                out[pos + 1] = (byte) (d << 4 | a);
                out[pos + 2] = (byte) (b << 4);
            }
            case RI -> {
                out[pos + 1] = (byte) (d << 4 | a);
                putInt(out, pos + 2, imm);
            }
            case J -> putInt(out, pos + 1, imm);
            case B -> {
                out[pos + 1] = (byte) (a << 4 | b);
                putInt(out, pos + 2, imm);
            }
        }
        return op.format.length;
    }

    public byte[] encode() {
        byte[] out = new byte[length()];
        encode(out, 0);
        return out;
    }

    /**
     * Decodes the instruction at {@code pos}, or returns null when the bytes are not a legal instruction:
     * an unknown opcode, a nibble that must be zero and is not, a {@code copy} with clashing registers,
     * or fewer bytes available than the format needs.
     */
    public static Instruction decode(byte[] code, int pos, int limit) {
        if (pos >= limit) return null;
        Opcode op = Opcode.byCode(code[pos]);
        if (op == null || pos + op.format.length > limit) return null;
        int d = 0, a = 0, b = 0, imm = 0;
        switch (op.format) {
            case N -> { }
            case R -> {
                d = (code[pos + 1] >> 4) & 15;
                a = code[pos + 1] & 15;
            }
            case RRR -> {
                d = (code[pos + 1] >> 4) & 15;
                a = code[pos + 1] & 15;
                b = (code[pos + 2] >> 4) & 15;
                if ((code[pos + 2] & 15) != 0) return null;
            }
            case RI -> {
                d = (code[pos + 1] >> 4) & 15;
                a = code[pos + 1] & 15;
                imm = getInt(code, pos + 2);
            }
            case J -> imm = getInt(code, pos + 1);
            case B -> {
                a = (code[pos + 1] >> 4) & 15;
                b = code[pos + 1] & 15;
                imm = getInt(code, pos + 2);
            }
        }
        Instruction insn = new Instruction(op, d, a, b, imm);
        return insn.isLegal() ? insn : null;
    }

    /** The zero-nibble rules of the format, and the register rules of {@code copy} (docs/isa.md section 6.3). */
    public boolean isLegal() {
        if (op.dMustBeZero() && d != 0) return false;
        if (op.aMustBeZero() && a != 0) return false;
        if (op == Opcode.COPY) return copyRegistersLegal(d, a, b);
        return true;
    }

    /** {@code copy d, a, b}: d and a distinct and not r0; b differs from both unless it is r0. */
    public static boolean copyRegistersLegal(int d, int a, int b) {
        if (d == 0 || a == 0 || d == a) return false;
        return b == 0 || (b != d && b != a);
    }

    public static int getInt(byte[] bytes, int pos) {
        return (bytes[pos] & 0xFF) | (bytes[pos + 1] & 0xFF) << 8 | (bytes[pos + 2] & 0xFF) << 16
                | (bytes[pos + 3] & 0xFF) << 24;
    }

    public static void putInt(byte[] bytes, int pos, int value) {
        bytes[pos] = (byte) value;
        bytes[pos + 1] = (byte) (value >> 8);
        bytes[pos + 2] = (byte) (value >> 16);
        bytes[pos + 3] = (byte) (value >> 24);
    }
}
