package dev.faultline.machine;

import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.isa.Instruction;
import dev.faultline.isa.Opcode;
import dev.faultline.isa.TrapCause;
import dev.faultline.machine.Rig.Config;
import dev.faultline.machine.Rig.Trap;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * "A program's results must never depend on TLB size or refill mode" (docs/isa.md section 4): seeded random
 * straight-line user programs of ALU, load/store, stack, xchg and copy instructions, many of them
 * misaligned and straddling pages, run with every {@link Rig#configs()} and must leave identical
 * registers, pc, retired count and physical memory (page tables and their A/D bits included).
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES) // a property test must fail, never hang
class TlbIndependenceTest {
    private static final int CODE = 0x10F40; // the program crosses into the next code page
    private static final int DATA = 0x20000, DATA_PAGES = 4, DATA_SIZE = DATA_PAGES * 0x1000;
    private static final int RODATA = 0x30000;
    /** r12 = RODATA, r13 = DATA, r14 = DATA + 0x2000: bases never written. r15 = sp. */
    private static final int RO_BASE = 12, LOW_BASE = 13, MID_BASE = 14, SP = 15;
    private static final int INSTRUCTIONS = 600;

    private static final Opcode[] RRR = {Opcode.ADD, Opcode.SUB, Opcode.MUL, Opcode.AND, Opcode.OR, Opcode.XOR,
        Opcode.SHL, Opcode.SHR, Opcode.SAR, Opcode.SLT, Opcode.SLTU};
    private static final Opcode[] DIVS = {Opcode.DIV, Opcode.DIVU, Opcode.REM, Opcode.REMU};
    private static final Opcode[] RI = {Opcode.ADDI, Opcode.ANDI, Opcode.ORI, Opcode.XORI, Opcode.SHLI, Opcode.SHRI,
        Opcode.SARI, Opcode.SLTI, Opcode.SLTIU};
    private static final Opcode[] LOADS = {Opcode.LW, Opcode.LH, Opcode.LHU, Opcode.LB, Opcode.LBU};
    private static final Opcode[] STORES = {Opcode.SW, Opcode.SH, Opcode.SB};

    /** A generated program: its code and the initial registers and data and read-only pages. */
    record Program(byte[] code, int count, byte[] data, byte[] rodata, int[] regs) {}

    /** What a run leaves behind; {@code data} is the data pages read back through the page tables. */
    record Outcome(int[] regs, int epc, long instret, byte[][] memory, byte[] data) {}

    static Program generate(long seed) {
        Random rnd = new Random(seed);
        ByteArrayOutputStream code = new ByteArrayOutputStream();
        int depth = 0, count = 0;
        while (count < INSTRUCTIONS) {
            for (Instruction insn : next(rnd, depth)) {
                code.writeBytes(insn.encode());
                count++;
                if (insn.op() == Opcode.PUSH) depth++;
                if (insn.op() == Opcode.POP) depth--;
            }
        }
        code.writeBytes(Rig.brk().encode());
        byte[] data = new byte[DATA_SIZE];
        byte[] rodata = new byte[0x1000];
        rnd.nextBytes(data);
        rnd.nextBytes(rodata);
        int[] regs = new int[16];
        for (int i = 1; i < 12; i++) regs[i] = rnd.nextInt(4) == 0 ? rnd.nextInt(64) - 32 : rnd.nextInt();
        regs[RO_BASE] = RODATA;
        regs[LOW_BASE] = DATA;
        regs[MID_BASE] = DATA + 0x2000;
        regs[SP] = DATA + 0x2000 + (seed % 2 == 0 ? 0 : 3); // sometimes a misaligned stack
        return new Program(code.toByteArray(), count, data, rodata, regs);
    }

    private static int dest(Random rnd) {
        return rnd.nextInt(12); // r0..r11, r0 included: writes to it are discarded
    }

    private static int any(Random rnd) {
        return rnd.nextInt(16);
    }

    private static int imm(Random rnd) {
        return switch (rnd.nextInt(3)) {
            case 0 -> rnd.nextInt(64) - 32;
            case 1 -> rnd.nextInt(33);
            default -> rnd.nextInt();
        };
    }

    /** An offset in [0, size - width], half the time within 4 bytes of a page boundary. */
    private static int offset(Random rnd, int size, int width) {
        if (rnd.nextBoolean()) {
            int boundaries = Math.max(1, (size - 1) / 0x1000);
            int boundary = 0x1000 * (1 + rnd.nextInt(boundaries));
            int off = boundary - 4 + rnd.nextInt(7);
            return Math.max(0, Math.min(size - width, off));
        }
        return rnd.nextInt(size - width + 1);
    }

