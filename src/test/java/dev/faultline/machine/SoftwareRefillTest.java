package dev.faultline.machine;

import static dev.faultline.isa.Reg.A0;
import static dev.faultline.isa.Reg.A1;
import static dev.faultline.isa.Reg.A2;
import static dev.faultline.isa.Reg.SP;
import static dev.faultline.isa.Reg.T0;
import static dev.faultline.isa.TrapCause.BREAKPOINT;
import static dev.faultline.isa.TrapCause.FETCH_FAULT;
import static dev.faultline.isa.TrapCause.LOAD_FAULT;
import static dev.faultline.isa.TrapCause.STORE_FAULT;
import static dev.faultline.isa.TrapCause.TLB_MISS_FETCH;
import static dev.faultline.isa.TrapCause.TLB_MISS_LOAD;
import static dev.faultline.isa.TrapCause.TLB_MISS_STORE;
import static dev.faultline.machine.Rig.CODE;
import static dev.faultline.machine.Rig.DATA;
import static dev.faultline.machine.Rig.brk;
import static dev.faultline.machine.Rig.lw;
import static dev.faultline.machine.Rig.n;
import static dev.faultline.machine.Rig.r;
import static dev.faultline.machine.Rig.rrr;
import static dev.faultline.machine.Rig.sw;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.isa.Csr;
import dev.faultline.isa.Instruction;
import dev.faultline.isa.Opcode;
import dev.faultline.isa.TrapCause;
import dev.faultline.machine.Rig.Config;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Software TLB refill (docs/isa.md section 4): a miss traps TLB_MISS_FETCH, _LOAD or _STORE with TVAL the
 * address and EPC the instruction; a handler that writes the entry with {@code tlbWrite} and returns with
 * {@code sret} makes the instruction complete.
 */
class SoftwareRefillTest {
    private static final int USER_RX = Pte.X | Pte.U;
    private static final int USER_RW = Pte.R | Pte.W | Pte.U;

    /** A refill handler written out by hand: log the trap, write the leaf PTE as the tables hold it. */
    private static final class Handler implements TrapHandler {
        final Rig m;
        final List<int[]> log = new ArrayList<>(); // cause, epc, tval, a0
        int traps;

        Handler(Rig m) {
            this.m = m;
        }

        @Override
        public void onTrap(Cpu cpu) {
            if (++traps > 100) {
                cpu.halt();
                return;
            }
            int cause = cpu.csr(Csr.CAUSE), tval = cpu.csr(Csr.TVAL);
            log.add(new int[] {cause, cpu.csr(Csr.EPC), tval, cpu.reg(A0)});
            if (!TrapCause.of(cause).isTlbMiss()) {
                cpu.halt();
                return;
            }
            int pte = m.pte(tval);
            pte |= Pte.A | (cause == TLB_MISS_STORE.code() ? Pte.D : 0);
            cpu.tlbWrite(tval >>> 12, pte);
            cpu.sret();
        }

        String describe() {
            StringBuilder sb = new StringBuilder();
            for (int[] e : log) sb.append(String.format("%s epc=0x%x tval=0x%x; ", TrapCause.of(e[0]), e[1], e[2]));
            return sb.toString();
        }

        void assertLog(int[]... expected) {
            assertEquals(expected.length, log.size(), describe());
            for (int i = 0; i < expected.length; i++) {
                int[] e = expected[i];
                int[] got = log.get(i);
                assertArrayEquals(new int[] {e[0], e[1], e[2]}, new int[] {got[0], got[1], got[2]},
                        "trap " + i + ": " + describe());
            }
        }
    }

    private static Rig rig(int tlbSize) {
        Rig m = new Rig(new Config(tlbSize, true));
        m.map(CODE, USER_RX);
        m.map(DATA, USER_RW);
        return m;
    }

    private static int[] t(TrapCause cause, int epc, int tval) {
        return new int[] {cause.code(), epc, tval};
    }

    @Test
    void missCausesAreEightNineTen() {
        assertEquals(8, TLB_MISS_FETCH.code());
        assertEquals(9, TLB_MISS_LOAD.code());
        assertEquals(10, TLB_MISS_STORE.code());
    }

