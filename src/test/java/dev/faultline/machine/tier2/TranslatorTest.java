package dev.faultline.machine.tier2;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.isa.Instruction;
import dev.faultline.isa.Opcode;
import dev.faultline.machine.PhysicalMemory;
import java.lang.invoke.MethodHandles;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;

/** The shape of the translated code: small enough for HotSpot to compile, whatever the page holds. */
class TranslatorTest {
    /** HotSpot does not compile a method of 8000 bytes of bytecode or more; stay well under. */
    private static final int HOTSPOT_LIMIT = 6000;

    private final Translator translator = new Translator(MethodHandles.lookup(), 63, 64);

    /** A page filled with one instruction, then a branch back to the start at the end of the page. */
    private static byte[] pageOf(Instruction insn) {
        byte[] frame = new byte[PhysicalMemory.PAGE_SIZE];
        byte[] one = insn.encode();
        int at = 0;
        while (at + one.length + 6 + 1 <= frame.length) {
            System.arraycopy(one, 0, frame, at, one.length);
            at += one.length;
        }
        byte[] back = new Instruction(Opcode.BNE, 0, 1, 0, -at).encode();
        System.arraycopy(back, 0, frame, at, back.length);
        return frame;
    }

    private static int runMethodSize(byte[] classFile) {
        int[] size = {0};
        // The Code attribute's length: read it from the class file through ASM's reader offsets.
        ClassReader reader = new ClassReader(classFile);
        char[] buf = new char[reader.getMaxStringLength()];
        int methods = methodsOffset(reader, buf);
        int count = reader.readUnsignedShort(methods);
        int p = methods + 2;
        for (int m = 0; m < count; m++) {
            String name = reader.readUTF8(p + 2, buf);
            int attributes = reader.readUnsignedShort(p + 6);
            p += 8;
            for (int a = 0; a < attributes; a++) {
                String attr = reader.readUTF8(p, buf);
                int length = reader.readInt(p + 2);
                if (name.equals("run") && attr.equals("Code")) size[0] = reader.readInt(p + 6 + 4);
                p += 6 + length;
            }
        }
        return size[0];
    }

    /** The offset of methods_count: after the header, the interfaces and the fields. */
    private static int methodsOffset(ClassReader reader, char[] buf) {
        int p = reader.header + 6;
        p += 2 + 2 * reader.readUnsignedShort(p);
        int fields = reader.readUnsignedShort(p);
        p += 2;
        for (int f = 0; f < fields; f++) {
            int attributes = reader.readUnsignedShort(p + 6);
            p += 8;
            for (int a = 0; a < attributes; a++) p += 6 + reader.readInt(p + 2);
        }
        return p;
    }

    @Test
    void aPageFullOfAnyInstructionGivesAMethodHotSpotCompiles() {
        Instruction[] kinds = {
            new Instruction(Opcode.LW, 2, 3, 0, 8), new Instruction(Opcode.SW, 2, 3, 0, 8),
            new Instruction(Opcode.ADD, 1, 2, 3, 0), new Instruction(Opcode.DIV, 1, 2, 3, 0),
            new Instruction(Opcode.LB, 2, 3, 0, 8), new Instruction(Opcode.PUSH, 0, 2, 0, 0),
            new Instruction(Opcode.POP, 2, 0, 0, 0), new Instruction(Opcode.NOP, 0, 0, 0, 0),
            new Instruction(Opcode.BEQ, 0, 1, 2, 6), new Instruction(Opcode.XCHG, 2, 3, 0, 0),
            new Instruction(Opcode.SLTU, 1, 2, 3, 0),
        };
        for (Instruction insn : kinds) {
            byte[] frame = pageOf(insn);
            byte[] code = translator.bytecode(0x10000, frame, new long[PhysicalMemory.PAGE_SIZE]);
            assertNotNull(code, insn.toString());
            int size = runMethodSize(code);
            assertTrue(size > 100 && size < HOTSPOT_LIMIT, insn + ": " + size + " bytes of bytecode");
        }
    }

    @Test
    void codeThatStartsWithAnInstructionTheLoopMustRunIsNotTranslated() {
        byte[] frame = pageOf(new Instruction(Opcode.SYS, 0, 0, 0, 1));
        assertNull(translator.bytecode(0x10000, frame, new long[PhysicalMemory.PAGE_SIZE]));
    }
}
