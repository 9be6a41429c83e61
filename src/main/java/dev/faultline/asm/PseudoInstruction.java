package dev.faultline.asm;

import dev.faultline.isa.Opcode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The pseudo-instructions, as data: each row is how it is written and the real instruction it stands for,
 * {@code $n} being its n-th operand (docs/assembler.md). A pseudo-instruction is as long as its expansion.
 */
record PseudoInstruction(String name, String pattern, int operandCount, Opcode opcode, List<String> expansion) {

    private static final List<String[]> TABLE = List.of(
            new String[] {"la d, sym", "li $1, $2"},
            new String[] {"j label", "jmp $1"},
            new String[] {"not d, s", "xori $1, $2, -1"},
            new String[] {"neg d, s", "sub $1, zero, $2"},
            new String[] {"beqz s, label", "beq $1, zero, $2"},
            new String[] {"bnez s, label", "bne $1, zero, $2"},
            new String[] {"bgt a, b, label", "blt $2, $1, $3"},
            new String[] {"ble a, b, label", "bge $2, $1, $3"},
            new String[] {"bgtu a, b, label", "bltu $2, $1, $3"},
            new String[] {"bleu a, b, label", "bgeu $2, $1, $3"});

    private static final Map<String, PseudoInstruction> BY_NAME = TABLE.stream()
            .map(row -> define(row[0], row[1]))
            .collect(Collectors.toUnmodifiableMap(PseudoInstruction::name, Function.identity()));

    /** The pseudo-instruction with this lower-case name, or null. */
    static PseudoInstruction byName(String name) {
        return BY_NAME.get(name);
    }

    static List<PseudoInstruction> all() {
        return TABLE.stream().map(row -> BY_NAME.get(row[0].split(" ", 2)[0])).toList();
    }

    /** The real instruction's operands: {@code $n} is the n-th written operand; others are fixed. */
    List<Operand> expand(List<Operand> written, Pos pos) {
        List<Operand> out = new ArrayList<>();
        for (String e : expansion) {
            if (e.startsWith("$")) {
                out.add(written.get(Integer.parseInt(e.substring(1)) - 1));
            } else if (e.startsWith("-") || Character.isDigit(e.charAt(0))) {
                out.add(new Operand.Value(new Expr.Num(Long.parseLong(e), pos)));
            } else {
                out.add(Operand.register(e, pos));
            }
        }
        return out;
    }

    private static PseudoInstruction define(String written, String realInstruction) {
        String[] w = written.split(" ", 2);
        String[] r = realInstruction.split(" ", 2);
        Opcode op = Opcode.byMnemonic(r[0]);
        if (op == null) throw new IllegalStateException("pseudo-instruction " + w[0] + " expands to unknown " + r[0]);
        return new PseudoInstruction(w[0], w[1], Mnemonics.operandCount(w[1]), op, List.of(r[1].split(", ")));
    }
}
