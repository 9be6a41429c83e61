package dev.faultline.isa;

import java.util.function.IntFunction;

/** Turns machine code back into assembly text that the assembler accepts. */
public final class Disassembler {
    private final IntFunction<String> targetName;
    private final IntFunction<String> syscallName;

    /**
     * @param targetName  names a branch or jump target ({@code label} or {@code label+off}), or returns null
     *                    to print the address in hex
     * @param syscallName names a syscall number, or returns null
     */
    public Disassembler(IntFunction<String> targetName, IntFunction<String> syscallName) {
        this.targetName = targetName;
        this.syscallName = syscallName;
    }

    public Disassembler() {
        this(a -> null, n -> null);
    }

    /** One instruction at {@code pc} as text, e.g. {@code lw a0, 8(sp)}. */
    public String format(Instruction insn, int pc) {
        Opcode op = insn.op();
        String m = op.mnemonic;
        int d = insn.d(), a = insn.a(), b = insn.b(), imm = insn.imm();
        return switch (op.syntax) {
            case NONE -> m;
            case RD_RS -> m + " " + Reg.name(d) + ", " + Reg.name(a);
            case RS -> m + " " + Reg.name(a);
            case RD -> m + " " + Reg.name(d);
            case RD_MEM -> m + " " + Reg.name(d) + ", (" + Reg.name(a) + ")";
            case RRR -> m + " " + Reg.name(d) + ", " + Reg.name(a) + ", " + Reg.name(b);
            case RD_IMM -> m + " " + Reg.name(d) + ", " + imm(imm);
            case RD_RS_IMM -> m + " " + Reg.name(d) + ", " + Reg.name(a) + ", " + imm(imm);
            case LOAD, STORE -> m + " " + Reg.name(d) + ", " + imm + "(" + Reg.name(a) + ")";
            case CSRR -> m + " " + Reg.name(d) + ", " + csr(imm);
            case CSRW -> m + " " + csr(imm) + ", " + Reg.name(a);
            case JUMP -> m + " " + target(pc + imm);
            case SYS -> {
                String name = syscallName.apply(imm);
                yield m + " " + (name != null ? name : Integer.toString(imm));
            }
            case BRANCH -> m + " " + Reg.name(a) + ", " + Reg.name(b) + ", " + target(pc + imm);
        };
    }

    /** Text for bytes that do not decode: {@code .byte 0x00}. */
    public static String illegal(int firstByte) {
        return String.format(".byte 0x%02x", firstByte & 0xFF);
    }

    private String target(int address) {
        String name = targetName.apply(address);
        return name != null ? name : String.format("0x%08x", address);
    }

    private static String imm(int v) {
        return (v > -4096 && v < 4096) ? Integer.toString(v) : String.format("0x%x", v);
    }

    private static String csr(int n) {
        Csr c = Csr.byNumber(n);
        return c != null ? c.name().toLowerCase(java.util.Locale.ROOT) : Integer.toString(n);
    }
}
