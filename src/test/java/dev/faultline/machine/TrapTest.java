package dev.faultline.machine;

import static dev.faultline.isa.Reg.A0;
import static dev.faultline.isa.Reg.A1;
import static dev.faultline.isa.Reg.A2;
import static dev.faultline.isa.Reg.SP;
import static dev.faultline.isa.Reg.T0;
import static dev.faultline.isa.Reg.T1;
import static dev.faultline.isa.Reg.ZERO;
import static dev.faultline.isa.TrapCause.BREAKPOINT;
import static dev.faultline.isa.TrapCause.DIVIDE;
import static dev.faultline.isa.TrapCause.FETCH_FAULT;
import static dev.faultline.isa.TrapCause.ILLEGAL;
import static dev.faultline.isa.TrapCause.LOAD_FAULT;
import static dev.faultline.isa.TrapCause.STORE_FAULT;
import static dev.faultline.isa.TrapCause.SYSCALL;
import static dev.faultline.isa.TrapCause.TIMER;
import static dev.faultline.isa.TrapCause.TLB_MISS_FETCH;
import static dev.faultline.isa.TrapCause.TLB_MISS_LOAD;
import static dev.faultline.isa.TrapCause.TLB_MISS_STORE;
import static dev.faultline.machine.Rig.CODE;
import static dev.faultline.machine.Rig.DATA;
import static dev.faultline.machine.Rig.addi;
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

import dev.faultline.isa.Csr;
import dev.faultline.isa.Instruction;
import dev.faultline.isa.Opcode;
import dev.faultline.isa.TrapCause;
import dev.faultline.machine.Rig.AllConfigs;
import dev.faultline.machine.Rig.Before;
import dev.faultline.machine.Rig.Config;
import dev.faultline.machine.Rig.Trap;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Every trap rule of docs/isa.md sections 5 and 6, each checked for the three things riscv-tests checks: the
 * cause (and TVAL), that EPC is the faulting instruction, and that nothing changed. Each case runs in
 * every TLB size and refill mode; the answers must not differ.
 */
class TrapTest {
    private static final int USER_RX = Pte.X | Pte.U;
    private static final int USER_RW = Pte.R | Pte.W | Pte.U;
    private static final int USER_RO = Pte.R | Pte.U;
    private static final int SENTINEL = 0xDEADBEEF;

    /** Code at CODE (execute-only, user), data at DATA (read-write, user); registers hold sentinels. */
    private static Rig rig(Config c) {
        Rig m = new Rig(c);
        m.map(CODE, USER_RX);
        m.map(DATA, USER_RW);
        m.sentinels();
        return m;
    }

    @Test
    void causeNumbersAreTheSpecTable() {
        TrapCause[] table = {FETCH_FAULT, LOAD_FAULT, STORE_FAULT, ILLEGAL, SYSCALL, BREAKPOINT, DIVIDE, TIMER,
            TLB_MISS_FETCH, TLB_MISS_LOAD, TLB_MISS_STORE};
        for (int code = 0; code < table.length; code++) assertEquals(code, table[code].code(), table[code].name());
        assertEquals(table.length, TrapCause.values().length);
    }

    // ------------------------------------------------------------------ 5.1 fetch

    @AllConfigs
    void fetchFromUnmappedPageAfterJump(Config c) {
        Rig m = rig(c);
        m.emit(CODE, r(Opcode.JR, 0, T0));
        m.cpu.setReg(T0, 0x50010);
        m.trapsPrecisely(CODE, FETCH_FAULT, 0x50010, 0x50010);
        assertEquals(1, m.cpu.instret(), "the jr retired, the fetch did not");
    }

    @AllConfigs
    void fetchNeedsExecuteUserAndTheLowHalf(Config c) {
        int[][] cases = { // va, flags
            {0x50000, Pte.R | Pte.W | Pte.U}, // no X
            {0x51000, Pte.R | Pte.X}, // no U
            {0x80001000, Pte.R | Pte.X | Pte.U}, // kernel half
            {0x52000, Pte.X | Pte.U | Pte.R}, // this one works
        };
        for (int[] k : cases) {
            Rig m = rig(c);
            m.map(k[0], k[1]);
            m.emit(k[0], brk());
            if (k[0] == 0x52000) {
                m.trapsPrecisely(k[0], BREAKPOINT, k[0], 0);
            } else {
                m.trapsPrecisely(k[0], FETCH_FAULT, k[0], k[0]);
            }
        }
    }

    @AllConfigs
    void fetchFromExecuteOnlyPageWorks(Config c) {
        Rig m = rig(c);
        m.emit(CODE, li(A0, 42), brk());
        Trap t = m.runUser(CODE);
        assertEquals(BREAKPOINT, t.trapCause());
        assertEquals(42, m.cpu.reg(A0));
    }

