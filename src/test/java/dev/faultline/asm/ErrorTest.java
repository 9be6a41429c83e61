package dev.faultline.asm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Every assembler error, with its exact line and 1-based column; all errors of a file are reported. */
class ErrorTest {

    @Test
    void unknownMnemonic() {
        Asm.error("_start: nop\n        lwz   a0, 0(sp)\n", 2, 9, "unknown mnemonic 'lwz'");
    }

    @Test
    void wrongOperandCount() {
        Asm.error("        add   a0, a1\n", 1, 9, "add takes 3 operands (d, a, b), not 2");
        Asm.error("        nop a0\n", 1, 9, "nop takes no operands, not 1");
    }

    @Test
    void wrongOperandKind() {
        Asm.error("        add a0, a1, 5\n", 1, 21, "expected a register, found an expression");
        Asm.error("        li 5, 5\n", 1, 12, "expected a register");
        Asm.error("        lw a0, \"x\"\n", 1, 16, "expected an expression, found a string");
        Asm.error("        xchg a0, 4(a1)\n", 1, 18, "takes no offset");
        Asm.error("        xchg a0, a1\n", 1, 18, "expected (register)");
        Asm.error("        jmp 4(sp)\n", 1, 13, "expected an expression, found a memory operand");
        Asm.error("        .byte \"s\"\n        nop\n", 1, 15, "expected an expression, found a string");
        Asm.error("        .ascii 5\n        nop\n", 1, 16, "expected a string");
    }

    @Test
    void unknownRegister() {
        Asm.error("        li    r16, 5\n", 1, 15, "unknown register 'r16'");
        Asm.error("        lw    a0, 0(r99)\n", 1, 21, "unknown register 'r99'");
        Asm.error("        mov   a0, bogus\n", 1, 19, "expected a register, found 'bogus'");
    }

    @Test
    void undefinedSymbol() {
        Asm.error("        jmp   nowhere\n", 1, 15, "undefined symbol 'nowhere'");
        Asm.error("        li a0, 1 + (2 * missing)\n", 1, 25, "undefined symbol 'missing'");
        Asm.error("        .equ x, y\n        nop\n", 1, 17, "undefined symbol 'y'");
        Asm.error("        li a0, a1\n", 1, 16, "'a1' is a register, not a value");
    }

    @Test
    void duplicateSymbol() {
        Asm.error("dup:    nop\ndup:    nop\n", 2, 1, "duplicate symbol 'dup' (first defined on line 1)");
        Asm.error("x = 1\n        .equ x, 2\n        nop\n", 2, 14, "duplicate symbol 'x'");
        Asm.error("PAGE_SIZE = 1\n        nop\n", 1, 1, "predefined constant");
        Asm.error("a0:     nop\n", 1, 1, "'a0' is a register name");
    }

    @Test
    void valueOutOfRange() {
        Asm.error("        nop\n        .byte 300\n", 2, 15, "value 300 does not fit in a byte (-128..255)");
        Asm.error("        nop\n        .byte -129\n", 2, 15, "does not fit in a byte");
        Asm.error("        nop\n        .half 65536\n", 2, 15, "does not fit in 16 bits (-32768..65535)");
        Asm.error("        nop\n        .half 1, -32769\n", 2, 18, "does not fit in 16 bits");
        Asm.error("        nop\n        .word 0x100000000\n", 2, 15, "does not fit in 32 bits");
        Asm.error("        nop\n        .space 4, 256\n", 2, 19, "does not fit in a byte");
        Asm.error("        addi a0, a0, 1 << 32\n", 1, 22, "does not fit in 32 bits");
        Asm.error("        jmp 0x100000000\n", 1, 13, "does not fit in 32 bits");
    }

    @Test
    void orgBackwards() {
        Asm.error("        nop\n        nop\n        .org 0x10001\n", 3, 14, ".org 0x10001 is behind the current address 0x10002");
        Asm.error("        .org 0x1000\n        nop\n", 1, 14, "must start inside user space");
    }

