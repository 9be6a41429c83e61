package dev.faultline.isa;

/**
 * The FL32 opcode table (docs/isa.md sections 2 and 3): one row per instruction, with its byte, mnemonic, format,
 * operand syntax, privilege and one-line semantics. The assembler, encoder, decoder, disassembler and the
 * opcode table in docs/ are all driven by this enum. Every byte not listed decodes as illegal.
 */
public enum Opcode {
    NOP(Op.NOP, "nop", Format.N, Syntax.NONE, false, ""),
    RET(Op.RET, "ret", Format.N, Syntax.NONE, false, "t = M32[sp]; sp += 4; pc = t"),
    BRK(Op.BRK, "brk", Format.N, Syntax.NONE, false, "trap BREAKPOINT"),
    HALT(Op.HALT, "halt", Format.N, Syntax.NONE, true, "stop the machine"),
    SRET(Op.SRET, "sret", Format.N, Syntax.NONE, true, "return from trap"),
    WFI(Op.WFI, "wfi", Format.N, Syntax.NONE, true, "wait for interrupt"),
    MOV(Op.MOV, "mov", Format.R, Syntax.RD_RS, false, "d = s"),
    PUSH(Op.PUSH, "push", Format.R, Syntax.RS, false, "a = sp-4; M32[a] = s; sp = a"),
    POP(Op.POP, "pop", Format.R, Syntax.RD, false, "t = M32[sp]; sp += 4; d = t"),
    JR(Op.JR, "jr", Format.R, Syntax.RS, false, "pc = s"),
    CALLR(Op.CALLR, "callr", Format.R, Syntax.RS, false, "t = s; a = sp-4; M32[a] = pc+2; sp = a; pc = t"),
    XCHG(Op.XCHG, "xchg", Format.R, Syntax.RD_MEM, false, "atomically t = M32[s]; M32[s] = d; d = t"),
    ADD(Op.ADD, "add", Format.RRR, Syntax.RRR, false, "d = a + b"),
    SUB(Op.SUB, "sub", Format.RRR, Syntax.RRR, false, "d = a - b"),
    MUL(Op.MUL, "mul", Format.RRR, Syntax.RRR, false, "d = low 32 bits of a * b"),
    DIV(Op.DIV, "div", Format.RRR, Syntax.RRR, false, "d = a / b signed; b = 0 traps DIVIDE"),
    DIVU(Op.DIVU, "divu", Format.RRR, Syntax.RRR, false, "d = a / b unsigned; b = 0 traps DIVIDE"),
    REM(Op.REM, "rem", Format.RRR, Syntax.RRR, false, "d = a % b signed (sign of a); b = 0 traps DIVIDE"),
    REMU(Op.REMU, "remu", Format.RRR, Syntax.RRR, false, "d = a % b unsigned; b = 0 traps DIVIDE"),
    AND(Op.AND, "and", Format.RRR, Syntax.RRR, false, "d = a & b"),
    OR(Op.OR, "or", Format.RRR, Syntax.RRR, false, "d = a | b"),
    XOR(Op.XOR, "xor", Format.RRR, Syntax.RRR, false, "d = a ^ b"),
    SHL(Op.SHL, "shl", Format.RRR, Syntax.RRR, false, "d = a << (b & 31)"),
    SHR(Op.SHR, "shr", Format.RRR, Syntax.RRR, false, "d = a >>> (b & 31)"),
    SAR(Op.SAR, "sar", Format.RRR, Syntax.RRR, false, "d = a >> (b & 31)"),
    SLT(Op.SLT, "slt", Format.RRR, Syntax.RRR, false, "d = a < b signed ? 1 : 0"),
    SLTU(Op.SLTU, "sltu", Format.RRR, Syntax.RRR, false, "d = a < b unsigned ? 1 : 0"),
    COPY(Op.COPY, "copy", Format.RRR, Syntax.RRR, false, "copy b bytes from a to d, continuable"),
    LI(Op.LI, "li", Format.RI, Syntax.RD_IMM, false, "d = imm"),
    ADDI(Op.ADDI, "addi", Format.RI, Syntax.RD_RS_IMM, false, "d = s + imm"),
    ANDI(Op.ANDI, "andi", Format.RI, Syntax.RD_RS_IMM, false, "d = s & imm"),
    ORI(Op.ORI, "ori", Format.RI, Syntax.RD_RS_IMM, false, "d = s | imm"),
    XORI(Op.XORI, "xori", Format.RI, Syntax.RD_RS_IMM, false, "d = s ^ imm"),
    SHLI(Op.SHLI, "shli", Format.RI, Syntax.RD_RS_IMM, false, "d = s << (imm & 31)"),
    SHRI(Op.SHRI, "shri", Format.RI, Syntax.RD_RS_IMM, false, "d = s >>> (imm & 31)"),
    SARI(Op.SARI, "sari", Format.RI, Syntax.RD_RS_IMM, false, "d = s >> (imm & 31)"),
    SLTI(Op.SLTI, "slti", Format.RI, Syntax.RD_RS_IMM, false, "d = s < imm signed ? 1 : 0"),
    SLTIU(Op.SLTIU, "sltiu", Format.RI, Syntax.RD_RS_IMM, false, "d = s < imm unsigned ? 1 : 0"),
    LW(Op.LW, "lw", Format.RI, Syntax.LOAD, false, "d = M32[s + imm]"),
    LH(Op.LH, "lh", Format.RI, Syntax.LOAD, false, "d = sext(M16[s + imm])"),
    LHU(Op.LHU, "lhu", Format.RI, Syntax.LOAD, false, "d = zext(M16[s + imm])"),
    LB(Op.LB, "lb", Format.RI, Syntax.LOAD, false, "d = sext(M8[s + imm])"),
    LBU(Op.LBU, "lbu", Format.RI, Syntax.LOAD, false, "d = zext(M8[s + imm])"),
    SW(Op.SW, "sw", Format.RI, Syntax.STORE, false, "M32[s + imm] = v"),
    SH(Op.SH, "sh", Format.RI, Syntax.STORE, false, "M16[s + imm] = v"),
    SB(Op.SB, "sb", Format.RI, Syntax.STORE, false, "M8[s + imm] = v"),
    BEQ(Op.BEQ, "beq", Format.B, Syntax.BRANCH, false, "if a == b: pc = this + rel"),
    BNE(Op.BNE, "bne", Format.B, Syntax.BRANCH, false, "if a != b: pc = this + rel"),
    BLT(Op.BLT, "blt", Format.B, Syntax.BRANCH, false, "if a < b signed: pc = this + rel"),
    BGE(Op.BGE, "bge", Format.B, Syntax.BRANCH, false, "if a >= b signed: pc = this + rel"),
    BLTU(Op.BLTU, "bltu", Format.B, Syntax.BRANCH, false, "if a < b unsigned: pc = this + rel"),
    BGEU(Op.BGEU, "bgeu", Format.B, Syntax.BRANCH, false, "if a >= b unsigned: pc = this + rel"),
    JMP(Op.JMP, "jmp", Format.J, Syntax.JUMP, false, "pc = this + rel"),
    CALL(Op.CALL, "call", Format.J, Syntax.JUMP, false, "a = sp-4; M32[a] = pc+5; sp = a; pc = this + rel"),
    SYS(Op.SYS, "sys", Format.J, Syntax.SYS, false, "trap SYSCALL; imm = syscall number"),
    CSRR(Op.CSRR, "csrr", Format.RI, Syntax.CSRR, true, "d = CSR[imm]"),
    CSRW(Op.CSRW, "csrw", Format.RI, Syntax.CSRW, true, "CSR[imm] = s"),
    TLBFLUSH(Op.TLBFLUSH, "tlbflush", Format.R, Syntax.RS, true, "flush the TLB entry for s (r0: all)"),
    TLBWR(Op.TLBWR, "tlbwr", Format.R, Syntax.RD_RS, true, "TLB entry: VPN from d, PTE from s");

