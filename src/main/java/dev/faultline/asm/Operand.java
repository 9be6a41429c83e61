package dev.faultline.asm;

/** One operand of an instruction or directive, as written. */
sealed interface Operand {
    Pos pos();

    /** An expression; also a register, written as a bare name. */
    record Value(Expr expr) implements Operand {
        public Pos pos() {
            return expr.pos();
        }
    }

    /** {@code offset(base)} or {@code (base)} (offset null); {@code basePos} is the register name's. */
    record Memory(Expr offset, String base, Pos basePos, Pos pos) implements Operand {}

    /** A string literal, escapes already decoded into bytes. */
    record Text(byte[] bytes, Pos pos) implements Operand {}

    /** A synthetic register operand (pseudo-instruction expansions). */
    static Operand register(String name, Pos pos) {
        return new Value(new Expr.Sym(name, pos));
    }

    /** True for names of the form rN, so that r16 is reported as an unknown register. */
    static boolean looksLikeRegister(String name) {
        return name.length() >= 2 && (name.charAt(0) == 'r' || name.charAt(0) == 'R')
                && name.substring(1).chars().allMatch(Character::isDigit);
    }

    /** What the operand is, for messages. */
    static String describe(Operand operand) {
        if (operand instanceof Value v) return v.expr() instanceof Expr.Sym s ? "'" + s.name() + "'" : "an expression";
        return operand instanceof Memory ? "a memory operand" : "a string";
    }
}