    @AllConfigs
    void instructionStraddlingIntoAFaultingPage(Config c) {
        int[] secondPageFlags = {-1, Pte.R | Pte.W | Pte.U, Pte.X, Pte.R | Pte.X};
        for (int flags : secondPageFlags) {
            Rig m = rig(c);
            if (flags >= 0) m.map(CODE + 0x1000, flags);
            m.poke(CODE + 0xFFC, 0x30, A0 << 4); // li a0, imm: 4 bytes here ...
            if (flags >= 0) m.poke(CODE + 0x1000, 0x34, 0x12, 0, 0); // ... and 2 on the next page
            m.trapsPrecisely(CODE + 0xFFC, FETCH_FAULT, CODE + 0xFFC, CODE + 0x1000);
        }
    }

    @AllConfigs
    void instructionStraddlingTwoGoodPagesRuns(Config c) {
        Rig m = rig(c);
        m.map(CODE + 0x1000, USER_RX);
        int end = m.emit(CODE + 0xFFD, li(A0, 0x12345678), brk());
        Trap t = m.runUser(CODE + 0xFFD);
        assertEquals(BREAKPOINT, t.trapCause());
        assertEquals(end - 1, t.epc());
        assertEquals(0x12345678, m.cpu.reg(A0));
    }

    @AllConfigs
    void lastByteOfPageStartsATwoByteInstruction(Config c) {
        Rig m = rig(c);
        m.poke(CODE + 0xFFF, Opcode.MOV.code); // its register byte would be on the next page
        m.trapsPrecisely(CODE + 0xFFF, FETCH_FAULT, CODE + 0xFFF, CODE + 0x1000);
    }

    @AllConfigs
    void fetchComesBeforeDecode(Config c) {
        // An instruction that would be ILLEGAL (bad nibble, or kernel-only in user mode) but whose bytes
        // cannot all be fetched is a FETCH_FAULT.
        Rig m = rig(c);
        m.poke(CODE + 0xFFF, Opcode.PUSH.code); // the d nibble (must be 0) would be on the next page
        m.trapsPrecisely(CODE + 0xFFF, FETCH_FAULT, CODE + 0xFFF, CODE + 0x1000);
        m = rig(c);
        m.emit(CODE + 0xFFC, n(Opcode.NOP));
        m.poke(CODE + 0xFFD, Opcode.CSRR.code, A0 << 4, 0);
        Trap t = m.trapsPrecisely(CODE + 0xFFC, FETCH_FAULT, CODE + 0xFFD, CODE + 0x1000);
        assertEquals(1, t.instret());
    }

    @AllConfigs
    void runningOffTheEndOfAPageFaultsOnTheNextPage(Config c) {
        Rig m = rig(c);
        m.emit(CODE + 0xFFE, n(Opcode.NOP), n(Opcode.NOP));
        Trap t = m.trapsPrecisely(CODE + 0xFFE, FETCH_FAULT, CODE + 0x1000, CODE + 0x1000);
        assertEquals(2, t.instret());
    }

    @AllConfigs
    void userFetchStraddlingIntoTheKernelHalfFaults(Config c) {
        Rig m = rig(c);
        m.map(0x7FFFF000, USER_RX);
        m.map(0x80000000, USER_RX);
        m.poke(0x7FFFFFFE, Opcode.LI.code, 0x10);
        m.poke(0x80000000, 1, 2, 3, 4);
        m.trapsPrecisely(0x7FFFFFFE, FETCH_FAULT, 0x7FFFFFFE, 0x80000000);
    }

    // ------------------------------------------------------------------ loads and stores

    private static final Opcode[] LOADS = {Opcode.LW, Opcode.LH, Opcode.LHU, Opcode.LB, Opcode.LBU};
    private static final Opcode[] STORES = {Opcode.SW, Opcode.SH, Opcode.SB};

    @AllConfigs
    void loadFaults(Config c) {
        int[][] cases = { // page, flags (-1: unmapped)
            {0x50000, -1}, {0x50000, Pte.X | Pte.U}, {0x50000, Pte.W | Pte.U}, {0x50000, Pte.R | Pte.W | Pte.X},
            {0x80002000, USER_RW},
        };
        for (int[] k : cases) {
            for (Opcode op : LOADS) {
                Rig m = rig(c);
                if (k[1] >= 0) m.map(k[0], k[1]);
                m.emit(CODE, ri(op, A0, T0, -0x80));
                m.cpu.setReg(T0, k[0] + 0x100);
                m.cpu.setReg(A0, SENTINEL);
                m.trapsPrecisely(CODE, LOAD_FAULT, CODE, k[0] + 0x80);
            }
        }
    }

