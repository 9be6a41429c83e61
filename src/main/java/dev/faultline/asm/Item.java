package dev.faultline.asm;

import dev.faultline.isa.Opcode;
import java.util.List;

/**
 * A statement placed in a section: a label, an {@code .equ}, an instruction or a data directive.
 * Layout gives it an address and a size; an item whose size could not be worked out is {@code failed}
 * and emits nothing (its error is already reported).
 */
final class Item {
    final SourceLine line;
    final Statement statement;
    final Section section;
    /** For an instruction: the opcode and operands after pseudo-instruction expansion; else null. */
    final Opcode opcode;
    final List<Operand> operands;
    /** For a data directive, else null. */
    final Directive directive;

    long address;
    long size;
    boolean placed;
    boolean failed;

    private Item(SourceLine line, Statement statement, Section section, Opcode opcode, List<Operand> operands,
            Directive directive) {
        this.line = line;
        this.statement = statement;
        this.section = section;
        this.opcode = opcode;
        this.operands = operands;
        this.directive = directive;
    }

    /** A label or an {@code .equ}: a place, no bytes. */
    static Item marker(SourceLine line, Statement statement, Section section) {
        return new Item(line, statement, section, null, List.of(), null);
    }

    static Item instruction(SourceLine line, Statement statement, Section section, Mnemonics.Resolved resolved) {
        return new Item(line, statement, section, resolved.opcode(), resolved.operands(), null);
    }

    static Item data(SourceLine line, Statement.Directive statement, Section section, Directive directive) {
        return new Item(line, statement, section, null, statement.operands(), directive);
    }

    boolean isLabel() {
        return statement instanceof Statement.Label;
    }

    /** An instruction or a data directive other than padding: what the line table records. */
    boolean isCodeOrData() {
        return opcode != null || (directive != null && directive != Directive.ALIGN && directive != Directive.ORG);
    }

    Pos pos() {
        return statement.pos();
    }
}
