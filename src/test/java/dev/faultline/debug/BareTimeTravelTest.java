package dev.faultline.debug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.abi.Flx;
import dev.faultline.asm.AsmResult;
import dev.faultline.asm.Assembler;
import dev.faultline.bare.BareConfig;
import dev.faultline.bare.BareMachine;
import dev.faultline.debug.TimeTravel.Position;
import dev.faultline.isa.Csr;
import dev.faultline.machine.Cpu;
import dev.faultline.machine.PhysicalMemory;
import dev.faultline.trace.Tracer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Going back on the bare machine is exact: at many points of each bare example, the machine a trip back
 * reaches is the machine a fresh forward run reaches at the same moment, in every register, CSR, byte of
 * physical memory, TLB entry and count; and the console is written once.
 */
class BareTimeTravelTest {
    /** A program that echoes its input, upper-cased, a byte at a time, then halts with the count. */
    private static final String ECHO = """
            _start: li   s0, 0xF0000000
                    li   s1, 0
            loop:   lw   t0, 4(s0)
                    li   t1, -1
                    beq  t0, t1, done
                    addi t0, t0, -32
                    sb   t0, 0(s0)
                    addi s1, s1, 1
                    j    loop
            done:   addi a0, s1, 0
                    halt
            """;

    /** Checkpoint intervals: none, every instruction (less than a trap's work), a few dozen, the default. */
    static final List<Long> INTERVALS = java.util.stream.Stream.of(0L, 1L, 50L, TimeMachine.DEFAULT_INTERVAL).distinct().toList();

    /** Each configuration with each checkpoint interval. */
    private static Stream<Arguments> withIntervals(Stream<Arguments> configurations) {
        return configurations.flatMap(a -> INTERVALS.stream().map(every -> Arguments.of(a.get()[0], a.get()[1], every)));
    }

    static Stream<Arguments> configurations() {
        return withIntervals(Stream.of(
                Arguments.of("hello", new BareConfig(256, 64, false)),
                Arguments.of("illegal", new BareConfig(256, 64, false)),
                Arguments.of("timer", new BareConfig(256, 64, false)),
                Arguments.of("pager", new BareConfig(256, 64, false)),
                Arguments.of("pager", new BareConfig(256, 1, false)),
                Arguments.of("pager", new BareConfig(256, 0, false)),
                Arguments.of("pager", new BareConfig(256, 1, true)),
                Arguments.of("pager", new BareConfig(256, 8, true)),
                Arguments.of("pager", new BareConfig(256, 16, true)),
                Arguments.of("pager", new BareConfig(256, 32, true)),
                Arguments.of("pager", new BareConfig(256, 64, true))));
    }

    /** Every bare example once, and the pager with software refill and a TLB of one entry. */
    static Stream<Arguments> trapConfigurations() {
        return withIntervals(Stream.of(
                Arguments.of("hello", new BareConfig(256, 64, false)),
                Arguments.of("illegal", new BareConfig(256, 64, false)),
                Arguments.of("timer", new BareConfig(256, 64, false)),
                Arguments.of("pager", new BareConfig(256, 64, false)),
                Arguments.of("pager", new BareConfig(256, 1, true))));
    }

    @ParameterizedTest(name = "{0} {1} checkpoints {2}")
    @MethodSource("configurations")
    void goingBackReachesExactlyWhatAForwardRunReaches(String example, BareConfig cfg, long every) throws IOException {
        Flx image = assembleFile(Path.of("examples/bare", example + ".s"));
        checkExact(image, cfg, new byte[0], every);
    }

    @Test
    void consoleInputIsServedFromTheRecordingAndOutputIsWrittenOnce() throws IOException {
        Flx image = assemble(ECHO);
        for (long every : INTERVALS) {
            checkExact(image, new BareConfig(64, 8, false), "faultline".getBytes(StandardCharsets.US_ASCII), every);
        }
    }