    @AllConfigs
    void storeFaults(Config c) {
        int[][] cases = {
            {0x50000, -1}, {0x50000, USER_RO}, {0x50000, Pte.X | Pte.U}, {0x50000, Pte.R | Pte.W | Pte.X},
            {0x80002000, USER_RW},
        };
        for (int[] k : cases) {
            for (Opcode op : STORES) {
                Rig m = rig(c);
                if (k[1] >= 0) {
                    int pfn = m.map(k[0], k[1]);
                    m.mem.writeInt(pfn, 0x80, 0x01020304);
                }
                m.emit(CODE, ri(op, A0, T0, 0x7F));
                m.cpu.setReg(T0, k[0] + 1);
                m.trapsPrecisely(CODE, STORE_FAULT, CODE, k[0] + 0x80);
            }
        }
    }

    @AllConfigs
    void misalignedLoadsAndStoresAcrossGoodPagesWork(Config c) {
        Rig m = rig(c);
        m.map(DATA + 0x1000, USER_RW);
        m.emit(CODE,
                sw(A0, T0, 0), // 0x...FFE: two bytes on each page
                lw(A1, T0, 0),
                ri(Opcode.LH, A2, T0, 1), // 0x...FFF: straddles
                ri(Opcode.LHU, T1, T0, 1),
                ri(Opcode.SH, A0, T0, 5), // 0x1003, aligned-ish, second page only
                brk());
        m.cpu.setReg(T0, DATA + 0xFFE);
        m.cpu.setReg(A0, 0x8899AABB);
        Trap t = m.runUser(CODE);
        assertEquals(BREAKPOINT, t.trapCause());
        assertEquals(0xBB, m.peek(DATA + 0xFFE));
        assertEquals(0xAA, m.peek(DATA + 0xFFF));
        assertEquals(0x99, m.peek(DATA + 0x1000));
        assertEquals(0x88, m.peek(DATA + 0x1001));
        assertEquals(0x8899AABB, m.cpu.reg(A1));
        assertEquals(0xFFFF99AA, m.cpu.reg(A2));
        assertEquals(0x99AA, m.cpu.reg(T1));
        assertEquals(0xAABB, m.peek(DATA + 0x1003) | m.peek(DATA + 0x1004) << 8);
    }

    @AllConfigs
    void misalignedWordFaultsOnTheSecondPage(Config c) {
        for (int flags : new int[] {-1, Pte.X | Pte.U, Pte.R | Pte.W}) {
            Rig m = rig(c);
            if (flags >= 0) m.map(DATA + 0x1000, flags);
            m.emit(CODE, lw(A0, T0, 0));
            m.cpu.setReg(T0, DATA + 0xFFE);
            m.trapsPrecisely(CODE, LOAD_FAULT, CODE, DATA + 0x1000);
        }
    }

    @AllConfigs
    void misalignedStoreWritesNoByteWhenTheSecondPageIsReadOnly(Config c) {
        for (Opcode op : new Opcode[] {Opcode.SW, Opcode.SH}) {
            Rig m = rig(c);
            int second = m.map(DATA + 0x1000, USER_RO);
            m.mem.writeInt(second, 0, 0x55555555);
            m.pokeWord(DATA + 0xFFC, 0x66666666);
            m.emit(CODE, ri(op, A0, T0, 0));
            m.cpu.setReg(T0, DATA + 0xFFF);
            m.trapsPrecisely(CODE, STORE_FAULT, CODE, DATA + 0x1000);
            assertEquals(0x66, m.peek(DATA + 0xFFF), "first page's byte not written");
        }
    }

    @AllConfigs
    void misalignedAccessFaultsOnTheLowestFailingPageFirst(Config c) {
        // First page read-only, second writable: the fault names the first page.
        Rig m = rig(c);
        m.map(0x50000, USER_RO);
        m.map(0x51000, USER_RW);
        m.emit(CODE, sw(A0, T0, 0));
        m.cpu.setReg(T0, 0x50FFD);
        m.trapsPrecisely(CODE, STORE_FAULT, CODE, 0x50FFD);
        // Neither page mapped: still the first.
        m = rig(c);
        m.emit(CODE, lw(A0, T0, 0));
        m.cpu.setReg(T0, 0x50FFD);
        m.trapsPrecisely(CODE, LOAD_FAULT, CODE, 0x50FFD);
        // Straddling into the kernel half from user mode.
        m = rig(c);
        m.map(0x7FFFF000, USER_RW);
        m.map(0x80000000, USER_RW);
        m.emit(CODE, lw(A0, T0, 0));
        m.cpu.setReg(T0, 0x7FFFFFFE);
        m.trapsPrecisely(CODE, LOAD_FAULT, CODE, 0x80000000);
    }

    // ------------------------------------------------------------------ 5.2 all-or-nothing

