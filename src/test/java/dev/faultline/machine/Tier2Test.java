package dev.faultline.machine;

import static dev.faultline.isa.TrapCause.BREAKPOINT;
import static dev.faultline.isa.TrapCause.DIVIDE;
import static dev.faultline.isa.TrapCause.LOAD_FAULT;
import static dev.faultline.isa.TrapCause.STORE_FAULT;
import static dev.faultline.isa.TrapCause.TIMER;
import static dev.faultline.machine.Rig.CODE;
import static dev.faultline.machine.Rig.DATA;
import static dev.faultline.machine.Rig.PAGE;
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
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.isa.Csr;
import dev.faultline.isa.Instruction;
import dev.faultline.isa.Opcode;
import dev.faultline.isa.TrapCause;
import dev.faultline.machine.Rig.Config;
import dev.faultline.machine.Rig.Trap;
import dev.faultline.machine.tier2.Tier2;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The second tier against the interpreter: each scenario runs on two fresh machines, one interpreting and one
 * translating every branch target on its second visit, and everything observable must be the same: the
 * traps (cause, EPC, TVAL, STATUS, registers, retired count), the registers, pc, the retired count, the TLB
 * hit and miss counts, and every byte of physical memory (page-table A and D bits included).
 */
class Tier2Test {
    private static final int USER_RX = Pte.U | Pte.R | Pte.X;
    private static final int USER_RWX = Pte.U | Pte.R | Pte.W | Pte.X;
    private static final int USER_RW = Pte.U | Pte.R | Pte.W;
    private static final int SP = 15;

    /** Hardware refill with no TLB, one entry (code and data evict each other), three, and the default. */
    static Stream<Config> configs() {
        return Stream.of(new Config(0, false), new Config(1, false), new Config(3, false), new Config(64, false));
    }

    /** Runs the scenario under both tiers; asserts they agree; returns the translating machine. */
    private static Rig both(Config c, Consumer<Rig> scenario) {
        Rig interp = new Rig(c.withTier(Tier.INTERP));
        scenario.accept(interp);
        Rig auto = new Rig(c.withTier(Tier.AUTO));
        scenario.accept(auto);
        assertSameMachine(interp, auto);
        return auto;
    }

    static void assertSameMachine(Rig want, Rig got) {
        assertEquals(describe(want.traps), describe(got.traps), "traps");
        assertArrayEquals(want.regs(), got.regs(), "registers");
        assertEquals(want.cpu.pc(), got.cpu.pc(), "pc");
        assertEquals(want.cpu.instret(), got.cpu.instret(), "retired instructions");
        assertEquals(want.cpu.tlbHits(), got.cpu.tlbHits(), "TLB hits");
        assertEquals(want.cpu.tlbMisses(), got.cpu.tlbMisses(), "TLB misses");
        assertEquals(want.cpu.halted(), got.cpu.halted(), "halted");
        byte[][] a = want.allFrames(), b = got.allFrames();
        for (int pfn = 0; pfn < a.length; pfn++) assertArrayEquals(a[pfn], b[pfn], "frame " + pfn);
    }

    static List<String> describe(List<Trap> traps) {
        List<String> out = new ArrayList<>();
        for (Trap t : traps) {
            out.add(t + " status=" + t.status() + " instret=" + t.instret() + " regs=" + java.util.Arrays.toString(t.regs()));
        }
        return out;
    }

    /** The translating machine really ran translated code (with a TLB the code page stays cached). */
    private static void assertTranslated(Config c, Rig auto) {
        if (c.tlbSize() > 0) assertTrue(auto.cpu.tier2().translations() > 0, "nothing was translated");
    }

    /** One instruction of the trap-at-every-position loop that traps on the sixth pass, by kind. */
    private static Instruction trapping(TrapCause cause) {
        return switch (cause) {
            case LOAD_FAULT -> lw(2, 1, 8); // r1 walks one page per pass into an unmapped page
            case STORE_FAULT -> sw(3, 1, 12);
            default -> rrr(Opcode.DIV, 4, 5, 6); // r6 counts down to 0
        };
    }