    /** One to four instructions that cannot trap. */
    private static List<Instruction> next(Random rnd, int depth) {
        int kind = rnd.nextInt(100);
        if (kind < 25) return List.of(Rig.rrr(RRR[rnd.nextInt(RRR.length)], dest(rnd), any(rnd), any(rnd)));
        if (kind < 30) {
            int divisor = RO_BASE + rnd.nextInt(3); // a nonzero base register
            return List.of(Rig.rrr(DIVS[rnd.nextInt(DIVS.length)], dest(rnd), any(rnd), divisor));
        }
        if (kind < 45) return List.of(Rig.ri(RI[rnd.nextInt(RI.length)], dest(rnd), any(rnd), imm(rnd)));
        if (kind < 48) return List.of(Rig.li(dest(rnd), imm(rnd)));
        if (kind < 50) return List.of(Rig.r(Opcode.MOV, dest(rnd), any(rnd)));
        if (kind < 65) {
            Opcode op = LOADS[rnd.nextInt(LOADS.length)];
            int width = op == Opcode.LW ? 4 : op == Opcode.LB || op == Opcode.LBU ? 1 : 2;
            return switch (rnd.nextInt(3)) {
                case 0 -> List.of(Rig.ri(op, dest(rnd), LOW_BASE, offset(rnd, DATA_SIZE, width)));
                case 1 -> List.of(Rig.ri(op, dest(rnd), MID_BASE, offset(rnd, DATA_SIZE, width) - 0x2000));
                default -> List.of(Rig.ri(op, dest(rnd), RO_BASE, offset(rnd, 0x1000, width)));
            };
        }
        if (kind < 80) {
            Opcode op = STORES[rnd.nextInt(STORES.length)];
            int width = op == Opcode.SW ? 4 : op == Opcode.SB ? 1 : 2;
            int off = offset(rnd, DATA_SIZE, width);
            return rnd.nextBoolean()
                    ? List.of(Rig.ri(op, any(rnd), LOW_BASE, off))
                    : List.of(Rig.ri(op, any(rnd), MID_BASE, off - 0x2000));
        }
        if (kind < 86) {
            if (depth < 100 && (depth == 0 || rnd.nextBoolean())) return List.of(Rig.r(Opcode.PUSH, 0, any(rnd)));
            return List.of(Rig.r(Opcode.POP, 1 + rnd.nextInt(11), 0));
        }
        if (kind < 92) { // xchg through r11
            return List.of(Rig.addi(11, LOW_BASE, offset(rnd, DATA_SIZE, 4)), Rig.r(Opcode.XCHG, rnd.nextInt(11), 11));
        }
        // copy r9 <- r10, r11 bytes: source in the data or read-only pages, overlapping or not
        int len = rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(300);
        int dst = offset(rnd, DATA_SIZE - len, 1);
        Instruction src = rnd.nextInt(3) == 0
                ? Rig.addi(10, RO_BASE, rnd.nextInt(0x1000 - len + 1))
                : Rig.addi(10, LOW_BASE, Math.max(0, Math.min(DATA_SIZE - len, dst + rnd.nextInt(64) - 32)));
        return List.of(Rig.addi(9, LOW_BASE, dst), src, Rig.li(11, len), Rig.rrr(Opcode.COPY, 9, 10, 11));
    }

    static int codePages(Program p) {
        return (CODE & 0xFFF) + p.code().length + 0xFFF >>> 12;
    }

    static Outcome run(Program p, Config config) {
        Rig m = new Rig(config, 48, 7);
        for (int i = 0; i < codePages(p); i++) m.map((CODE & ~0xFFF) + i * 0x1000, Pte.X | Pte.U);
        // Data pages on frames in reverse order.
        int[] frames = new int[DATA_PAGES];
        for (int i = 0; i < DATA_PAGES; i++) frames[i] = m.frame();
        for (int i = 0; i < DATA_PAGES; i++) m.map(DATA + i * 0x1000, frames[DATA_PAGES - 1 - i], Pte.R | Pte.W | Pte.U);
        m.map(RODATA, Pte.R | Pte.U);
        for (int i = 0; i < p.code().length; i++) m.poke(CODE + i, p.code()[i]);
        for (int i = 0; i < DATA_SIZE; i++) m.poke(DATA + i, p.data()[i]);
        for (int i = 0; i < 0x1000; i++) m.poke(RODATA + i, p.rodata()[i]);
        for (int i = 1; i < 16; i++) m.cpu.setReg(i, p.regs()[i]);
        Trap t = m.runUser(CODE);
        assertEquals(TrapCause.BREAKPOINT, t.trapCause(), () -> config + ": " + t);
        assertEquals(1, m.traps.size(), () -> config + ": " + m.traps);
        byte[] data = new byte[DATA_SIZE];
        for (int i = 0; i < DATA_SIZE; i++) data[i] = (byte) m.peek(DATA + i);
        return new Outcome(m.regs(), t.epc(), m.cpu.instret(), m.allFrames(), data);
    }

    @Test
    void resultsDoNotDependOnTlbSizeOrRefillMode() {
        List<Config> configs = Rig.configs().collect(Collectors.toList());
        for (long seed = 1; seed <= 25; seed++) {
            Program p = generate(seed);
            Outcome reference = run(p, configs.get(0));
            assertEquals(p.count(), reference.instret(), "seed " + seed + ": every instruction retired");
            assertEquals(CODE + p.code().length - 1, reference.epc());
            for (Config config : configs.subList(1, configs.size())) {
                Outcome o = run(p, config);
                String what = "seed " + seed + ", " + config + " vs " + configs.get(0);
                assertArrayEquals(reference.regs(), o.regs(), what + ": registers");
                assertEquals(reference.epc(), o.epc(), what + ": pc");
                assertEquals(reference.instret(), o.instret(), what + ": retired");
                for (int pfn = 0; pfn < o.memory().length; pfn++) {
                    assertArrayEquals(reference.memory()[pfn], o.memory()[pfn], what + ": frame " + pfn);
                }
            }
        }
    }

    @Test
    void theGeneratorMakesProgramsThatDoSomething() {
        // Guards the property above against a generator that stopped doing anything interesting.
        Program p = generate(3);
        assertEquals(2, codePages(p), "the program crosses a code page boundary");
        Outcome o = run(p, new Config(0, false));
        int changed = 0;
        for (int i = 0; i < DATA_SIZE; i++) if (o.data()[i] != p.data()[i]) changed++;
        assertTrue(changed > 500, "bytes the program changed: " + changed);
        int same = 0;
        for (int i = 1; i < 12; i++) if (o.regs()[i] == p.regs()[i]) same++;
        assertTrue(same < 4, "registers left as they were: " + same);
    }
}
