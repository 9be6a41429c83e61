package dev.faultline.asm;

import dev.faultline.abi.Constants;
import dev.faultline.isa.Reg;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Evaluates expressions in 64-bit integers against the symbol table. Labels have a value once laid out;
 * an {@code .equ} is evaluated when first needed (so forward references work) and remembered. An error
 * is an {@link AsmException} at the sub-expression that caused it. Definitions may refer to each other
 * at most {@link #MAX_CHAIN} deep; a chain deeper than that is reported once, and its members are
 * not evaluated again.
 */
final class Evaluator {
    static final int MAX_CHAIN = 1000;

    private final SymbolTable symbols;
    private final Map<SymbolTable.Definition, Long> equValues = new HashMap<>();
    private final Set<SymbolTable.Definition> evaluating = new LinkedHashSet<>();
    private final Set<SymbolTable.Definition> tooDeep = new HashSet<>();

    Evaluator(SymbolTable symbols) {
        this.symbols = symbols;
    }

    /** The value of {@code e} written at address {@code dot} (null where {@code .} has no value yet). */
    long eval(Expr e, Long dot) throws AsmException {
        return value(e, dot);
    }

    /** The value of a symbol's definition; for a label, its address. */
    long valueOf(SymbolTable.Definition d, Pos usedAt) throws AsmException {
        if (d.isLabel()) {
            if (!d.item().placed) throw notYetPlaced(d.name(), usedAt);
            return d.item().address;
        }
        Long known = equValues.get(d);
        if (known != null) return known;
        if (tooDeep.contains(d)) throw AsmException.alreadyReported(usedAt);
        if (evaluating.contains(d)) throw new AsmException(usedAt, "'" + d.name() + "' is defined in terms of itself");
        if (evaluating.size() >= MAX_CHAIN) {
            tooDeep.addAll(evaluating);
            throw new AsmException(usedAt, "symbol definitions refer to each other more than " + MAX_CHAIN + " deep");
        }
        evaluating.add(d);
        try {
            long v = value(d.value(), d.item().placed ? d.item().address : null);
            equValues.put(d, v);
            return v;
        } finally {
            evaluating.remove(d);
        }
    }

    private long value(Expr e, Long dot) throws AsmException {
        if (e instanceof Expr.Num n) return n.value();
        if (e instanceof Expr.Sym s) return symbol(s);
        if (e instanceof Expr.Dot d) {
            if (dot == null) throw new AsmException(d.pos(), "'.' has no address yet at this point");
            return dot;
        }
        if (e instanceof Expr.Unary u) return u.op().apply.applyAsLong(value(u.operand(), dot));
        return binary((Expr.Binary) e, dot);
    }

    /** A chain {@code a+b+c+...} is evaluated along its left spine in a loop, not by recursion. */
    private long binary(Expr.Binary top, Long dot) throws AsmException {
        Deque<Expr.Binary> spine = new ArrayDeque<>();
        Expr e = top;
        while (e instanceof Expr.Binary b) {
            spine.push(b);
            e = b.left();
        }
        long acc = value(e, dot);
        while (!spine.isEmpty()) {
            Expr.Binary b = spine.pop();
            acc = b.op().apply(acc, value(b.right(), dot), b.opPos());
        }
        return acc;
    }

    private long symbol(Expr.Sym s) throws AsmException {
        SymbolTable.Definition d = symbols.get(s.name());
        if (d != null) return valueOf(d, s.pos());
        Integer constant = Constants.predefined().get(s.name());
        if (constant != null) return constant;
        if (Reg.parse(s.name()) >= 0) {
            throw new AsmException(s.pos(), "'" + s.name() + "' is a register, not a value");
        }
        throw new AsmException(s.pos(), "undefined symbol '" + s.name() + "'");
    }

    private static AsmException notYetPlaced(String name, Pos usedAt) {
        return new AsmException(usedAt, "'" + name + "' has no address yet at this point: a .space, .align"
                + " or .org operand may use only constants and labels laid out before it");
    }
}
