package dev.faultline.debug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.abi.Flx;
import dev.faultline.bare.BareConfig;
import dev.faultline.debug.view.Csrs;
import dev.faultline.debug.view.PageWalk;
import dev.faultline.debug.view.Registers;
import dev.faultline.debug.view.Stop;
import dev.faultline.debug.view.StopPoints;
import dev.faultline.debug.view.TlbEntries;
import dev.faultline.debug.view.Words;
import dev.faultline.isa.Csr;
import dev.faultline.kernel.Kernel;
import dev.faultline.kernel.KernelConfig;
import dev.faultline.machine.Machine;
import dev.faultline.trace.Tracer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The one debugger engine over its two targets: the kernel's machine and the bare machine answer the shared
 * commands through the same engine code, as view records, and the terminal face prints those records.
 */
class EngineTest {
    private static final String KERNEL_PROGRAM = """
                    .text
            _start: li    a0, 7
                    li    t0, 0x1234
                    la    a1, word
                    li    a0, 0
                    sys   exit
                    .data
            word:   .word 0x11223344
            """;

    /** A debugger over a freshly booted kernel, printing into shown. */
    private static Debugger kernelDebugger(ByteArrayOutputStream shown) throws Exception {
        Flx image = BareTimeTravelTest.assemble(KERNEL_PROGRAM);
        KernelConfig cfg = KernelConfig.defaults();
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true);
        Kernel kernel = new Kernel(Machine.build(cfg.frames(), cfg.tlbSize(), cfg.softwareRefill()), cfg, Tracer.off(),
                new ByteArrayInputStream(new byte[0]), quiet, quiet);
        assertNull(kernel.boot(image, "t.s"));
        return new Debugger(kernel, new PrintStream(shown, true));
    }

    /** A debugger over the bare machine running examples/bare/hello.s. */
    private static BareDebugger bareDebugger(ByteArrayOutputStream shown) throws Exception {
        Flx image = BareTimeTravelTest.assembleFile(Path.of("examples/bare/hello.s"));
        BareTimeTravel tt = BareTimeTravelTest.session(image, new BareConfig(64, 8, false), new byte[0],
                new ByteArrayOutputStream());
        tt.start();
        BareDebugger debugger = new BareDebugger(tt, new PrintStream(shown, true), Long.MAX_VALUE);
        debugger.setSource(dev.faultline.asm.Assembler.assembleFile(Path.of("examples/bare/hello.s")).sourceMap());
        return debugger;
    }

    /** What one command printed. */
    private static String run(Engine engine, ByteArrayOutputStream shown, String command) {
        shown.reset();
        assertTrue(engine.command(command));
        return shown.toString(StandardCharsets.UTF_8);
    }

    @Test
    void bothTargetsAnswerRegistersThroughTheSameEngine() throws Exception {
        ByteArrayOutputStream k = new ByteArrayOutputStream(), b = new ByteArrayOutputStream();
        Engine kernel = kernelDebugger(k).engine(), bare = bareDebugger(b).engine();
        run(kernel, k, "step 2");
        run(bare, b, "step 1");
        Registers kr = kernel.registers(), br = bare.registers();
        assertEquals(7, kr.values().get(1)); // a0
        assertEquals(0x1234, kr.values().get(7)); // t0
        assertEquals(0x8000, br.values().get(15)); // sp, set by the bare program's first instruction
        assertTrue(kr.pcAt().startsWith(String.format("0x%08x <_start+", kr.pc())), kr.pcAt());
        // the terminal face prints the record: regs and info registers are the same view on both targets
        for (Engine e : List.of(kernel, bare)) {
            ByteArrayOutputStream shown = e == kernel ? k : b;
            String regs = run(e, shown, "regs");
            assertEquals(regs, run(e, shown, "info registers"));
            assertTrue(regs.endsWith("pc   " + e.registers().pcAt() + "\n"), regs);
        }
        assertEquals("{\"view\":\"registers\",\"values\":[0,7,0,0,0,0,0,4660,0,0,0,0,0,0,0," + kr.values().get(15)
                + "],\"pc\":" + kr.pc() + ",\"pcAt\":\"" + kr.pcAt() + "\"}", kr.toJson());
    }

    @Test
    void csrsAreOneRecordWordedForEachTarget() throws Exception {
        ByteArrayOutputStream k = new ByteArrayOutputStream(), b = new ByteArrayOutputStream();
        Engine kernel = kernelDebugger(k).engine(), bare = bareDebugger(b).engine();
        Csrs kc = kernel.csrs(), bc = bare.csrs();
        assertEquals(Csr.values().length, kc.rows().size());
        assertEquals(Csr.values().length, bc.rows().size());
        // the bare program starts in kernel mode with paging off; the kernel's program in user mode
        assertEquals("status   0x00000001  (kernel mode, interrupts off)", run(bare, b, "csrs").lines().findFirst()
                .orElseThrow());
        assertTrue(run(bare, b, "csrs").contains("ptbr     0x00000000  (paging off)\n"));
        assertTrue(run(kernel, k, "csrs").startsWith("status   0x0000000c  (user mode)\n"), run(kernel, k, "csrs"));
    }

    @Test
    void aPageWalkReadsEachEntryOnTheKernelsMachineAndFindsPagingOffOnTheBareOne() throws Exception {
        ByteArrayOutputStream k = new ByteArrayOutputStream(), b = new ByteArrayOutputStream();
        Debugger debugger = kernelDebugger(k);
        Engine kernel = debugger.engine();
        run(kernel, k, "step 3"); // the first instruction's page is resident now
        int pc = kernel.registers().pc();
        PageWalk walk = kernel.walk(pc + 5);
        assertEquals(pc + 5 >>> 22, walk.vpn1());
        assertEquals((pc + 5 >>> 12) & 0x3FF, walk.vpn2());
        assertEquals(pc + 5 & 0xFFF, walk.offset());
        assertTrue(walk.pagingOn());
        assertEquals(walk.leafTable() << 12 | 0, (walk.rootEntry() >>> 10) << 12, "the root entry names the leaf table");
        assertEquals((walk.leafEntry() >>> 10) << 12 | walk.offset(), (int) walk.physical());
        // the walk's leaf entry is the PTE pt shows for that page
        String pt = run(kernel, k, String.format("pt 0x%x", pc));
        assertTrue(pt.contains(String.format("pte 0x%08x", walk.leafEntry())), pt + walk);

        Engine bare = bareDebugger(b).engine();
        PageWalk off = bare.walk(0x1234);
        assertEquals(false, off.pagingOn());
        assertEquals("{\"view\":\"walk\",\"va\":4660,\"vpn1\":0,\"vpn2\":1,\"offset\":564,\"pagingOn\":false,\"asid\":0,"
                + "\"rootTable\":0,\"rootEntry\":0,\"leafTable\":null,\"leafEntry\":null,\"physical\":null}", off.toJson());
    }

    @Test
    void wordsTlbAndStopComeFromTheEngineOnBothTargets() throws Exception {
        ByteArrayOutputStream k = new ByteArrayOutputStream(), b = new ByteArrayOutputStream();
        Engine kernel = kernelDebugger(k).engine(), bare = bareDebugger(b).engine();
        run(kernel, k, "step 3");
        int word = kernel.registers().values().get(2); // a1 = &word
        Words w = kernel.words(word, 1);
        assertEquals(0x11223344, (int) w.rows().get(0).value());
        assertEquals("not resident: from the executable", w.rows().get(0).source()); // not touched yet
        assertEquals(String.format("0x%08x  0x11223344  (not resident: from the executable)\n", word),
                run(kernel, k, "x word"));
        // memory does not wrap around to address 0, on either target
        assertEquals(Words.Cut.END_OF_SPACE, bare.words(0xFFFF_FFFC, 2).cut());
        assertEquals(Words.Cut.END_OF_SPACE, kernel.words(0xFFFF_FFFC, 2).cut());
        assertEquals("(no memory there)", run(bare, b, "x 0xeffffffc").substring(12).strip());

        TlbEntries tlb = kernel.tlb();
        assertTrue(tlb.entries().size() >= 1 && tlb.hits() + tlb.misses() > 0, tlb.toString());
        assertEquals(0, bare.tlb().entries().size()); // paging off: nothing cached
        assertEquals("TLB: 8 entries, hardware refill\n  (empty)\n", run(bare, b, "tlb"));

        Stop stop = bare.stop(Stop.Reason.DONE, null);
        assertEquals("hello.s:5  _start: li    sp, 0x8000              ; every register starts at 0, sp too",
                stop.sourceLine());
        assertTrue(stop.instruction().current());
        assertEquals(0x10000, stop.instruction().address()); // the bare program is loaded at 0x10000
    }

    @Test
    void aStopSaysWhyAsDataOnBothTargets() throws Exception {
        ByteArrayOutputStream k = new ByteArrayOutputStream(), b = new ByteArrayOutputStream();
        Engine kernel = kernelDebugger(k).engine(), bare = bareDebugger(b).engine();
        run(kernel, k, "catch syscall");
        String shown = run(kernel, k, "continue");
        Stop stop = kernel.lastStop();
        assertEquals(Stop.Reason.TRAP, stop.reason());
        assertTrue(stop.why().startsWith("trap in pid 1: syscall exit, pc "), stop.why());
        assertTrue(shown.startsWith(stop.why() + "\n"), shown);
        assertTrue(stop.toJson().startsWith("{\"view\":\"stop\",\"reason\":\"trap\",\"why\":\"trap in pid 1"),
                stop.toJson());

        run(bare, b, "break puts");
        run(bare, b, "continue");
        assertEquals(Stop.Reason.BREAKPOINT, bare.lastStop().reason());
        assertTrue(bare.lastStop().why().startsWith("breakpoint at 0x"), bare.lastStop().why());
        run(bare, b, "step");
        assertEquals(Stop.Reason.DONE, bare.lastStop().reason());
        assertNull(bare.lastStop().why());
    }

    @Test
    void stopPointsAreOneRecordNumberedOnlyByTheKernel() throws Exception {
        ByteArrayOutputStream k = new ByteArrayOutputStream(), b = new ByteArrayOutputStream();
        Engine kernel = kernelDebugger(k).engine(), bare = bareDebugger(b).engine();
        run(kernel, k, "tbreak _start");
        run(kernel, k, "catch fault");
        run(bare, b, "break puts");
        run(bare, b, "catch trap");
        List<StopPoints.Point> kp = kernel.stopPoints().points();
        assertEquals(2, kp.size());
        assertEquals(new StopPoints.Point(2, StopPoints.Kind.CATCH, 0, null, 0, "fault", false), kp.get(1));
        assertEquals(1, kp.get(0).number());
        assertTrue(kp.get(0).temporary());
        String kernelInfo = run(kernel, k, "info breakpoints");
        assertTrue(kernelInfo.startsWith("1   temporary breakpoint 1 at 0x"), kernelInfo);
        assertTrue(kernelInfo.endsWith("2   catchpoint 2: fault\n"), kernelInfo);
        String bareInfo = run(bare, b, "info breakpoints");
        assertEquals(2, bare.stopPoints().points().size());
        assertEquals(0, bare.stopPoints().points().get(0).number()); // the bare machine's are not numbered
        assertTrue(bareInfo.startsWith("breakpoint at 0x") && bareInfo.endsWith(" <puts>\ncatch trap\n"), bareInfo);
    }

    @Test
    void oneCommandTableServesBothTargets() throws Exception {
        ByteArrayOutputStream k = new ByteArrayOutputStream(), b = new ByteArrayOutputStream();
        Engine kernel = kernelDebugger(k).engine(), bare = bareDebugger(b).engine();
        // a command only the kernel's machine has is a capability the bare target lacks, named as such
        assertEquals("vmas does not apply to the bare machine: it shows the built-in kernel's state, and there is no"
                + " kernel here\n", run(bare, b, "vmas"));
        assertEquals("next is not available on the bare machine (type help)\n", run(bare, b, "next"));
        // going back needs time travel: a kernel debugger made without it does not know the command
        assertEquals("unknown command 'rewind' (type help)\n", run(kernel, k, "rewind fault"));
        // every command of the bare machine's help is a row of the kernel's too (the same table)
        String kernelHelp = run(kernel, k, "help");
        for (String line : run(bare, b, "help").lines().toList()) {
            String name = line.split(" ")[0];
            if (line.startsWith("the bare machine") || line.startsWith("Enter") || name.startsWith("reverse")
                    || name.equals("rewind")) continue;
            assertTrue(kernelHelp.contains("\n" + name + " ") || kernelHelp.startsWith(name + " "), name);
        }
    }
}