    @Test
    void eachKindOfMissTrapsWithTheAddressAndTheRefillCompletesTheInstruction() {
        Rig m = rig(64);
        Handler h = new Handler(m);
        m.cpu.setTrapHandler(h);
        m.pokeWord(DATA + 0x123, 0xABCD1234);
        m.emit(CODE + 0x40, lw(A0, T0, 0x123), sw(A0, T0, 0x200), brk());
        m.cpu.setReg(T0, DATA);
        m.cpu.setReg(A0, 0x5A5A);
        m.enterUser(CODE + 0x40, false);
        m.cpu.run(100);
        h.assertLog(
                t(TLB_MISS_FETCH, CODE + 0x40, CODE + 0x40),
                t(TLB_MISS_LOAD, CODE + 0x40, DATA + 0x123),
                // The load's refill wrote the entry without D: the store must come back for it.
                t(TLB_MISS_STORE, CODE + 0x46, DATA + 0x200),
                t(BREAKPOINT, CODE + 0x4C, 0));
        assertEquals(0xABCD1234, m.cpu.reg(A0));
        assertEquals(0xABCD1234, m.peekWord(DATA + 0x200));
        assertEquals(2, m.cpu.instret(), "misses do not retire");
        assertEquals(0x5A5A, h.log.get(1)[3], "a0 was unchanged at the load miss");
    }

    @Test
    void aMissChangesNothing() {
        Rig m = rig(8);
        Handler h = new Handler(m);
        m.cpu.setTrapHandler(h);
        m.emit(CODE, r(Opcode.POP, A0, 0), brk());
        m.cpu.setReg(A0, 0x5A5A);
        m.cpu.setReg(SP, DATA + 0x10);
        m.pokeWord(DATA + 0x10, 77);
        m.enterUser(CODE, false);
        m.cpu.run(100);
        h.assertLog(t(TLB_MISS_FETCH, CODE, CODE), t(TLB_MISS_LOAD, CODE, DATA + 0x10), t(BREAKPOINT, CODE + 2, 0));
        assertEquals(0x5A5A, h.log.get(1)[3], "a0 at the load miss");
        assertEquals(77, m.cpu.reg(A0));
        assertEquals(DATA + 0x14, m.cpu.reg(SP));
    }

    /** Runs {@code sw a0, 0(t0)} at CODE against a read-only page at va; returns the handler's log. */
    private static Handler storeToReadOnly(int tlbSize, int va) {
        Rig m = rig(tlbSize);
        m.map(va, Pte.R | Pte.U);
        Handler h = new Handler(m);
        m.cpu.setTrapHandler(h);
        m.emit(CODE, sw(A0, T0, 0));
        m.cpu.setReg(T0, va);
        m.enterUser(CODE, false);
        m.cpu.run(100);
        return h;
    }

    @Test
    void refilledEntryWithoutThePermissionGivesAPageFaultNotAnotherMiss() {
        Handler h = storeToReadOnly(64, 0x51000); // vpn 0x51: its own slot
        h.assertLog(t(TLB_MISS_FETCH, CODE, CODE), t(TLB_MISS_STORE, CODE, 0x51000), t(STORE_FAULT, CODE, 0x51000));
    }

    @Test
    void entryInTheVictimBufferWithoutThePermissionGivesAPageFault() {
        // vpn 0x50 and the code's vpn 0x10 share slot 0 of an 8-entry TLB: after the store's refill the code
        // page's entry goes to the victim buffer, the restarted fetch swaps it back, and the data entry
        // (R only) now sits in the victim buffer. It is in the TLB, so the store must fault as above.
        Handler h = storeToReadOnly(8, 0x50000);
        h.assertLog(t(TLB_MISS_FETCH, CODE, CODE), t(TLB_MISS_STORE, CODE, 0x50000), t(STORE_FAULT, CODE, 0x50000));
    }

    @Test
    void userAccessToTheKernelHalfFaultsWithoutAMiss() {
        Rig m = rig(8);
        m.map(0x80004000, USER_RW);
        Handler h = new Handler(m);
        m.cpu.setTrapHandler(h);
        m.emit(CODE, lw(A0, T0, 0));
        m.cpu.setReg(T0, 0x80004000);
        m.enterUser(CODE, false);
        m.cpu.run(100);
        h.assertLog(t(TLB_MISS_FETCH, CODE, CODE), t(LOAD_FAULT, CODE, 0x80004000));
    }

