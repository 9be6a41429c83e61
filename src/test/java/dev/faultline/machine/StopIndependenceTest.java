package dev.faultline.machine;

import static dev.faultline.isa.Reg.A0;
import static dev.faultline.isa.Reg.A1;
import static dev.faultline.isa.Reg.A2;
import static dev.faultline.isa.Reg.A3;
import static dev.faultline.isa.Reg.S0;
import static dev.faultline.isa.Reg.SP;
import static dev.faultline.isa.Reg.T0;
import static dev.faultline.isa.Reg.T1;
import static dev.faultline.isa.Reg.T2;
import static dev.faultline.isa.Reg.T3;
import static dev.faultline.isa.Reg.ZERO;
import static dev.faultline.machine.Rig.CODE;
import static dev.faultline.machine.Rig.addi;
import static dev.faultline.machine.Rig.b;
import static dev.faultline.machine.Rig.brk;
import static dev.faultline.machine.Rig.li;
import static dev.faultline.machine.Rig.lw;
import static dev.faultline.machine.Rig.r;
import static dev.faultline.machine.Rig.ri;
import static dev.faultline.machine.Rig.sw;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.isa.Opcode;
import dev.faultline.machine.Rig.Config;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Where a run stops changes nothing the machine does (docs/reverse.md): a program run in one go and the same
 * program run in strides of 1, 2, 3 and 7 instructions end in the same registers, memory, traps, TLB hit and
 * miss counts, TLB entries and victim buffer. The hard case is software refill with a small TLB, where the
 * code page and every data page share one slot, so loads and stores swap entries through the victim buffer
 * all the time: the dispatch loop's code page and load micro-TLB must be dropped at the same moments whether
 * or not the loop stops in between.
 */
class StopIndependenceTest {
    private static final int USER_RX = Pte.X | Pte.U;
    private static final int USER_RW = Pte.R | Pte.W | Pte.U;
    /** The loop ends near the end of the code page: its branch straddles into the next. */
    private static final int LOOP = CODE + 0xFD0;
    /**
     * Six data pages whose vpns share a slot with the code page (0x10: the first three) or with the page its
     * branch straddles into (0x11: the last three) in TLBs of 1, 2, 8 and 16 entries.
     */
    private static final int[] DATA = {0x20000, 0x30000, 0x40000, 0x21000, 0x31000, 0x41000};

    static Stream<Arguments> configs() {
        return Stream.of(1, 2, 8, 16, 64).flatMap(size -> Stream.of(true, false)
                .map(software -> Arguments.of(new Config(size, software))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void aProgramRunInStridesEndsAsTheProgramRunInOneGo(Config config) {
        Rig whole = rig(config);
        whole.cpu.run(Long.MAX_VALUE);
        String expected = state(whole);
        assertTrue(whole.cpu.halted(), "halted");
        assertEquals(8 + 12 * 10, whole.cpu.instret(), "the loop ran to its end");
        if (config.software()) assertTrue(whole.refills.size() >= 8, "refills: " + whole.refills.size());
        for (int stride : new int[] {1, 2, 3, 7}) {
            Rig steps = rig(config);
            for (int i = 0; i < 10_000 && !steps.cpu.halted(); i++) steps.cpu.run(steps.cpu.instret() + stride);
            assertEquals(expected, state(steps), "strides of " + stride);
        }
    }

    /** A loop of loads and stores over six colliding data pages, a push and a pop, 12 times, then brk. */
    private static Rig rig(Config config) {
        Rig m = new Rig(config);
        m.map(CODE, USER_RX);
        m.map(CODE + 0x1000, USER_RX);
        for (int va : DATA) m.map(va, USER_RW);
        for (int k = 0; k < DATA.length; k++) m.pokeWord(DATA[k] + 4, 0x100 * k + 7);
        int at = m.emit(CODE, li(T0, DATA[0]), li(T1, DATA[1]), li(T2, DATA[2]), li(T3, DATA[3]),
                li(S0, DATA[4]), li(SP, DATA[5] + 0x800), li(A0, 12));
        m.emit(at, ri(Opcode.JMP, 0, 0, LOOP - at));
        int bne = m.emit(LOOP, ri(Opcode.LB, A1, T0, 4), lw(A2, T1, 4), sw(A1, T2, 8), lw(A3, T0, 0),
                ri(Opcode.SB, A2, T3, 0), lw(A2, S0, 4), r(Opcode.PUSH, 0, A3), r(Opcode.POP, A1, 0),
                addi(A0, A0, -1));
        m.emit(bne, b(Opcode.BNE, A0, ZERO, LOOP - bne), brk());
        m.enterUser(CODE, false);
        return m;
    }

    /** Everything a stop must not change, as text (a difference shows where). */
    private static String state(Rig m) {
        Cpu cpu = m.cpu;
        StringBuilder sb = new StringBuilder();
        sb.append("pc=").append(Integer.toHexString(cpu.pc())).append(" instret=").append(cpu.instret())
                .append(" regs=").append(Arrays.toString(m.regs())).append('\n');
        sb.append("tlb hits=").append(cpu.tlbHits()).append(" misses=").append(cpu.tlbMisses()).append('\n');
        for (int i = 0; i < m.tlb.size(); i++) sb.append("tlb[").append(i).append("] ")
                .append(Arrays.toString(m.tlb.entry(i))).append('\n');
        for (int vpn : new int[] {0x10, 0x11, 0x20, 0x30, 0x40, 0x21, 0x31, 0x41}) {
            sb.append("victim ").append(Integer.toHexString(vpn)).append(' ')
                    .append(Integer.toHexString(m.tlb.peekVictim(vpn, m.asid))).append('\n');
        }
        for (Rig.Trap t : m.refills) sb.append("refill ").append(t.cause()).append(' ').append(Integer.toHexString(t.epc()))
                .append(' ').append(Integer.toHexString(t.tval())).append(" at ").append(t.instret()).append('\n');
        for (Rig.Trap t : m.traps) sb.append("trap ").append(t.cause()).append(' ').append(Integer.toHexString(t.epc()))
                .append(" at ").append(t.instret()).append('\n');
        sb.append("memory ").append(Arrays.deepHashCode(m.allFrames())).append('\n');
        return sb.toString();
    }
}
