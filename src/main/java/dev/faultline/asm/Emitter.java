package dev.faultline.asm;

import dev.faultline.isa.Instruction;
import java.util.EnumMap;
import java.util.Map;

/**
 * The third pass: with every address known, evaluates the operands and writes each item's bytes into
 * its section's image. An image covers a section from its page-aligned start ({@link Layout.Extent#vaddr()});
 * bss has none.
 */
final class Emitter {
    private final Evaluator evaluator;
    private final InstructionEncoder encoder;
    private final Diagnostics diagnostics;

    Emitter(Evaluator evaluator, Diagnostics diagnostics) {
        this.evaluator = evaluator;
        this.encoder = new InstructionEncoder(evaluator);
        this.diagnostics = diagnostics;
    }

    /** The bytes of every section kept in the file. */
    Map<Section, byte[]> emit(Program program, Map<Section, Layout.Extent> extents) {
        Map<Section, byte[]> images = new EnumMap<>(Section.class);
        for (Section s : Section.values()) {
            Layout.Extent e = extents.get(s);
            boolean hasImage = s.holdsFileBytes() && !e.isEmpty();
            images.put(s, new byte[hasImage ? (int) (e.end() - e.vaddr()) : 0]);
        }
        for (Item item : program.items) {
            if (item.failed || (item.opcode == null && item.directive == null)) continue;
            Layout.Extent e = extents.get(item.section);
            try {
                write(item, images.get(item.section), (int) (item.address - e.vaddr()));
            } catch (AsmException ex) {
                diagnostics.error(ex);
            }
        }
        return images;
    }

    private void write(Item item, byte[] image, int offset) throws AsmException {
        if (item.opcode != null) {
            Instruction insn = encoder.encode(item.opcode, item.operands, item.address, item.pos());
            insn.encode(image, offset);
            return;
        }
        switch (item.directive) {
            case BYTE, HALF, WORD -> values(item, image, offset);
            case ASCII, ASCIZ -> strings(item, image, offset);
            case SPACE -> space(item, image, offset);
            default -> { } // .align and .org leave zeros
        }
    }

    /** {@code .byte}, {@code .half}, {@code .word}: each value must fit its width, signed or unsigned. */
    private void values(Item item, byte[] image, int offset) throws AsmException {
        int width = item.directive.width;
        for (Operand o : item.operands) {
            Expr e = ((Operand.Value) o).expr();
            long v = checked(evaluator.eval(e, item.address), width, item.directive.spelling(), e.pos());
            for (int i = 0; i < width; i++) image[offset++] = (byte) (v >> (8 * i));
        }
    }

    private static void strings(Item item, byte[] image, int offset) {
        for (Operand o : item.operands) {
            byte[] bytes = ((Operand.Text) o).bytes();
            System.arraycopy(bytes, 0, image, offset, bytes.length);
            offset += bytes.length + (item.directive == Directive.ASCIZ ? 1 : 0);
        }
    }

    /** {@code .space n, fill}: in .bss the fill can only be 0. */
    private void space(Item item, byte[] image, int offset) throws AsmException {
        if (item.operands.size() < 2) return;
        Operand o = item.operands.get(1);
        if (!(o instanceof Operand.Value v)) {
            throw new AsmException(o.pos(), "expected a fill byte, found " + Operand.describe(o));
        }
        long fill = checked(evaluator.eval(v.expr(), item.address), 1, ".space fill", o.pos());
        if (!item.section.holdsFileBytes()) {
            if (fill != 0) throw new AsmException(o.pos(), ".bss holds only zeros: the fill must be 0");
            return;
        }
        java.util.Arrays.fill(image, offset, offset + (int) item.size, (byte) fill);
    }

    /** A value for a field {@code width} bytes wide takes -2^(8w-1) .. 2^(8w)-1. */
    static long checked(long v, int width, String what, Pos pos) throws AsmException {
        long min = -(1L << (8 * width - 1)), max = (1L << (8 * width)) - 1;
        if (v < min || v > max) {
            String field = width == 1 ? "a byte" : width == 2 ? "16 bits" : "32 bits";
            throw new AsmException(pos, "value " + v + " does not fit in " + field + " (" + min + ".." + max
                    + ") for " + what);
        }
        return v;
    }
}
