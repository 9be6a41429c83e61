package dev.faultline.debug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.abi.Flx;
import dev.faultline.asm.AsmResult;
import dev.faultline.asm.Assembler;
import dev.faultline.cli.DebugMachines;
import dev.faultline.isa.TrapCause;
import dev.faultline.kernel.Kernel;
import dev.faultline.kernel.KernelConfig;
import dev.faultline.kernel.KernelListener;
import dev.faultline.policy.Policy;
import dev.faultline.kernel.StateDump;
import dev.faultline.trace.TraceKind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reverse execution is exact: for every program in programs/, the whole machine and kernel state (a
 * {@link StateDump}: registers, CSRs, TLB, frames with reference counts and reverse map, swap slots and the
 * swap cache, the page cache, every PTE with its A and D bits, processes, signals, statistics), the stream
 * positions (stdout, stderr, trace) and the private root's files, after going back to a moment, equal what a
 * forward run had at that moment. Moments are spread over each run, at every grain: after an instruction,
 * before the kernel handles a trap, after it did.
 */
class TimeTravelTest {
    @TempDir
    Path tmp;

    private static final Path PROGRAMS = Path.of("programs");

    /** A program's machine, as its header describes it, plus extra options. */
    record Setup(KernelConfig cfg, Flx image, String name, String stdin, Path root) {}

    /** Stops at every trap when asked (stepi), and takes every brk, as the debugger does. */
    static final class Stepper implements KernelListener {
        boolean everyTrap;

        @Override
        public boolean stopBeforeTrap(int pid, TrapCause cause, int epc, int tval) {
            return everyTrap;
        }

        @Override
        public boolean breakpoint(int pid, int pc) {
            return true;
        }
    }

    /** One debug session over in-memory streams. */
    static final class Session {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final ByteArrayOutputStream trace = new ByteArrayOutputStream();
        final Stepper stepper = new Stepper();
        final TimeTravel tt;

        Session(Setup s) throws IOException {
            this(s, true);
        }

        Session(Setup s, boolean traced) throws IOException {
            this(s, traced, 0);
        }

        /**
         * With every trace record, or none (then the CPU runs in long stretches, with no TLB observer); a
         * checkpoint every {@code interval} instructions (0: none, every trip back replays from the start).
         */
        Session(Setup s, boolean traced, long interval) throws IOException {
            DebugMachines machines = new DebugMachines(s.cfg(), s.image(), s.name(),
                    traced ? EnumSet.allOf(TraceKind.class) : EnumSet.noneOf(TraceKind.class), true);
            tt = new TimeTravel(machines, new ByteArrayInputStream(s.stdin().getBytes(StandardCharsets.ISO_8859_1)), out, err,
                    trace, s.cfg().root(), null);
            tt.checkpointEvery(interval);
            tt.start();
            tt.listen(stepper);
        }

        Kernel k() {
            return tt.kernel();
        }

        boolean halted() {
            return k().cpu().halted();
        }

        /** One trap-level step, as the debugger's stepi. */
        void stepi() {
            if (k().trapPending()) {
                tt.handlePendingTrap();
                return;
            }
            stepper.everyTrap = true;
            try {
                k().run(k().cpu().instret() + 1);
            } finally {
                stepper.everyTrap = false;
            }
        }

        void runTo(long instret) {
            while (!halted() && k().cpu().instret() < instret) {
                if (k().trapPending()) tt.handlePendingTrap();
                else k().run(instret);
            }
        }

        void runToEnd() {
            runTo(Long.MAX_VALUE);
        }

