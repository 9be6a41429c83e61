package dev.faultline.isa;

import java.util.Random;

/** Seeded random legal instructions for property tests. */
public final class RandomInstructions {
    private RandomInstructions() {}

    /** A random legal instruction: zero nibbles where the format says so, copy's register rule kept. */
    public static Instruction random(Opcode op, Random random) {
        while (true) {
            int d = op.dMustBeZero() ? 0 : random.nextInt(16);
            int a = op.aMustBeZero() ? 0 : random.nextInt(16);
            Instruction insn = switch (op.format) {
                case N -> new Instruction(op, 0, 0, 0, 0);
                case R -> new Instruction(op, d, a, 0, 0);
                case RRR -> new Instruction(op, d, a, random.nextInt(16), 0);
                case RI -> new Instruction(op, d, a, 0, random.nextInt());
                case J -> new Instruction(op, 0, 0, 0, random.nextInt());
                case B -> new Instruction(op, 0, random.nextInt(16), random.nextInt(16), random.nextInt());
            };
            if (insn.isLegal()) return insn;
        }
    }
}
