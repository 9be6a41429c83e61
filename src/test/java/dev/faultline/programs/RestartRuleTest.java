package dev.faultline.programs;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.faultline.cli.TracedRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The restart rule of docs/cli.md ("restart tells the truth"), checked mechanically over the JSONL trace of every
 * program in programs/, run as in {@link ProgramsTest} and under each of its variants:
 *
 * <ul>
 *   <li>each {@code restart} follows, in the same process, a resolved fault of the program's own
 *   ({@code by: user}, not {@code segv} or {@code bus}) at that pc with nothing retired in between, or a
 *   {@code sigreturn} whose frame was pushed over an instruction that trapped at that pc;</li>
 *   <li>the next thing that process does is that instruction: it retires at that pc (or traps there
 *   again, which is the instruction running again);</li>
 *   <li>no instruction runs again unannounced: a resolved user fault is followed by its {@code restart}
 *   (or a handler is entered instead) before the process retires anything, and a {@code sigreturn} back to
 *   a trapped instruction writes one;</li>
 *   <li>a fault taken by the kernel ({@code by: kernel}) happens inside a syscall or a signal delivery and
 *   is followed by no restart.</li>
 * </ul>
 *
 * Where each process really resumes comes from {@link TracedRun}, which stops the machine at every trap.
 */
class RestartRuleTest {
    private static final Path PROGRAMS = Path.of("programs");

    @TempDir
    static Path scratch;

    private static final AtomicInteger RUN_IDS = new AtomicInteger();
    private static final AtomicLong RESTARTS = new AtomicLong();
    private static final AtomicLong AFTER_SIGRETURN = new AtomicLong();
    private static final AtomicLong AFTER_REFILL = new AtomicLong();

