package dev.faultline.asm;

import java.util.List;

/** One statement of a line; a line holds any number of labels and at most one other statement. */
sealed interface Statement {
    Pos pos();

    /** {@code name:} */
    record Label(String name, Pos pos) implements Statement {}

    /** {@code name = expr}, and {@code .equ name, expr} once recognised. */
    record Assignment(String name, Expr value, Pos pos) implements Statement {}

    /** {@code .name operands}; {@code name} is lower-case with its dot. */
    record Directive(String name, List<Operand> operands, Pos pos) implements Statement {}

    /** {@code mnemonic operands}; {@code mnemonic} is lower-case. */
    record Instruction(String mnemonic, List<Operand> operands, Pos pos) implements Statement {}
}
