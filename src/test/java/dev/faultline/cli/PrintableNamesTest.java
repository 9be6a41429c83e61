package dev.faultline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.asm.Assembler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Names from an executable are printed as text with their control characters escaped (docs/flx.md): an
 * escape sequence in a symbol cannot retitle or recolour the terminal, and a newline cannot forge a trace line.
 */
class PrintableNamesTest {
    @TempDir
    Path tmp;

    private static final String EVIL_SYMBOL = "\u001b]0;pwned\u0007\n    999  pid 1   exit  ";
    private static final String EVIL_SOURCE = "s\u001b[31m\r\n.s";

    /** hello.s assembled, with a symbol's and the source file's names replaced by control characters. */
    private Path craftedExecutable() throws IOException {
        String placeholder = "p".repeat(EVIL_SYMBOL.length());
        String source = "_start: li a0, 0\n" + placeholder + ": sys exit\n";
        byte[] file = Assembler.assembleString("x".repeat(EVIL_SOURCE.length()), source).flx().write();
        replace(file, placeholder, EVIL_SYMBOL);
        replace(file, "x".repeat(EVIL_SOURCE.length()), EVIL_SOURCE);
        Path flx = tmp.resolve("crafted.flx");
        Files.write(flx, file);
        return flx;
    }

    private static void replace(byte[] file, String from, String to) {
        byte[] a = from.getBytes(StandardCharsets.UTF_8), b = to.getBytes(StandardCharsets.UTF_8);
        assertEquals(a.length, b.length);
        String all = new String(file, StandardCharsets.ISO_8859_1);
        int at = all.indexOf(new String(a, StandardCharsets.ISO_8859_1));
        assertTrue(at > 0, from);
        System.arraycopy(b, 0, file, at, b.length);
    }

    private static void assertNoControlCharacters(String text) {
        for (String line : text.split("\n", -1)) {
            for (char c : line.toCharArray()) {
                assertFalse(c < 0x20 && c != '\t' || c == 0x7f, "a control character " + (int) c + " in: " + line);
            }
        }
    }

    @Test
    void aTextTraceEscapesSymbolAndFileNames() throws IOException {
        CommandLineTest.Result r = CommandLineTest.run("run", craftedExecutable().toString(), "--trace=all");
        assertEquals(0, r.status(), r.err());
        assertNoControlCharacters(r.err());
        assertTrue(r.err().contains("<\\x1b]0;pwned\\x07\\n    999  pid 1   exit   (s\\x1b[31m\\r\\n.s:2)>"), r.err());
        assertFalse(r.err().lines().anyMatch(l -> l.startsWith("    999")), "no forged line");
    }

    @Test
    void disasmEscapesTheSourceName() throws IOException {
        CommandLineTest.Result r = CommandLineTest.run("disasm", craftedExecutable().toString());
        assertEquals(0, r.status(), r.err());
        assertNoControlCharacters(r.out());
        assertTrue(r.out().startsWith("; s\\x1b[31m\\r\\n.s  entry 0x"), r.out());
    }

    @Test
    void theDebuggerEscapesThemToo() throws IOException {
        Path script = tmp.resolve("script.txt");
        Files.writeString(script, "step\nregs\nquit\n");
        CommandLineTest.Result r = CommandLineTest.run("debug", craftedExecutable().toString(), "--script", script.toString());
        assertEquals(0, r.status(), r.err());
        assertNoControlCharacters(r.out());
        assertTrue(r.out().contains("\\x1b]0;pwned\\x07"), r.out());
    }
}