    /** The body's other instructions: ALU work, loads and stores that hit, a shift, a compare. */
    private static final Instruction[] FILLERS = {
        rrr(Opcode.ADD, 7, 7, 3), lw(9, 10, 16), addi(8, 8, 1), sw(8, 10, 32), rrr(Opcode.XOR, 11, 11, 8),
        ri(Opcode.SHLI, 12, 8, 3), rrr(Opcode.SLTU, 13, 12, 7), lw(14, 10, 32),
    };

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void aTrapAtEveryPositionOfARegionIsPrecise(Config c) {
        for (TrapCause cause : new TrapCause[] {LOAD_FAULT, STORE_FAULT, DIVIDE}) {
            for (int k = 0; k < FILLERS.length; k++) {
                int position = k;
                int[] trapPc = new int[1];
                Rig auto = both(c, m -> {
                    for (int p = 0; p < 5; p++) m.map(DATA + p * PAGE, USER_RW);
                    m.map(CODE, USER_RX);
                    int at = CODE;
                    for (int i = 0; i < FILLERS.length; i++) {
                        if (i == position) trapPc[0] = at;
                        at = m.emit(at, i == position ? trapping(cause) : FILLERS[i]);
                    }
                    at = m.emit(at, addi(1, 1, PAGE), addi(6, 6, -1));
                    m.emit(at, b(Opcode.BNE, 0, 3, CODE - at));
                    m.sentinels();
                    m.cpu.setReg(1, DATA);
                    m.cpu.setReg(3, 5);
                    m.cpu.setReg(5, 1000);
                    m.cpu.setReg(6, 5);
                    m.cpu.setReg(10, DATA);
                    m.runUser(CODE);
                });
                assertEquals(1, auto.traps.size());
                Trap t = auto.traps.get(0);
                assertEquals(cause, t.trapCause(), "position " + k);
                assertEquals(trapPc[0], t.epc(), "position " + k);
                assertTranslated(c, auto);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void selfModifyingCodeRunsItsNewInstructions(Config c) {
        Rig auto = both(c, m -> {
            m.map(CODE, USER_RWX);
            int li = CODE;
            int at = m.emit(CODE, li(2, 0), rrr(Opcode.ADD, 3, 3, 2), addi(4, 4, 1), sw(4, 5, 2));
            at = m.emit(at, b(Opcode.BNE, 4, 6, CODE - at));
            m.emit(at, brk());
            m.cpu.setReg(3, 0);
            m.cpu.setReg(4, 0);
            m.cpu.setReg(5, li); // the li's immediate is at li + 2
            m.cpu.setReg(6, 100);
            m.runUser(CODE);
        });
        assertEquals(BREAKPOINT, auto.traps.get(0).trapCause());
        assertEquals(4950, auto.cpu.reg(3), "0 + 1 + ... + 99: every pass ran the immediate the last one wrote");
        if (c.tlbSize() > 0) {
            long made = auto.cpu.tier2().translations();
            assertTrue(made > 1 && made <= Tier2.MAX_REWRITES + 1, made + " translations: a frame rewritten "
                    + Tier2.MAX_REWRITES + " times is left to the interpreter");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void aCodePageEvictedAndReloadedIntoAnotherFrameRunsWhatItHolds(Config c) {
        int second = CODE + 4 * PAGE;
        Rig auto = both(c, m -> {
            int f1 = m.map(CODE, USER_RX);
            m.map(second, USER_RX);
            m.emit(CODE, loop(1));
            m.emit(second, loop(100));
            int[] phase = {0};
            m.then = (rig, trap) -> {
                if (trap.trapCause() != BREAKPOINT || phase[0] == 3) {
                    rig.cpu.halt();
                    return;
                }
                phase[0]++;
                rig.cpu.setReg(1, 0);
                if (phase[0] == 1) {
                    // "Swap out" CODE's frame and reload it into another; the old frame now holds the code of
                    // the second page, which also moves there.
                    int f2 = rig.frame();
                    rig.mem.copyFrame(f1, f2);
                    rig.map(CODE, f2, USER_RX);
                    rig.mem.zeroFrame(f1);
                    rig.map(second, f1, USER_RX);
                    rig.emit(second, loop(1000));
                    rig.cpu.tlbFlush(0, true);
                    rig.cpu.setCsr(Csr.EPC, CODE);
                } else if (phase[0] == 2) {
                    rig.cpu.setCsr(Csr.EPC, second);
                } else {
                    // CODE back in the old frame: whatever was translated for it there is stale.
                    rig.map(CODE, f1, USER_RX);
                    rig.cpu.tlbFlush(0, true);
                    rig.cpu.setCsr(Csr.EPC, CODE);
                }
                rig.cpu.sret();
            };
            m.cpu.setReg(1, 0);
            m.runUser(CODE);
        });
        assertEquals(4, auto.traps.size());
        int[] sums = auto.traps.stream().mapToInt(t -> t.regs()[1]).toArray();
        assertArrayEquals(new int[] {10, 10, 10_000, 10_000}, sums, "each run added what its frame's code adds");
        assertTranslated(c, auto);
    }

    /** r1 += step, ten times (r2 counts), then brk. */
    private static Instruction[] loop(int step) {
        int branch = 6 + 6 + 6;
        return new Instruction[] {
            li(2, 10), addi(1, 1, step), addi(2, 2, -1), b(Opcode.BNE, 2, 0, -(branch - 6)), brk(),
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void aPageTableChangeAndATlbFlushUnderARunningRegionAreSeen(Config c) {
        for (boolean flush : new boolean[] {true, false}) {
            Rig auto = both(c, m -> {
                m.map(CODE, USER_RX);
                int old = m.map(DATA, USER_RW);
                int fresh = m.frame();
                m.pokeWord(DATA, 1);
                m.mem.writeInt(fresh, 0, 1000);
                int at = m.emit(CODE, lw(2, 1, 0), rrr(Opcode.ADD, 3, 3, 2), addi(4, 4, -1));
                at = m.emit(at, b(Opcode.BNE, 4, 0, CODE - at));
                m.emit(at, brk());
                m.cpu.setReg(1, DATA);
                m.cpu.setReg(4, 300);
                int[] ticks = {0};
                m.then = (rig, trap) -> {
                    if (trap.trapCause() != TIMER) {
                        rig.cpu.halt();
                        return;
                    }
                    if (++ticks[0] == 3) {
                        rig.map(DATA, fresh, USER_RW); // the kernel moves the page
                        if (flush) rig.cpu.tlbFlushPage(DATA >>> 12, rig.asid);
                    }
                    rig.cpu.setTimer(rig.cpu.instret() + 50);
                    rig.cpu.sret();
                };
                m.cpu.setTimer(50);
                m.enterUser(CODE, true);
                m.run();
                assertTrue(old != fresh);
            });
            assertEquals(BREAKPOINT, auto.traps.get(auto.traps.size() - 1).trapCause());
            assertTranslated(c, auto);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void timerInterruptsLandAtTheSameCountsInsideAHotLoop(Config c) {
        for (int quantum : new int[] {1, 2, 3, 5, 7, 13, 64}) {
            Rig auto = both(c, m -> {
                m.map(CODE, USER_RX);
                m.map(DATA, USER_RW);
                int at = m.emit(CODE, lw(2, 1, 0), rrr(Opcode.ADD, 2, 2, 4), sw(2, 1, 0), addi(4, 4, 1));
                at = m.emit(at, b(Opcode.BNE, 4, 5, CODE - at));
                m.emit(at, brk());
                m.cpu.setReg(1, DATA);
                m.cpu.setReg(4, 0);
                m.cpu.setReg(5, 400);
                m.then = (rig, trap) -> {
                    if (trap.trapCause() != TIMER) {
                        rig.cpu.halt();
                        return;
                    }
                    rig.cpu.setTimer(rig.cpu.instret() + quantum);
                    rig.cpu.sret();
                };
                m.cpu.setTimer(quantum);
                m.enterUser(CODE, true);
                m.run();
            });
            long timers = auto.traps.stream().filter(t -> t.trapCause() == TIMER).count();
            assertTrue(timers >= 2000 / quantum - 1, quantum + ": " + timers + " timer interrupts");
            assertTranslated(c, auto);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void copyAndStraddlingAccessesAtTheEdgesOfARegion(Config c) {
        Rig auto = both(c, m -> {
            m.map(CODE, USER_RX);
            m.map(CODE + PAGE, USER_RX);
            m.map(DATA, USER_RW);
            m.map(DATA + PAGE, USER_RW);
            // The loop starts near the end of the code page; its branch straddles into the next page.
            Instruction[] body = {
                lw(2, 1, 0), // straddles DATA/DATA+PAGE
                addi(2, 2, 7),
                sw(2, 1, 0), // straddles
                rrr(Opcode.COPY, 6, 7, 8), // 64 bytes across the data pages
                addi(8, 0, 64),
                addi(6, 6, -64),
                addi(7, 7, -64),
                addi(4, 4, -1),
            };
            int length = 0;
            for (Instruction insn : body) length += insn.encode().length;
            int start = CODE + PAGE - length - 3; // the bne (6 bytes) straddles the page boundary
            int at = m.emit(start, body);
            at = m.emit(at, b(Opcode.BNE, 4, 0, start - at));
            m.emit(at, brk());
            m.cpu.setReg(1, DATA + PAGE - 2);
            m.cpu.setReg(4, 40);
            m.cpu.setReg(6, DATA + PAGE - 20);
            m.cpu.setReg(7, DATA + 100);
            m.cpu.setReg(8, 64);
            m.runUser(start);
        });
        assertEquals(BREAKPOINT, auto.traps.get(0).trapCause());
        assertEquals(0, auto.cpu.reg(4));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void callsStackAndExchangeInAHotLoop(Config c) {
        Rig auto = both(c, m -> {
            m.map(CODE, USER_RX);
            m.map(CODE + PAGE, USER_RX);
            m.map(DATA, USER_RW);
            int far = CODE + PAGE + 0x100;
            int near = CODE + 0x200;
            int at = CODE;
            at = m.emit(at, r(Opcode.PUSH, 0, 4));
            at = m.emit(at, j(Opcode.CALL, near - at));
            at = m.emit(at, j(Opcode.CALL, far - at));
            at = m.emit(at, r(Opcode.POP, 9, 0), r(Opcode.XCHG, 9, 1), li(11, near), r(Opcode.CALLR, 0, 11));
            at = m.emit(at, addi(4, 4, -1));
            at = m.emit(at, b(Opcode.BNE, 4, 0, CODE - at));
            at = m.emit(at, r(Opcode.JR, 0, 12));
            m.emit(near, addi(5, 5, 3), n(Opcode.RET));
            m.emit(far, rrr(Opcode.MUL, 6, 5, 4), n(Opcode.RET));
            m.emit(CODE + 0x300, brk());
            m.cpu.setReg(SP, DATA + PAGE);
            m.cpu.setReg(1, DATA + 0x40);
            m.cpu.setReg(4, 200);
            m.cpu.setReg(12, CODE + 0x300);
            m.runUser(CODE);
        });
        assertEquals(BREAKPOINT, auto.traps.get(0).trapCause(), () -> describe(auto.traps).toString());
        assertEquals(1200, auto.cpu.reg(5), () -> describe(auto.traps).toString());
        assertTranslated(c, auto);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void theStepLimitIsExactInsideARegion(Config c) {
        for (long steps = 1; steps < 40; steps++) {
            long limit = steps;
            Rig auto = both(c, m -> {
                m.map(CODE, USER_RX);
                int at = m.emit(CODE, addi(1, 1, 1), addi(2, 2, 2));
                m.emit(at, b(Opcode.BNE, 0, 3, CODE - at));
                m.cpu.setReg(3, 1);
                m.enterUser(CODE, false);
                m.cpu.run(limit);
                m.cpu.run(limit + 7);
            });
            assertEquals(limit + 7, auto.cpu.instret());
        }
    }
}
