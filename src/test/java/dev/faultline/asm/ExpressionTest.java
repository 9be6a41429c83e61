package dev.faultline.asm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every expression operator, C precedence, literals, symbols and {@code .} (docs/assembler.md). */
class ExpressionTest {

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '=', quoteCharacter = '"', value = {
        "42 = 42", "0x2A = 42", "0X2a = 42", "0b101010 = 42", "'*' = 42", "'\\n' = 10", "'\\x41' = 65",
        "'\\0' = 0", "'\\\\' = 92", "'\\'' = 39",
        "-5 = -5", "~0 = -1", "--5 = 5", "-~5 = 6", "~-1 = 0",
        "6 * 7 = 42", "85 / 2 = 42", "-7 / 2 = -3", "7 % 3 = 1", "-7 % 3 = -1", "40 + 2 = 42", "44 - 2 = 42",
        "21 << 1 = 42", "168 >> 2 = 42", "-8 >> 1 = -4", "0x6F & 0x3A = 42", "0x60 ^ 0x4A = 42", "0x28 | 0x02 = 42",
        // precedence: * / % over + -, over << >>, over &, over ^, over |
        "2 + 3 * 4 = 14", "(2 + 3) * 4 = 20", "10 - 4 - 3 = 3", "100 / 10 / 5 = 2", "1 << 2 + 1 = 8",
        "1 + 1 << 2 = 8", "6 & 3 << 1 = 6", "1 | 2 ^ 3 = 1", "3 ^ 1 & 2 = 3", "1 | 6 & 3 = 3",
        "-2 * -3 = 6", "-(2 + 3) = -5", "~(1 << 4) & 0xFF = 239", "((((1)))) = 1",
        "PAGE_SIZE = 4096", "SYS_WRITE = 2", "PROT_READ | PROT_WRITE = 3", "SIGSEGV = 11",
        "MAP_PRIVATE | MAP_ANONYMOUS = 34", "O_RDWR = 2", "MADV_DONTNEED = 4", "MS_SYNC = 4"
    })
    void evaluates(String expr, long value) {
        assertEquals((int) value, Asm.equ(expr));
    }

    @Test
    void arithmeticIs64Bit() {
        assertEquals(1, Asm.equ("(1 << 40) >> 40"));
        assertEquals(0, Asm.equ("0x100000000 & 0xFFFFFFFF"));
        assertEquals(0xFFFFFFFFL, Asm.word("(1 << 32) - 1"));
    }

    @Test
    void symbolsAndForwardReferences() {
        var flx = Asm.ok("""
                        .equ a, b + 1
                        .equ b, c * 2
                c = 20
                _start: li a0, a
                        li a1, later - _start
                later:  nop
                """);
        assertEquals(41, Asm.symbol(flx, "a"));
        byte[] text = Asm.text(flx);
        assertEquals(41, text[2]);
        assertEquals(12, text[8]);
    }

    @Test
    void dotIsTheAddressOfTheStatement() {
        var flx = Asm.ok("""
                        nop
                here:   jmp .
                        .equ there, .
                        .rodata
                msg:    .ascii "abc"
                        .equ len, . - msg
                """);
        assertEquals(0x10001, Asm.symbol(flx, "here"));
        assertEquals(0x10006, Asm.symbol(flx, "there"));
        assertEquals(3, Asm.symbol(flx, "len"));
        byte[] text = Asm.text(flx);
        assertEquals(0, text[2]); // jmp . : rel32 = 0
    }

    @Test
    void symbolsAreCaseSensitive() {
        var flx = Asm.ok("""
                Foo = 1
                foo = 2
                        li a0, Foo + foo
                """);
        assertEquals(3, Asm.text(flx)[2]);
    }
}