    @Test
    void tlbWriteOfAKernelHalfPageDropsU() {
        Rig m = rig(8);
        m.cpu.setCsr(Csr.PTBR, m.ptbr());
        int pte = Pte.make(9, Pte.V | Pte.R | Pte.U);
        m.cpu.tlbWrite(0x80004, pte);
        assertEquals(pte & ~Pte.U, m.tlb.lookup(0x80004, m.asid));
        m.cpu.tlbWrite(0x7FFFF, pte);
        assertEquals(pte, m.tlb.lookup(0x7FFFF, m.asid));
    }

    @Test
    void fetchAndDataPagesThatShareTheOnlySlotStillComplete() {
        Rig m = rig(1);
        Handler h = new Handler(m);
        m.cpu.setTrapHandler(h);
        m.pokeWord(DATA + 8, 31337);
        m.emit(CODE, lw(A0, T0, 8), sw(A0, T0, 12), brk());
        m.cpu.setReg(T0, DATA);
        m.enterUser(CODE, false);
        m.cpu.run(100);
        h.assertLog(
                t(TLB_MISS_FETCH, CODE, CODE),
                t(TLB_MISS_LOAD, CODE, DATA + 8),
                t(TLB_MISS_STORE, CODE + 6, DATA + 12),
                t(BREAKPOINT, CODE + 12, 0));
        assertEquals(31337, m.peekWord(DATA + 12));
    }

    @Test
    void fourPagesAtOnceInAOneEntryTlbStillComplete() {
        // A straddling fetch (2 pages) of a straddling store (2 pages): the worst one instruction needs.
        Rig m = rig(1);
        m.map(CODE + 0x1000, USER_RX);
        m.map(DATA + 0x1000, USER_RW);
        Handler h = new Handler(m);
        m.cpu.setTrapHandler(h);
        m.emit(CODE + 0xFFD, sw(A0, T0, 0), brk());
        m.cpu.setReg(T0, DATA + 0xFFE);
        m.cpu.setReg(A0, 0x44332211);
        m.enterUser(CODE + 0xFFD, false);
        m.cpu.run(100);
        h.assertLog(
                t(TLB_MISS_FETCH, CODE + 0xFFD, CODE + 0xFFD),
                t(TLB_MISS_FETCH, CODE + 0xFFD, CODE + 0x1000),
                t(TLB_MISS_STORE, CODE + 0xFFD, DATA + 0xFFE),
                t(TLB_MISS_STORE, CODE + 0xFFD, DATA + 0x1000),
                t(BREAKPOINT, CODE + 0x1003, 0));
        assertEquals(0x44332211, m.peekWord(DATA + 0xFFE));
    }

    @Test
    void copyAcrossPagesInAOneEntryTlbCompletes() {
        Rig m = rig(1);
        m.map(CODE + 0x1000, USER_RX);
        m.map(DATA + 0x1000, USER_RW);
        int src = m.map(0x30000, Pte.R | Pte.U);
        m.map(0x31000, Pte.R | Pte.U);
        for (int i = 0; i < 4096; i++) m.mem.writeByte(src, i, i);
        Handler h = new Handler(m);
        m.cpu.setTrapHandler(h);
        m.emit(CODE + 0xFFF, rrr(Opcode.COPY, A0, A1, A2), brk());
        m.cpu.setReg(A0, DATA + 0x800);
        m.cpu.setReg(A1, 0x30000);
        m.cpu.setReg(A2, 0x1400);
        m.enterUser(CODE + 0xFFF, false);
        m.cpu.run(100);
        assertEquals(BREAKPOINT.code(), h.log.get(h.log.size() - 1)[0], h.describe());
        for (int i = 0; i < 4096; i += 97) assertEquals(i & 0xFF, m.peek(DATA + 0x800 + i), "byte " + i);
        assertEquals(0, m.cpu.reg(A2));
        assertEquals(1, m.cpu.instret());
    }

