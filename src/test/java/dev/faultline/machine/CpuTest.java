package dev.faultline.machine;

import static dev.faultline.isa.Reg.A0;
import static dev.faultline.isa.Reg.A1;
import static dev.faultline.isa.Reg.A2;
import static dev.faultline.isa.Reg.SP;
import static dev.faultline.isa.Reg.T0;
import static dev.faultline.isa.Reg.T1;
import static dev.faultline.isa.Reg.T2;
import static dev.faultline.isa.Reg.ZERO;
import static dev.faultline.isa.TrapCause.BREAKPOINT;
import static dev.faultline.isa.TrapCause.ILLEGAL;
import static dev.faultline.isa.TrapCause.LOAD_FAULT;
import static dev.faultline.isa.TrapCause.STORE_FAULT;
import static dev.faultline.isa.TrapCause.SYSCALL;
import static dev.faultline.isa.TrapCause.TIMER;
import static dev.faultline.machine.Rig.CODE;
import static dev.faultline.machine.Rig.DATA;
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
import static dev.faultline.machine.Rig.sys;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.isa.Csr;
import dev.faultline.isa.Instruction;
import dev.faultline.isa.Opcode;
import dev.faultline.machine.Rig.AllConfigs;
import dev.faultline.machine.Rig.Config;
import dev.faultline.machine.Rig.Trap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Instruction semantics beside the traps: r0, the retired count, sret, CSRs, ASIDs, self-modifying code,
 * ALU, branches and loads.
 */
class CpuTest {
    private static final int USER_RX = Pte.X | Pte.U;
    private static final int USER_RW = Pte.R | Pte.W | Pte.U;

    private static Rig rig(Config c) {
        Rig m = new Rig(c);
        m.map(CODE, USER_RX);
        m.map(DATA, USER_RW);
        m.sentinels();
        return m;
    }

    @Test
    void startsInKernelModeWithPagingOff() {
        Rig m = new Rig();
        assertFalse(m.cpu.userMode());
        assertEquals(Csr.STATUS_M, m.cpu.csr(Csr.STATUS));
        assertEquals(0, m.cpu.csr(Csr.PTBR));
        assertEquals(0, m.cpu.pc());
        assertEquals(0, m.cpu.instret());
    }

    @AllConfigs
    void registerZeroReadsZeroAfterWrites(Config c) {
        Rig m = rig(c);
        m.pokeWord(DATA + 0x10, 0x1234);
        m.emit(CODE,
                li(ZERO, 5),
                rrr(Opcode.ADD, A0, ZERO, ZERO),
                addi(ZERO, ZERO, 7),
                r(Opcode.MOV, A1, ZERO),
                lw(ZERO, T0, 0),
                r(Opcode.POP, ZERO, 0),
                r(Opcode.XCHG, ZERO, T0),
                r(Opcode.MOV, A2, ZERO),
                brk());
        m.cpu.setReg(T0, DATA + 0x10);
        m.cpu.setReg(SP, DATA + 0x10);
        m.cpu.setReg(ZERO, 99); // ignored too
        Trap t = m.runUser(CODE);
        assertEquals(BREAKPOINT, t.trapCause());
        assertEquals(0, m.cpu.reg(ZERO));
        assertEquals(0, m.cpu.reg(A0));
        assertEquals(0, m.cpu.reg(A1));
        assertEquals(0, m.cpu.reg(A2));
        assertEquals(DATA + 0x14, m.cpu.reg(SP), "pop r0 still moves sp");
        assertEquals(0, m.peekWord(DATA + 0x10), "xchg r0 stores r0's 0");
    }

    @AllConfigs
    void instretCountsRetiredInstructionsAndNotTrappingOnes(Config c) {
        Rig m = rig(c);
        m.emit(CODE,
                addi(A0, ZERO, 1), // 1
                addi(A0, A0, 1), // 2
                lw(A1, T0, 0), // faults once; retires after the handler maps the page: 3
                j(Opcode.JMP, 5), // 4
                sys(1), // traps, does not retire
                b(Opcode.BNE, A0, ZERO, 6), // 5 (taken, to the brk)
                brk());
        m.cpu.setReg(T0, 0x50000);
        m.then = (rig, trap) -> {
            switch (trap.trapCause()) {
                case LOAD_FAULT -> {
                    assertEquals(2, rig.cpu.instret());
                    rig.map(0x50000, USER_RW);
                    rig.cpu.sret();
                }
                case SYSCALL -> {
                    assertEquals(4, rig.cpu.instret());
                    rig.cpu.setCsr(Csr.EPC, trap.epc() + 5);
                    rig.cpu.sret();
                }
                default -> rig.cpu.halt();
            }
        };
        m.runUser(CODE);
        assertEquals(3, m.traps.size(), () -> "traps " + m.traps);
        assertEquals(LOAD_FAULT, m.traps.get(0).trapCause());
        assertEquals(SYSCALL, m.traps.get(1).trapCause());
        assertEquals(BREAKPOINT, m.traps.get(2).trapCause());
        assertEquals(5, m.cpu.instret());
        assertEquals(5, m.cpu.csr(Csr.CYCLE));
    }

