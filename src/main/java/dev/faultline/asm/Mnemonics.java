package dev.faultline.asm;

import dev.faultline.isa.Opcode;
import java.util.List;

/** Resolves a mnemonic, real (the {@link Opcode} table) or pseudo, and checks the operand count. */
final class Mnemonics {
    private Mnemonics() {}

    /** A real instruction and its operands, ready to encode. */
    record Resolved(Opcode opcode, List<Operand> operands) {}

    static Resolved resolve(Statement.Instruction s) throws AsmException {
        Opcode op = Opcode.byMnemonic(s.mnemonic());
        if (op != null) {
            checkCount(s, op.syntax.pattern, InstructionEncoder.slots(op.syntax).size());
            return new Resolved(op, s.operands());
        }
        PseudoInstruction pseudo = PseudoInstruction.byName(s.mnemonic());
        if (pseudo != null) {
            checkCount(s, pseudo.pattern(), pseudo.operandCount());
            return new Resolved(pseudo.opcode(), pseudo.expand(s.operands(), s.pos()));
        }
        throw new AsmException(s.pos(), "unknown mnemonic '" + s.mnemonic() + "'");
    }

    /** Number of operands a pattern such as {@code d, imm(s)} has. */
    static int operandCount(String pattern) {
        return pattern.isEmpty() ? 0 : pattern.split(", ").length;
    }

    private static void checkCount(Statement.Instruction s, String pattern, int want) throws AsmException {
        int got = s.operands().size();
        if (got != want) {
            String form = want == 0 ? "no operands" : want + (want == 1 ? " operand (" : " operands (") + pattern + ")";
            throw new AsmException(s.pos(), s.mnemonic() + " takes " + form + ", not " + got);
        }
    }
}
