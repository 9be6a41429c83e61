package dev.faultline.asm;

import java.util.function.LongBinaryOperator;
import java.util.function.LongUnaryOperator;

/** An expression of docs/assembler.md, evaluated in 64-bit integers; {@code pos} is where it starts. */
sealed interface Expr {
    Pos pos();

    /** A literal: decimal, 0x, 0b or 'c'. */
    record Num(long value, Pos pos) implements Expr {}

    /** A symbol: a label, an .equ name or a predefined constant. */
    record Sym(String name, Pos pos) implements Expr {}

    /** {@code .}, the current address. */
    record Dot(Pos pos) implements Expr {}

    record Unary(UnaryOp op, Expr operand, Pos pos) implements Expr {}

    /** {@code pos} is where the expression starts; {@code opPos} is the operator's, where a division by zero is reported. */
    record Binary(BinaryOp op, Expr left, Expr right, Pos pos, Pos opPos) implements Expr {}

    enum UnaryOp {
        NEG("-", v -> -v), NOT("~", v -> ~v);

        final String symbol;
        final LongUnaryOperator apply;

        UnaryOp(String symbol, LongUnaryOperator apply) {
            this.symbol = symbol;
            this.apply = apply;
        }

        static UnaryOp of(String symbol) {
            return symbol.equals("-") ? NEG : NOT;
        }
    }

    /** Binary operators; division and remainder truncate toward zero, {@code >>} is arithmetic. */
    enum BinaryOp {
        MUL("*", (a, b) -> a * b), DIV("/", (a, b) -> a / b), REM("%", (a, b) -> a % b),
        ADD("+", Long::sum), SUB("-", (a, b) -> a - b),
        SHL("<<", (a, b) -> a << b), SHR(">>", (a, b) -> a >> b),
        AND("&", (a, b) -> a & b), XOR("^", (a, b) -> a ^ b), OR("|", (a, b) -> a | b);

        final String symbol;
        private final LongBinaryOperator apply;

        BinaryOp(String symbol, LongBinaryOperator apply) {
            this.symbol = symbol;
            this.apply = apply;
        }

        static BinaryOp of(String symbol) {
            for (BinaryOp op : values()) {
                if (op.symbol.equals(symbol)) return op;
            }
            throw new IllegalArgumentException("no binary operator " + symbol);
        }

        /** Applies the operator; a zero divisor or a shift outside 0..63 is an error at {@code pos}. */
        long apply(long a, long b, Pos pos) throws AsmException {
            if ((this == DIV || this == REM) && b == 0) throw new AsmException(pos, "division by zero");
            if ((this == SHL || this == SHR) && (b < 0 || b > 63)) {
                throw new AsmException(pos, "shift count " + b + " is outside 0..63");
            }
            return apply.applyAsLong(a, b);
        }
    }
}
