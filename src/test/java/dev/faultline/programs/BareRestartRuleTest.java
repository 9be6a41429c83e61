package dev.faultline.programs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.faultline.abi.Flx;
import dev.faultline.asm.AsmResult;
import dev.faultline.asm.Assembler;
import dev.faultline.bare.BareConfig;
import dev.faultline.bare.BareInspector;
import dev.faultline.bare.BareMachine;
import dev.faultline.isa.Opcode;
import dev.faultline.machine.Cpu;
import dev.faultline.trace.TraceKind;
import dev.faultline.trace.Tracer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The restart rule on the bare machine (docs/bare.md): a {@code restart} record is written exactly when an
 * {@code sret} returns to the pc of the most recent trap, that trap was a fault or a TLB miss, and no
 * {@code sret} came between. Each example of examples/bare runs one instruction at a time, under hardware
 * and software refill; where each {@code sret} really went is read from the machine, not from the trace.
 */
class BareRestartRuleTest {
    private static final Path EXAMPLES = Path.of("examples/bare");
    private static final AtomicLong RESTARTS = new AtomicLong();

    @TestFactory
    Stream<DynamicTest> everyBareExampleUnderHardwareAndSoftwareRefill() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(EXAMPLES)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".s")).sorted().toList();
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (Path f : files) {
            for (BareConfig cfg : List.of(new BareConfig(256, 64, false), new BareConfig(256, 8, true),
                    new BareConfig(256, 1, true), new BareConfig(256, 0, false))) {
                tests.add(DynamicTest.dynamicTest(f.getFileName() + " tlb " + cfg.tlbSize()
                        + (cfg.softwareRefill() ? " sw" : " hw"), () -> check(f, cfg)));
            }
        }
        assertTrue(tests.size() >= 16, "too few bare examples under " + EXAMPLES.toAbsolutePath());
        return tests.stream();
    }

    @AfterAll
    static void theRuleWasExercised() {
        assertTrue(RESTARTS.get() > 50, "only " + RESTARTS.get() + " restart records in all bare runs");
    }

    private static void check(Path file, BareConfig cfg) {
        AsmResult asm = Assembler.assembleFile(file);
        assertTrue(asm.ok(), asm.formatDiagnostics());
        Flx image = asm.flx();
        ByteArrayOutputStream trace = new ByteArrayOutputStream();
        Tracer tracer = new Tracer(EnumSet.of(TraceKind.TRAP, TraceKind.RESTART), new PrintStream(trace, true,
                StandardCharsets.UTF_8), true, null);
        BareMachine m = new BareMachine(cfg, tracer, new ByteArrayInputStream(new byte[0]),
                new PrintStream(new ByteArrayOutputStream(), true));
        assertEquals(null, m.boot(image));
        Cpu cpu = m.cpu();
        BareInspector look = new BareInspector(m);
        String lastTrapCause = null;
        long lastTrapPc = -1;
        List<String> recent = new ArrayList<>();
        while (cpu.instret() < 2_000_000) {
            int pc = cpu.pc();
            boolean sret = !cpu.userMode() && look.peekByte(pc) == Opcode.SRET.code;
            BareMachine.Outcome o = m.run(cpu.instret() + 1);
            tracer.flush();
            List<String> records = trace.toString(StandardCharsets.UTF_8).lines().toList();
            trace.reset();
            boolean restarted = false;
            for (String r : records) {
                recent.add(r);
                if (recent.size() > 10) recent.remove(0);
                Map<String, String> e = RestartRuleTest.Checker.parse(r);
                if (e.get("ev").equals("trap")) {
                    lastTrapCause = e.get("cause");
                    lastTrapPc = Long.parseLong(e.get("pc"));
                } else if (e.get("ev").equals("restart")) {
                    if (!sret) fail(file + ": a restart record not written by an sret: " + recent);
                    if (Long.parseLong(e.get("pc")) != Integer.toUnsignedLong(cpu.pc())) {
                        fail(file + ": restart names " + e.get("pc") + " but sret went to " + cpu.pc() + ": " + recent);
                    }
                    restarted = true;
                    RESTARTS.incrementAndGet();
                }
            }
            if (sret && o != BareMachine.Outcome.UNHANDLED_TRAP) {
                boolean fault = lastTrapCause != null && (lastTrapCause.endsWith("_fault") || lastTrapCause.startsWith("tlb_miss"));
                boolean due = fault && lastTrapPc == Integer.toUnsignedLong(cpu.pc());
                if (due != restarted) {
                    fail(file + " " + cfg + ": sret to " + Integer.toHexString(cpu.pc()) + " after " + lastTrapCause + " at "
                            + Long.toHexString(lastTrapPc) + (due ? " wrote no restart" : " wrote a restart") + ": " + recent);
                }
                lastTrapCause = null; // every sret forgets the trap
            }
            if (o == BareMachine.Outcome.HALTED || o == BareMachine.Outcome.UNHANDLED_TRAP) return;
        }
        fail(file + ": still running after 2000000 instructions");
    }
}