    @AllConfigs
    void pushFaultLeavesSpUnchanged(Config c) {
        for (int sp : new int[] {DATA, DATA + 2}) { // 0x1F000 is not mapped; DATA+2 straddles
            Rig m = rig(c);
            m.emit(CODE, r(Opcode.PUSH, 0, A0));
            m.cpu.setReg(SP, sp);
            m.trapsPrecisely(CODE, STORE_FAULT, CODE, sp - 4);
        }
        Rig m = rig(c);
        m.map(DATA + 0x1000, USER_RO);
        m.emit(CODE, r(Opcode.PUSH, 0, SP));
        m.cpu.setReg(SP, DATA + 0x1002); // pushes at 0x...0FFE: first page fine, second read-only
        m.trapsPrecisely(CODE, STORE_FAULT, CODE, DATA + 0x1000);
    }

    @AllConfigs
    void popFaultLeavesSpAndDestinationUnchanged(Config c) {
        for (int d : new int[] {A0, SP}) {
            Rig m = rig(c);
            m.emit(CODE, r(Opcode.POP, d, 0));
            m.cpu.setReg(SP, DATA + 0xFFE);
            m.trapsPrecisely(CODE, LOAD_FAULT, CODE, DATA + 0x1000);
            m = rig(c);
            m.map(0x50000, Pte.X | Pte.U);
            m.emit(CODE, r(Opcode.POP, d, 0));
            m.cpu.setReg(SP, 0x50010);
            m.trapsPrecisely(CODE, LOAD_FAULT, CODE, 0x50010);
        }
    }

    @AllConfigs
    void callAndCallrFaultsLeaveSpAndPcUnchanged(Config c) {
        for (Instruction call : new Instruction[] {j(Opcode.CALL, 0x40), r(Opcode.CALLR, 0, T0)}) {
            Rig m = rig(c);
            m.emit(CODE + 0x10, call);
            m.cpu.setReg(SP, 0x50000);
            m.cpu.setReg(T0, CODE + 0x80);
            m.trapsPrecisely(CODE + 0x10, STORE_FAULT, CODE + 0x10, 0x4FFFC);
            m = rig(c);
            m.map(0x50000, USER_RO);
            m.emit(CODE + 0x10, call);
            m.cpu.setReg(SP, 0x50008);
            m.cpu.setReg(T0, CODE + 0x80);
            m.trapsPrecisely(CODE + 0x10, STORE_FAULT, CODE + 0x10, 0x50004);
        }
    }

    @AllConfigs
    void retFaultLeavesSpAndPcUnchanged(Config c) {
        Rig m = rig(c);
        m.emit(CODE + 7, n(Opcode.RET));
        m.cpu.setReg(SP, 0x50000);
        m.trapsPrecisely(CODE + 7, LOAD_FAULT, CODE + 7, 0x50000);
        m = rig(c);
        m.emit(CODE + 7, n(Opcode.RET));
        m.cpu.setReg(SP, CODE + 0x100); // execute-only: loads fault
        m.trapsPrecisely(CODE + 7, LOAD_FAULT, CODE + 7, CODE + 0x100);
    }

    @AllConfigs
    void callCallrRetSemantics(Config c) {
        Rig m = rig(c);
        int sub = CODE + 0x100;
        m.emit(CODE,
                j(Opcode.CALL, 0x100), // CODE+0: pushes CODE+5
                r(Opcode.CALLR, 0, T0), // CODE+5: pushes CODE+7
                brk()); // CODE+7
        m.emit(sub, addi(A0, A0, 1), lw(T1, SP, 0), rrr(Opcode.ADD, A1, A1, T1), n(Opcode.RET));
        m.cpu.setReg(T0, sub);
        m.cpu.setReg(A0, 0);
        m.cpu.setReg(A1, 0);
        m.cpu.setReg(SP, DATA + 0x800);
        Trap t = m.runUser(CODE);
        assertEquals(BREAKPOINT, t.trapCause());
        assertEquals(CODE + 7, t.epc());
        assertEquals(2, m.cpu.reg(A0));
        assertEquals(DATA + 0x800, m.cpu.reg(SP));
        assertEquals((CODE + 5) + (CODE + 7), m.cpu.reg(A1), "call pushed pc+5, callr pc+2");
        assertEquals(CODE + 7, m.peekWord(DATA + 0x7FC), "callr's return address, in the slot call used");
    }

    @AllConfigs
    void pushSpPushesTheOldSpAndPopSpLoadsSp(Config c) {
        Rig m = rig(c);
        m.emit(CODE, r(Opcode.PUSH, 0, SP), r(Opcode.POP, A0, 0), brk());
        m.cpu.setReg(SP, DATA + 0x100);
        m.runUser(CODE);
        assertEquals(DATA + 0x100, m.cpu.reg(A0), "push sp pushed the value before the push");
        assertEquals(DATA + 0x100, m.peekWord(DATA + 0xFC));
        assertEquals(DATA + 0x100, m.cpu.reg(SP));

        m = rig(c);
        m.emit(CODE, r(Opcode.POP, SP, 0), brk());
        m.pokeWord(DATA + 0x40, 0x12345678);
        m.cpu.setReg(SP, DATA + 0x40);
        m.runUser(CODE);
        assertEquals(0x12345678, m.cpu.reg(SP), "pop sp: sp is the loaded word, not the word + 4");
    }