    /**
     * Going back from where {@code catch trap} and breakpoints stopped the run (issue 18, item 9, on the bare
     * machine): every configuration above runs in a debugger session with {@code catch trap} and, by a seeded
     * coin, a breakpoint, driven by a seeded random script of forward and reverse commands. Between commands
     * the machine is dumped; a fresh forward run, stepi by stepi, must dump the same at each of those moments.
     */
    @ParameterizedTest(name = "{0} {1} checkpoints {2}")
    @MethodSource("trapConfigurations")
    void goingBackFromCatchpointStopsIsExact(String example, BareConfig cfg, long every) throws IOException {
        Flx image = assembleFile(Path.of("examples/bare", example + ".s"));
        for (int seed = 1; seed <= 2; seed++) {
            java.util.Random random = new java.util.Random(example.hashCode() * 31L + cfg.hashCode() + seed);
            List<String> script = new ArrayList<>(List.of("catch trap"));
            if (random.nextBoolean()) script.add("break " + randomCodeAddress(image, random));
            for (int i = 0; i < 50; i++) {
                String move = randomMove(random);
                script.add(move);
                if ((move.equals("c") || move.equals("si")) && random.nextInt(5) < 2) {
                    script.add(List.of("rsi", "rc", "rs 1", "rewind fault").get(random.nextInt(4)));
                }
            }
            ByteArrayOutputStream console = new ByteArrayOutputStream();
            BareTimeTravel tt = session(image, cfg, new byte[0], console);
            tt.checkpointEvery(every);
            tt.start();
            ByteArrayOutputStream shown = new ByteArrayOutputStream();
            BareDebugger debugger = new BareDebugger(tt, new PrintStream(shown, true), Long.MAX_VALUE);
            java.util.TreeMap<Position, String> seen = new java.util.TreeMap<>();
            java.util.Iterator<String> lines = script.iterator();
            debugger.session(() -> {
                String d = dump(tt.present(), tt.now());
                String before = seen.putIfAbsent(tt.now(), d);
                if (before != null) assertEquals(before, d, "seen twice at " + tt.now());
                return lines.hasNext() ? lines.next() : null;
            }, true);
            String transcript = shown.toString(StandardCharsets.UTF_8);
            Map<Position, String> expected = new ForwardRun(image, cfg, new byte[0]).dumpsAt(new ArrayList<>(seen.keySet()));
            for (var m : seen.entrySet()) {
                assertEquals(m.getValue(), expected.get(m.getKey()), "seed " + seed + " at " + m.getKey() + "\n" + transcript);
            }
        }
    }

    /** An address in the program's text, as a breakpoint command writes it. */
    private static String randomCodeAddress(Flx image, java.util.Random r) {
        List<Flx.LineRow> rows = image.lines();
        return String.format("0x%08x", rows.get(r.nextInt(rows.size())).address());
    }

    private static String randomMove(java.util.Random r) {
        int k = r.nextInt(100);
        if (k < 30) return "c";
        if (k < 45) return "si";
        if (k < 52) return "s " + (1 + r.nextInt(40));
        if (k < 64) return "rsi";
        if (k < 72) return "rs " + (1 + r.nextInt(60));
        if (k < 86) return "rc";
        return "rewind fault";
    }

    private void checkExact(Flx image, BareConfig cfg, byte[] input, long every) throws IOException {
        // A forward run, stepi by stepi, dumping the machine at a spread of stops.
        ForwardRun forward = new ForwardRun(image, cfg, input);
        List<Position> all = forward.stops();
        assertTrue(all.size() > 2, "too short a run");
        List<Position> targets = new ArrayList<>();
        int spread = 23;
        for (int k = 0; k < spread; k++) targets.add(all.get((int) ((long) k * (all.size() - 1) / (spread - 1))));
        for (int i = 1; i < all.size(); i++) {
            if (all.get(i).traps() != all.get(i - 1).traps() && targets.size() < spread + 40) {
                targets.add(all.get(i - 1)); // just before a trap
                targets.add(all.get(i)); // just after it
            }
        }
        targets = targets.stream().distinct().sorted().toList();
        Map<Position, String> expected = new ForwardRun(image, cfg, input).dumpsAt(targets);
        assertEquals(targets.size(), expected.size());

        // A session runs to the end, then goes back to each point, latest first, and compares.
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        BareTimeTravel tt = session(image, cfg, input, console);
        tt.checkpointEvery(every);
        tt.start();
        while (!tt.present().finished()) tt.present().run(Long.MAX_VALUE);
        Position end = tt.now();
        assertEquals(all.get(all.size() - 1), end);
        tt.flush();
        String written = console.toString(StandardCharsets.ISO_8859_1);
        assertEquals(forward.output(), written);
        List<Position> backwards = new ArrayList<>(targets);
        java.util.Collections.reverse(backwards);
        for (Position p : backwards) {
            tt.goTo(p);
            assertEquals(expected.get(p), dump(tt.present(), tt.now()), "at " + p);
            // one stepi back from here, when there is a "here"
            Position before = tt.previousStep();
            if (before != null) {
                int i = all.indexOf(p);
                assertEquals(all.get(i - 1), before, "the stop before " + p);
            }
        }
        // goToInstruction reaches the first stop with that many retired
        for (Position p : targets) {
            Position first = all.stream().filter(q -> q.instret() == p.instret()).findFirst().orElseThrow();
            if (!first.equals(p)) continue;
            tt.goToInstruction(p.instret());
            assertEquals(expected.get(p), dump(tt.present(), tt.now()), "instruction " + p.instret());
        }
        // forward to the end again: nothing written twice
        tt.goTo(end);
        tt.flush();
        assertEquals(written, console.toString(StandardCharsets.ISO_8859_1));
        assertTrue(tt.replays() > targets.size());
        if (every > 0 && end.instret() > 4 * every) assertTrue(tt.restores() > 0, "no trip back started from a checkpoint");
    }

