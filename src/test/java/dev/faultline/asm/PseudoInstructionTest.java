package dev.faultline.asm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.faultline.isa.Opcode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each pseudo-instruction assembles to exactly the bytes of its expansion. */
class PseudoInstructionTest {

    @ParameterizedTest(name = "{0}  ==  {1}")
    @CsvSource(delimiter = '|', value = {
        "la a1, L            | li a1, L",
        "j L                 | jmp L",
        "not t0, t1          | xori t0, t1, -1",
        "neg t0, t1          | sub t0, zero, t1",
        "beqz a0, L          | beq a0, zero, L",
        "bnez a0, L          | bne a0, zero, L",
        "bgt a0, a1, L       | blt a1, a0, L",
        "ble a0, a1, L       | bge a1, a0, L",
        "bgtu a0, a1, L      | bltu a1, a0, L",
        "bleu a0, a1, L      | bgeu a1, a0, L",
        "BGT A0, a1, L       | blt a1, a0, L",
    })
    void expandsToTheRealInstruction(String pseudo, String real) {
        String frame = "        nop\nL:      nop\n        %s\n        nop\n";
        assertArrayEquals(Asm.textOf(String.format(frame, real)), Asm.textOf(String.format(frame, pseudo)));
    }

    @org.junit.jupiter.api.Test
    void everyRowExpandsToARealOpcode() {
        assertEquals(10, PseudoInstruction.all().size());
        for (PseudoInstruction p : PseudoInstruction.all()) {
            assertNotNull(Opcode.byMnemonic(p.opcode().mnemonic));
            assertEquals(Mnemonics.operandCount(p.opcode().syntax.pattern), p.expansion().size(), p.name());
        }
    }

    @org.junit.jupiter.api.Test
    void wrongOperandCountNamesThePseudoForm() {
        Asm.error("        bgt a0, L\nL: nop", 1, 9, "bgt takes 3 operands (a, b, label), not 2");
    }
}