    @Test
    void runStopsWhenTheRetiredCountReachesStopAt() {
        Rig m = rig(new Config(8, false));
        int va = CODE;
        for (int i = 0; i < 20; i++) va = m.emit(va, addi(A0, A0, 1));
        m.cpu.setReg(A0, 0);
        m.enterUser(CODE, false);
        m.cpu.run(7);
        assertEquals(7, m.cpu.instret());
        assertEquals(7, m.cpu.reg(A0));
        assertEquals(CODE + 42, m.cpu.pc());
        assertFalse(m.cpu.halted());
        m.cpu.run(12);
        assertEquals(12, m.cpu.reg(A0));
    }

    @Test
    void kernelCodeReadsCycleAndHalts() {
        Rig m = new Rig();
        int pfn = m.frame();
        byte[] code = new byte[64];
        int pos = 0;
        pos += n(Opcode.NOP).encode(code, pos);
        pos += n(Opcode.WFI).encode(code, pos);
        pos += ri(Opcode.CSRR, A0, 0, Csr.CYCLE.number).encode(code, pos);
        pos += ri(Opcode.CSRR, A1, 0, Csr.STATUS.number).encode(code, pos);
        pos += n(Opcode.HALT).encode(code, pos);
        m.mem.write(pfn, 0, code, 0, pos);
        m.cpu.setPc(pfn << 12);
        m.cpu.run(1000);
        assertTrue(m.cpu.halted());
        assertTrue(m.traps.isEmpty(), () -> "traps " + m.traps);
        assertEquals(2, m.cpu.reg(A0));
        assertEquals(Csr.STATUS_M, m.cpu.reg(A1));
        assertEquals(5, m.cpu.instret());
        assertEquals((pfn << 12) + pos, m.cpu.pc());
    }

    @Test
    void kernelCsrAccessToAnUnknownCsrOrAWriteToCycleIsIllegal() {
        for (Instruction insn : new Instruction[] {
            ri(Opcode.CSRR, A0, 0, 9), ri(Opcode.CSRR, A0, 0, -1), ri(Opcode.CSRW, 0, A0, 9),
            ri(Opcode.CSRW, 0, A0, Csr.CYCLE.number),
        }) {
            Rig m = new Rig();
            int k = m.frame();
            byte[] code = insn.encode();
            m.mem.write(k, 0x10, code, 0, code.length);
            m.cpu.setPc(k << 12 | 0x10);
            m.cpu.setReg(A0, 1234);
            m.run();
            Trap t = m.traps.get(0);
            assertEquals(ILLEGAL, t.trapCause(), insn.toString());
            assertEquals(k << 12 | 0x10, t.epc());
            assertEquals(0, t.tval());
            assertEquals(1234, m.cpu.reg(A0));
            assertEquals(0, m.cpu.instret());
        }
    }

    @AllConfigs
    void sretInstructionEntersUserModeAsStatusSays(Config c) {
        // Kernel code at physical page K writes PTBR, EPC and STATUS, then sret: K is identity-mapped
        // (kernel only) so its fetches still work once paging is on.
        Rig m = rig(c);
        int k = m.frame();
        m.map(k << 12, k, Pte.R | Pte.X);
        byte[] code = new byte[128];
        int pos = 0;
        for (Instruction insn : new Instruction[] {
            // PTBR first: with software refill the next fetch takes a TLB miss, whose trap entry
            // would overwrite a PIE written before it.
            li(T0, m.ptbr()), ri(Opcode.CSRW, 0, T0, Csr.PTBR.number),
            li(T0, CODE), ri(Opcode.CSRW, 0, T0, Csr.EPC.number),
            li(T0, Csr.STATUS_M | Csr.STATUS_PIE), ri(Opcode.CSRW, 0, T0, Csr.STATUS.number),
            n(Opcode.SRET),
        }) {
            pos += insn.encode(code, pos);
        }
        m.mem.write(k, 0, code, 0, pos);
        m.emit(CODE, addi(A0, ZERO, 5), ri(Opcode.CSRR, A1, 0, 0));
        m.cpu.setPc(k << 12);
        m.run();
        Trap t = m.traps.get(0);
        assertEquals(ILLEGAL, t.trapCause(), "csrr in user mode: we were in user mode");
        assertEquals(CODE + 6, t.epc());
        assertEquals(5, m.cpu.reg(A0));
        assertEquals(Csr.STATUS_M | Csr.STATUS_PIE, t.status(), "from user (PM=0) with IE on (PIE=1)");
        assertEquals(8, m.cpu.instret());
    }

