package dev.faultline.machine;

import static dev.faultline.isa.Reg.A0;
import static dev.faultline.isa.Reg.T0;
import static dev.faultline.machine.Rig.CODE;
import static dev.faultline.machine.Rig.DATA;
import static dev.faultline.machine.Rig.brk;
import static dev.faultline.machine.Rig.lw;
import static dev.faultline.machine.Rig.sw;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.faultline.isa.Csr;
import org.junit.jupiter.api.Test;

/**
 * The bit layouts of the machine (docs/isa.md), pinned with literal numbers and never with our own constants:
 * a test here fails if a bit moves, even when every constant moves with it. PTEs are written and read raw
 * in physical memory; PTBR and STATUS are written and read as plain integers.
 */
class ContractBitsTest {
    // docs/isa.md, "Page-table entry": V=bit 0, R=1, W=2, X=3, U=4, A=5, D=6, PFN = bits 10-31.
    private static final int V = 1, R = 1 << 1, W = 1 << 2, X = 1 << 3, U = 1 << 4, A = 1 << 5, D = 1 << 6;

    /** A user machine whose tables are written with literal PTEs only; PTBR written as a literal too. */
    private static Rig machine(int dataPte) {
        Rig m = new Rig(new Rig.Config(8, false), 64, 5);
        int code = m.frame(), data = m.frame();
        m.setPte(CODE, code << 10 | V | X | U);
        m.setPte(DATA, dataPte == 0 ? data << 10 | V | R | W | U : dataPte);
        return m;
    }

    private static void enter(Rig m, int pc) {
        // docs/isa.md: PTBR = root frame in bits 0-21, ASID in bits 22-29, paging on in bit 31.
        m.cpu.setCsr(Csr.PTBR, 0x8000_0000 | 5 << 22 | m.root);
        m.cpu.setCsr(Csr.EPC, pc); // EPC
        m.cpu.setCsr(Csr.STATUS, 0b0001); // STATUS: M=1 (kernel), PM=0, IE=0, PIE=0: sret drops to user mode
        m.cpu.sret();
    }

    @Test
    void aLoadSetsBitFiveAndAStoreBitsFiveAndSixOfTheLeafInMemory() {
        Rig m = machine(0);
        int dataFrame = m.pte(DATA) >>> 10;
        m.emit(CODE, lw(A0, T0, 0x10), brk());
        m.cpu.setReg(T0, DATA);
        enter(m, CODE);
        m.run();
        assertEquals(dataFrame << 10 | V | R | W | U | A, m.pte(DATA), "A is bit 5 (0x20)");
        assertEquals(0x20, m.pte(DATA) & 0x60);

        Rig s = machine(0);
        int frame = s.pte(DATA) >>> 10;
        s.emit(CODE, sw(A0, T0, 0x10), brk());
        s.cpu.setReg(T0, DATA);
        enter(s, CODE);
        s.run();
        assertEquals(frame << 10 | 0x17 | 0x20 | 0x40, s.pte(DATA), "D is bit 6 (0x40)");
    }

    @Test
    void thePfnIsBitsTenToThirtyOneOfTheLeaf() {
        Rig m = machine(0);
        int frame = m.frame();
        m.pokeWord(DATA, 0); // make sure the rig's frame is not what we read
        m.setPte(DATA + 0x1000, frame << 10 | V | R | U);
        m.mem.writeByte(frame, 0x10, 0x5A);
        m.emit(CODE, lw(A0, T0, 0x1010), brk());
        m.cpu.setReg(T0, DATA);
        enter(m, CODE);
        m.run();
        assertEquals(0x5A, m.cpu.reg(A0) & 0xFF);
    }

    @Test
    void anEntryWithBitZeroClearFaultsWhateverElseItHolds() {
        // V=0 with every other bit set, the shape of a swap entry (bit 1 set, a slot above 8 bits)
        Rig m = machine(0xFFFF_FFFE);
        m.emit(CODE, lw(A0, T0, 0), brk());
        m.cpu.setReg(T0, DATA);
        enter(m, CODE);
        Rig.Trap t = m.run();
        assertEquals(1, t.cause(), "LOAD_FAULT is cause 1");
        assertEquals(DATA, t.tval());
        assertEquals(0xFFFF_FFFE, m.pte(DATA), "the MMU left the invalid entry alone");
    }

    @Test
    void userModeNeedsBitFourAndAStoreNeedsBitTwo() {
        Rig noU = machine(0);
        noU.setPte(DATA, noU.frame() << 10 | V | R | W); // no U
        noU.emit(CODE, lw(A0, T0, 0), brk());
        noU.cpu.setReg(T0, DATA);
        enter(noU, CODE);
        assertEquals(1, noU.run().cause());

        Rig noW = machine(0);
        noW.setPte(DATA, noW.frame() << 10 | V | R | U);
        noW.emit(CODE, sw(A0, T0, 0), brk());
        noW.cpu.setReg(T0, DATA);
        enter(noW, CODE);
        assertEquals(2, noW.run().cause(), "STORE_FAULT is cause 2");
    }

    @Test
    void theTlbTagsEntriesWithTheAsidOfPtbrBitsTwentyTwoToTwentyNine() {
        Rig m = machine(0);
        m.emit(CODE, lw(A0, T0, 0), brk());
        m.cpu.setReg(T0, DATA);
        enter(m, CODE);
        m.run();
        assertNotEquals(0, m.tlb.lookup(DATA >>> 12, 5), "PTBR bits 22-29 = 5");
        assertEquals(0, m.tlb.lookup(DATA >>> 12, 3));
    }

    @Test
    void takingATrapAndSretMoveTheStatusBitsAsTheContractNumbersThem() {
        // STATUS: bit 0 M, bit 1 PM, bit 2 IE, bit 3 PIE. From user mode with IE=1: a trap gives
        // M=1, PM=0, IE=0, PIE=1 = 0b1001.
        Rig m = machine(0);
        m.emit(CODE, brk());
        m.cpu.setCsr(Csr.PTBR, 0x8000_0000 | 5 << 22 | m.root);
        m.cpu.setCsr(Csr.EPC, CODE);
        m.cpu.setCsr(Csr.STATUS, 0b1001); // kernel, PIE=1: sret gives user mode with IE=1
        m.cpu.sret();
        assertEquals(0b1100, m.cpu.csr(Csr.STATUS), "user mode, IE = PIE = 1 (sret leaves PIE as it was)");
        Rig.Trap t = m.run();
        assertEquals(5, t.cause(), "BREAKPOINT is cause 5");
        assertEquals(0b1001, t.status());
        assertEquals(0b1001, m.cpu.csr(Csr.STATUS));
    }
}
