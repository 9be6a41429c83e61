package dev.faultline.isa;

/**
 * Opcode bytes as compile-time constants, so the CPU's dispatch switch can name them.
 * {@link Opcode} is the table built on them; nothing else defines an opcode's byte.
 */
public final class Op {
    private Op() {}

    public static final int NOP = 0x01, RET = 0x02, BRK = 0x03, HALT = 0x04, SRET = 0x05, WFI = 0x06;
    public static final int MOV = 0x10, PUSH = 0x11, POP = 0x12, JR = 0x13, CALLR = 0x14, XCHG = 0x15;
    public static final int ADD = 0x20, SUB = 0x21, MUL = 0x22, DIV = 0x23, DIVU = 0x24, REM = 0x25, REMU = 0x26,
            AND = 0x27, OR = 0x28, XOR = 0x29, SHL = 0x2A, SHR = 0x2B, SAR = 0x2C, SLT = 0x2D, SLTU = 0x2E,
            COPY = 0x2F;
    public static final int LI = 0x30, ADDI = 0x31, ANDI = 0x32, ORI = 0x33, XORI = 0x34, SHLI = 0x35, SHRI = 0x36,
            SARI = 0x37, SLTI = 0x38, SLTIU = 0x39;
    public static final int LW = 0x40, LH = 0x41, LHU = 0x42, LB = 0x43, LBU = 0x44, SW = 0x48, SH = 0x49, SB = 0x4A;
    public static final int BEQ = 0x50, BNE = 0x51, BLT = 0x52, BGE = 0x53, BLTU = 0x54, BGEU = 0x55;
    public static final int JMP = 0x58, CALL = 0x59, SYS = 0x5A;
    public static final int CSRR = 0x60, CSRW = 0x61, TLBFLUSH = 0x62, TLBWR = 0x63;
}