    @Test
    void javaSretRestoresModeAndInterruptEnable() {
        Rig m = new Rig();
        m.cpu.setCsr(Csr.EPC, 0x4444);
        m.cpu.setCsr(Csr.STATUS, Csr.STATUS_M | Csr.STATUS_PIE);
        m.cpu.sret();
        assertTrue(m.cpu.userMode());
        assertEquals(0x4444, m.cpu.pc());
        assertEquals(Csr.STATUS_IE, m.cpu.csr(Csr.STATUS) & (Csr.STATUS_M | Csr.STATUS_IE));
        m.cpu.setCsr(Csr.STATUS, Csr.STATUS_M | Csr.STATUS_PM | Csr.STATUS_IE);
        m.cpu.sret();
        assertFalse(m.cpu.userMode());
        assertEquals(0, m.cpu.csr(Csr.STATUS) & Csr.STATUS_IE, "IE = PIE = 0");
    }

    @AllConfigs
    void addressSpacesWithDifferentAsidsDoNotSeeEachOthersEntries(Config c) {
        // Space A (the rig's, ASID 3) and space B (ASID 4) share the code frame but map DATA to different
        // frames. The handler switches PTBR at each brk without flushing the TLB: A, B, then A again.
        Rig m = rig(c);
        int frameA = m.pfnOf(DATA);
        int rootB = m.frame(), tableB = m.frame(), frameB = m.frame();
        m.tables.add(rootB);
        m.tables.add(tableB);
        m.mem.writePte(rootB, 0, Pte.make(tableB, Pte.V));
        m.mem.writePte(tableB, CODE >>> 12, Pte.make(m.pfnOf(CODE), Pte.V | USER_RX));
        m.mem.writePte(tableB, DATA >>> 12, Pte.make(frameB, Pte.V | USER_RW));
        m.mem.writeInt(frameA, 0x10, 0xAAAA);
        m.mem.writeInt(frameB, 0x10, 0xBBBB);
        int ptbrB = rootB | 4 << Csr.PTBR_ASID_SHIFT | Csr.PTBR_ENABLE;
        m.emit(CODE, lw(A0, T0, 0x10), sw(A1, T0, 0x14), brk());
        m.cpu.setReg(T0, DATA);
        m.cpu.setReg(A1, 1);
        m.then = (rig, trap) -> {
            int round = rig.traps.size();
            if (round == 3) {
                rig.cpu.halt();
                return;
            }
            rig.cpu.setCsr(Csr.PTBR, round == 1 ? ptbrB : rig.ptbr());
            rig.cpu.setReg(A1, round + 1);
            rig.cpu.setCsr(Csr.EPC, CODE);
            rig.cpu.sret();
        };
        m.runUser(CODE);
        assertEquals(3, m.traps.size(), () -> "traps " + m.traps);
        assertEquals(0xAAAA, m.traps.get(0).regs()[A0]);
        assertEquals(0xBBBB, m.traps.get(1).regs()[A0]);
        assertEquals(0xAAAA, m.traps.get(2).regs()[A0]);
        assertEquals(3, m.mem.readInt(frameA, 0x14), "A's last store went to A's frame");
        assertEquals(2, m.mem.readInt(frameB, 0x14), "B's store went to B's frame");
    }

    @AllConfigs
    void storeToTheCodePageIsSeenByTheNextFetch(Config c) {
        // The code frame is also mapped writable at DATA + 0x1000: a store there rewrites the li's imm32.
        Rig m = rig(c);
        m.map(DATA + 0x1000, m.pfnOf(CODE), USER_RW);
        int loop = CODE + 12;
        m.emit(CODE,
                li(A0, 0), // CODE
                li(A1, 0), // CODE+6
                li(A0, 1), // CODE+12 = loop; imm32 at CODE+14
                sw(T1, T0, 0), // CODE+18
                addi(A1, A1, 1), // CODE+24
                li(T2, 2), // CODE+30
                b(Opcode.BNE, A1, T2, loop - (CODE + 36)), // CODE+36
                brk()); // CODE+42
        m.cpu.setReg(T0, DATA + 0x1000 + 14);
        m.cpu.setReg(T1, 2);
        Trap t = m.runUser(CODE);
        assertEquals(BREAKPOINT, t.trapCause());
        assertEquals(CODE + 42, t.epc());
        assertEquals(2, m.cpu.reg(A0), "the second pass ran the rewritten li");
    }