    /** Runs kernel code (paging off, PTBR's ASID 5) on a fresh machine until it halts. */
    private static Rig runKernel(Instruction... insns) {
        Rig m = rig(8);
        m.cpu.setCsr(Csr.PTBR, 5 << Csr.PTBR_ASID_SHIFT);
        int k = m.frame();
        byte[] code = new byte[64];
        int pos = 0;
        for (Instruction insn : insns) pos += insn.encode(code, pos);
        pos += n(Opcode.HALT).encode(code, pos);
        m.mem.write(k, 0, code, 0, pos);
        m.cpu.setReg(A0, 0x12345);
        m.cpu.setReg(T0, 0x12346);
        m.cpu.setReg(A1, PTE);
        m.cpu.setReg(A2, 0x12345678);
        m.cpu.setPc(k << 12);
        m.cpu.run(100);
        assertTrue(m.cpu.halted());
        assertTrue(m.traps.isEmpty(), () -> "traps " + m.traps);
        assertEquals((k << 12) + pos, m.cpu.pc());
        return m;
    }

    private static final int PTE = Pte.make(12, Pte.V | Pte.R | Pte.A);

    @Test
    void kernelTlbwrWritesEntriesTaggedWithTheCurrentAsid() {
        Rig m = runKernel(r(Opcode.TLBWR, A0, A1), r(Opcode.TLBWR, T0, A1));
        assertEquals(PTE, m.tlb.lookup(0x12345, 5));
        assertEquals(PTE, m.tlb.lookup(0x12346, 5));
        assertEquals(0, m.tlb.lookup(0x12345, 3));
        assertFalse(m.cpu.userMode());
    }

    @Test
    void kernelTlbflushDropsOnePageOrEverything() {
        Rig m = runKernel(r(Opcode.TLBWR, A0, A1), r(Opcode.TLBWR, T0, A1), r(Opcode.TLBFLUSH, 0, A2));
        assertEquals(0, m.tlb.lookup(0x12345, 5), "the page of the address in a2");
        assertEquals(PTE, m.tlb.lookup(0x12346, 5));
        m = runKernel(r(Opcode.TLBWR, A0, A1), r(Opcode.TLBWR, T0, A1), r(Opcode.TLBFLUSH, 0, 0));
        assertEquals(0, m.tlb.lookup(0x12345, 5), "tlbflush r0 flushes all");
        assertEquals(0, m.tlb.lookup(0x12346, 5));
    }

    /**
     * docs/isa.md, precise traps: a word that straddles two pages faults on the lower page first, whatever the TLB holds.
     * Here the upper page is in the TLB without W and the lower one is not in the TLB at all: the lower
     * page's miss comes first, and only once it is refilled does the upper page's STORE_FAULT come.
     */
    @Test
    void aStraddlingStoreTrapsOnTheLowerPageFirstEvenWhenTheUpperIsInTheTlbWithoutPermission() {
        Rig m = rig(64);
        m.map(DATA + 0x1000, Pte.R | Pte.U);
        Handler h = new Handler(m);
        m.cpu.setTrapHandler(h);
        m.emit(CODE + 0x40, lw(A1, T0, 0x1000), sw(A0, T0, 0xFFE), brk());
        m.cpu.setReg(T0, DATA);
        m.cpu.setReg(A0, 0x11223344);
        m.enterUser(CODE + 0x40, false);
        m.cpu.run(100);
        h.assertLog(
                t(TLB_MISS_FETCH, CODE + 0x40, CODE + 0x40),
                t(TLB_MISS_LOAD, CODE + 0x40, DATA + 0x1000),
                t(TLB_MISS_STORE, CODE + 0x46, DATA + 0xFFE),
                t(STORE_FAULT, CODE + 0x46, DATA + 0x1000));
        assertEquals(0, m.peekWord(DATA + 0xFFC), "nothing was written");
    }

    /** Puts va's page into the TLB with the given rights, as an earlier access the kernel refilled would have. */
    private static void inTlb(Rig m, int va, int flags) {
        m.cpu.setCsr(Csr.PTBR, m.ptbr());
        m.cpu.tlbWrite(va >>> 12, Pte.make(m.pfnOf(va), flags | Pte.V | Pte.A));
    }