    /** An independent forward run: one stepi at a time (a trap taken ends a step), as the debugger steps. */
    private static final class ForwardRun {
        final BareMachine m;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final PrintStream console = new PrintStream(out, true);

        ForwardRun(Flx image, BareConfig cfg, byte[] input) {
            m = new BareMachine(cfg, Tracer.off(), new ByteArrayInputStream(input), console);
            assertNull(m.boot(image));
            m.setTrapListener((c, epc, tval) -> m.cpu().requestStop());
        }

        Position now() {
            return new Position(m.cpu().instret(), Arrays.stream(m.trapCounts()).sum(), false);
        }

        boolean stepi() {
            if (m.finished()) return false;
            m.run(m.cpu().instret() + 1);
            return true;
        }

        List<Position> stops() {
            List<Position> stops = new ArrayList<>();
            stops.add(now());
            while (stepi()) stops.add(now());
            return stops;
        }

        Map<Position, String> dumpsAt(List<Position> targets) {
            Map<Position, String> dumps = new LinkedHashMap<>();
            int next = 0;
            do {
                Position p = now();
                if (next < targets.size() && p.equals(targets.get(next))) {
                    dumps.put(p, dump(m, p));
                    next++;
                }
            } while (stepi());
            return dumps;
        }

        String output() {
            console.flush();
            return out.toString(StandardCharsets.ISO_8859_1);
        }
    }

    /** Everything inside the machine: registers, CSRs, physical memory (hashed), the TLB, the counts. */
    static String dump(BareMachine m, Position at) {
        Cpu cpu = m.cpu();
        StringBuilder sb = new StringBuilder("at " + at + "\n");
        for (int r = 0; r < 16; r++) sb.append(String.format("r%d=%08x ", r, cpu.reg(r)));
        sb.append(String.format("pc=%08x instret=%d halted=%s\n", cpu.pc(), cpu.instret(), cpu.halted()));
        for (Csr c : Csr.values()) sb.append(c).append('=').append(Integer.toHexString(cpu.csr(c))).append(' ');
        sb.append('\n');
        PhysicalMemory mem = m.memory();
        byte[] page = new byte[PhysicalMemory.PAGE_SIZE];
        for (int pfn = 0; pfn < mem.frameCount(); pfn++) {
            mem.read(pfn, 0, page, 0, page.length);
            int h = Arrays.hashCode(page);
            if (h != Arrays.hashCode(new byte[PhysicalMemory.PAGE_SIZE])) sb.append("frame ").append(pfn).append(' ')
                    .append(Integer.toHexString(h)).append('\n');
        }
        for (int i = 0; i < cpu.tlb().size(); i++) {
            int[] e = cpu.tlb().entry(i);
            if (e != null) sb.append("tlb[").append(i).append("] ").append(Arrays.toString(e)).append('\n');
        }
        sb.append("stats ").append(m.stats(0).toJson());
        sb.append("unhandled ").append(m.unhandledTrap()).append('\n');
        return sb.toString();
    }

    static BareTimeTravel session(Flx image, BareConfig cfg, byte[] input, ByteArrayOutputStream console) {
        return new BareTimeTravel((in, out, trace) -> {
            BareMachine m = new BareMachine(cfg, Tracer.off(), in, out);
            String problem = m.boot(image);
            if (problem != null) throw new IOException(problem);
            return m;
        }, new ByteArrayInputStream(input), console, null);
    }

    static Flx assemble(String source) {
        AsmResult r = Assembler.assembleString("t.s", source);
        assertTrue(r.ok(), r.formatDiagnostics());
        return r.flx();
    }

    static Flx assembleFile(Path file) {
        AsmResult r = Assembler.assembleFile(file);
        assertTrue(r.ok(), r.formatDiagnostics());
        return r.flx();
    }

}