        List<String> dump() throws IOException {
            List<String> d = new ArrayList<>(k().stateDump());
            d.add(tt.streamPositions());
            Path root = tt.privateRoot();
            if (root != null) {
                try (Stream<Path> files = Files.walk(root)) {
                    for (Path f : (Iterable<Path>) files.sorted()::iterator) {
                        if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                            d.add("host " + root.relativize(f) + " " + Files.readString(f, StandardCharsets.ISO_8859_1)
                                    .hashCode());
                        }
                    }
                }
            }
            return d;
        }
    }

    record Moment(TimeTravel.Position at, List<String> dump) {}

    /**
     * Checkpoint intervals the tests go back with: none (replays from the start), every instruction (less than
     * one trap's work: a checkpoint at every trap and every instruction of a replay), a few hundred, and the
     * default.
     */
    static final List<Long> INTERVALS = List.of(0L, 1L, 300L, TimeMachine.DEFAULT_INTERVAL);

    /**
     * The programs that go back with a checkpoint at every instruction in the test of every program (all of
     * them would take minutes): paging, swap, copy-on-write, signals, exec, stdin, and host files read,
     * written, mapped shared and truncated.
     */
    static final List<String> EVERY_INSTRUCTION = List.of("swap_pages.s", "swap_cow.s", "fork_cow_bits.s",
            "sig_frame.s", "exec.s", "pointer_first.s", "file_rw.s", "file_map_shared.s", "file_truncate.s",
            "writeback_lost.s", "cow_counts.s");

    @TestFactory
    Stream<DynamicTest> goingBackReachesExactlyWhatAForwardRunHad() throws IOException {
        List<Path> programs;
        try (Stream<Path> s = Files.list(PROGRAMS)) {
            programs = s.filter(p -> p.toString().endsWith(".s")).sorted().toList();
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (long every : INTERVALS.stream().distinct().toList()) {
            String at = " checkpoints " + every;
            for (Path p : programs) {
                if (every == 1 && !EVERY_INSTRUCTION.contains(p.getFileName().toString())) continue;
                tests.add(DynamicTest.dynamicTest(p.getFileName() + at, () -> checkProgram(p, List.of(), every)));
            }
            for (String name : List.of("swap_pages.s", "swap_cow.s", "swap_children.s", "fork_cow_bits.s", "file_map_shared.s")) {
                tests.add(DynamicTest.dynamicTest(name + " --tlb-refill sw --policy lru" + at,
                        () -> checkProgram(PROGRAMS.resolve(name), List.of("--tlb-refill", "sw", "--policy", "lru"), every)));
                tests.add(DynamicTest.dynamicTest(name + " --policy fifo --quantum 7" + at,
                        () -> checkProgram(PROGRAMS.resolve(name), List.of("--policy", "fifo", "--quantum", "7"), every)));
            }
        }
        return tests.stream();
    }

    private void checkProgram(Path program, List<String> extra, long every) throws IOException {
        Setup setup = setup(program, extra);
        Session forward = new Session(setup);
        // the length of the run, from a run of its own
        Session probe = new Session(setup);
        probe.runToEnd();
        long total = probe.k().cpu().instret();

        List<Moment> moments = new ArrayList<>();
        int samples = 12;
        for (int i = 0; i <= samples && !forward.halted(); i++) {
            forward.runTo(total * i / samples);
            for (int step = 0; step < 5 && !forward.halted(); step++) {
                moments.add(new Moment(forward.tt.now(), forward.dump()));
                forward.stepi();
            }
        }
        forward.runToEnd();
        moments.add(new Moment(forward.tt.now(), forward.dump()));
        String stdout = forward.out.toString(StandardCharsets.ISO_8859_1);

        // A second session runs to the end, then goes back to every moment, in a shuffled order, and
        // forward again from some of them.
        Session back = new Session(setup, true, every);
        back.runToEnd();
        List<Moment> order = new ArrayList<>(moments);
        Collections.shuffle(order, new Random(program.getFileName().toString().hashCode()));
        for (Moment m : order) {
            back.tt.goTo(m.at());
            assertEquals(m.at(), back.tt.now(), program + ": position");
            assertSame(m.dump(), back.dump(), program + " at " + m.at());
        }
        // going back to the start, then forward to the end, writes nothing twice
        if (every > 0 && total > 2 * every) {
            assertTrue(back.tt.restores() > 0, program + ": no trip back started from a checkpoint");
        }
        back.tt.goTo(TimeTravel.Position.START);
        back.runToEnd();
        assertEquals(stdout, back.out.toString(StandardCharsets.ISO_8859_1), program + ": stdout");
        assertSame(List.of(probe.trace.toString(StandardCharsets.ISO_8859_1).split("\n")),
                List.of(back.trace.toString(StandardCharsets.ISO_8859_1).split("\n")), program + ": trace");
        assertEquals(forward.err.toString(StandardCharsets.ISO_8859_1), back.err.toString(StandardCharsets.ISO_8859_1),
                program + ": stderr");
        for (Session s : List.of(forward, probe, back)) s.tt.finish();
        dropLinks(setup.root());
    }

    /**
     * Going back from where catchpoints stopped the run (issue 18, item 9): every program of programs/ that
     * raises a signal runs in a debugger session with {@code catch fault} and {@code catch signal} (and, by
     * a seeded coin, syscall, fork and swap), driven by a seeded random script of forward and reverse
     * commands: continue to the next catch, stepi, step, reverse-stepi, reverse-step, reverse-continue,
     * rewind fault. Between commands, whenever the machine is not in the middle of a trap, the whole state is
     * dumped; a fresh forward run, stepi by stepi, must dump the same at each of those moments.
     */
    @TestFactory
    Stream<DynamicTest> goingBackFromSignalsAndCatchpointsIsExact() throws IOException {
        List<Path> programs;
        try (Stream<Path> s = Files.list(PROGRAMS)) {
            programs = new ArrayList<>(s.filter(p -> p.toString().endsWith(".s")).sorted().toList());
        }
        programs.add(Path.of("examples/sigsegv_handler.s")); // its signal frame's page is not there yet
        List<DynamicTest> tests = new ArrayList<>();
        for (Path p : programs) {
            Setup setup = setup(p, List.of());
            if (!raisesASignal(setup)) continue;
            for (int seed = 1; seed <= 2; seed++) {
                int s = seed;
                for (long every : INTERVALS.stream().distinct().toList()) {
                    tests.add(DynamicTest.dynamicTest(p.getFileName() + " seed " + s + " checkpoints " + every,
                            () -> checkCatchpointScript(setup, s, every)));
                }
            }
        }
        assertTrue(tests.size() >= 2 * 12 * INTERVALS.stream().distinct().count(), "tests: " + tests.size());
        return tests.stream();
    }

    private boolean raisesASignal(Setup setup) throws IOException {
        Session s = new Session(setup, false);
        int[] signals = {0};
        s.tt.listen(new KernelListener() {
            @Override
            public void signal(int pid, int sig, String action, int pc) {
                signals[0]++;
            }

            @Override
            public boolean breakpoint(int pid, int pc) {
                return true;
            }
        });
        s.runToEnd();
        s.tt.finish();
        dropLinks(setup.root());
        return signals[0] > 0;
    }

    private void checkCatchpointScript(Setup setup, int seed, long every) throws IOException {
        Random random = new Random(setup.name().hashCode() * 31L + seed);
        List<String> script = new ArrayList<>(List.of("catch fault", "catch signal"));
        for (String extra : List.of("syscall", "fork", "swap")) if (random.nextBoolean()) script.add("catch " + extra);
        for (int i = 0; i < 50; i++) {
            String move = randomMove(random);
            script.add(move);
            // a stop at a catchpoint or a stepi, then straight back: the stop may be in the middle of a trap
            if ((move.equals("c") || move.equals("si")) && random.nextInt(5) < 2) {
                script.add(List.of("rsi", "rc", "rs 1", "rewind fault").get(random.nextInt(4)));
            }
        }

        Session session = new Session(setup, true, every);
        ByteArrayOutputStream shown = new ByteArrayOutputStream();
        Debugger debugger = new Debugger(session.tt, new java.io.PrintStream(shown, true), Long.MAX_VALUE);
        java.util.TreeMap<TimeTravel.Position, List<String>> seen = new java.util.TreeMap<>();
        java.util.Iterator<String> lines = script.iterator();
        int status = debugger.session(() -> {
            try {
                if (!session.tt.insideTrap()) {
                    List<String> d = session.dump();
                    List<String> before = seen.putIfAbsent(session.tt.now(), d);
                    if (before != null) assertSame(before, d, setup.name() + " seen twice at " + session.tt.now());
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return lines.hasNext() ? lines.next() : null;
        });
        String transcript = shown.toString(StandardCharsets.UTF_8);
        assertTrue(status == 0 || !transcript.contains("internal error"), transcript);
        session.tt.finish();

        // a fresh forward run, stepi by stepi, passes every moment the session stopped at
        Session forward = new Session(setup);
        for (var m : seen.entrySet()) {
            TimeTravel.Position at = m.getKey();
            forward.runTo(at.instret());
            while (!forward.tt.now().equals(at)) {
                assertTrue(forward.tt.now().compareTo(at) < 0 && !forward.halted(),
                        setup.name() + ": the forward run never stops at " + at + "\n" + transcript);
                forward.stepi();
            }
            assertSame(forward.dump(), m.getValue(), setup.name() + " seed " + seed + " at " + at + "\n" + transcript);
        }
        forward.tt.finish();
        dropLinks(setup.root());
    }

    /** One forward or reverse command of a debugger script. */
    private static String randomMove(Random r) {
        int k = r.nextInt(100);
        if (k < 30) return "c";
        if (k < 45) return "si";
        if (k < 52) return "s " + (1 + r.nextInt(40));
        if (k < 64) return "rsi";
        if (k < 72) return "rs " + (1 + r.nextInt(60));
        if (k < 86) return "rc";
        return "rewind fault";
    }

    /** Equal dumps; else a failure naming the first line that differs. */
    private static void assertSame(List<String> expected, List<String> actual, String what) {
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            assertEquals(expected.get(i), actual.get(i), what + ", line " + i);
        }
        assertEquals(expected.size(), actual.size(), what + ": lines");
    }

    /** Links out of the temporary folder make JUnit's cleanup complain. */
    private static void dropLinks(Path root) throws IOException {
        if (root == null) return;
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : (Iterable<Path>) files::iterator) if (Files.isSymbolicLink(f)) Files.delete(f);
        }
    }

    /**
     * The premise of replay: where a run stops does not change what the machine does. The same program run
     * in one go and one instruction at a time ends in the same state (TLB contents and counts included) and
     * writes the same trace, TLB records' times included; with software refill, TLB misses are traps, so
     * a difference would even change the trap sequence.
     */
    @Test
    void whereARunStopsChangesNothing() throws IOException {
        for (List<String> extra : List.of(List.<String>of(), List.of("--tlb-refill", "sw"), List.of("--tlb-refill", "sw",
                "--tlb", "1"), List.of("--tlb", "2"))) {
            for (String program : List.of("swap_children.s", "page_straddle.s", "memops.s", "sig_frame.s")) {
            Setup setup = setup(PROGRAMS.resolve(program), extra);
            Session whole = new Session(setup);
            whole.runToEnd();
            Session steps = new Session(setup);
            while (!steps.halted()) {
                if (steps.k().trapPending()) steps.tt.handlePendingTrap();
                else steps.k().run(steps.k().cpu().instret() + 1);
            }
            assertSame(whole.dump(), steps.dump(), program + " " + extra);
            assertEquals(whole.trace.toString(StandardCharsets.ISO_8859_1), steps.trace.toString(StandardCharsets.ISO_8859_1));
            whole.tt.finish();
            steps.tt.finish();
            Session quietWhole = new Session(setup, false);
            quietWhole.runToEnd();
            Session quietSteps = new Session(setup, false);
            while (!quietSteps.halted()) {
                if (quietSteps.k().trapPending()) quietSteps.tt.handlePendingTrap();
                else quietSteps.k().run(quietSteps.k().cpu().instret() + 1);
            }
            assertSame(quietWhole.dump(), quietSteps.dump(), program + " untraced " + extra);
            quietWhole.tt.finish();
            quietSteps.tt.finish();
            }
        }
    }

    /**
     * reverse-stepi's target is the stop stepi made before, found from the clock's memory of the last trap:
     * walked back stop by stop from the end (the clock must survive every replay), over programs with
     * faults, syscalls, signals and handlers, fork, exec and a software-refilled TLB.
     */
    @Test
    void theStepBeforeIsTheStopStepiMadeBefore() throws IOException {
        record Case(String program, List<String> extra) {}
        for (Case c : List.of(new Case("swap_cow.s", List.of()), new Case("sig_frame.s", List.of()),
                new Case("exec.s", List.of()), new Case("cow_counts.s", List.of("--tlb-refill", "sw")),
                new Case("stack_limit.s", List.of("--quantum", "7")))) {
          for (long every : INTERVALS.stream().distinct().toList()) {
            Session s = new Session(setup(PROGRAMS.resolve(c.program()), c.extra()), true, every);
            List<TimeTravel.Position> stops = new ArrayList<>();
            while (!s.halted()) {
                stops.add(s.tt.now());
                s.stepi();
            }
            stops.add(s.tt.now());
            int walked = 0;
            for (int i = stops.size() - 1; i > 0; i--) {
                assertEquals(stops.get(i), s.tt.now());
                TimeTravel.Position before = s.tt.previousStep();
                assertEquals(stops.get(i - 1), before, c + ": the stop before " + stops.get(i));
                if (walked++ < 300 || i <= 50) {
                    s.tt.goTo(before);
                } else { // the middle of a long run: jump, as reverse-continue would
                    i = 50;
                    s.tt.goTo(stops.get(i));
                    i++;
                }
            }
            if (s.tt.now().equals(TimeTravel.Position.START)) assertNull(s.tt.previousStep());
            s.tt.finish();
          }
        }
    }

    @Test
    void withSoftwareRefillAFaultIsATlbMissTheEntryDoesNotAllow() throws IOException {
        Session s = new Session(setup(PROGRAMS.resolve("swap_pages.s"), List.of("--tlb-refill", "sw")));
        s.runToEnd();
        TimeTravel.Position f = s.tt.lastFault();
        s.tt.goTo(f);
        int[] t = s.k().pendingTrap();
        assertTrue(TrapCause.of(t[0]).isTlbMiss(), "cause " + t[0]);
        s.tt.handlePendingTrap();
        assertTrue(s.tt.kernel().stats(0).swapIns + s.tt.kernel().stats(0).demandZero > 0);
        assertEquals(f, s.tt.lastFault(), "after the handling, the latest fault is still that one");
        s.tt.finish();
    }

    @Test
    void rewindFaultFindsEachFaultTrapBeforeNow() throws IOException {
        Session s = new Session(setup(PROGRAMS.resolve("swap_pages.s"), List.of()));
        List<TimeTravel.Position> faults = new ArrayList<>();
        while (!s.halted()) {
            s.stepi();
            int[] t = s.k().pendingTrap();
            if (t != null && TrapCause.of(t[0]).isPageFault()) faults.add(s.tt.now());
        }
        assertTrue(faults.size() > 20, "faults " + faults.size());
        for (int i = faults.size() - 1; i >= faults.size() - 6; i--) {
            TimeTravel.Position f = s.tt.lastFault();
            assertEquals(faults.get(i), f);
            s.tt.goTo(f);
            assertTrue(s.k().trapPending());
        }
    }

    @Test
    void aTailWritesEachPositionOnce() throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        Tail t = new Tail(sink);
        t.write("hello".getBytes(StandardCharsets.US_ASCII));
        t.rewind();
        t.write("he".getBytes(StandardCharsets.US_ASCII));
        t.rewind();
        t.write("hello, world".getBytes(StandardCharsets.US_ASCII));
        t.write('!');
        t.rewind();
        t.write('h');
        assertEquals("hello, world!", sink.toString(StandardCharsets.US_ASCII));
        assertEquals(1, t.position());
        assertEquals(13, t.written());
    }

    @Test
    void aWriteTheSinkRefusedIsRefusedAgainInAReplay() throws IOException {
        int[] calls = {0};
        java.io.OutputStream flaky = new java.io.OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (calls[0]++ == 1) throw new IOException("Broken pipe");
            }
        };
        Tail t = new Tail(flaky);
        t.write("ab".getBytes(StandardCharsets.US_ASCII));
        assertEquals("Broken pipe", org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> t.write("cd".getBytes(StandardCharsets.US_ASCII))).getMessage());
        t.write("cd".getBytes(StandardCharsets.US_ASCII));
        t.rewind();
        t.write("ab".getBytes(StandardCharsets.US_ASCII));
        assertEquals("Broken pipe", org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> t.write("cd".getBytes(StandardCharsets.US_ASCII))).getMessage());
        t.write("cd".getBytes(StandardCharsets.US_ASCII));
        assertEquals(3, calls[0]); // the replay wrote nothing: every byte it made had been written
        assertEquals(4, t.written());
    }

    @Test
    void stdinAnswersAReplayAsItAnsweredTheRun() throws IOException {
        StdinRecording in = new StdinRecording(new ByteArrayInputStream("abcdef".getBytes(StandardCharsets.US_ASCII)));
        byte[] b = new byte[4];
        assertEquals(4, in.read(b, 0, 4));
        in.rewind();
        assertEquals(4, in.read(b, 0, 4));
        assertEquals("abcd", new String(b, StandardCharsets.US_ASCII));
        assertEquals(2, in.read(b, 0, 4));
        assertEquals(-1, in.read(b, 0, 4));
        in.rewind();
        in.read(b, 0, 4);
        assertEquals(2, in.read(b, 0, 4));
        assertEquals("efcd", new String(b, StandardCharsets.US_ASCII));
        assertEquals(-1, in.read(b, 0, 4));
    }

    // ------------------------------------------------------------------ setup from a program's header

    private Setup setup(Path program, List<String> extra) throws IOException {
        AsmResult asm = Assembler.assembleFile(program);
        assertTrue(asm.ok(), asm.formatDiagnostics());
        List<String> args = new ArrayList<>();
        StringBuilder stdin = new StringBuilder();
        Path root = null;
        Path dir = Files.createTempDirectory(tmp, "run");
        for (String line : Files.readAllLines(program)) {
            if (!line.startsWith(";")) break;
            if (!line.startsWith(";!")) continue;
            String body = line.substring(2).strip();
            int colon = body.indexOf(':');
            String key = body.substring(0, colon).strip();
            String value = body.substring(colon + 1).strip();
            String[] kw = key.split("\\s+", 2);
            switch (kw[0]) {
                case "args" -> args.addAll(List.of(value.split("\\s+")));
                case "stdin" -> stdin.append(unescape(value));
                case "root", "file", "flx", "symlink" -> {
                    if (root == null) root = Files.createDirectories(dir.resolve("root"));
                    if (kw.length < 2) continue;
                    Path f = root.resolve(kw[1]);
                    Files.createDirectories(f.getParent());
                    switch (kw[0]) {
                        case "file" -> Files.write(f, unescape(value).getBytes(StandardCharsets.ISO_8859_1),
                                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
                        case "flx" -> Files.write(f, Assembler.assembleFile(PROGRAMS.resolve(value)).flx().write());
                        default -> Files.createSymbolicLink(f, Path.of(value));
                    }
                }
                default -> { }
            }
        }
        args.addAll(extra);
        KernelConfig d = KernelConfig.defaults();
        int frames = d.frames(), swap = d.swapSlots(), tlb = d.tlbSize(), quantum = d.quantum();
        boolean sw = false;
        Policy policy = d.policy();
        for (int i = 0; i + 1 < args.size(); i += 2) {
            String v = args.get(i + 1);
            switch (args.get(i)) {
                case "--frames" -> frames = Integer.parseInt(v);
                case "--swap" -> swap = Integer.parseInt(v);
                case "--tlb" -> tlb = Integer.parseInt(v);
                case "--quantum" -> quantum = Integer.parseInt(v);
                case "--tlb-refill" -> sw = v.equals("sw");
                case "--policy" -> policy = Policy.parse(v);
                case "--inject" -> { } // not armed here: the program runs without its injected host failures
                default -> throw new IllegalArgumentException("option not known to this test: " + args.get(i));
            }
        }
        KernelConfig cfg = new KernelConfig(frames, swap, null, policy, d.seed(), tlb, sw, quantum, d.maxProcs(), root, false);
        return new Setup(cfg, asm.flx(), program.getFileName().toString(), stdin.toString(), root);
    }

    private static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 == s.length()) {
                b.append(c);
                continue;
            }
            char e = s.charAt(++i);
            switch (e) {
                case 'n' -> b.append('\n');
                case 't' -> b.append('\t');
                case 's' -> b.append(' ');
                case '0' -> b.append('\0');
                case 'x' -> {
                    b.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                default -> b.append(e);
            }
        }
        return b.toString();
    }
}