    @Test
    void alignNotAPowerOfTwo() {
        Asm.error("        nop\n        .align 3\n", 2, 16, "must be a power of two");
        Asm.error("        nop\n        .align 0\n", 2, 16, "must be a power of two");
    }

    @Test
    void unterminatedString() {
        Asm.error("        nop\n        .ascii \"unterminated\n", 2, 16, "unterminated string");
    }

    @Test
    void unknownEscape() {
        Asm.error("        nop\n        .ascii \"ab\\qc\"\n", 2, 19, "unknown escape '\\q'");
        Asm.error("        nop\n        .ascii \"\\xZ\"\n", 2, 17, "\\x needs one or two hex digits");
        Asm.error("        li a0, '\\q'\n", 1, 17, "unknown escape");
    }

    @Test
    void emptyProgram() {
        Asm.error("", 1, 1, "empty program");
        Asm.error("; nothing\n        .equ x, 1\nlabel:\n        .data\n", 1, 1, "empty program");
    }

    @Test
    void syntaxErrors() {
        Asm.error("        li a0, 1 +\n", 1, 19, "syntax error");
        Asm.error("        li a0, @\n", 1, 16, "unexpected character '@'");
        Asm.error("        li a0, (1\n", 1, 18, "syntax error");
        Asm.error("        li a0, 12ab\n", 1, 16, "malformed number '12ab'");
        Asm.error("        li a0, 0x\n", 1, 16, "malformed number");
        Asm.error("        li a0, 99999999999999999999\n", 1, 16, "does not fit in 64 bits");
        Asm.error("        li a0, 'ab'\n", 1, 16, "exactly one byte");
        Asm.error("        .frob 1\n        nop\n", 1, 9, "unknown directive '.frob'");
    }

    @Test
    void otherRules() {
        Asm.error("        nop\n        .bss\n        nop\n", 3, 9, "cannot go in .bss");
        Asm.error("        nop\n        .bss\n        .word 1\n", 3, 9, "cannot go in .bss");
        Asm.error("        nop\n        .bss\n        .space 4, 1\n", 3, 19, "only zeros");
        Asm.error("        li a0, 1 / 0\n", 1, 18, "division by zero");
        Asm.error("        li a0, 1 % (2 - 2)\n", 1, 18, "division by zero");
        Asm.error("        li a0, 1 << 64\n", 1, 18, "shift count 64");
        assertTrue(Asm.errors("a = b\nb = a\n        nop\n").contains("2:5: 'a' is defined in terms of itself"));
        Asm.error("        .space later\nlater:  nop\n", 1, 16, "has no address yet");
        Asm.error("        nop\n        .entry a\n        .entry a\na:      nop\n", 3, 9, "already set");
        Asm.error("        .text 1\n        nop\n", 1, 9, ".text takes no operands");
    }

    /** One file with many kinds of error, one on each of its faulty lines: every one is reported. */
    @Test
    void allErrorsOfAFileAreReportedInOrder() {
        List<String> errors = Asm.errors("""
                        .text
                _start: li    a0, 1
                        lwz   a0, 0(sp)
                        add   a0, a1
                        li    r16, 5
                        jmp   nowhere
                dup:    nop
                dup:    nop
                        .byte 300
                        .ascii "unterminated
                """);
        List<String> where = errors.stream().map(e -> e.substring(0, e.indexOf(": "))).toList();
        assertEquals(List.of("3:9", "4:9", "5:15", "6:15", "8:1", "9:15", "10:16"), where);
    }

    @Test
    void formattedDiagnosticHasSourceLineAndCaret() {
        AsmResult r = Assembler.assembleString("x.s", "\tfrob a0\n");
        assertEquals("x.s:1:2: error: unknown mnemonic 'frob'\n\tfrob a0\n\t^\n", r.formatDiagnostics());
        assertTrue(r.flx() == null && !r.ok());
    }
}
