package dev.faultline.debug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.asm.AsmResult;
import dev.faultline.asm.Assembler;
import dev.faultline.cli.DebugMachines;
import dev.faultline.kernel.KernelConfig;
import dev.faultline.kernel.KernelListener;
import dev.faultline.policy.Policy;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The memory checkpoints hold stays under its bound (docs/reverse.md); the copier refuses what it does not know. */
class CheckpointsTest {
    /**
     * bench/reverse_swap.s, which swaps on nearly every touch (so nearly every page changes between two
     * checkpoints), with a checkpoint every 5,000 instructions: after a run long enough that old checkpoints
     * must be thinned out, and trips back, the checkpoints hold at most twice the guest's memory plus 64 MiB.
     */
    @Test
    void checkpointMemoryStaysUnderItsBoundOnTheSwapHeavyProgram() throws Exception {
        AsmResult asm = Assembler.assembleFile(Path.of("bench", "reverse_swap.s"));
        assertTrue(asm.ok(), asm.formatDiagnostics());
        KernelConfig d = KernelConfig.defaults();
        KernelConfig cfg = new KernelConfig(256, 4096, null, Policy.clock(), d.seed(), d.tlbSize(), false, d.quantum(),
                d.maxProcs(), null, false);
        TimeTravel tt = new TimeTravel(new DebugMachines(cfg, asm.flx(), "reverse_swap.s", Set.of(), false),
                new ByteArrayInputStream(new byte[0]), OutputStream.nullOutputStream(), OutputStream.nullOutputStream(),
                null, null, null);
        tt.checkpointEvery(5_000);
        tt.start();
        tt.listen(new KernelListener() {
            @Override
            public boolean breakpoint(int pid, int pc) {
                return true;
            }
        });
        long peak = 0;
        for (long until = 1_000_000; until <= 12_000_000; until += 1_000_000) {
            tt.kernel().run(until);
            peak = Math.max(peak, checkBound(tt));
        }
        for (int i = 0; i < 5; i++) {
            tt.goTo(tt.previousStep());
            peak = Math.max(peak, checkBound(tt));
        }
        tt.goToInstruction(5_000_000);
        peak = Math.max(peak, checkBound(tt));
        assertTrue(tt.restores() >= 6, "restores " + tt.restores());
        assertTrue(tt.checkpoints().thinned() > 0, "the run is long enough to thin checkpoints out");
        assertTrue(peak > 8L << 20, "the checkpoints hold some memory: " + peak); // else the bound says nothing
        tt.finish();
    }

    /**
     * Checks the bound: the checkpoints hold at most twice one copy of the machine plus 64 MiB, and one copy of
     * the machine is no larger than the guest's memory as configured (256 frames and 4096 swap pages of
     * 4 KiB) plus 1 MiB of tables. Returns what the checkpoints hold.
     */
    private static long checkBound(TimeTravel tt) {
        long guest = (256 + 4096) * 4096L;
        long machine = tt.checkpoints().newestWhole();
        long held = tt.checkpoints().bytes();
        String state = tt.checkpoints().describe();
        assertTrue(machine <= guest + (1 << 20), state);
        assertTrue(held <= 2 * machine + Checkpoints.SLACK, state);
        assertTrue(held <= 2 * guest + (2 << 20) + Checkpoints.SLACK, state);
        assertTrue(tt.checkpoints().count() <= Checkpoints.MAX_COUNT, state);
        return held;
    }

    static final class Holder {
        Object thing;
        int[] words = new int[3];
    }

    @Test
    void theCopierRefusesWhatItDoesNotKnowNamingIt() {
        Holder h = new Holder();
        h.thing = new Thread(() -> { });
        DeepCopy copier = new DeepCopy(new IdentityHashMap<>(), Map.of(), Map.of());
        DeepCopy.Refused e = assertThrows(DeepCopy.Refused.class, () -> copier.copy(h));
        assertTrue(e.getMessage().contains("java.lang.Thread"), e.getMessage());

        h.thing = Comparator.comparing(String::length); // a lambda of the JDK's code
        DeepCopy.Refused lambda = assertThrows(DeepCopy.Refused.class,
                () -> new DeepCopy(new IdentityHashMap<>(), Map.of(), Map.of()).copy(h));
        assertTrue(lambda.getMessage().contains("java.util.Comparator"), lambda.getMessage());
    }

    @Test
    void theCopierCopiesOurObjectsAndSharesValues() {
        Holder h = new Holder();
        List<Object> list = new ArrayList<>(List.of("a", 7));
        h.thing = list;
        h.words[1] = 42;
        Holder c = (Holder) new DeepCopy(new IdentityHashMap<>(), Map.of(), Map.of()).copy(h);
        assertTrue(c != h && c.words != h.words && c.thing != h.thing);
        assertEquals(42, c.words[1]);
        assertEquals(list, c.thing);
        assertTrue(((List<?>) c.thing).get(0) == list.get(0), "a string is shared");
    }
}
