package dev.faultline.isa;

/** Instruction formats of docs/isa.md sections 2 and 3; the opcode alone fixes the format and so the length. */
public enum Format {
    /** {@code op} */
    N(1),
    /** {@code op, d<<4|s} */
    R(2),
    /** {@code op, d<<4|a, b<<4|0} */
    RRR(3),
    /** {@code op, d<<4|s, imm32} */
    RI(6),
    /** {@code op, imm32} */
    J(5),
    /** {@code op, a<<4|b, rel32} */
    B(6);

    public final int length;

    Format(int length) {
        this.length = length;
    }
}