    @AllConfigs
    void xchgOnReadOnlyPageIsAStoreFault(Config c) {
        int[] flagsCases = {USER_RO, Pte.R | Pte.X | Pte.U, Pte.X | Pte.U, -1};
        for (int flags : flagsCases) {
            Rig m = rig(c);
            if (flags >= 0) {
                int pfn = m.map(0x50000, flags);
                m.mem.writeInt(pfn, 0x20, 0x11111111);
            }
            m.emit(CODE, r(Opcode.XCHG, A0, T0));
            m.cpu.setReg(T0, 0x50020);
            m.trapsPrecisely(CODE, STORE_FAULT, CODE, 0x50020);
        }
    }

    @AllConfigs
    void xchgStraddlingIntoReadOnlyWritesNothing(Config c) {
        Rig m = rig(c);
        m.map(DATA + 0x1000, USER_RO);
        m.pokeWord(DATA + 0xFFC, 0x77777777);
        m.emit(CODE, r(Opcode.XCHG, A0, T0));
        m.cpu.setReg(T0, DATA + 0xFFE);
        m.trapsPrecisely(CODE, STORE_FAULT, CODE, DATA + 0x1000);
    }

    @AllConfigs
    void xchgSwapsAndSetsDirty(Config c) {
        Rig m = rig(c);
        m.map(DATA + 0x1000, USER_RW);
        m.emit(CODE, r(Opcode.XCHG, A0, T0), r(Opcode.XCHG, A1, T1), r(Opcode.XCHG, ZERO, T1), brk());
        m.pokeWord(DATA + 0x10, 0xCAFEF00D);
        m.pokeWord(DATA + 0xFFE, 0x01020304);
        m.cpu.setReg(T0, DATA + 0x10);
        m.cpu.setReg(A0, 0x600DF00D);
        m.cpu.setReg(T1, DATA + 0xFFE);
        m.cpu.setReg(A1, 0xA1A2A3A4);
        m.runUser(CODE);
        assertEquals(0xCAFEF00D, m.cpu.reg(A0));
        assertEquals(0x600DF00D, m.peekWord(DATA + 0x10));
        assertEquals(0x01020304, m.cpu.reg(A1));
        assertEquals(0, m.peekWord(DATA + 0xFFE), "xchg r0 stored 0");
        assertEquals(0, m.cpu.reg(ZERO));
        assertEquals(Pte.A | Pte.D, m.pte(DATA) & (Pte.A | Pte.D));
        assertEquals(Pte.A | Pte.D, m.pte(DATA + 0x1000) & (Pte.A | Pte.D));
    }

    // ------------------------------------------------------------------ 5.3 copy

    /** Source: two read-only pages at 0x30000 holding bytes i*7; destination: DATA (0x21000 unmapped). */
    private static Rig copyRig(Config c) {
        Rig m = rig(c);
        for (int page = 0; page < 2; page++) {
            int pfn = m.map(0x30000 + page * 0x1000, USER_RO);
            for (int i = 0; i < 0x1000; i++) m.mem.writeByte(pfn, i, (page * 0x1000 + i) * 7);
        }
        return m;
    }

    private static int srcByte(int va) {
        return ((va - 0x30000) * 7) & 0xFF;
    }

    @AllConfigs
    void copyRecordsProgressOnAStoreFaultAndTheRestartFinishes(Config c) {
        Rig m = copyRig(c);
        m.emit(CODE, rrr(Opcode.COPY, A0, A1, A2), brk());
        m.cpu.setReg(A0, DATA + 0xF80);
        m.cpu.setReg(A1, 0x30010);
        m.cpu.setReg(A2, 0x200);
        Before before = m.before();
        int[] progress = before.regs().clone();
        progress[A0] = DATA + 0x1000;
        progress[A1] = 0x30090;
        progress[A2] = 0x180;
        m.then = (rig, trap) -> {
            if (trap.trapCause() == STORE_FAULT && rig.traps.size() == 1) {
                rig.map(DATA + 0x1000, USER_RW);
                rig.cpu.sret();
            } else {
                rig.cpu.halt();
            }
        };
        m.runUser(CODE);
        assertEquals(2, m.traps.size(), () -> "traps " + m.traps);
        Trap fault = m.traps.get(0);
        assertEquals(STORE_FAULT, fault.trapCause());
        assertEquals(CODE, fault.epc());
        assertEquals(DATA + 0x1000, fault.tval());
        assertEquals(Arrays.toString(progress), Arrays.toString(fault.regs()), "progress registers");
        assertEquals(0, fault.instret());
        Trap end = m.traps.get(1);
        assertEquals(BREAKPOINT, end.trapCause());
        assertEquals(CODE + 3, end.epc());
        assertEquals(1, end.instret(), "copy retires once however many bytes it moves");
        assertEquals(DATA + 0x1180, m.cpu.reg(A0));
        assertEquals(0x30210, m.cpu.reg(A1));
        assertEquals(0, m.cpu.reg(A2));
        for (int i = 0; i < 0x200; i++) {
            assertEquals(srcByte(0x30010 + i), m.peek(DATA + 0xF80 + i), "byte " + i);
        }
        assertEquals(0, m.peek(DATA + 0xF7F));
        assertEquals(0, m.peek(DATA + 0x1180));
    }

