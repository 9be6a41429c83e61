package dev.faultline.bare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.abi.Flx;
import dev.faultline.asm.AsmResult;
import dev.faultline.asm.Assembler;
import dev.faultline.isa.Csr;
import dev.faultline.isa.TrapCause;
import dev.faultline.trace.TraceKind;
import dev.faultline.trace.Tracer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rules of the bare machine (docs/bare.md), on the machine alone: no kernel class is loaded. Programs
 * are assembled from source, booted at their physical addresses and run to halt or to an unhandled trap.
 */
class BareMachineTest {

    /** One finished run: how it ended, what the console wrote, the trace (jsonl), and the machine. */
    record Run(BareMachine.Outcome outcome, String out, List<String> trace, BareMachine machine) {
        BareMachine.Trap trap() {
            return machine.unhandledTrap();
        }

        int status() {
            return machine.exitStatus();
        }
    }

    static Run run(String source, String stdin, BareConfig cfg) {
        return run(source, stdin, cfg, 1_000_000);
    }

    static Run run(String source, String stdin, BareConfig cfg, long maxSteps) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), trace = new ByteArrayOutputStream();
        PrintStream traceStream = new PrintStream(trace, true, StandardCharsets.UTF_8);
        BareMachine m = new BareMachine(cfg, new Tracer(EnumSet.allOf(TraceKind.class), traceStream, true, null),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.ISO_8859_1)), new PrintStream(out, true));
        assertNull(m.boot(assemble(source)));
        BareMachine.Outcome outcome = m.run(maxSteps);
        if (outcome == BareMachine.Outcome.HALTED) m.recordHalt();
        String text = trace.toString(StandardCharsets.UTF_8);
        return new Run(outcome, out.toString(StandardCharsets.ISO_8859_1), text.isEmpty() ? List.of() : List.of(text.split("\n")), m);
    }

    static Flx assemble(String source) {
        AsmResult r = Assembler.assembleString("t.s", source);
        assertTrue(r.ok(), r.formatDiagnostics());
        return r.flx();
    }

    static final BareConfig SMALL = new BareConfig(64, 8, false);

    private static void assertTrap(Run r, TrapCause cause, int epc, int tval) {
        assertEquals(BareMachine.Outcome.UNHANDLED_TRAP, r.outcome(), r.trace().toString());
        assertEquals(new BareMachine.Trap(cause, epc, tval), r.trap());
    }

    // ---------------------------------------------------------------- boot

    @Test
    void bootCopiesTheSegmentsToTheirPhysicalAddressesAndClearsEveryRegisterAndCsr() {
        BareMachine m = new BareMachine(SMALL, Tracer.off(), InputStreamOfNothing.INSTANCE, new PrintStream(new ByteArrayOutputStream()));
        assertNull(m.boot(assemble("""
                        .text
                        nop
                _start: halt
                        .data
                        .word 0x11223344
                        .bss
                        .space 8
                """)));
        assertEquals(0x10001, m.cpu().pc());
        for (int i = 0; i < 16; i++) assertEquals(0, m.cpu().reg(i), "r" + i);
        assertEquals(Csr.STATUS_M, m.cpu().csr(Csr.STATUS)); // kernel mode, IE = 0
        for (Csr c : List.of(Csr.TVEC, Csr.EPC, Csr.CAUSE, Csr.TVAL, Csr.PTBR, Csr.SCRATCH, Csr.CYCLE, Csr.TIMECMP)) {
            assertEquals(0, m.cpu().csr(c), c.name());
        }
        assertEquals(0x01, m.memory().readByte(0x10, 0));
        assertEquals(0x04, m.memory().readByte(0x10, 1));
        assertEquals(0x11223344, m.memory().readInt(0x11, 0));
        assertEquals(0, m.memory().readInt(0x12, 0)); // bss
        assertEquals(0, m.memory().readInt(0x3F, 0xFFC)); // every other byte
    }

    @Test
    void aSegmentPastTheEndOfRamOrAnEntryOutsideEverySegmentIsRefused() {
        BareMachine m = new BareMachine(new BareConfig(16, 8, false), Tracer.off(), InputStreamOfNothing.INSTANCE,
                new PrintStream(new ByteArrayOutputStream()));
        assertEquals("segment 0 (0x00010000..0x00010000) lies outside physical memory, which ends at 0x00010000 with 16 frames",
                m.boot(assemble("_start: halt\n")));
        BareMachine m2 = new BareMachine(SMALL, Tracer.off(), InputStreamOfNothing.INSTANCE, new PrintStream(new ByteArrayOutputStream()));
        Flx image = assemble("_start: halt\n");
        Flx moved = new Flx(0x30000, image.segments(), image.symbols(), image.lines(), image.sourceName());
        assertEquals("the entry point 0x00030000 lies outside every segment", m2.boot(moved));
    }

    // ---------------------------------------------------------------- halt

    @ParameterizedTest
    @ValueSource(ints = {0, 7, 255, 256, 0x1234, -1})
    void haltEndsTheRunWithA0Mod256(int a0) {
        Run r = run("_start: li a0, " + a0 + "\n halt\n", "", SMALL);
        assertEquals(BareMachine.Outcome.HALTED, r.outcome());
        assertEquals(a0 & 0xFF, r.status());
        assertEquals("{\"t\":2,\"pid\":0,\"ev\":\"halt\",\"status\":" + (a0 & 0xFF) + "}", r.trace().get(r.trace().size() - 1));
    }

    @Test
    void haltInUserModeIsIllegal() {
        Run r = run("""
                _start: la t0, user
                        csrw epc, t0
                        sret
                user:   halt
                """, "", SMALL);
        assertTrap(r, TrapCause.ILLEGAL, 0x1000D, 0);
    }

    // ---------------------------------------------------------------- the console

    @Test
    void aStoreOfAnyWidthAtOffset0WritesOneByteTheLowEightBits() {
        Run r = run("""
                _start: li t0, 0xF0000000
                        li t1, 0x12345641
                        sb t1, 0(t0)
                        addi t1, t1, 1
                        sh t1, 0(t0)
                        addi t1, t1, 1
                        sw t1, 0(t0)
                        sw t1, 1(t0)         ; not at offset 0: ignored
                        sb t1, 8(t0)
                        sw t1, 0xFFC(t0)
                        halt
                """, "", SMALL);
        assertEquals(BareMachine.Outcome.HALTED, r.outcome());
        assertEquals("ABC", r.out());
    }

    @Test
    void aLoadAtOffset4ConsumesOneByteOfInputCutToTheWidth() {
        Run r = run("""
                _start: li t0, 0xF0000000
                        lbu s0, 4(t0)        ; 'x'
                        lw  s1, 4(t0)        ; 0xFF, zero-extended from the byte
                        lw  s2, 0(t0)        ; offset 0 reads 0 and consumes nothing
                        lw  a1, 8(t0)        ; so does any other offset
                        lw  a2, 4(t0)        ; end of input: -1
                        lb  a3, 4(t0)
                        lbu a4, 4(t0)
                        lhu a5, 4(t0)
                        lh  t1, 4(t0)
                        halt
                """, "x\u00FF", SMALL);
        assertEquals(BareMachine.Outcome.HALTED, r.outcome());
        var cpu = r.machine().cpu();
        assertEquals('x', cpu.reg(11));
        assertEquals(0xFF, cpu.reg(12));
        assertEquals(0, cpu.reg(13));
        assertEquals(0, cpu.reg(2));
        assertEquals(-1, cpu.reg(3));
        assertEquals(-1, cpu.reg(4));
        assertEquals(0xFF, cpu.reg(5));
        assertEquals(0xFFFF, cpu.reg(6));
        assertEquals(-1, cpu.reg(8));
    }

    @Test
    void copyAndXchgUseTheConsoleOneAccessPerByte() {
        Run r = run("""
                _start: li   t0, 0xF0000000
                        la   t1, text
                        li   t2, 1
                        copy t0, t1, t2      ; one byte to offset 0: written
                        li   t0, 0xF0000000
                        li   t2, 1
                        copy t0, t1, t2
                        li   t0, 0xF0000004  ; a copy from offset 4 consumes one byte
                        la   t1, buffer
                        li   t2, 1
                        copy t1, t0, t2
                        li   t0, 0xF0000004
                        li   s0, 0x55
                        xchg s0, (t0)        ; reads a byte; the store at offset 4 is ignored
                        li   t0, 0xF0000000
                        li   s1, '!'
                        xchg s1, (t0)        ; writes '!', reads 0
                        lbu  s2, buffer
                        halt
                text:   .ascii "hi"
                buffer: .byte 0
                """, "AB", SMALL);
        assertEquals(BareMachine.Outcome.HALTED, r.outcome(), r.trace().toString());
        assertEquals("hi!", r.out());
        assertEquals('B', r.machine().cpu().reg(11));
        assertEquals(0, r.machine().cpu().reg(12));
        assertEquals('A', r.machine().cpu().reg(13));
    }

    @Test
    void aFetchFromTheConsoleReadsZerosAndTrapsIllegal() {
        Run r = run("_start: li t0, 0xF0000000\n jr t0\n", "", SMALL);
        assertTrap(r, TrapCause.ILLEGAL, 0xF0000000, 0);
    }

    // ---------------------------------------------------------------- faults outside RAM

    @Test
    void physicalAccessesOutsideRamFaultWithTheAddressInTval() {
        assertTrap(run("_start: li t0, 0x40000\n lw a0, 0(t0)\n", "", SMALL), TrapCause.LOAD_FAULT, 0x10006, 0x40000);
        assertTrap(run("_start: li t0, 0x40000\n sb a0, 3(t0)\n", "", SMALL), TrapCause.STORE_FAULT, 0x10006, 0x40003);
        assertTrap(run("_start: li t0, 0xF0001000\n lw a0, 0(t0)\n", "", SMALL), TrapCause.LOAD_FAULT, 0x10006, 0xF0001000);
        assertTrap(run("_start: li t0, 0xE0000000\n jr t0\n", "", SMALL), TrapCause.FETCH_FAULT, 0xE0000000, 0xE0000000);
        // A word that runs off the end of RAM faults on its first byte outside.
        assertTrap(run("_start: li t0, 0x3FFFE\n lw a0, 0(t0)\n", "", SMALL), TrapCause.LOAD_FAULT, 0x10006, 0x40000);
    }

    @Test
    void userModeNeverReachesTheTopHalfEvenWithPagingOff() {
        Run r = run("""
                _start: la t0, user
                        csrw epc, t0
                        sret
                user:   li t0, 0xF0000000
                        sb t0, 0(t0)
                """, "", SMALL);
        assertTrap(r, TrapCause.STORE_FAULT, 0x10013, 0xF0000000);
        assertEquals("", r.out());
    }

    /** Builds, with paging off, a root table at 0x20000 and a second-level table at 0x21000 for va 0..4 MiB. */
    private static final String TABLES = """
                    .equ ROOT, 0x20000
                    .equ TABLE, 0x21000
            _start: li   t0, (TABLE >> 12 << 10) | 1
                    sw   t0, ROOT(zero)           ; root[0] -> TABLE
                    li   t0, (0x10 << 10) | 0xB   ; va 0x10000 -> pa 0x10000, r-x
                    sw   t0, TABLE + 0x40(zero)
            """;

    private static String withPaging(String mappings, String body) {
        return TABLES + mappings + """
                        li   t0, 0x80000000 | (ROOT >> 12)
                        csrw ptbr, t0
                """ + body;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 64})
    void aMappedConsoleWorksWithPagingOn(int tlb) {
        Run r = run(withPaging("""
                        li   t0, (0xF0000 << 10) | 7  ; va 0x5000 -> the console, rw
                        sw   t0, TABLE + 0x14(zero)
                """, """
                        li   t0, 0x5000
                        li   t1, 'k'
                        sb   t1, 0(t0)
                        lbu  a0, 4(t0)
                        halt
                """), "Z", new BareConfig(64, tlb, false));
        assertEquals(BareMachine.Outcome.HALTED, r.outcome(), r.trace().toString());
        assertEquals("k", r.out());
        assertEquals('Z', r.status());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 64})
    void aLeafFrameOutsideRamFaults(int tlb) {
        Run r = run(withPaging("""
                        li   t0, (0x9999 << 10) | 7   ; va 0x5000 -> a frame there is no RAM for
                        sw   t0, TABLE + 0x14(zero)
                """, """
                        li   t0, 0x5000
                        lw   a0, 0(t0)
                """), "", new BareConfig(64, tlb, false));
        assertTrap(r, TrapCause.LOAD_FAULT, 0x10036, 0x5000);
    }

    @Test
    void aRootTableOutsideRamFaultsTheNextFetch() {
        Run r = run("""
                _start: li   t0, 0x80000000 | 0x9999
                        csrw ptbr, t0
                        nop
                """, "", SMALL);
        assertTrap(r, TrapCause.FETCH_FAULT, 0x1000C, 0x1000C);
    }

    @Test
    void aSecondLevelTableOutsideRamFaults() {
        Run r = run("""
                        .equ ROOT, 0x20000
                _start: li   t0, (0x9999 << 10) | 1
                        sw   t0, ROOT(zero)
                        li   t0, 0x80000000 | (ROOT >> 12)
                        csrw ptbr, t0
                        nop
                """, "", SMALL);
        assertTrap(r, TrapCause.FETCH_FAULT, 0x10018, 0x10018);
    }

    @Test
    void anAccessStraddlingIntoTheConsolePageFaultsOnTheConsolePart() {
        Run r = run(withPaging("""
                        li   t0, (0x30 << 10) | 7     ; va 0x4000 -> RAM
                        sw   t0, TABLE + 0x10(zero)
                        li   t0, (0xF0000 << 10) | 7  ; va 0x5000 -> the console
                        sw   t0, TABLE + 0x14(zero)
                """, """
                        li   t0, 0x4FFE
                        sw   t0, 0(t0)
                """), "", new BareConfig(64, 64, false));
        assertTrap(r, TrapCause.STORE_FAULT, 0x10042, 0x5000);
        assertEquals("", r.out());
        assertEquals(0, r.machine().memory().readInt(0x30, 0xFFC));
    }

    @Test
    void aTlbEntryWrittenWithAFrameOutsideRamFaultsInsteadOfReachingIt() {
        Run r = run(withPaging("", """
                        li   t0, 0x7
                        li   t1, (0x9999 << 10) | 7
                        tlbwr t0, t1                  ; vpn 7 -> no such frame
                        li   t0, 0x7000
                        lw   a0, 0(t0)
                """), "", new BareConfig(64, 64, false));
        assertTrap(r, TrapCause.LOAD_FAULT, 0x10038, 0x7000);
    }

    // ---------------------------------------------------------------- traps, restarts, the end

    @Test
    void aTrapWithNoVectorStopsTheMachineAfterItsTrapRecord() {
        Run r = run("_start: li a0, 3\n brk\n", "", SMALL);
        assertTrap(r, TrapCause.BREAKPOINT, 0x10006, 0);
        assertEquals("unhandled trap breakpoint at pc 0x00010006 (tval 0x00000000)", r.trap().unhandledMessage());
        assertEquals(List.of("{\"t\":1,\"pid\":0,\"ev\":\"trap\",\"cause\":\"breakpoint\",\"pc\":65542,\"tval\":0}"), r.trace());
    }

    @Test
    void aHandlerWhoseFirstInstructionAlwaysTrapsStopsTheRunInsteadOfLoopingForEver() {
        Run r = run("""
                _start: li   t0, 0x700000        ; no RAM there
                        csrw tvec, t0
                        brk
                """, "", SMALL);
        assertTrap(r, TrapCause.FETCH_FAULT, 0x700000, 0x700000);
        assertTrue(r.machine().unhandledMessage().endsWith("traps every time it runs"), r.machine().unhandledMessage());
    }

    @Test
    void sretToTheFaultingPcWritesRestartOnceAndOnlyForFaults() {
        Run r = run("""
                _start: la   t0, handler
                        csrw tvec, t0
                        li   t1, 0x40000
                again:  lw   a0, 0(t1)           ; faults (no RAM); the handler moves t1 and restarts it
                        sys  1                    ; a syscall returns past itself: no restart
                        brk                       ; returns to itself, but is not a fault: no restart
                        li   a0, 9
                        halt
                handler: csrr t2, cause
                        li   t3, 1
                        bne  t2, t3, other
                        li   t1, 0x100
                        sret
                other:  li   t3, 5
                        bne  t2, t3, skip5
                        li   t3, 5                ; brk: step over it (1 byte) after a plain sret would loop
                        csrr t2, epc
                        addi t2, t2, 1
                        csrw epc, t2
                        sret
                skip5:  csrr t2, epc
                        addi t2, t2, 5
                        csrw epc, t2
                        sret
                """, "", SMALL);
        assertEquals(BareMachine.Outcome.HALTED, r.outcome(), r.trace().toString());
        assertEquals(9, r.status());
        List<String> restarts = r.trace().stream().filter(l -> l.contains("\"ev\":\"restart\"")).toList();
        assertEquals(List.of("{\"t\":8,\"pid\":0,\"ev\":\"restart\",\"pc\":65554}"), restarts);
        assertEquals(3, r.trace().stream().filter(l -> l.contains("\"ev\":\"trap\"")).count());
        long[] counts = r.machine().trapCounts();
        assertEquals(1, counts[TrapCause.LOAD_FAULT.code()]);
        assertEquals(1, counts[TrapCause.SYSCALL.code()]);
        assertEquals(1, counts[TrapCause.BREAKPOINT.code()]);
    }

    @Test
    void aProgramThatWritesTheConsoleForeverEndsAtTheStepLimit() {
        Run r = run("_start: li t0, 0xF0000000\n loop: sb t0, 0(t0)\n jmp loop\n", "", SMALL, 1001);
        assertEquals(BareMachine.Outcome.MAX_STEPS, r.outcome());
        assertEquals(1001, r.machine().cpu().instret());
        assertEquals(500, r.out().length());
    }

    @Test
    void theTimerInterruptsOnlyWithIeSetAndEpcIsTheNextInstruction() {
        Run r = run("""
                _start: la   t0, handler
                        csrw tvec, t0
                        li   t0, 5
                        csrw timecmp, t0
                        li   t0, 4                ; IE
                        csrw status, t0           ; (still kernel mode: M = 0 would be user)
                        nop
                        nop
                        nop
                        halt
                handler: csrr a0, epc
                        halt
                """, "", SMALL);
        assertEquals(BareMachine.Outcome.HALTED, r.outcome(), r.trace().toString());
        assertEquals(0x24, r.status()); // EPC: the first nop, which had not run
        assertEquals("{\"t\":6,\"pid\":0,\"ev\":\"trap\",\"cause\":\"timer\",\"pc\":65572,\"tval\":0}", r.trace().get(0));
    }

    /**
     * Random machine code, with a trap vector inside it, under every refill mode: whatever it does to the
     * CSRs, the page tables, the TLB and the console, the machine ends (halt, unhandled trap or the step
     * limit) without a Java exception.
     */
    @Test
    void randomCodeNeverBreaksTheMachine() {
        java.util.Random random = new java.util.Random(12);
        byte[] interesting = {0x00, 0x04, 0x05, 0x15, 0x2F, 0x30, 0x40, 0x44, 0x48, 0x4A, 0x58, 0x60, 0x61, 0x62, 0x63};
        for (int round = 0; round < 150; round++) {
            StringBuilder src = new StringBuilder("_start: li t0, code\n csrw tvec, t0\n");
            // registers point at interesting places: the console, RAM, past RAM, the top half
            int[] values = {0xF0000000, 0xF0000004, 0x10000, 0x3FFFE, 0x80000000 | 0x30, 0x9999 << 10 | 0xF, 0x3FFFF,
                0x12345678, -1, 0x30 << 10 | 1};
            for (int reg = 1; reg < 16; reg++) {
                src.append(" li r").append(reg).append(", ").append(values[random.nextInt(values.length)]).append("\n");
            }
            src.append("code:\n");
            for (int i = 0; i < 200; i++) {
                int b = random.nextInt(3) == 0 ? interesting[random.nextInt(interesting.length)] : random.nextInt(256);
                src.append(" .byte ").append(b).append("\n");
            }
            BareConfig cfg = new BareConfig(64, new int[] {0, 1, 8}[round % 3], round % 2 == 0);
            Run r = run(src.toString(), "some input", cfg, 5_000);
            assertTrue(r.outcome() != BareMachine.Outcome.STOPPED, "round " + round);
        }
    }
}
