package dev.faultline.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.abi.Signal;
import dev.faultline.asm.Assembler;
import dev.faultline.isa.TrapCause;
import dev.faultline.machine.Machine;
import dev.faultline.policy.Policy;
import dev.faultline.trace.Tracer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The signal layer on a small machine of 8 frames: the frame it pushes, sigreturn, kill and death. */
class SignalsTest {
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Kernel kernel;
    private final Process init;

    SignalsTest() throws IOException {
        KernelConfig cfg = new KernelConfig(8, 16, null, Policy.clock(), 1, 4, false, 10_000, 8, null, false);
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        kernel = new Kernel(Machine.build(8, 4, false), cfg, Tracer.off(), new ByteArrayInputStream(new byte[0]), quiet,
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(null, kernel.boot(Assembler.assembleString("t.s", FaultHandlerTest.PROGRAM).flx(), "t.s"));
        init = kernel.parts().procs().get(1);
    }

    @Test
    void aFaultSignalWithAHandlerPushesTheFrameAndSigreturnRestoresEverything() {
        init.handlers[Signal.SIGSEGV] = 0x10004;
        init.regs[5] = 0x5555;
        kernel.parts().signals().raiseFaultSignal(init, Signal.SIGSEGV, "maperr", 0x1234, 0x10000, TrapCause.LOAD_FAULT, "load");
        int sp = 0x7FFFFFB0; // (0x80000000 - 80) & ~15
        assertEquals(sp, init.regs[15]);
        assertEquals(0x10004, init.pc, "the handler");
        assertEquals(Signal.SIGSEGV, init.regs[1]);
        assertEquals(0x1234, init.regs[2], "TVAL");
        assertEquals(TrapCause.LOAD_FAULT.code(), init.regs[3]);
        assertEquals(sp, init.regs[4], "the frame's address");
        assertEquals(1 << Signal.SIGSEGV, init.blocked);
        init.regs[5] = 0; // the handler uses the register
        kernel.parts().signals().sigreturn(init, 0x10008);
        assertEquals(0x10000, init.pc, "back to the faulting instruction");
        assertEquals(0x5555, init.regs[5]);
        assertEquals(0x80000000, init.regs[15]);
        assertEquals(0, init.blocked);
        assertTrue(init.alive());
    }

    @Test
    void aFaultSignalWithoutAHandlerKills() {
        kernel.parts().signals().raiseFaultSignal(init, Signal.SIGSEGV, "maperr", 0, 0x10000, TrapCause.LOAD_FAULT, "load from 0x00000000");
        assertFalse(init.alive());
        assertEquals(139, init.exitStatus);
        assertEquals("process 1 killed by SIGSEGV: load from 0x00000000\n", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aSentSignalWaitsForTheReturnToUserModeButSigkillDoesNot() {
        kernel.parts().signals().send(init, Signal.SIGTERM);
        assertEquals(1 << Signal.SIGTERM, init.pending);
        assertTrue(init.alive());
        kernel.parts().signals().send(init, Signal.SIGKILL);
        assertFalse(init.alive());
        assertEquals(137, init.exitStatus);
    }
}