    public final int code;
    public final String mnemonic;
    public final Format format;
    public final Syntax syntax;
    public final boolean kernelOnly;
    public final String semantics;

    private static final Opcode[] BY_CODE = new Opcode[256];
    private static final java.util.Map<String, Opcode> BY_MNEMONIC = new java.util.HashMap<>();

    static {
        for (Opcode op : values()) {
            BY_CODE[op.code] = op;
            BY_MNEMONIC.put(op.mnemonic, op);
        }
    }

    Opcode(int code, String mnemonic, Format format, Syntax syntax, boolean kernelOnly, String semantics) {
        this.code = code;
        this.mnemonic = mnemonic;
        this.format = format;
        this.syntax = syntax;
        this.kernelOnly = kernelOnly;
        this.semantics = semantics;
    }

    /** The instruction with this opcode byte, or null: an illegal opcode (1 byte long). */
    public static Opcode byCode(int code) {
        return BY_CODE[code & 0xFF];
    }

    /** The instruction with this lower-case mnemonic, or null. Pseudo-instructions are not here. */
    public static Opcode byMnemonic(String mnemonic) {
        return BY_MNEMONIC.get(mnemonic);
    }

    /** Length in bytes of the instruction whose first byte is {@code code}; 1 for an illegal opcode. */
    public static int lengthOf(int code) {
        Opcode op = BY_CODE[code & 0xFF];
        return op == null ? 1 : op.format.length;
    }

    public int length() {
        return format.length;
    }

    /** True when the d nibble must be zero in the encoding. */
    public boolean dMustBeZero() {
        return syntax == Syntax.RS || syntax == Syntax.CSRW;
    }

    /** True when the s/a nibble must be zero in the encoding (R and RI formats only). */
    public boolean aMustBeZero() {
        return syntax == Syntax.RD || syntax == Syntax.RD_IMM || syntax == Syntax.CSRR;
    }
}
