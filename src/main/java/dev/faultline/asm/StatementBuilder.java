package dev.faultline.asm;

import dev.faultline.asm.parser.FaultlineParser;
import dev.faultline.asm.parser.FaultlineParserBaseVisitor;
import dev.faultline.isa.Reg;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import org.antlr.v4.runtime.Token;

/**
 * Turns the parse tree of one line into {@link Statement}s; the tree goes no further. Malformed
 * literals are reported here, where their columns are known, and stand in as 0.
 */
final class StatementBuilder {
    private final Diagnostics diagnostics;
    private final SourceFile file;
    private final int lineNumber;
    private final int order;
    private final ExprVisitor exprs = new ExprVisitor();
    private final OperandVisitor operands = new OperandVisitor();
    private final StatementVisitor statements = new StatementVisitor();

    StatementBuilder(Diagnostics diagnostics, SourceFile file, int lineNumber, int order) {
        this.diagnostics = diagnostics;
        this.file = file;
        this.lineNumber = lineNumber;
        this.order = order;
    }

    List<Statement> build(FaultlineParser.LineContext line) {
        List<Statement> out = new ArrayList<>();
        for (FaultlineParser.LabelContext label : line.label()) {
            out.add(new Statement.Label(label.name.getText(), pos(label.name)));
        }
        if (line.statement() != null) out.add(statements.visit(line.statement()));
        return out;
    }

    private Pos pos(Token token) {
        return new Pos(file, lineNumber, token.getCharPositionInLine() + 1, order);
    }

    private List<Operand> operandList(FaultlineParser.OperandListContext list) {
        List<Operand> out = new ArrayList<>();
        if (list != null) {
            for (FaultlineParser.OperandContext o : list.operand()) out.add(operands.visit(o));
        }
        return out;
    }

    private Expr expr(FaultlineParser.ExprContext ctx) {
        return exprs.visit(ctx);
    }

    private final class StatementVisitor extends FaultlineParserBaseVisitor<Statement> {
        @Override
        public Statement visitAssignment(FaultlineParser.AssignmentContext ctx) {
            return new Statement.Assignment(ctx.name.getText(), expr(ctx.expr()), pos(ctx.name));
        }

        @Override
        public Statement visitDirective(FaultlineParser.DirectiveContext ctx) {
            return new Statement.Directive(ctx.name.getText().toLowerCase(Locale.ROOT),
                    operandList(ctx.operandList()), pos(ctx.name));
        }

        @Override
        public Statement visitInstruction(FaultlineParser.InstructionContext ctx) {
            return new Statement.Instruction(ctx.mnemonic.getText().toLowerCase(Locale.ROOT),
                    operandList(ctx.operandList()), pos(ctx.mnemonic));
        }
    }

    private final class OperandVisitor extends FaultlineParserBaseVisitor<Operand> {
        /** {@code (name)} is a memory operand when name is a register, else a parenthesised symbol. */
        @Override
        public Operand visitMemoryOperand(FaultlineParser.MemoryOperandContext ctx) {
            String base = ctx.base.getText();
            Pos start = pos(ctx.getStart());
            if (ctx.offset == null && Reg.parse(base) < 0 && !Operand.looksLikeRegister(base)) {
                return new Operand.Value(new Expr.Sym(base, pos(ctx.base)));
            }
            Expr offset = ctx.offset == null ? null : expr(ctx.offset);
            return new Operand.Memory(offset, base, pos(ctx.base), start);
        }

        @Override
        public Operand visitExpressionOperand(FaultlineParser.ExpressionOperandContext ctx) {
            return new Operand.Value(expr(ctx.expr()));
        }

        @Override
        public Operand visitStringOperand(FaultlineParser.StringOperandContext ctx) {
            String text = ctx.STRING().getText();
            Pos at = pos(ctx.STRING().getSymbol());
            return new Operand.Text(Literals.unescape(text.substring(1, text.length() - 1),
                    at.atColumn(at.column() + 1), diagnostics), at);
        }

        @Override
        public Operand visitUnterminatedStringOperand(FaultlineParser.UnterminatedStringOperandContext ctx) {
            String text = ctx.UNTERMINATED_STRING().getText();
            Pos at = pos(ctx.UNTERMINATED_STRING().getSymbol());
            diagnostics.error(at, "unterminated string: the closing \" is missing");
            return new Operand.Text(new byte[0], at);
        }
    }

    private final class ExprVisitor extends FaultlineParserBaseVisitor<Expr> {
        @Override
        public Expr visitParenExpr(FaultlineParser.ParenExprContext ctx) {
            return visit(ctx.expr());
        }

        @Override
        public Expr visitUnaryExpr(FaultlineParser.UnaryExprContext ctx) {
            return new Expr.Unary(Expr.UnaryOp.of(ctx.op.getText()), visit(ctx.expr()), pos(ctx.op));
        }

        /** Walks the left spine of a chain such as {@code a+b+c+...} iteratively: a long chain is not deep. */
        @Override
        public Expr visitBinaryExpr(FaultlineParser.BinaryExprContext ctx) {
            Deque<FaultlineParser.BinaryExprContext> spine = new ArrayDeque<>();
            FaultlineParser.ExprContext e = ctx;
            while (e instanceof FaultlineParser.BinaryExprContext b) {
                spine.push(b);
                e = b.expr(0);
            }
            Expr acc = visit(e);
            while (!spine.isEmpty()) {
                FaultlineParser.BinaryExprContext b = spine.pop();
                acc = new Expr.Binary(Expr.BinaryOp.of(b.op.getText()), acc, visit(b.expr(1)), acc.pos(), pos(b.op));
            }
            return acc;
        }

        @Override
        public Expr visitNumberExpr(FaultlineParser.NumberExprContext ctx) {
            Pos at = pos(ctx.NUMBER().getSymbol());
            try {
                return new Expr.Num(Literals.number(ctx.NUMBER().getText(), at), at);
            } catch (AsmException e) {
                diagnostics.error(e);
                return new Expr.Num(0, at);
            }
        }

        @Override
        public Expr visitCharExpr(FaultlineParser.CharExprContext ctx) {
            Pos at = pos(ctx.CHAR().getSymbol());
            try {
                return new Expr.Num(Literals.character(ctx.CHAR().getText(), at, diagnostics), at);
            } catch (AsmException e) {
                diagnostics.error(e);
                return new Expr.Num(0, at);
            }
        }

        @Override
        public Expr visitSymbolExpr(FaultlineParser.SymbolExprContext ctx) {
            return new Expr.Sym(ctx.IDENT().getText(), pos(ctx.IDENT().getSymbol()));
        }

        @Override
        public Expr visitDotExpr(FaultlineParser.DotExprContext ctx) {
            return new Expr.Dot(pos(ctx.DOT().getSymbol()));
        }
    }
}