    @AllConfigs
    void writeToPhysicalMemoryBetweenRunsIsSeenByTheNextFetch(Config c) {
        // A debugger stepping with run(instret + n) and patching code in between (a breakpoint) must
        // see its patch: PhysicalMemory drops a frame's decoded instructions "whenever anything writes
        // the frame".
        Rig m = rig(c);
        m.emit(CODE, li(A0, 1), j(Opcode.JMP, -6));
        m.enterUser(CODE, false);
        m.cpu.run(2); // li, jmp: the li is decoded and cached
        assertEquals(1, m.cpu.reg(A0));
        assertEquals(CODE, m.cpu.pc());
        m.mem.writeInt(m.pfnOf(CODE), 2, 7); // li a0, 7
        m.cpu.run(3);
        assertEquals(7, m.cpu.reg(A0));
        m.mem.writeByte(m.pfnOf(CODE), 0, Opcode.BRK.code);
        m.run();
        assertEquals(BREAKPOINT, m.traps.get(0).trapCause());
        assertEquals(CODE, m.traps.get(0).epc());
    }

    @ParameterizedTest(name = "tlb={0}")
    @ValueSource(ints = {0, 8})
    void aStoreThatFaultsOnItsSecondPageLeavesTheFirstPageClean(int tlbSize) {
        Rig m = rig(new Config(tlbSize, false));
        m.map(DATA + 0x1000, Pte.R | Pte.U);
        m.emit(CODE, sw(A0, T0, 0));
        m.cpu.setReg(T0, DATA + 0xFFE);
        Trap t = m.runUser(CODE);
        assertEquals(STORE_FAULT, t.trapCause());
        assertEquals(DATA + 0x1000, t.tval());
        assertEquals(0, m.pte(DATA) & Pte.D, "D of the page no byte was stored to");
    }

    @AllConfigs
    void aluResults(Config c) {
        int[][] cases = { // op, a, b, expected
            {Opcode.ADD.code, 0x7FFFFFFF, 1, 0x80000000},
            {Opcode.SUB.code, 0, 1, -1},
            {Opcode.MUL.code, 0x10001, 0x10001, 0x20001},
            {Opcode.AND.code, 0xF0F0, 0xFF00, 0xF000},
            {Opcode.OR.code, 0xF0F0, 0xFF00, 0xFFF0},
            {Opcode.XOR.code, 0xF0F0, 0xFF00, 0x0FF0},
            {Opcode.SHL.code, 1, 33, 2},
            {Opcode.SHR.code, 0x80000000, 35, 0x10000000},
            {Opcode.SAR.code, 0x80000000, 35, 0xF0000000},
            {Opcode.SLT.code, -1, 0, 1},
            {Opcode.SLTU.code, -1, 0, 0},
            {Opcode.SLTU.code, 0, -1, 1},
        };
        for (int[] k : cases) {
            Rig m = rig(c);
            m.emit(CODE, rrr(Opcode.byCode(k[0]), A0, A1, A2), brk());
            m.cpu.setReg(A1, k[1]);
            m.cpu.setReg(A2, k[2]);
            m.runUser(CODE);
            assertEquals(k[3], m.cpu.reg(A0), Opcode.byCode(k[0]) + " " + k[1] + ", " + k[2]);
        }
        int[][] imm = { // op, s, imm, expected
            {Opcode.ADDI.code, 5, -6, -1},
            {Opcode.ANDI.code, 0xFF, 0x0F, 0x0F},
            {Opcode.ORI.code, 0xF0, 0x0F, 0xFF},
            {Opcode.XORI.code, -1, 1, -2},
            {Opcode.SHLI.code, 3, 32 + 4, 48},
            {Opcode.SHRI.code, -1, 28, 0xF},
            {Opcode.SARI.code, -16, 2, -4},
            {Opcode.SLTI.code, -5, -4, 1},
            {Opcode.SLTIU.code, 5, -4, 1},
        };
        for (int[] k : imm) {
            Rig m = rig(c);
            m.emit(CODE, ri(Opcode.byCode(k[0]), A0, A1, k[2]), brk());
            m.cpu.setReg(A1, k[1]);
            m.runUser(CODE);
            assertEquals(k[3], m.cpu.reg(A0), Opcode.byCode(k[0]) + " " + k[1] + ", " + k[2]);
        }
    }

