package dev.faultline.asm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.abi.Flx;
import java.util.List;
import java.util.stream.Collectors;

/** Helpers for assembler tests: assemble a snippet, get its sections' bytes or its errors. */
final class Asm {
    private Asm() {}

    /** Assembles {@code source} (named t.s) and fails the test on any error. */
    static Flx ok(String source) {
        AsmResult r = Assembler.assembleString("t.s", source);
        assertTrue(r.ok(), () -> "unexpected errors:\n" + r.formatDiagnostics());
        return r.flx();
    }

    /** The errors of {@code source}, each as {@code line:col: message}. */
    static List<String> errors(String source) {
        AsmResult r = Assembler.assembleString("t.s", source);
        assertFalse(r.ok(), "expected errors");
        return r.diagnostics().stream().map(d -> d.line() + ":" + d.column() + ": " + d.message())
                .collect(Collectors.toList());
    }

    /** Asserts that {@code source} has exactly one error, at {@code line:col}, whose message contains {@code words}. */
    static void error(String source, int line, int column, String words) {
        List<String> errors = errors(source);
        assertEquals(1, errors.size(), () -> "errors: " + errors);
        String e = errors.get(0);
        assertTrue(e.startsWith(line + ":" + column + ": "), () -> "expected " + line + ":" + column + ", got " + e);
        assertTrue(e.contains(words), () -> "expected '" + words + "' in: " + e);
    }

    /** The segment with these flags. */
    static Flx.Segment segment(Flx flx, int flags) {
        return flx.segments().stream().filter(s -> s.flags() == flags).findFirst()
                .orElseThrow(() -> new AssertionError("no segment with flags " + flags));
    }

    /** The text segment's file bytes. */
    static byte[] text(Flx flx) {
        return flx.segments().get(0).data();
    }

    /** The file bytes of the text of a one-section program written after {@code .text}. */
    static byte[] textOf(String body) {
        return text(ok("        .text\n" + body + "\n"));
    }

    /** The bytes of {@code body} assembled in .data. */
    static byte[] dataOf(String body) {
        Flx flx = ok("        .text\n        nop\n        .data\n" + body + "\n");
        return flx.segments().get(1).data();
    }

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) b[i] = (byte) values[i];
        return b;
    }

    /** The value of symbol {@code name}. */
    static int symbol(Flx flx, String name) {
        return flx.symbols().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no symbol " + name)).value();
    }

    /** The 32-bit value of a one-value {@code .word} expression. */
    static long word(String expr) {
        byte[] d = dataOf("        .word " + expr);
        return Integer.toUnsignedLong((d[0] & 0xFF) | (d[1] & 0xFF) << 8 | (d[2] & 0xFF) << 16 | (d[3] & 0xFF) << 24);
    }

    /** The value of an expression through {@code .equ} (64-bit, then stored as the symbol's 32 bits). */
    static int equ(String expr) {
        return symbol(ok("        .equ v, " + expr + "\n        nop\n"), "v");
    }
}
