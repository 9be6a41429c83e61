package dev.faultline.isa;

/**
 * The operand shape an instruction is written with, and which encoding fields the operands fill.
 * Fields: {@code d}, {@code a} (the s nibble of R and RI, the a nibble of RRR and B), {@code b}, {@code imm}.
 */
public enum Syntax {
    /** no operands */
    NONE(""),
    /** {@code d, s} */
    RD_RS("d, s"),
    /** {@code s}; the d nibble is 0 */
    RS("s"),
    /** {@code d}; the s nibble is 0 */
    RD("d"),
    /** {@code d, (s)} */
    RD_MEM("d, (s)"),
    /** {@code d, a, b} */
    RRR("d, a, b"),
    /** {@code d, imm}; the s nibble is 0 */
    RD_IMM("d, imm"),
    /** {@code d, s, imm} */
    RD_RS_IMM("d, s, imm"),
    /** {@code d, imm(s)} */
    LOAD("d, imm(s)"),
    /** {@code v, imm(s)}; v is encoded in d */
    STORE("v, imm(s)"),
    /** {@code d, csr}; the s nibble is 0 */
    CSRR("d, csr"),
    /** {@code csr, s}; the d nibble is 0 */
    CSRW("csr, s"),
    /** {@code label}: imm = target - this instruction */
    JUMP("label"),
    /** {@code n} or a syscall name */
    SYS("n"),
    /** {@code a, b, label} */
    BRANCH("a, b, label");

    public final String pattern;

    Syntax(String pattern) {
        this.pattern = pattern;
    }
}