    @AllConfigs
    void copyFaultingOnTheSourceStoresTheBytesBefore(Config c) {
        Rig m = copyRig(c);
        m.emit(CODE, rrr(Opcode.COPY, T0, T1, A2), brk());
        m.cpu.setReg(T0, DATA + 0x100);
        m.cpu.setReg(T1, 0x31FF0); // 16 bytes left on the source page, 0x32000 unmapped
        m.cpu.setReg(A2, 40);
        int[] expected = m.regs();
        expected[T0] = DATA + 0x110;
        expected[T1] = 0x32000;
        expected[A2] = 24;
        m.runUser(CODE);
        Trap t = m.traps.get(0);
        assertEquals(LOAD_FAULT, t.trapCause());
        assertEquals(CODE, t.epc());
        assertEquals(0x32000, t.tval());
        assertEquals(Arrays.toString(expected), Arrays.toString(m.regs()));
        for (int i = 0; i < 16; i++) assertEquals(srcByte(0x31FF0 + i), m.peek(DATA + 0x100 + i));
        assertEquals(0, m.peek(DATA + 0x110));
    }

    @AllConfigs
    void copyOfZeroBytesDoesNothing(Config c) {
        Rig m = copyRig(c);
        m.emit(CODE, rrr(Opcode.COPY, A0, A1, ZERO), rrr(Opcode.COPY, A0, A1, A2), brk());
        m.cpu.setReg(A0, 0x50000); // not even mapped: nothing is translated
        m.cpu.setReg(A1, 0x60000);
        m.cpu.setReg(A2, 0);
        Before before = m.before();
        Trap t = m.runUser(CODE);
        assertEquals(BREAKPOINT, t.trapCause());
        assertEquals(CODE + 6, t.epc());
        assertEquals(Arrays.toString(before.regs()), Arrays.toString(m.regs()));
        assertEquals(2, m.cpu.instret());
    }

