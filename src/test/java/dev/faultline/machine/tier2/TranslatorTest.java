package dev.faultline.machine.tier2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.isa.Instruction;
import dev.faultline.isa.Opcode;
import dev.faultline.machine.PhysicalMemory;
import java.lang.invoke.MethodHandles;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

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

    /** A page holding every opcode of the table once (each with registers r1..r3), then a branch back. */
    private static byte[] pageOfEveryOpcode() {
        byte[] frame = new byte[PhysicalMemory.PAGE_SIZE];
        int at = 0;
        for (Opcode op : Opcode.values()) {
            Instruction insn = switch (op) {
                case COPY -> new Instruction(op, 1, 2, 3, 0);
                default -> new Instruction(op, op.dMustBeZero() ? 0 : 1, op.aMustBeZero() ? 0 : 2, 3, 16);
            };
            at += insn.encode(frame, at);
        }
        new Instruction(Opcode.BNE, 0, 1, 0, -at).encode(frame, at);
        return frame;
    }

    /** The members of other classes that the generated code of a page names: owner, name, descriptor. */
    private static Set<Translator.Member> membersNamedBy(byte[] classFile) {
        Set<Translator.Member> named = new HashSet<>();
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String desc, String sig, String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitFieldInsn(int opcode, String owner, String field, String descriptor) {
                        named.add(new Translator.Member(owner, field, descriptor));
                    }

                    @Override
                    public void visitMethodInsn(int opcode, String owner, String method, String descriptor, boolean itf) {
                        if (!owner.startsWith("java/")) named.add(new Translator.Member(owner, method, descriptor));
                    }
                };
            }
        }, 0);
        return named;
    }

    @Test
    void everyMemberTheGeneratedCodeNamesIsInTheCheckedList() {
        Set<Translator.Member> named = new HashSet<>();
        byte[][] pages = {pageOfEveryOpcode(), pageOf(new Instruction(Opcode.LW, 2, 3, 0, 8)),
            pageOf(new Instruction(Opcode.SW, 2, 3, 0, 8)), pageOf(new Instruction(Opcode.DIV, 1, 2, 3, 0))};
        for (byte[] frame : pages) {
            for (int mask : new int[] {63, -1}) { // a power-of-two TLB and another size
                byte[] code = new Translator(MethodHandles.lookup(), mask, 3).bytecode(0x10000, frame,
                        new long[PhysicalMemory.PAGE_SIZE]);
                named.addAll(membersNamedBy(code));
            }
        }
        named.removeIf(m -> m.owner().startsWith("dev/faultline/machine/Region")); // the region's own class
        Set<Translator.Member> unchecked = new HashSet<>(named);
        Translator.MEMBERS.forEach(unchecked::remove);
        assertEquals(Set.of(), unchecked, "members the bytecode names that the translator does not check");
        assertTrue(named.size() >= 25, named.size() + " members named: the pages did not reach every path");
    }

    @Test
    void aMissingOrChangedMemberFailsAtOnceNamingIt() {
        Translator.checkMembers(Translator.MEMBERS);
        IllegalStateException missing = assertThrows(IllegalStateException.class, () -> Translator.checkMembers(
                List.of(new Translator.Member("dev/faultline/machine/Cpu", "fetchPage", "I"))));
        assertEquals("the second tier's translator names dev.faultline.machine.Cpu.fetchPage : I, which does not "
                + "exist: it was renamed or changed; update tier2.Translator to match", missing.getMessage());
        IllegalStateException retyped = assertThrows(IllegalStateException.class, () -> Translator.checkMembers(
                List.of(new Translator.Member("dev/faultline/machine/Cpu", "loadSlow", "(III)I"))));
        assertTrue(retyped.getMessage().contains("dev.faultline.machine.Cpu.loadSlow(III)I"), retyped.getMessage());
    }

    @Test
    void codeThatStartsWithAnInstructionTheLoopMustRunIsNotTranslated() {
        byte[] frame = pageOf(new Instruction(Opcode.SYS, 0, 0, 0, 1));
        assertNull(translator.bytecode(0x10000, frame, new long[PhysicalMemory.PAGE_SIZE]));
    }

    @Test
    void aClassIsMadeOnceForTheSameCodePageEntryAndTlbAndAgainForAnyOther() throws IllegalAccessException {
        MethodHandles.Lookup cpu = MethodHandles.privateLookupIn(dev.faultline.machine.Cpu.class, MethodHandles.lookup());
        Translator translator = new Translator(cpu, 63, 64);
        byte[] frame = pageOf(new Instruction(Opcode.ADDI, 1, 1, 0, 7));
        Region first = translator.translate(0x7770000, frame, new long[PhysicalMemory.PAGE_SIZE]);
        // another translator (another kernel's CPU), the same page copied into another frame
        Region again = new Translator(cpu, 63, 64).translate(0x7770000, frame.clone(),
                new long[PhysicalMemory.PAGE_SIZE]);
        assertNotNull(first);
        assertTrue(first != again, "a new region object for each CPU");
        assertEquals(first.getClass(), again.getClass());
        byte[] changed = frame.clone();
        changed[4000] = 0x01; // a nop where the loop never reaches: still other code
        assertTrue(first.getClass() != translator.translate(0x7770000, changed, new long[PhysicalMemory.PAGE_SIZE]).getClass());
        assertTrue(first.getClass() != translator.translate(0x7771000, frame, new long[PhysicalMemory.PAGE_SIZE]).getClass());
        assertTrue(first.getClass() != translator.translate(0x7770006, frame, new long[PhysicalMemory.PAGE_SIZE]).getClass());
        assertTrue(first.getClass() != new Translator(cpu, 0, 1).translate(0x7770000, frame,
                new long[PhysicalMemory.PAGE_SIZE]).getClass());
    }
}
