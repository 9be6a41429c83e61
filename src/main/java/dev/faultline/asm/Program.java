package dev.faultline.asm;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The program after the first pass: every label, {@code .equ}, instruction and data directive as an
 * {@link Item} in its section, the symbol table, and the {@code .entry} expression if any.
 */
final class Program {
    final List<SourceLine> lines;
    final List<Item> items = new ArrayList<>();
    final Map<Section, List<Item>> sections = new EnumMap<>(Section.class);
    final SymbolTable symbols = new SymbolTable();
    Expr entry;

    private Program(List<SourceLine> lines) {
        this.lines = lines;
        for (Section s : Section.values()) sections.put(s, new ArrayList<>());
    }

    /** Sorts the statements of {@code lines} into sections and defines their symbols. */
    static Program collect(List<SourceLine> lines, Diagnostics diagnostics) {
        Program program = new Program(lines);
        new Collector(program, diagnostics).run();
        return program;
    }

    private void add(Item item) {
        items.add(item);
        sections.get(item.section).add(item);
    }

    /** The first pass, statement by statement; {@code section} is the current one. */
    private static final class Collector {
        private final Program program;
        private final Diagnostics diagnostics;
        private Section section = Section.TEXT;
        private SourceLine line;

        Collector(Program program, Diagnostics diagnostics) {
            this.program = program;
            this.diagnostics = diagnostics;
        }

        void run() {
            for (SourceLine l : program.lines) {
                line = l;
                for (Statement s : l.statements()) {
                    try {
                        statement(s);
                    } catch (AsmException e) {
                        diagnostics.error(e);
                    }
                }
            }
        }

        private void statement(Statement s) throws AsmException {
            if (s instanceof Statement.Label label) {
                define(label.name(), Item.marker(line, s, section), null);
            } else if (s instanceof Statement.Assignment a) {
                define(a.name(), Item.marker(line, s, section), a.value());
            } else if (s instanceof Statement.Directive d) {
                directive(d);
            } else {
                instruction((Statement.Instruction) s);
            }
        }

        private void define(String name, Item item, Expr value) throws AsmException {
            program.symbols.define(new SymbolTable.Definition(name, item, value));
            program.add(item);
        }

        private void instruction(Statement.Instruction s) throws AsmException {
            Mnemonics.Resolved resolved = Mnemonics.resolve(s);
            if (section == Section.BSS) {
                throw new AsmException(s.pos(), "an instruction cannot go in .bss, which holds only zeros");
            }
            program.add(Item.instruction(line, s, section, resolved));
        }

        private void directive(Statement.Directive d) throws AsmException {
            Directive kind = Directive.byName(d.name());
            if (kind == null) throw new AsmException(d.pos(), "unknown directive '" + d.name() + "'");
            if (kind.section != null) {
                expectOperands(d, 0, "no operands");
                section = kind.section;
            } else if (kind == Directive.EQU) {
                equ(d);
            } else if (kind == Directive.ENTRY) {
                entry(d);
            } else if (kind.placesBytes()) {
                if (section == Section.BSS && kind.storesValues()) {
                    throw new AsmException(d.pos(), d.name() + " cannot go in .bss, which holds only zeros:"
                            + " use .space");
                }
                program.add(Item.data(line, d, section, kind));
            }
            // .include: the loader has already put the file's lines in its place.
        }

        /** {@code .equ name, expr} is {@code name = expr}. */
        private void equ(Statement.Directive d) throws AsmException {
            expectOperands(d, 2, "a name and a value");
            if (!(d.operands().get(0) instanceof Operand.Value v && v.expr() instanceof Expr.Sym name)) {
                throw new AsmException(d.operands().get(0).pos(), ".equ expects a symbol name first");
            }
            if (!(d.operands().get(1) instanceof Operand.Value value)) {
                throw new AsmException(d.operands().get(1).pos(), ".equ expects an expression as its value");
            }
            Statement.Assignment a = new Statement.Assignment(name.name(), value.expr(), name.pos());
            define(a.name(), Item.marker(line, a, section), a.value());
        }

        private void entry(Statement.Directive d) throws AsmException {
            expectOperands(d, 1, "a symbol");
            if (!(d.operands().get(0) instanceof Operand.Value v)) {
                throw new AsmException(d.operands().get(0).pos(), ".entry expects a symbol");
            }
            if (program.entry != null) {
                throw new AsmException(d.pos(), "the entry point is already set at " + program.entry.pos());
            }
            program.entry = v.expr();
        }

        private static void expectOperands(Statement.Directive d, int count, String what) throws AsmException {
            if (d.operands().size() != count) {
                throw new AsmException(d.pos(), d.name() + " takes " + what + ", not " + d.operands().size()
                        + (d.operands().size() == 1 ? " operand" : " operands"));
            }
        }
    }
}