    /** The same order for a load: the upper page is in the TLB, executable but not readable. */
    @Test
    void aStraddlingLoadTrapsOnTheLowerPageFirstEvenWhenTheUpperIsInTheTlbWithoutPermission() {
        Rig m = rig(64);
        m.map(DATA + 0x1000, Pte.X | Pte.U);
        inTlb(m, DATA + 0x1000, Pte.X | Pte.U);
        Handler h = new Handler(m);
        m.cpu.setTrapHandler(h);
        m.emit(CODE + 0x40, lw(A1, T0, 0xFFE), brk());
        m.cpu.setReg(T0, DATA);
        m.cpu.setReg(A1, 77);
        m.enterUser(CODE + 0x40, false);
        m.cpu.run(100);
        h.assertLog(
                t(TLB_MISS_FETCH, CODE + 0x40, CODE + 0x40),
                t(TLB_MISS_LOAD, CODE + 0x40, DATA + 0xFFE),
                t(LOAD_FAULT, CODE + 0x40, DATA + 0x1000));
        assertEquals(77, m.cpu.reg(A1), "nothing was loaded");
        assertEquals(0, m.cpu.instret());
    }

    /** And for a fetch: an instruction whose last bytes lie on a page in the TLB that is readable, not executable. */
    @Test
    void aStraddlingFetchTrapsOnTheLowerPageFirstEvenWhenTheUpperIsInTheTlbWithoutPermission() {
        Rig m = rig(64);
        m.map(CODE + 0x1000, Pte.R | Pte.U);
        Handler h = new Handler(m);
        m.cpu.setTrapHandler(h);
        m.emit(CODE + 0xFFD, sw(A0, T0, 0)); // 6 bytes: 3 on each page
        inTlb(m, CODE + 0x1000, Pte.R | Pte.U);
        m.cpu.setReg(T0, DATA);
        m.enterUser(CODE + 0xFFD, false);
        m.cpu.run(100);
        h.assertLog(
                t(TLB_MISS_FETCH, CODE + 0xFFD, CODE + 0xFFD),
                t(FETCH_FAULT, CODE + 0xFFD, CODE + 0x1000));
        assertEquals(0, m.peekWord(DATA), "the store did not run");
        assertEquals(0, m.cpu.instret());
    }

    /**
     * And for copy, which moves a page run at a time: the source run on the lower page (not in the TLB) misses
     * and is copied first; the upper page, in the TLB but not readable, then faults with the progress registers
     * naming its first byte.
     */
    @Test
    void aCopyAcrossPagesTrapsOnTheLowerPageFirstEvenWhenTheUpperIsInTheTlbWithoutPermission() {
        Rig m = rig(64);
        m.map(DATA + 0x1000, Pte.X | Pte.U);
        int dst = 0x30000;
        m.map(dst, USER_RW);
        for (int i = 0; i < 16; i++) m.poke(DATA + 0xFF0 + i, 0x40 + i);
        inTlb(m, DATA + 0x1000, Pte.X | Pte.U);
        Handler h = new Handler(m);
        m.cpu.setTrapHandler(h);
        m.emit(CODE + 0x40, rrr(Opcode.COPY, A0, A1, A2), brk());
        m.cpu.setReg(A0, dst);
        m.cpu.setReg(A1, DATA + 0xFF8);
        m.cpu.setReg(A2, 20);
        m.enterUser(CODE + 0x40, false);
        m.cpu.run(100);
        h.assertLog(
                t(TLB_MISS_FETCH, CODE + 0x40, CODE + 0x40),
                t(TLB_MISS_LOAD, CODE + 0x40, DATA + 0xFF8),
                t(TLB_MISS_STORE, CODE + 0x40, dst),
                t(LOAD_FAULT, CODE + 0x40, DATA + 0x1000));
        assertArrayEquals(new int[] {dst + 8, DATA + 0x1000, 12}, new int[] {m.cpu.reg(A0), m.cpu.reg(A1), m.cpu.reg(A2)},
                "the progress registers: 8 bytes copied, 12 left");
        for (int i = 0; i < 8; i++) assertEquals(0x48 + i, m.peek(dst + i), "byte " + i);
        assertEquals(0, m.peek(dst + 8));
    }
}