    @AllConfigs
    void branchesTakenAndNotTaken(Config c) {
        Object[][] cases = { // op, a, b, taken
            {Opcode.BEQ, 1, 1, true}, {Opcode.BEQ, 1, 2, false},
            {Opcode.BNE, 1, 2, true}, {Opcode.BNE, 3, 3, false},
            {Opcode.BLT, -1, 0, true}, {Opcode.BLT, 0, -1, false},
            {Opcode.BGE, 0, -1, true}, {Opcode.BGE, -1, 0, false}, {Opcode.BGE, 4, 4, true},
            {Opcode.BLTU, 0, -1, true}, {Opcode.BLTU, -1, 0, false},
            {Opcode.BGEU, -1, 0, true}, {Opcode.BGEU, 0, -1, false},
        };
        for (Object[] k : cases) {
            Rig m = rig(c);
            // CODE+0x20: branch +0x40 (to CODE+0x60); CODE+0x26: brk (not taken); CODE+0x60: brk (taken)
            m.emit(CODE + 0x20, b((Opcode) k[0], A1, A2, 0x40), brk());
            m.emit(CODE + 0x60, brk());
            m.cpu.setReg(A1, (Integer) k[1]);
            m.cpu.setReg(A2, (Integer) k[2]);
            Trap t = m.runUser(CODE + 0x20);
            assertEquals((Boolean) k[3] ? CODE + 0x60 : CODE + 0x26, t.epc(), k[0] + " " + k[1] + ", " + k[2]);
        }
        Rig m = rig(c);
        m.emit(CODE + 0x100, j(Opcode.JMP, -0x100));
        m.emit(CODE, brk());
        assertEquals(CODE, m.runUser(CODE + 0x100).epc(), "jmp is relative to itself");
    }

    @AllConfigs
    void loadsExtendAsTheirNamesSay(Config c) {
        Rig m = rig(c);
        m.pokeWord(DATA + 0x20, 0x8081F2F3);
        m.emit(CODE,
                ri(Opcode.LB, A0, T0, 0), ri(Opcode.LBU, A1, T0, 0), ri(Opcode.LH, A2, T0, 2),
                ri(Opcode.LHU, T1, T0, 2), ri(Opcode.SB, T0, T0, 8), ri(Opcode.SH, T0, T0, 12), brk());
        m.cpu.setReg(T0, DATA + 0x20);
        m.runUser(CODE);
        assertEquals(0xFFFFFFF3, m.cpu.reg(A0));
        assertEquals(0xF3, m.cpu.reg(A1));
        assertEquals(0xFFFF8081, m.cpu.reg(A2));
        assertEquals(0x8081, m.cpu.reg(T1));
        assertEquals(0x20, m.peekWord(DATA + 0x28), "sb: low byte only");
        assertEquals(0x0020, m.peekWord(DATA + 0x2C), "sh: low half only");
    }

    @AllConfigs
    void accessedAndDirtyBitsReachTheTablesThroughTheCpu(Config c) {
        Rig m = rig(c);
        m.map(DATA + 0x1000, USER_RW);
        m.map(DATA + 0x2000, USER_RW);
        m.emit(CODE, lw(A0, T0, 0), sw(A0, T0, 0x1000), brk());
        m.cpu.setReg(T0, DATA);
        m.runUser(CODE);
        int ad = Pte.A | Pte.D;
        assertEquals(Pte.A, m.pte(CODE) & ad, "fetch: A");
        assertEquals(Pte.A, m.pte(DATA) & ad, "load: A");
        assertEquals(ad, m.pte(DATA + 0x1000) & ad, "store: A and D");
        assertEquals(0, m.pte(DATA + 0x2000) & ad, "untouched");
    }

    @AllConfigs
    void timerDeadlineAlreadyReachedFiresBeforeTheFirstInstruction(Config c) {
        Rig m = rig(c);
        m.emit(CODE, addi(A0, ZERO, 1), addi(A0, A0, 1), brk());
        m.cpu.setTimer(0);
        m.enterUser(CODE, true);
        m.run();
        Trap t = m.traps.get(0);
        assertEquals(TIMER, t.trapCause());
        assertEquals(CODE, t.epc(), "before the first user instruction");
        assertEquals(0, t.instret());
    }
}
