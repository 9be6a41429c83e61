package dev.faultline.asm;

import dev.faultline.abi.Syscall;
import dev.faultline.isa.Csr;
import dev.faultline.isa.Instruction;
import dev.faultline.isa.Opcode;
import dev.faultline.isa.Reg;
import dev.faultline.isa.Syntax;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a resolved instruction's operands into an {@link Instruction}. What each operand means comes from
 * the opcode's {@link Syntax} pattern (e.g. {@code d, imm(s)}), so the encoder knows no instruction by name.
 */
final class InstructionEncoder {

    /** One operand position of a {@link Syntax} pattern and the encoding field it fills. */
    enum Slot {
        /** a register into d ({@code d}, or {@code v} of a store) */
        REG_D,
        /** a register into the s/a nibble */
        REG_A,
        /** a register into b */
        REG_B,
        /** an imm32 expression */
        IMM,
        /** {@code imm(s)}, {@code (s)} or {@code symbol} (= {@code symbol(zero)}) */
        MEMORY,
        /** {@code (s)} only */
        MEMORY_NO_OFFSET,
        /** a CSR name or number */
        CSR,
        /** a syscall name or number */
        SYSCALL,
        /** a branch or jump target: imm = target - this instruction */
        TARGET;

        static Slot of(String written) {
            return switch (written) {
                case "d", "v" -> REG_D;
                case "s", "a" -> REG_A;
                case "b" -> REG_B;
                case "imm" -> IMM;
                case "imm(s)" -> MEMORY;
                case "(s)" -> MEMORY_NO_OFFSET;
                case "csr" -> CSR;
                case "n" -> SYSCALL;
                case "label" -> TARGET;
                default -> throw new IllegalArgumentException("no operand slot for '" + written + "'");
            };
        }
    }

    private static final Map<Syntax, List<Slot>> SLOTS = slotTable();

    static final long IMM_MIN = -(1L << 31), IMM_MAX = (1L << 32) - 1;

    private final Evaluator evaluator;

    InstructionEncoder(Evaluator evaluator) {
        this.evaluator = evaluator;
    }

    /** The operand slots of a syntax, from its pattern. */
    static List<Slot> slots(Syntax syntax) {
        return SLOTS.get(syntax);
    }

    /** Encodes {@code op} with these operands at address {@code pc}. */
    Instruction encode(Opcode op, List<Operand> operands, long pc, Pos pos) throws AsmException {
        int[] fields = new int[4]; // d, a, b, imm
        List<Slot> slots = slots(op.syntax);
        for (int i = 0; i < slots.size(); i++) fill(slots.get(i), operands.get(i), pc, fields);
        if (op == Opcode.COPY && !Instruction.copyRegistersLegal(fields[0], fields[1], fields[2])) {
            throw new AsmException(pos, "copy needs d and a to be two different registers other than r0,"
                    + " and b to differ from both unless it is r0");
        }
        return new Instruction(op, fields[0], fields[1], fields[2], fields[3]);
    }

    private void fill(Slot slot, Operand operand, long pc, int[] fields) throws AsmException {
        switch (slot) {
            case REG_D -> fields[0] = register(operand);
            case REG_A -> fields[1] = register(operand);
            case REG_B -> fields[2] = register(operand);
            case IMM -> fields[3] = imm32(expression(operand), pc);
            case MEMORY -> memory(operand, pc, fields);
            case MEMORY_NO_OFFSET -> memoryNoOffset(operand, pc, fields);
            case CSR -> fields[3] = csr(operand, pc);
            case SYSCALL -> fields[3] = syscall(operand, pc);
            case TARGET -> fields[3] = (int) (imm32(expression(operand), pc) - pc);
        }
    }

    /** A register written as {@code rN} or by its ABI name, any case. */
    static int register(Operand operand) throws AsmException {
        if (operand instanceof Operand.Value v && v.expr() instanceof Expr.Sym s) {
            return register(s.name(), s.pos());
        }
        throw new AsmException(operand.pos(), "expected a register, found " + Operand.describe(operand));
    }

    private static int register(String name, Pos pos) throws AsmException {
        int r = Reg.parse(name);
        if (r >= 0) return r;
        if (Operand.looksLikeRegister(name)) {
            throw new AsmException(pos, "unknown register '" + name + "' (registers are r0..r15)");
        }
        throw new AsmException(pos, "expected a register, found '" + name + "'");
    }

    private static Expr expression(Operand operand) throws AsmException {
        if (operand instanceof Operand.Value v) return v.expr();
        throw new AsmException(operand.pos(), "expected an expression, found " + Operand.describe(operand));
    }

    private int imm32(Expr e, long pc) throws AsmException {
        long v = evaluator.eval(e, pc);
        if (v < IMM_MIN || v > IMM_MAX) {
            throw new AsmException(e.pos(), "value " + v + " does not fit in 32 bits (" + IMM_MIN + ".." + IMM_MAX + ")");
        }
        return (int) v;
    }

    /** {@code imm(s)}, {@code (s)}, or an expression alone, which is {@code expr(zero)}. */
    private void memory(Operand operand, long pc, int[] fields) throws AsmException {
        if (operand instanceof Operand.Memory m) {
            fields[1] = register(m.base(), m.basePos());
            fields[3] = m.offset() == null ? 0 : imm32(m.offset(), pc);
        } else {
            fields[1] = Reg.ZERO;
            fields[3] = imm32(expression(operand), pc);
        }
    }

    private void memoryNoOffset(Operand operand, long pc, int[] fields) throws AsmException {
        if (!(operand instanceof Operand.Memory m)) {
            throw new AsmException(operand.pos(), "expected (register), found " + Operand.describe(operand));
        }
        if (m.offset() != null && evaluator.eval(m.offset(), pc) != 0) {
            throw new AsmException(m.offset().pos(), "this instruction takes no offset: write (register)");
        }
        fields[1] = register(m.base(), m.basePos());
    }

    private int csr(Operand operand, long pc) throws AsmException {
        if (operand instanceof Operand.Value v && v.expr() instanceof Expr.Sym s) {
            Csr c = Csr.byName(s.name());
            if (c != null) return c.number;
        }
        return imm32(expression(operand), pc);
    }

    /** {@code sys write}: a lower-case syscall name comes before any symbol of the same name. */
    private int syscall(Operand operand, long pc) throws AsmException {
        if (operand instanceof Operand.Value v && v.expr() instanceof Expr.Sym s) {
            Syscall call = Syscall.byName(s.name());
            if (call != null && call.lowerName().equals(s.name())) return call.number;
            try {
                return imm32(expression(operand), pc);
            } catch (AsmException e) {
                Syscall near = Syscall.closest(s.name());
                if (e.getMessage() == null || !e.getMessage().startsWith("undefined symbol") || near == null) throw e;
                throw new AsmException(s.pos(), "unknown system call '" + s.name() + "' (did you mean " + near.lowerName() + "?)");
            }
        }
        return imm32(expression(operand), pc);
    }

    private static Map<Syntax, List<Slot>> slotTable() {
        Map<Syntax, List<Slot>> table = new EnumMap<>(Syntax.class);
        for (Syntax s : Syntax.values()) {
            table.put(s, s.pattern.isEmpty() ? List.of()
                    : Arrays.stream(s.pattern.split(", ")).map(Slot::of).toList());
        }
        return java.util.Collections.unmodifiableMap(table);
    }
}
