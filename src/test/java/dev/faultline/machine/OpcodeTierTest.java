package dev.faultline.machine;

import static dev.faultline.machine.Rig.addi;
import static dev.faultline.machine.Rig.b;
import static dev.faultline.machine.Rig.brk;
import static dev.faultline.machine.Rig.j;
import static dev.faultline.machine.Rig.li;
import static dev.faultline.machine.Rig.lw;
import static dev.faultline.machine.Rig.n;
import static dev.faultline.machine.Rig.r;
import static dev.faultline.machine.Rig.ri;
import static dev.faultline.machine.Rig.rrr;
import static dev.faultline.machine.Rig.sw;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.isa.Csr;
import dev.faultline.isa.Instruction;
import dev.faultline.isa.Opcode;
import dev.faultline.machine.tier2.Tier2;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every opcode of the table ({@link Opcode#values()}, not the translator's own list) run hot under both tiers,
 * with edge operands and in every operand form, and the two machines compared in everything observable:
 * every trap (cause, EPC, TVAL, STATUS, registers, retired count), the registers, pc, the retired count, TLB
 * hits and misses, and every byte of physical memory (see {@link Tier2Test#assertSameMachine}).
 *
 * <p>Each opcode gets one loop. A pass loads its operands from a table row (edge values: 0, ±1, ±2, 31, 32,
 * 33, the byte, half and word boundaries, INT_MIN, INT_MAX; addresses at page edges, on read-only and
 * unmapped pages), runs the instruction in each operand form (d = a, d = b, a = b, r0 as source and as
 * destination, base r0, negative and page-crossing offsets, targets in the page and outside it), and stores
 * each result into an output table, so every pass's result stays in memory for the comparison. The loop
 * back edge makes the loop head hot at once (the rig translates a target on its second visit), so all but
 * the first pass run translated. A trap is taken by the test's handler, which resumes at the address in r13
 * (each form sets it to the address after its instruction): the instruction's trap is seen, and the loop goes
 * on, as a kernel that handles the signal would.
 *
 * <p>Machines: user mode with paging under TLB sizes 0, 1, 3 and 64 with hardware refill and 1 and 64 with
 * software refill (the rig refills), and kernel mode with paging off, as on the bare machine at boot, where
 * the kernel-only instructions run instead of trapping. Pages are mapped at their own physical address, so
 * the same program runs in both modes.
 */
class OpcodeTierTest {
    static final int CODE = 0x10000, CODE2 = 0x11000;
    /** A second, writable mapping of the first code page's frame (user mode): stores that miss the TLB. */
    static final int ALIAS = 0x12000;
    static final int TABLE = 0x20000, TABLE_PAGES = 4;
    static final int MEM = 0x28000, RO = 0x29000, UNMAPPED = 0x2A000;
    static final int STACK = 0x2C000, STACK_TOP = 0x2E000;
    static final int OUT = 0x30000, OUT_PAGES = 8;
    /** Same-page landing pad and subroutine, and their twins on the second code page. */
    static final int PAD1 = CODE + 0xC00, SUB1 = CODE + 0xC10, PAD2 = CODE2 + 0x10, SUB2 = CODE2 + 0x20;
    /** A subroutine that only returns: the return address a call pushed is popped unchanged. */
    static final int SUB3 = CODE + 0xC20;
    static final int END = CODE + 0xF00;
    /** The registers: operands r1, r2; result r3; table row r10, output r11, passes left r12, resume r13. */
    static final int ROW = 10, OUTP = 11, LEFT = 12, RESUME = 13, SP = 15;

    /** Edge values for operands and immediates. */
    static final int[] VALUES = {
        0, 1, -1, 2, -2, 7, -7, 31, 32, 33, 0x7F, 0x80, 0xFF, 0x7FFF, 0x8000, 0xFFFF, 0x7FFFFFFF, 0x80000000,
        -256, 0x12345678,
    };
    /** Addresses for loads, stores and xchg: aligned, misaligned, at and across page edges, refused. */
    static final int[] BASES = {
        MEM, MEM + 1, MEM + 2, MEM + 3, MEM + 0x7F0, MEM + 0xFFC, MEM + 0xFFD, MEM + 0xFFE, MEM + 0xFFF,
        RO + 0x10, RO + 0xFFD, UNMAPPED + 8, STACK_TOP - 2, 0x80000000, 0, -4,
    };
    /** Stack pointers: the top, near the bottom (a push straddles into the page below), read-only, unmapped. */
    static final int[] SPS = {STACK_TOP, STACK + 2, STACK_TOP - 0x1000, RO + 0x20, UNMAPPED + 0x10, MEM + 0xFFE};
    /** Jump targets: a pad in the page and one outside, unmapped, not executable, mid-instruction, 0. */
    static final int[] TARGETS = {PAD1, PAD2, UNMAPPED, MEM + 4, PAD1 + 1, 0, -1, SUB1};

    /** A machine setup: user mode with paging (a TLB config), or kernel mode with paging off. */
    record Machine(Rig.Config config, boolean kernel) {
        @Override
        public String toString() {
            return kernel ? "kernel mode, paging off" : config.toString().replace(" tier=interp", "");
        }
    }

    static List<Machine> machines() {
        List<Machine> out = new ArrayList<>();
        for (int tlb : new int[] {0, 1, 3, 64}) out.add(new Machine(new Rig.Config(tlb, false), false));
        for (int tlb : new int[] {1, 64}) out.add(new Machine(new Rig.Config(tlb, true), false));
        out.add(new Machine(new Rig.Config(64, false), true));
        return out;
    }

    @TestFactory
    Stream<DynamicNode> everyOpcodeHotUnderBothTiers() {
        List<DynamicNode> nodes = new ArrayList<>();
        for (Opcode op : Opcode.values()) nodes.add(container(op.mnemonic, p -> body(op, p)));
        nodes.add(container("illegal bytes", OpcodeTierTest::illegalBytes));
        return nodes.stream();
    }

    /** The ways a store can write the code page: one exit path of the second tier each (docs/tier.md). */
    enum CodeStore { SW, SH, SB, PUSH, XCHG, CALL, CALLR, COPY }

    /**
     * Self-modifying code: every kind of store writes the immediate of an {@code li} of the running loop, just
     * before it runs, under both tiers. Through the code page's own mapping (the store hits the TLB entry the
     * fetch just used, or with a TLB of 1 entry misses it) and, in user mode, through a second writable
     * mapping of the same frame (a store that misses the TLB). Each pass stores a new value, so each pass's
     * {@code li} must run the value just written; after 16 rewrites the frame is left to the interpreter.
     */
    @TestFactory
    Stream<DynamicNode> everyStoreIntoTheRunningCodePage() {
        List<DynamicNode> nodes = new ArrayList<>();
        for (CodeStore kind : CodeStore.values()) {
            List<DynamicTest> tests = new ArrayList<>();
            for (Machine m : machines()) {
                for (boolean alias : m.kernel ? new boolean[] {false} : new boolean[] {false, true}) {
                    String name = m + (alias ? ", through a second mapping" : "");
                    tests.add(DynamicTest.dynamicTest(name, () -> check(m, p -> storeIntoCode(kind, alias, p))));
                }
            }
            nodes.add(DynamicContainer.dynamicContainer(kind.name().toLowerCase(java.util.Locale.ROOT), tests));
        }
        return nodes.stream();
    }

    /** One pass: value r5 from the table, the store into the next li's immediate, the li, its result stored. */
    static void storeIntoCode(CodeStore kind, boolean alias, Prog p) {
        p.rows(VALUES);
        Instruction[] setup = switch (kind) {
            case SW, SH, SB, XCHG -> new Instruction[] {li(7, 0)};
            case PUSH, CALL -> new Instruction[] {li(SP, 0)};
            case CALLR -> new Instruction[] {li(SP, 0), li(9, SUB3)};
            case COPY -> new Instruction[] {li(8, 0), li(9, MEM + 0x40), sw(5, 9, 0), li(14, 4)};
        };
        Instruction store = switch (kind) {
            case SW -> sw(5, 7, 0);
            case SH -> ri(Opcode.SH, 5, 7, 0);
            case SB -> ri(Opcode.SB, 5, 7, 0);
            case XCHG -> r(Opcode.XCHG, 5, 7);
            case PUSH -> r(Opcode.PUSH, 0, 5);
            case CALL -> j(Opcode.CALL, 0);
            case CALLR -> r(Opcode.CALLR, 0, 9);
            case COPY -> rrr(Opcode.COPY, 8, 9, 14);
        };
        int start = p.at + 6 + 6; // after li r13 and the load of r5
        int length = store.length();
        for (Instruction s : setup) length += s.length();
        int target = start + length; // the li whose immediate is written
        int imm = (alias ? ALIAS - CODE : 0) + target + 2;
        Instruction[] fixed = setup.clone();
        switch (kind) {
            case SW, SH, SB, XCHG -> fixed[0] = li(7, imm);
            case PUSH, CALL, CALLR -> fixed[0] = li(SP, imm + 4);
            case COPY -> fixed[0] = li(8, imm);
        }
        Instruction[] all = new Instruction[fixed.length + 1];
        all[0] = lw(5, ROW, 0);
        System.arraycopy(fixed, 0, all, 1, fixed.length);
        AtPc test = kind == CodeStore.CALL ? at -> j(Opcode.CALL, SUB3 - at) : at -> store;
        p.form(test, 4, List.of(li(4, 0x11111111)), all);
    }

    private static DynamicContainer container(String name, Consumer<Prog> body) {
        List<DynamicTest> tests = new ArrayList<>();
        for (Machine m : machines()) tests.add(DynamicTest.dynamicTest(m.toString(), () -> check(m, body)));
        return DynamicContainer.dynamicContainer(name, tests);
    }

    /** Runs the loop on an interpreting and a translating machine and compares them. */
    static void check(Machine machine, Consumer<Prog> body) {
        Ran interp = run(machine, Tier.INTERP, body);
        Ran auto = run(machine, Tier.AUTO, body);
        assertSameOutput(interp, auto.rig());
        Tier2Test.assertSameMachine(interp.rig(), auto.rig());
        assertTrue(interp.rig().cpu.halted(), "the loop ran to its end");
        SecondTier t2 = auto.rig().cpu.tier2();
        if (t2 != null && (machine.kernel || machine.config.tlbSize() > 0)) {
            assertTrue(t2.translations() > 0, "nothing was translated");
        }
    }

    /** A finished run, and the bytes of output one pass of its loop stores. */
    record Ran(Rig rig, int perPass) {}

    /** The output table word by word, so that a difference names the pass and the form that stored it. */
    private static void assertSameOutput(Ran want, Rig got) {
        for (int k = 0; k < OUT_PAGES * Rig.PAGE / 4; k++) {
            int w = physicalWord(want.rig(), OUT + 4 * k), g = physicalWord(got, OUT + 4 * k);
            if (w != g) {
                int forms = want.perPass() / 4;
                assertEquals(Rig.hex(w), Rig.hex(g), "the result of form " + k % forms + " (in the order the test "
                        + "emits them) in pass " + k / forms + " (row " + k / forms + " of the operand table)");
            }
        }
    }

    /** A word of physical memory (pages are mapped at their own address; kernel-mode stores may break the tables). */
    private static int physicalWord(Rig m, int pa) {
        int v = 0;
        for (int i = 0; i < 4; i++) v |= m.mem.readByte((pa + i) >>> 12, (pa + i) & 0xFFF) << (8 * i);
        return v;
    }

    static Ran run(Machine machine, Tier tier, Consumer<Prog> body) {
        Rig m = new Rig(machine.config.withTier(tier));
        Prog p = new Prog(m, machine.kernel);
        p.layout();
        body.accept(p);
        p.finish();
        m.sentinels();
        m.cpu.setReg(ROW, TABLE);
        m.cpu.setReg(OUTP, OUT);
        m.cpu.setReg(LEFT, p.passes());
        m.cpu.setReg(SP, STACK_TOP);
        m.then = (rig, trap) -> {
            if (trap.epc() == END) {
                rig.cpu.halt();
                return;
            }
            rig.cpu.setCsr(Csr.EPC, rig.cpu.reg(RESUME));
            rig.cpu.sret();
        };
        if (machine.kernel) {
            m.cpu.setCsr(Csr.PTBR, 0);
            m.cpu.setCsr(Csr.STATUS, Csr.STATUS_M | Csr.STATUS_PM);
            m.cpu.setPc(CODE);
            m.run();
        } else {
            m.runUser(CODE);
        }
        return new Ran(m, Math.max(p.out, 4));
    }

    // ------------------------------------------------------------------ the loop of each opcode, by its syntax

    static void body(Opcode op, Prog p) {
        switch (op.syntax) {
            case NONE -> none(op, p);
            case RD_RS -> {
                p.rows(VALUES, VALUES);
                for (int[] f : new int[][] {{3, 1}, {1, 1}, {0, 1}, {3, 0}, {3, SP}, {2, 1}}) {
                    p.form(r(op, f[0], f[1]), f[0], loadA(), loadB());
                }
            }
            case RS -> rs(op, p);
            case RD -> { // pop: the stack pointer from the table
                p.rows(SPS);
                for (int d : new int[] {3, SP, 0}) p.form(r(op, d, 0), d, lw(SP, ROW, 0));
            }
            case RD_MEM -> { // xchg
                p.rows(BASES, VALUES);
                for (int[] f : new int[][] {{2, 1}, {1, 1}, {0, 1}}) p.form(r(op, f[0], f[1]), f[0], loadA(), loadB());
            }
            case RRR -> {
                if (op == Opcode.COPY) copy(op, p);
                else arithmetic(op, p);
            }
            case RD_IMM -> {
                p.rows(VALUES);
                for (int v : VALUES) p.form(ri(op, 3, 0, v), 3);
                p.form(ri(op, 0, 0, 5), 0);
            }
            case RD_RS_IMM -> {
                p.rows(VALUES);
                for (int v : VALUES) p.form(ri(op, 3, 1, v), 3, loadA());
                p.form(ri(op, 1, 1, -3), 1, loadA());
                p.form(ri(op, 0, 1, 9), 0, loadA());
                p.form(ri(op, 3, 0, -9), 3, loadA());
            }
            case LOAD -> {
                p.rows(BASES);
                for (int[] f : new int[][] {{3, 1, 0}, {3, 1, 4}, {3, 1, -4}, {1, 1, 0}, {0, 1, 0}, {3, 1, 0x1000},
                    {3, 0, MEM + 0xFFE}}) {
                    p.form(ri(op, f[0], f[1], f[2]), f[0], loadA());
                }
            }
            case STORE -> {
                p.rows(BASES, VALUES);
                for (int[] f : new int[][] {{2, 1, 0}, {2, 1, 4}, {2, 1, -4}, {1, 1, 0}, {0, 1, 2}, {2, 1, 0x1000},
                    {2, 0, MEM + 0x101}}) {
                    p.form(ri(op, f[0], f[1], f[2]), 0, loadA(), loadB());
                }
            }
            case CSRR -> {
                p.rows(VALUES);
                for (Csr c : Csr.values()) p.form(ri(op, 3, 0, c.number), 3);
                p.form(ri(op, 3, 0, 99), 3);
                p.form(ri(op, 0, 0, Csr.CYCLE.number), 0);
            }
            case CSRW -> {
                p.rows(VALUES);
                for (Csr c : new Csr[] {Csr.SCRATCH, Csr.TVAL, Csr.CAUSE, Csr.EPC, Csr.CYCLE}) {
                    p.form(ri(op, 0, 1, c.number), 0, loadA());
                }
                p.form(ri(op, 0, 1, 99), 0, loadA());
            }
            case JUMP -> jump(op, p);
            case SYS -> {
                p.rows(VALUES);
                for (int v : new int[] {0, 1, -1, 23}) p.form(j(op, v), 3);
            }
            case BRANCH -> branch(op, p);
        }
        badNibbles(op, p);
    }

    private static Instruction loadA() {
        return lw(1, ROW, 0);
    }

    private static Instruction loadB() {
        return lw(2, ROW, 4);
    }

    static void none(Opcode op, Prog p) {
        p.rows(TARGETS, SPS);
        if (op == Opcode.RET) { // the return address on the stack: a target from the table
            p.form(n(op), 3, lw(SP, ROW, 4), loadA(), r(Opcode.PUSH, 0, 1));
        } else if (op == Opcode.HALT && p.kernel) {
            return; // the loop's own end: halt retires and stops the machine
        } else if (op == Opcode.SRET && p.kernel) { // kernel to kernel (PM set), at the address in EPC
            p.form(n(op), 3, ri(Opcode.CSRW, 0, RESUME, Csr.EPC.number));
        } else {
            p.form(n(op), 3);
            p.form(n(op), 3, loadA());
        }
    }

    static void rs(Opcode op, Prog p) {
        p.rows(TARGETS, SPS);
        for (int s : new int[] {1, SP, 0}) p.form(r(op, 0, s), 3, loadA(), lw(SP, ROW, 4));
    }

    static void arithmetic(Opcode op, Prog p) {
        p.rows(VALUES, VALUES);
        for (int[] f : new int[][] {{3, 1, 2}, {1, 1, 2}, {2, 1, 2}, {3, 1, 1}, {0, 1, 2}, {3, 0, 2}, {3, 1, 0},
            {3, 2, 1}}) {
            p.form(rrr(op, f[0], f[1], f[2]), f[0], loadA(), loadB());
        }
    }

    /** copy d, a, b: destinations at page edges and on the read-only page (a fault halfway), lengths 0 to 300. */
    static void copy(Opcode op, Prog p) {
        int[] dst = {MEM + 0x800, MEM + 0xFF8, RO + 4, STACK_TOP - 3};
        int[] src = {MEM + 0x10, RO + 0xFF0, MEM + 0x7FE};
        int[] len = {0, 1, 9, 33, 300};
        List<int[]> rows = new ArrayList<>();
        for (int d : dst) for (int s : src) for (int l : len) rows.add(new int[] {d, s, l});
        p.rows(rows);
        Instruction[] load = {lw(3, ROW, 0), lw(1, ROW, 4), lw(2, ROW, 8)};
        p.form(rrr(op, 3, 1, 2), 2, load);
        p.form(rrr(op, 1, 3, 2), 1, load);
        p.form(rrr(op, 3, 1, 0), 3, load); // length 0 in r0
        p.form(rrr(op, 3, 3, 2), 3, load); // illegal: d = a
        p.form(rrr(op, 0, 1, 2), 3, load); // illegal: d = r0
    }

    static void jump(Opcode op, Prog p) {
        p.rows(SPS);
        int[] targets = op == Opcode.CALL ? new int[] {SUB1, SUB2, PAD1 + 1} : new int[] {PAD1, PAD2, 0};
        for (int t : targets) {
            p.form(at -> j(op, t == 0 ? 5 : t - at), 3, lw(SP, ROW, 0), li(3, 0)); // 0: the next instruction
        }
    }

    static void branch(Opcode op, Prog p) {
        p.rows(VALUES, VALUES);
        for (int[] f : new int[][] {{1, 2}, {1, 1}, {1, 0}, {0, 2}, {2, 1}}) {
            // Taken: skips the li that marks "not taken" (6 + 6: the branch itself and the li).
            p.form(at -> b(op, f[0], f[1], 12), 3, List.of(li(3, 1)), loadA(), loadB(), li(3, 0));
        }
        p.form(at -> b(op, 1, 2, PAD2 - at), 3, List.of(), loadA(), loadB(), li(3, 7));
    }

    /** The encodings of op with a field that must be zero set: illegal, one trap each. */
    static void badNibbles(Opcode op, Prog p) {
        if (op.dMustBeZero()) p.form(new Instruction(op, 5, 1, 0, 0), 0);
        if (op.aMustBeZero()) p.form(new Instruction(op, 3, 5, 0, 0), 0);
    }

    /** Every byte that is no opcode, in one loop: each traps ILLEGAL and is one byte long. */
    static void illegalBytes(Prog p) {
        p.rows(VALUES);
        for (int code = 0; code < 256; code++) {
            if (Opcode.byCode(code) == null) p.raw((byte) code);
        }
    }

    // ------------------------------------------------------------------ the program being built

    /** Emits one instruction given its own address (for relative targets). */
    interface AtPc {
        Instruction at(int pc);
    }

    /** The loop under construction: its table, its forms, and the tail that goes round. */
    static final class Prog {
        final Rig m;
        final boolean kernel;
        int at = CODE;
        int out; // bytes of output one pass stores
        int rowBytes;
        int rows;

        Prog(Rig m, boolean kernel) {
            this.m = m;
            this.kernel = kernel;
        }

        /** Maps every page at its own physical address and writes the pads, subroutines and data. */
        void layout() {
            int rwx = Pte.U | Pte.R | Pte.W | Pte.X, rw = Pte.U | Pte.R | Pte.W;
            m.map(CODE, CODE >>> 12, rwx);
            m.map(CODE2, CODE2 >>> 12, rwx);
            m.map(ALIAS, CODE >>> 12, rw);
            for (int i = 0; i < TABLE_PAGES; i++) m.map(TABLE + i * Rig.PAGE, (TABLE >>> 12) + i, rw);
            m.map(MEM, MEM >>> 12, rw);
            m.map(RO, RO >>> 12, Pte.U | Pte.R);
            for (int va = STACK; va < STACK_TOP; va += Rig.PAGE) m.map(va, va >>> 12, rw);
            for (int i = 0; i < OUT_PAGES; i++) m.map(OUT + i * Rig.PAGE, (OUT >>> 12) + i, rw);
            // Host memory for every frame now, as a kernel gives it (a software refill does not walk to it).
            for (int pfn = 0; pfn < m.mem.frameCount(); pfn++) m.mem.frame(pfn);
            for (int off = 0; off < Rig.PAGE; off++) {
                m.mem.writeByte(MEM >>> 12, off, off * 37 + 0x85);
                m.mem.writeByte(RO >>> 12, off, off * 91 + 0x3C);
            }
            m.emit(PAD1, r(Opcode.JR, 0, RESUME));
            m.emit(SUB1, addi(3, 3, 1), n(Opcode.RET));
            m.emit(PAD2, li(3, 2), r(Opcode.JR, 0, RESUME));
            m.emit(SUB2, addi(3, 3, 5), n(Opcode.RET));
            m.emit(SUB3, n(Opcode.RET));
        }

        void rows(int[]... columns) {
            List<int[]> list = new ArrayList<>();
            int count = 1;
            for (int[] c : columns) count *= c.length;
            for (int i = 0; i < count; i++) {
                int[] row = new int[columns.length];
                int k = i;
                for (int c = columns.length - 1; c >= 0; c--) {
                    row[c] = columns[c][k % columns[c].length];
                    k /= columns[c].length;
                }
                list.add(row);
            }
            rows(list);
        }

        /** The table, repeated until there are enough passes for the loop to run hot a while. */
        void rows(List<int[]> list) {
            int words = list.get(0).length;
            rowBytes = words * 4;
            rows = Math.max(list.size(), 40);
            assertTrue(rows * rowBytes <= TABLE_PAGES * Rig.PAGE, "the table fits");
            for (int i = 0; i < rows; i++) {
                int[] row = list.get(i % list.size());
                for (int w = 0; w < words; w++) m.pokeWord(TABLE + i * rowBytes + w * 4, row[w]);
            }
        }

        int passes() {
            return rows;
        }

        void form(Instruction test, int result, Instruction... setup) {
            form(pc -> test, result, List.of(), setup);
        }

        void form(AtPc test, int result, Instruction... setup) {
            form(test, result, List.of(), setup);
        }

        /**
         * One form: r13 = the address after the instruction and what follows it directly, the setup, the
         * instruction, then the result register stored into this pass's output.
         */
        void form(AtPc test, int result, List<Instruction> follows, Instruction... setup) {
            int len = 6;
            for (Instruction s : setup) len += s.length();
            int testPc = at + len;
            Instruction insn = test.at(testPc);
            int after = testPc + insn.length();
            for (Instruction f : follows) after += f.length();
            at = m.emit(at, li(RESUME, after));
            at = m.emit(at, setup);
            at = m.emit(at, insn);
            for (Instruction f : follows) at = m.emit(at, f);
            at = m.emit(at, sw(result, OUTP, out));
            out += 4;
            assertTrue(at < PAD1, "the loop fits before the pads");
        }

        /** A raw byte as the instruction under test (illegal opcodes). */
        void raw(byte code) {
            at = m.emit(at, li(RESUME, at + 6 + 1));
            m.poke(at, code & 0xFF);
            at += 1;
        }

        /** The tail: next row, next output, count down, back to the head; the end. */
        void finish() {
            assertTrue(out * rows <= OUT_PAGES * Rig.PAGE, "the output fits");
            at = m.emit(at, addi(ROW, ROW, rowBytes), addi(OUTP, OUTP, out), addi(LEFT, LEFT, -1));
            at = m.emit(at, b(Opcode.BNE, LEFT, 0, CODE - at));
            at = m.emit(at, j(Opcode.JMP, END - at));
            m.emit(END, kernel ? n(Opcode.HALT) : brk());
            assertTrue(at < PAD1, "the loop fits before the pads");
        }
    }
}