    @TestFactory
    Stream<DynamicNode> everyProgramUnderEveryVariant() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(PROGRAMS)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".s")).sorted().toList();
        }
        String only = System.getProperty("programs", "");
        List<DynamicNode> tests = new ArrayList<>();
        for (Path file : files) {
            String name = file.getFileName().toString().replaceFirst("\\.s$", "");
            if (!only.isBlank() && !List.of(only.split(",")).contains(name)) continue;
            ProgramsTest.Header h = ProgramsTest.Header.parse(Files.readAllLines(file, StandardCharsets.UTF_8));
            List<List<String>> runs = new ArrayList<>();
            runs.add(h.args);
            for (List<String> variant : ProgramsTest.VARIANTS) runs.add(ProgramsTest.withVariant(h.args, variant, h.minFrames));
            for (List<String> options : runs) {
                tests.add(DynamicTest.dynamicTest(name + " " + String.join(" ", options), () -> check(file, h, options)));
            }
        }
        assertTrue(!tests.isEmpty(), "no programs under " + PROGRAMS.toAbsolutePath());
        return tests.stream();
    }

    @AfterAll
    static void theRuleWasExercised() {
        if (!System.getProperty("programs", "").isBlank()) return;
        assertTrue(RESTARTS.get() > 1000, "only " + RESTARTS.get() + " restart records in all runs");
        assertTrue(AFTER_SIGRETURN.get() > 0, "no restart after a sigreturn in any run");
        assertTrue(AFTER_REFILL.get() > 1000, "only " + AFTER_REFILL.get() + " restarts after a software TLB refill");
    }

    private static void check(Path file, ProgramsTest.Header h, List<String> options) throws IOException {
        Path dir = scratch.resolve("run" + RUN_IDS.incrementAndGet());
        Files.createDirectories(dir);
        List<String> args = new ArrayList<>();
        args.add(file.toString());
        args.addAll(options);
        Path root = ProgramsTest.prepareRoot(h, dir);
        if (root != null) {
            args.add("--root");
            args.add(root.toString());
        }
        args.add("--max-steps");
        args.add("5000000");
        TracedRun.Result r = TracedRun.run(args, h.stdin);
        for (String link : h.symlinks.keySet()) Files.deleteIfExists(root.resolve(link));
        new Checker("faultline run " + String.join(" ", args)).check(r.events());
    }

    /** What the trace has said so far about one process. */
    private static final class Proc {
        long lastTrapPc = -1;
        String lastTrapCause = "";
        /** A resolved user fault at this pc, waiting for its restart. */
        Long resolvedAt;
        /** A restart at this pc, waiting for the process to run it. */
        Long expect;
        boolean sigreturned;
        /** Pcs of trapped instructions with a handler's frame pushed over them, innermost last. */
        final List<Long> trappedFrames = new ArrayList<>();
    }

    /** Walks one run's merged events and fails at the first broken rule, quoting the events before it. */
    static final class Checker {
        private final String run;
        private final Map<Long, Proc> procs = new HashMap<>();
        private final List<String> recent = new ArrayList<>();

        Checker(String run) {
            this.run = run;
        }

        void check(List<String> events) {
            for (String line : events) {
                recent.add(line);
                if (recent.size() > 12) recent.remove(0);
                Map<String, String> e = parse(line);
                long pid = Long.parseLong(e.get("pid"));
                Proc p = procs.computeIfAbsent(pid, x -> new Proc());
                switch (e.get("ev")) {
                    case "trap" -> trap(p, e.get("cause"), num(e, "pc"));
                    case "fault" -> fault(p, e);
                    case "signal" -> signal(p, e);
                    case "syscall" -> syscall(p, e);
                    case "restart" -> restart(p, num(e, "pc"));
                    case "retire" -> retire(p, num(e, "pc"));
                    case "fork" -> procs.computeIfAbsent(num(e, "child"), x -> new Proc()).trappedFrames
                            .addAll(p.trappedFrames);
                    case "exit" -> procs.remove(pid);
                    default -> { }
                }
            }
        }

        private void trap(Proc p, String cause, long pc) {
            boolean timer = cause.equals("timer");
            if (p.resolvedAt != null) broken("a resolved fault at " + hex(p.resolvedAt) + " had no restart before the next trap");
            if (p.expect != null) {
                if (pc != p.expect) broken("restart said " + hex(p.expect) + " but the process trapped at " + hex(pc));
                if (!timer) p.expect = null; // the instruction ran again, and trapped again
            }
            if (!timer) ranUnannounced(p, pc);
            p.lastTrapPc = pc;
            p.lastTrapCause = cause;
            // --tlb-refill sw: the kernel refills the TLB and the instruction runs again, unless a fault record
            // follows (the PTE does not allow the access) and says otherwise
            if (cause.startsWith("tlb_miss")) p.resolvedAt = pc;
        }

        private void fault(Proc p, Map<String, String> e) {
            long pc = num(e, "pc");
            String kind = e.get("kind");
            String by = e.get("by");
            if (by == null) broken("a fault record without its by field");
            if (by.equals("user")) {
                if (pc != p.lastTrapPc || !(p.lastTrapCause.endsWith("_fault") || p.lastTrapCause.startsWith("tlb_miss"))) {
                    broken("a by: user fault at " + hex(pc) + " that is not the program's last trap ("
                            + p.lastTrapCause + " at " + hex(p.lastTrapPc) + ")");
                }
                p.resolvedAt = kind.equals("segv") || kind.equals("bus") ? null : pc;
            } else if (!by.equals("kernel")) {
                broken("by must be user or kernel, not " + by);
            }
        }

        private void signal(Proc p, Map<String, String> e) {
            long pc = num(e, "pc");
            switch (e.get("action")) {
                case "handler" -> {
                    boolean trapped = pc == p.lastTrapPc && !p.lastTrapCause.equals("timer")
                            && !p.lastTrapCause.equals("syscall");
                    if (trapped) p.trappedFrames.add(pc);
                    p.resolvedAt = null; // the handler runs first; its sigreturn may restart the instruction
                }
                case "kill" -> {
                    p.resolvedAt = null;
                    p.expect = null;
                }
                default -> { }
            }
        }

        /** A syscall record: its sys instruction (the last trap) retired. */
        private void syscall(Proc p, Map<String, String> e) {
            if (p.resolvedAt != null) broken("a resolved fault at " + hex(p.resolvedAt) + " had no restart");
            p.sigreturned = e.get("name").equals("\"sigreturn\"");
            if (e.get("name").equals("\"exec\"") && e.get("ret").equals("0")) p.trappedFrames.clear();
        }

        private void restart(Proc p, long pc) {
            boolean afterFault = p.resolvedAt != null && p.resolvedAt == pc;
            boolean afterSigreturn = p.sigreturned && p.trappedFrames.contains(pc);
            if (!afterFault && !afterSigreturn) {
                broken("restart at " + hex(pc) + " follows neither a resolved user fault there nor a sigreturn to a"
                        + " trapped instruction there");
            }
            if (afterSigreturn && !afterFault) {
                p.trappedFrames.remove(p.trappedFrames.lastIndexOf(pc));
                AFTER_SIGRETURN.incrementAndGet();
            }
            RESTARTS.incrementAndGet();
            if (afterFault && p.lastTrapCause.startsWith("tlb_miss")) AFTER_REFILL.incrementAndGet();
            p.resolvedAt = null;
            p.sigreturned = false;
            p.expect = pc;
        }

        private void retire(Proc p, long pc) {
            if (p.resolvedAt != null) broken("the process ran on from " + hex(pc) + " after a resolved fault at "
                    + hex(p.resolvedAt) + " without a restart record");
            if (p.expect != null && pc != p.expect) {
                broken("restart said " + hex(p.expect) + " but the process's next instruction was at " + hex(pc));
            }
            p.expect = null;
            ranUnannounced(p, pc);
        }

        /** After a sigreturn, running a trapped instruction again without a restart record breaks the rule. */
        private void ranUnannounced(Proc p, long pc) {
            if (p.sigreturned && p.trappedFrames.contains(pc)) {
                broken("sigreturn went back to the trapped instruction at " + hex(pc) + " without a restart record");
            }
            p.sigreturned = false;
        }

        private void broken(String why) {
            fail(run + ": " + why + "\nlast events:\n  " + String.join("\n  ", recent));
        }

        private static long num(Map<String, String> e, String key) {
            String v = e.get(key);
            if (v == null) throw new AssertionError("no " + key + " in " + e);
            return Long.parseLong(v);
        }

        private static String hex(long v) {
            return String.format("0x%08x", v);
        }

        /** A flat JSON object's fields as raw text (strings keep their quotes, except ev and cause). */
        static Map<String, String> parse(String line) {
            Map<String, String> m = new LinkedHashMap<>();
            int i = 1;
            while (i < line.length() && line.charAt(i) == '"') {
                int end = line.indexOf('"', i + 1);
                String key = line.substring(i + 1, end);
                int start = end + 2;
                int j = start;
                if (line.charAt(j) == '"') {
                    j = line.indexOf('"', j + 1) + 1;
                } else if (line.charAt(j) == '[') {
                    j = line.indexOf(']', j) + 1;
                } else {
                    while (line.charAt(j) != ',' && line.charAt(j) != '}') j++;
                }
                String value = line.substring(start, j);
                if (Set.of("ev", "cause", "kind", "by", "action").contains(key)) value = value.replace("\"", "");
                m.put(key, value);
                i = j + 1;
            }
            return m;
        }
    }
}
