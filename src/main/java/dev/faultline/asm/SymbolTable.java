package dev.faultline.asm;

import dev.faultline.abi.Constants;
import dev.faultline.abi.Flx;
import dev.faultline.isa.Reg;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The program's symbols: labels (an address once laid out) and {@code .equ} names (an expression, with
 * the address where it was written for its {@code .}). Names are case-sensitive; a register name or a
 * predefined constant cannot be redefined.
 */
final class SymbolTable {

    /**
     * A label ({@code value} null) or an {@code .equ} ({@code value} its expression); {@code item} is where.
     * Compared by identity: a definition is a key in the evaluator's tables.
     */
    static final class Definition {
        private final String name;
        private final Item item;
        private final Expr value;

        Definition(String name, Item item, Expr value) {
            this.name = name;
            this.item = item;
            this.value = value;
        }

        String name() {
            return name;
        }

        Item item() {
            return item;
        }

        Expr value() {
            return value;
        }

        boolean isLabel() {
            return value == null;
        }

        Pos pos() {
            return item.pos();
        }
    }

    private final Map<String, Definition> byName = new HashMap<>();
    private final List<Definition> inOrder = new ArrayList<>();

    /** Defines a symbol, or throws when the name is taken. */
    void define(Definition d) throws AsmException {
        String name = d.name();
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > Flx.MAX_NAME_BYTES) { // an executable could not hold it (docs/flx.md)
            throw new AsmException(d.pos(), "symbol name is " + bytes + " bytes long; the limit is "
                    + Flx.MAX_NAME_BYTES);
        }
        if (Reg.parse(name) >= 0) {
            throw new AsmException(d.pos(), "'" + name + "' is a register name and cannot be a symbol");
        }
        if (Constants.predefined().containsKey(name)) {
            throw new AsmException(d.pos(), "'" + name + "' is a predefined constant and cannot be redefined");
        }
        Definition first = byName.putIfAbsent(name, d);
        if (first != null) {
            Pos at = first.pos();
            String where = at.file() == d.pos().file() ? "line " + at.line() : at.toString();
            throw new AsmException(d.pos(), "duplicate symbol '" + name + "' (first defined on " + where + ")");
        }
        inOrder.add(d);
    }

    /** The definition of {@code name}, or null. */
    Definition get(String name) {
        return byName.get(name);
    }

    /** Every definition in the order they were written. */
    List<Definition> all() {
        return inOrder;
    }
}
