package dev.faultline.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.asm.AsmResult;
import dev.faultline.asm.Assembler;
import dev.faultline.isa.Access;
import dev.faultline.machine.Machine;
import dev.faultline.machine.Pte;
import dev.faultline.policy.Policy;
import dev.faultline.trace.Tracer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;

/**
 * The fault handler and the pager under it, called directly on a small machine of 8 frames: each case of
 * docs/kernel.md's fault table gives one FaultResult, with literal values. The machine is built here and
 * handed to the kernel, as the command line does.
 */
class FaultHandlerTest {
    static final String PROGRAM = """
                    .text
            _start: li    a0, 0
                    sys   exit
                    .data
            word:   .word 7
                    .bss
            buf:    .space 3 * PAGE_SIZE
            """;
    static final int TEXT = 0x10000, DATA = 0x11000, BSS = 0x12000;

    private final Kernel kernel;
    private final Process init;

    FaultHandlerTest() throws IOException {
        AsmResult asm = Assembler.assembleString("t.s", PROGRAM);
        assertTrue(asm.ok(), asm.formatDiagnostics());
        KernelConfig cfg = new KernelConfig(8, 16, null, Policy.builtIn("fifo"), 1, 4, false, 10_000, 8, null, false);
        Machine machine = Machine.build(8, 4, false);
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        kernel = new Kernel(machine, cfg, Tracer.off(), new ByteArrayInputStream(new byte[0]), quiet, quiet);
        assertEquals(null, kernel.boot(asm.flx(), "t.s"));
        init = kernel.parts().procs().get(1);
    }

    private FaultResult fault(int va, Access access) {
        return kernel.parts().vm().handleFault(init, va, access);
    }

    @Test
    void aFirstStoreToBssIsADemandZeroMinorFault() {
        // frame 0: the root table; the page takes frame 1, then the second-level table it needs frame 2
        assertEquals(new FaultResult(FaultResult.Outcome.RESOLVED, FaultKind.DEMAND_ZERO, false, 1), fault(BSS, Access.STORE));
        assertEquals(FrameKind.ANON, kernel.parts().pager().table.kind(1));
        assertEquals(FrameKind.PAGE_TABLE, kernel.parts().pager().table.kind(2));
        assertEquals(1, kernel.parts().pager().table.refs(1));
    }

    @Test
    void aFaultOnAPageThatIsAlreadyMappedIsSpurious() {
        fault(BSS + 4, Access.STORE);
        assertEquals(new FaultResult(FaultResult.Outcome.RESOLVED, FaultKind.SPURIOUS, false, 1), fault(BSS + 8, Access.LOAD));
    }

    @Test
    void noAreaIsMaperrAndAForbiddenAccessIsAccerr() {
        assertEquals(FaultResult.MAPERR, fault(0, Access.LOAD));
        assertEquals(FaultResult.ACCERR, fault(TEXT, Access.STORE));
        assertEquals(FaultKind.SEGV, FaultResult.ACCERR.kind());
    }

    @Test
    void theFirstTouchOfADataPageReadsTheFileAndAStoreCopiesIt() {
        FaultResult read = fault(DATA, Access.LOAD);
        assertEquals(new FaultResult(FaultResult.Outcome.RESOLVED, FaultKind.FILE, true, 1), read);
        assertEquals(FrameKind.CACHE, kernel.parts().pager().table.kind(1));
        assertEquals(2, kernel.parts().pager().table.refs(1), "the page cache and one PTE");
        assertEquals(new FaultResult(FaultResult.Outcome.RESOLVED, FaultKind.COW, false, 3), fault(DATA, Access.STORE));
        assertEquals(1, kernel.parts().pager().table.refs(1), "only the page cache holds the file page now");
    }

    @Test
    void whenMemoryIsFullTheOldestPageGoesToSwapAndComesBackMajor() {
        assertEquals(1, fault(BSS, Access.STORE).frame()); // and the table, frame 2
        assertEquals(3, fault(BSS + 0x1000, Access.STORE).frame());
        assertEquals(4, fault(BSS + 0x2000, Access.STORE).frame());
        assertEquals(5, fault(DATA, Access.LOAD).frame());
        assertEquals(6, fault(TEXT, Access.LOAD).frame());
        // the stack's page takes the last free frame, 7; its own second-level table evicts fifo's oldest, frame 1
        assertEquals(new FaultResult(FaultResult.Outcome.RESOLVED, FaultKind.DEMAND_ZERO, false, 7),
                fault(0x7FFFF000, Access.STORE));
        assertEquals(FrameKind.PAGE_TABLE, kernel.parts().pager().table.kind(1));
        assertTrue(Pte.isSwap(init.space.pte(kernel.parts().mem(), BSS >>> 12)), "the first bss page is a swap entry now");
        // growing the stack evicts the next oldest, frame 3
        assertEquals(new FaultResult(FaultResult.Outcome.RESOLVED, FaultKind.STACK_GROW, false, 3),
                fault(0x7FFFE000, Access.STORE));
        // the first bss page comes back from swap (major) into frame 4, whose page went out for it
        assertEquals(new FaultResult(FaultResult.Outcome.RESOLVED, FaultKind.SWAP_IN, true, 4), fault(BSS, Access.LOAD));
        assertEquals(3, kernel.parts().pager().evictions);
        assertEquals(8, kernel.parts().pager().table.peakUsed());
    }
}