    @AllConfigs
    void overlappingCopyForwardReplicatesAPattern(Config c) {
        Rig m = rig(c);
        m.map(DATA + 0x1000, USER_RW);
        m.poke(DATA + 0xFFD, 'a', 'b', 'c');
        m.emit(CODE, rrr(Opcode.COPY, A0, A1, A2), brk());
        m.cpu.setReg(A0, DATA + 0x1000);
        m.cpu.setReg(A1, DATA + 0xFFD);
        m.cpu.setReg(A2, 10);
        m.runUser(CODE);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 13; i++) sb.append((char) m.peek(DATA + 0xFFD + i));
        assertEquals("abcabcabcabca", sb.toString());
    }

    @AllConfigs
    void copyWithClashingRegistersIsIllegal(Config c) {
        int[][] bad = {{A0, A0, A2}, {ZERO, A1, A2}, {A0, ZERO, A2}, {A0, A1, A0}, {A0, A1, A1}, {ZERO, ZERO, ZERO}};
        for (int[] k : bad) {
            Rig m = copyRig(c);
            m.emit(CODE, rrr(Opcode.COPY, k[0], k[1], k[2]));
            m.cpu.setReg(A0, DATA);
            m.cpu.setReg(A1, 0x30000);
            m.cpu.setReg(A2, 4);
            m.trapsPrecisely(CODE, ILLEGAL, CODE, 0);
        }
    }

    // ------------------------------------------------------------------ arithmetic

    @AllConfigs
    void divisionByZeroChangesNothing(Config c) {
        for (Opcode op : new Opcode[] {Opcode.DIV, Opcode.DIVU, Opcode.REM, Opcode.REMU}) {
            for (int b : new int[] {T1, ZERO}) {
                Rig m = rig(c);
                m.emit(CODE, rrr(op, A0, A1, b));
                m.cpu.setReg(T1, 0);
                m.cpu.setReg(A1, 100);
                m.cpu.setReg(A0, SENTINEL);
                m.trapsPrecisely(CODE, DIVIDE, CODE, 0);
            }
        }
    }

    @AllConfigs
    void divisionResults(Config c) {
        int[][] cases = { // op, a, b, expected
            {Opcode.DIV.code, Integer.MIN_VALUE, -1, Integer.MIN_VALUE},
            {Opcode.REM.code, Integer.MIN_VALUE, -1, 0},
            {Opcode.DIV.code, -7, 2, -3},
            {Opcode.REM.code, -7, 2, -1},
            {Opcode.REM.code, 7, -2, 1},
            {Opcode.DIVU.code, -1, 2, 0x7FFFFFFF},
            {Opcode.REMU.code, -1, 10, 5},
            {Opcode.DIVU.code, Integer.MIN_VALUE, -1, 0},
            {Opcode.REMU.code, 5, -1, 5},
        };
        for (int[] k : cases) {
            Rig m = rig(c);
            m.emit(CODE, rrr(Opcode.byCode(k[0]), A0, A1, A2), brk());
            m.cpu.setReg(A1, k[1]);
            m.cpu.setReg(A2, k[2]);
            assertEquals(BREAKPOINT, m.runUser(CODE).trapCause());
            assertEquals(k[3], m.cpu.reg(A0), Opcode.byCode(k[0]) + " " + k[1] + ", " + k[2]);
        }
    }

    // ------------------------------------------------------------------ decode

    @AllConfigs
    void unlistedOpcodesAreIllegalAndOneByteLong(Config c) {
        // On the last byte of the page, with nothing mapped after it: ILLEGAL, not FETCH_FAULT.
        for (int op : new int[] {0x00, 0x07, 0x0F, 0x16, 0x3A, 0x45, 0x4B, 0x56, 0x5B, 0x64, 0xFF}) {
            Rig m = rig(c);
            m.poke(CODE + 0xFFF, op);
            m.trapsPrecisely(CODE + 0xFFF, ILLEGAL, CODE + 0xFFF, 0);
        }
    }

    @AllConfigs
    void zeroFilledMemoryTrapsAtOnce(Config c) {
        Rig m = rig(c);
        m.trapsPrecisely(CODE + 0x123, ILLEGAL, CODE + 0x123, 0);
        assertEquals(0, m.cpu.instret());
    }

    @AllConfigs
    void nonzeroMustBeZeroNibbleIsIllegal(Config c) {
        int[][] encodings = {
            {Opcode.PUSH.code, 0x11}, // push: d must be 0
            {Opcode.POP.code, 0x11}, // pop: s must be 0
            {Opcode.JR.code, 0x21},
            {Opcode.CALLR.code, 0x31},
            {Opcode.ADD.code, 0x12, 0x31}, // RRR low nibble
            {Opcode.COPY.code, 0x12, 0x31},
            {Opcode.LI.code, 0x11, 1, 0, 0, 0}, // li: s must be 0
        };
        for (int[] bytes : encodings) {
            Rig m = rig(c);
            m.poke(CODE, bytes);
            m.trapsPrecisely(CODE, ILLEGAL, CODE, 0);
        }
    }

    @AllConfigs
    void kernelOnlyInstructionsAreIllegalInUserMode(Config c) {
        Instruction[] privileged = {
            n(Opcode.HALT), n(Opcode.SRET), n(Opcode.WFI),
            ri(Opcode.CSRR, A0, 0, Csr.STATUS.number), ri(Opcode.CSRR, A0, 0, Csr.CYCLE.number),
            ri(Opcode.CSRW, 0, A0, Csr.TVEC.number), ri(Opcode.CSRW, 0, A0, Csr.PTBR.number),
            r(Opcode.TLBFLUSH, 0, ZERO), r(Opcode.TLBFLUSH, 0, A0), r(Opcode.TLBWR, A0, A1),
        };
        for (Instruction insn : privileged) {
            Rig m = rig(c);
            m.emit(CODE, insn);
            m.cpu.setCsr(Csr.TVEC, 0x1234);
            m.cpu.setReg(A0, Csr.STATUS_M);
            m.trapsPrecisely(CODE, ILLEGAL, CODE, 0);
            assertEquals(0x1234, m.cpu.csr(Csr.TVEC), insn.toString());
            assertEquals(m.ptbr(), m.cpu.csr(Csr.PTBR), insn.toString());
        }
    }

    // ------------------------------------------------------------------ brk, sys, timer

    @AllConfigs
    void breakpoint(Config c) {
        Rig m = rig(c);
        m.emit(CODE + 0x21, brk());
        m.trapsPrecisely(CODE + 0x21, BREAKPOINT, CODE + 0x21, 0);
    }

    @AllConfigs
    void syscallPutsItsNumberInTval(Config c) {
        for (int number : new int[] {0, 1, 93, -1, 0x80000000}) {
            Rig m = rig(c);
            m.emit(CODE + 0x10, sys(number));
            m.trapsPrecisely(CODE + 0x10, SYSCALL, CODE + 0x10, number);
        }
    }

    @AllConfigs
    void syscallHandlerAdvancesEpcByFiveAndReturns(Config c) {
        Rig m = rig(c);
        m.emit(CODE, sys(7), addi(A0, A0, 1), brk());
        m.cpu.setReg(A0, 10);
        m.then = (rig, trap) -> {
            if (trap.trapCause() == SYSCALL) {
                rig.cpu.setReg(A0, rig.cpu.reg(A0) * 2); // the call's result
                rig.cpu.setCsr(Csr.EPC, trap.epc() + 5);
                rig.cpu.sret();
            } else {
                rig.cpu.halt();
            }
        };
        m.runUser(CODE);
        assertEquals(2, m.traps.size());
        assertEquals(BREAKPOINT, m.traps.get(1).trapCause());
        assertEquals(CODE + 11, m.traps.get(1).epc());
        assertEquals(21, m.cpu.reg(A0));
        assertEquals(1, m.cpu.instret(), "the sys did not retire (the handler did not call retire())");
    }

    @AllConfigs
    void timerInterruptIsTakenBetweenInstructionsOnlyWhenEnabled(Config c) {
        Rig m = rig(c);
        int after = CODE;
        for (int i = 0; i < 10; i++) after = m.emit(after, addi(A0, A0, 1));
        m.emit(after, brk());
        m.cpu.setReg(A0, 0);
        m.cpu.setTimer(3);
        m.then = (rig, trap) -> {
            if (trap.trapCause() == TIMER) {
                rig.cpu.setTimer(Long.MAX_VALUE);
                rig.cpu.sret();
            } else {
                rig.cpu.halt();
            }
        };
        m.enterUser(CODE, true);
        m.run();
        assertEquals(2, m.traps.size(), () -> "traps " + m.traps);
        Trap timer = m.traps.get(0);
        assertEquals(TIMER, timer.trapCause());
        assertEquals(CODE + 18, timer.epc(), "the next instruction to run");
        assertEquals(0, timer.tval());
        assertEquals(3, timer.regs()[A0]);
        assertEquals(3, timer.instret());
        assertEquals(Csr.STATUS_M | Csr.STATUS_PIE, timer.status(), "M=kernel, PM=user, IE=0, PIE=1");
        Trap end = m.traps.get(1);
        assertEquals(BREAKPOINT, end.trapCause());
        assertEquals(Csr.STATUS_M | Csr.STATUS_PIE, end.status(), "sret restored user mode and IE");
        assertEquals(10, m.cpu.reg(A0));

        // The same program with interrupts off: the deadline passes and nothing happens.
        Rig off = rig(c);
        after = CODE;
        for (int i = 0; i < 10; i++) after = off.emit(after, addi(A0, A0, 1));
        off.emit(after, brk());
        off.cpu.setReg(A0, 0);
        off.cpu.setTimer(3);
        off.enterUser(CODE, false);
        off.run();
        assertEquals(1, off.traps.size());
        assertEquals(BREAKPOINT, off.traps.get(0).trapCause());
        assertEquals(Csr.STATUS_M, off.traps.get(0).status());
        assertEquals(10, off.cpu.reg(A0));
    }

    @AllConfigs
    void timecmpCsrArmsTheTimerAndCopyIsNeverSplit(Config c) {
        Rig m = copyRig(c);
        m.map(DATA + 0x1000, USER_RW);
        m.emit(CODE, addi(A0, A0, 1), rrr(Opcode.COPY, T0, T1, A2), addi(A0, A0, 1), brk());
        m.cpu.setReg(A0, 0);
        m.cpu.setReg(T0, DATA);
        m.cpu.setReg(T1, 0x30000);
        m.cpu.setReg(A2, 0x2000);
        m.cpu.setCsr(Csr.TIMECMP, 2);
        m.enterUser(CODE, true);
        m.run();
        Trap timer = m.traps.get(0);
        assertEquals(TIMER, timer.trapCause());
        assertEquals(CODE + 9, timer.epc(), "after the whole copy");
        assertEquals(0, timer.regs()[A2]);
        assertEquals(2, m.cpu.csr(Csr.CYCLE));
    }

    // ------------------------------------------------------------------ trap entry from kernel mode

    @Test
    void trapFromKernelModeSavesPreviousModeKernel() {
        Rig m = new Rig();
        int pfn = m.frame();
        // Paging is off: addresses are physical.
        m.mem.writeByte(pfn, 0x40, Opcode.BRK.code);
        m.cpu.setPc(pfn << 12 | 0x40);
        m.cpu.setCsr(Csr.STATUS, Csr.STATUS_M | Csr.STATUS_IE);
        m.cpu.setCsr(Csr.TVEC, 0x777);
        m.run();
        Trap t = m.traps.get(0);
        assertEquals(BREAKPOINT, t.trapCause());
        assertEquals(pfn << 12 | 0x40, t.epc());
        assertEquals(Csr.STATUS_M | Csr.STATUS_PM | Csr.STATUS_PIE, t.status());
        assertEquals(0x777, m.cpu.pc(), "pc = TVEC");
        assertFalse(m.cpu.userMode());
    }
}
