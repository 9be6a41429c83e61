package dev.faultline.asm;

import dev.faultline.asm.parser.FaultlineLexer;
import dev.faultline.asm.parser.FaultlineParser;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;

/**
 * Lexes and parses one source line with the generated ANTLR parser. A line is parsed on its own (no
 * statement spans lines), which bounds the memory a huge input takes. Limits keep any input from
 * overflowing the stack: a line of at most {@link #MAX_LINE_CHARS} characters, expressions nested
 * at most {@link #MAX_NESTING} deep (a long chain such as {@code 1+2+3+...} is not deep: it is built
 * and evaluated in a loop).
 */
final class LineParser {
    static final int MAX_LINE_CHARS = 1 << 20;
    static final int MAX_NESTING = 256;

    private final Diagnostics diagnostics;

    LineParser(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    /** The statements of line {@code number} of {@code file}; none when the line has a syntax error. */
    SourceLine parse(SourceFile file, int number, int order) {
        return new SourceLine(file, number, order, statements(file, number, order));
    }

    private List<Statement> statements(SourceFile file, int number, int order) {
        String text = file.line(number);
        Pos lineStart = new Pos(file, number, 1, order);
        if (text.isBlank()) return List.of();
        if (text.length() > MAX_LINE_CHARS) {
            diagnostics.error(lineStart, "line is " + text.length() + " characters long; the limit is "
                    + MAX_LINE_CHARS);
            return List.of();
        }
        SyntaxErrors errors = new SyntaxErrors(lineStart);
        FaultlineLexer lexer = new FaultlineLexer(CharStreams.fromString(text));
        lexer.removeErrorListeners();
        lexer.addErrorListener(errors);
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        tokens.fill();
        if (!nestingWithinLimit(tokens.getTokens(), lineStart)) return List.of();
        FaultlineParser parser = new FaultlineParser(tokens);
        parser.removeErrorListeners();
        parser.addErrorListener(errors);
        FaultlineParser.LineContext tree;
        try {
            tree = parser.line();
        } catch (StackOverflowError e) {
            diagnostics.error(lineStart, "statement nested too deeply to parse");
            return List.of();
        }
        if (errors.reported) return List.of();
        return new StatementBuilder(diagnostics, file, number, order).build(tree);
    }

    /**
     * Reports and returns false when an expression nests deeper than {@link #MAX_NESTING}: each open
     * parenthesis and each pending unary operator ({@code -(-(~x))}) is one level, as it is one level
     * of recursion in the parser and the evaluator.
     */
    private boolean nestingWithinLimit(List<Token> tokens, Pos lineStart) {
        Deque<Integer> open = new ArrayDeque<>(); // depth outside each open parenthesis
        int depth = 0;
        int previous = FaultlineLexer.COMMA;
        for (Token t : tokens) {
            int type = t.getType();
            if (type == FaultlineLexer.LPAREN || (isUnary(type) && !endsOperand(previous))) {
                if (++depth > MAX_NESTING) {
                    diagnostics.error(lineStart.atColumn(t.getCharPositionInLine() + 1),
                            "expression nested more than " + MAX_NESTING + " deep");
                    return false;
                }
                if (type == FaultlineLexer.LPAREN) open.push(depth);
            } else if (endsOperand(type) || type == FaultlineLexer.COMMA) {
                if (type == FaultlineLexer.RPAREN && !open.isEmpty()) open.pop();
                depth = open.isEmpty() ? 0 : open.peek();
            }
            previous = type;
        }
        return true;
    }

    private static boolean isUnary(int type) {
        return type == FaultlineLexer.MINUS || type == FaultlineLexer.TILDE;
    }

    /** Tokens after which a {@code -} is binary. */
    private static boolean endsOperand(int type) {
        return type == FaultlineLexer.NUMBER || type == FaultlineLexer.IDENT || type == FaultlineLexer.CHAR
                || type == FaultlineLexer.DOT || type == FaultlineLexer.RPAREN;
    }

    /** Reports the first syntax error of the line as {@code file:line:col}; ANTLR's columns start at 0. */
    private final class SyntaxErrors extends BaseErrorListener {
        private final Pos lineStart;
        boolean reported;

        SyntaxErrors(Pos lineStart) {
            this.lineStart = lineStart;
        }

        @Override
        public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line,
                int charPositionInLine, String msg, RecognitionException e) {
            if (reported) return;
            reported = true;
            diagnostics.error(lineStart.atColumn(charPositionInLine + 1), message(offendingSymbol, msg));
        }

        private static String message(Object offendingSymbol, String antlrMessage) {
            if (!(offendingSymbol instanceof Token token)) return "syntax error: " + antlrMessage;
            return switch (token.getType()) {
                case Token.EOF -> "syntax error: the statement ends too early";
                case FaultlineLexer.ERROR_CHAR -> "syntax error: unexpected character " + quote(token.getText());
                case FaultlineLexer.UNTERMINATED_STRING -> "unterminated string: the closing \" is missing";
                default -> "syntax error: unexpected " + quote(token.getText());
            };
        }

        private static String quote(String text) {
            String shown = text.length() > 40 ? text.substring(0, 40) + "..." : text;
            StringBuilder sb = new StringBuilder("'");
            shown.codePoints().forEach(c -> sb.append(c < 0x20 || c == 0x7F || c == 0xFFFD
                    ? String.format("\\x%02x", c & 0xFF) : new String(Character.toChars(c))));
            return sb.append('\'').toString();
        }
    }
}
