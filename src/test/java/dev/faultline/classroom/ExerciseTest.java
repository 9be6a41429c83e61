package dev.faultline.classroom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.cli.Main;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every exercise kind over 200 seeds: each answer {@code --solve} prints is derived a second way, from what the
 * problem shows (a walk of the printed memory, a textbook replay of the printed string, a TLB simulated from the
 * printed accesses), from {@code compare --refs}, or from the trace of {@code faultline run} on the printed
 * program; the same seed gives the same bytes twice, and the same answers in text, JSON and HTML.
 */
class ExerciseTest {
    static final int SEEDS = 200;

    @TempDir
    Path tmp;

    record Q(String ask, String answer) {}

    record P(String title, String intro, Map<String, List<String>> given, List<Q> questions) {
        List<String> block(String prefix) {
            for (Map.Entry<String, List<String>> e : given.entrySet()) {
                if (e.getKey().startsWith(prefix)) return e.getValue();
            }
            throw new AssertionError("no block " + prefix + " in " + given.keySet());
        }

        String answer(String askPrefix) {
            for (Q q : questions) {
                if (q.ask.startsWith(askPrefix)) return q.answer;
            }
            throw new AssertionError("no question " + askPrefix + " in " + questions);
        }
    }

    @SuppressWarnings("unchecked")
    static P problem(String kind, long seed) {
        String json = Exercises.render("json", kind, seed, Exercises.generate(kind, seed, 1), true);
        Map<String, Object> doc = (Map<String, Object>) MiniJson.parse(json);
        Map<String, Object> p = (Map<String, Object>) ((List<Object>) doc.get("problems")).get(0);
        Map<String, List<String>> given = new LinkedHashMap<>();
        for (Object o : (List<Object>) p.get("given")) {
            Map<String, Object> b = (Map<String, Object>) o;
            List<String> lines = new ArrayList<>();
            for (Object l : (List<Object>) b.get("lines")) lines.add((String) l);
            given.put((String) b.get("label"), lines);
        }
        List<Q> qs = new ArrayList<>();
        for (Object o : (List<Object>) p.get("questions")) {
            Map<String, Object> q = (Map<String, Object>) o;
            qs.add(new Q((String) q.get("ask"), (String) q.get("answer")));
        }
        return new P((String) p.get("title"), (String) p.get("intro"), given, qs);
    }

    // ------------------------------------------------------------------ determinism and formats

    @Test
    void sameSeedSameBytesAndSameAnswersInEveryFormat() {
        for (String kind : Exercises.kinds()) {
            for (long seed = 0; seed < 4; seed++) {
                String text = cli("exercise", kind, "--seed", "" + seed, "--count", "2", "--solve");
                assertEquals(text, cli("exercise", kind, "--seed", "" + seed, "--count", "2", "--solve"), kind + " " + seed);
                String json = cli("exercise", kind, "--seed", "" + seed, "--count", "2", "--solve", "--format", "json");
                String html = cli("exercise", kind, "--seed", "" + seed, "--count", "2", "--solve", "--format", "html");
                assertEquals(html, cli("exercise", kind, "--seed", "" + seed, "--count", "2", "--solve", "--format", "html"));
                List<String> fromText = all(Pattern.compile("(?m)^    answer: (.*)$"), text);
                List<String> fromJson = new ArrayList<>();
                Matcher m = Pattern.compile("\"answer\": (\"(?:[^\"\\\\]|\\\\.)*\")").matcher(json);
                while (m.find()) fromJson.add((String) MiniJson.parse(m.group(1)));
                List<String> fromHtml = new ArrayList<>();
                for (String a : all(Pattern.compile("<span class=\"answer\">(.*?)</span>"), html)) {
                    fromHtml.add(a.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&"));
                }
                assertTrue(fromText.size() >= 2, kind + " " + seed + ": " + text);
                assertEquals(fromText, fromJson, kind + " " + seed);
                assertEquals(fromText, fromHtml, kind + " " + seed);
                // problem 1 does not depend on the count
                String one = cli("exercise", kind, "--seed", "" + seed, "--solve", "--format", "json");
                assertEquals(fromJson.get(0), all(Pattern.compile("\"answer\": \"((?:[^\"\\\\]|\\\\.)*)\""), one).get(0)
                        .replace("\\\"", "\""), kind + " " + seed);
                // without --solve, no answer anywhere
                String bare = cli("exercise", kind, "--seed", "" + seed, "--format", "json");
                assertTrue(!bare.contains("\"answer\""), kind);
            }
        }
    }

    @Test
    void badKindSeedOrFormatIsOneSentenceAndExit2() {
        assertEquals(List.of(2, "faultline: unknown exercise kind 'tlbb' (kinds: translate, tlb, policy, fork, restart, classify)\n"),
                run("exercise", "tlbb"));
        assertEquals(List.of(2, "faultline: --seed must be 0..999999999, not -1\n"), run("exercise", "tlb", "--seed", "-1"));
        assertEquals(List.of(2, "faultline: --seed must be 0..999999999, not 1000000000\n"),
                run("exercise", "tlb", "--seed", "1000000000"));
        assertEquals(List.of(2, "faultline: --count must be 1..100, not 0\n"), run("exercise", "tlb", "--count", "0"));
        assertEquals(List.of(2, "faultline: --format takes text, json or html, not 'pdf'\n"),
                run("exercise", "tlb", "--format", "pdf"));
    }

    // ------------------------------------------------------------------ translate: walk the printed memory

    @Test
    void translateAnswersAreWhatAWalkOfThePrintedMemoryGives() {
        Pattern word = Pattern.compile("\\s*0x([0-9a-f]{8}): 0x([0-9a-f]{8})");
        for (long seed = 0; seed < SEEDS; seed++) {
            P p = problem("translate", seed);
            Matcher rm = Pattern.compile("PTBR root frame = (\\d+)").matcher(p.block("Registers").get(0));
            assertTrue(rm.find());
            long root = Long.parseLong(rm.group(1));
            Map<Long, Long> mem = new HashMap<>();
            for (String line : p.block("Physical memory")) {
                Matcher m = word.matcher(line);
                if (m.matches()) mem.put(Long.parseLong(m.group(1), 16), Long.parseLong(m.group(2), 16));
            }
            assertTrue(p.questions.stream().anyMatch(q -> q.answer.contains("(swap entry: the page is in swap slot")),
                    "seed " + seed + ": no page in swap");
            assertTrue(p.questions.stream().anyMatch(q -> q.answer.contains("(entry 0: never loaded)")),
                    "seed " + seed + ": no page never loaded");
            for (Q q : p.questions) {
                String[] parts = q.ask.split(" at 0x");
                String access = parts[0];
                long va = Long.parseLong(parts[1], 16);
                assertEquals(walk(mem, root, va, access), q.answer.replaceFirst(" \\((permission|entry 0|no second|swap)[^)]*\\)$",
                        walkReason(mem, root, va)), "seed " + seed + " " + q.ask);
            }
        }
    }

    /** The textbook walk (docs/isa.md section 4), from the printed words only. */
    private static String walk(Map<Long, Long> mem, long root, long va, String access) {
        long vpn1 = va >>> 22, vpn2 = (va >>> 12) & 0x3FF;
        long re = mem.getOrDefault(root * 4096 + vpn1 * 4, 0L);
        String fault = access + "_fault";
        if ((re & 0xF) != 1) return fault + walkReason(mem, root, va);
        long le = mem.getOrDefault((re >>> 10) * 4096 + vpn2 * 4, 0L);
        if ((le & 1) == 0) return fault + walkReason(mem, root, va);
        long need = switch (access) {
            case "fetch" -> 8;
            case "load" -> 2;
            default -> 4;
        };
        if ((le & need) == 0 || (le & 16) == 0) return fault + walkReason(mem, root, va);
        return String.format("0x%08x", (le >>> 10) * 4096 + (va & 0xFFF));
    }

    private static String walkReason(Map<Long, Long> mem, long root, long va) {
        long re = mem.getOrDefault(root * 4096 + (va >>> 22) * 4, 0L);
        if ((re & 0xF) != 1) return " (no second-level table: never mapped)";
        long le = mem.getOrDefault((re >>> 10) * 4096 + ((va >>> 12) & 0x3FF) * 4, 0L);
        if (le == 0) return " (entry 0: never loaded)";
        if ((le & 1) == 0 && (le & 2) != 0) return " (swap entry: the page is in swap slot " + (le >>> 10) + ")";
        return " (permission)";
    }

    // ------------------------------------------------------------------ tlb: simulate the printed accesses

    @Test
    void tlbAnswersAreWhatADirectMappedTlbWithAVictimBufferGives() {
        Pattern title = Pattern.compile("TLB hits and misses \\((\\d+) entries, (hardware|software) refill\\)");
        Pattern access = Pattern.compile("\\s*(\\d+)\\s+(load|store)\\s+0x([0-9a-f]{8}).*");
        for (long seed = 0; seed < SEEDS; seed++) {
            P p = problem("tlb", seed);
            Matcher t = title.matcher(p.title);
            assertTrue(t.matches(), p.title);
            int size = Integer.parseInt(t.group(1));
            boolean software = t.group(2).equals("software");
            long[] slot = new long[size];
            Arrays.fill(slot, -1);
            Deque<Long> victims = new ArrayDeque<>();
            slot[0x10 % size] = 0x10; // the first fetch
            int misses = 1;
            List<Integer> missed = new ArrayList<>();
            for (String line : p.block("The accesses")) {
                Matcher m = access.matcher(line);
                assertTrue(m.matches(), line);
                long vpn = Long.parseLong(m.group(3), 16) >>> 12;
                int i = (int) (vpn % size);
                if (slot[i] == vpn) continue;
                if (software && victims.contains(vpn)) { // swapped back: a hit
                    victims.remove(vpn);
                    if (slot[i] >= 0) victims.addLast(slot[i]);
                    slot[i] = vpn;
                    continue;
                }
                misses++;
                missed.add(Integer.parseInt(m.group(1)));
                if (software && slot[i] >= 0) {
                    victims.addLast(slot[i]);
                    if (victims.size() > 4) victims.removeFirst();
                }
                slot[i] = vpn;
            }
            StringBuilder slots = new StringBuilder();
            for (int i = 0; i < size; i++) {
                slots.append(i == 0 ? "" : ", ").append("slot ").append(i).append(": ")
                        .append(slot[i] < 0 ? "empty" : String.format("0x%x", slot[i]));
            }
            String missList = missed.isEmpty() ? "none" : String.join(" ", missed.stream().map(String::valueOf).toList());
            assertEquals(missList, p.answer("Which of the accesses miss"), "seed " + seed);
            assertEquals(Integer.toString(misses), p.answer(software ? "How many times" : "How many page-table walks"),
                    "seed " + seed);
            assertEquals(slots.toString(), p.answer("Which page does each TLB slot"), "seed " + seed);
        }
    }

    // ------------------------------------------------------------------ policy: compare --refs and a textbook replay

    @Test
    void policyAnswersAgreeWithCompareRefsAndATextbookReplay() {
        for (long seed = 0; seed < SEEDS; seed++) {
            P p = problem("policy", seed);
            String policy = p.title.replaceFirst("Page replacement: (\\S+) with .*", "$1").toLowerCase();
            int frames = Integer.parseInt(p.title.replaceFirst(".* with (\\d+) frames", "$1"));
            String refs = p.block("Reference string").get(0);
            Matcher sm = Pattern.compile("--seed (\\d+)").matcher(p.block("Frames").get(0));
            String rseed = sm.find() ? sm.group(1) : "1";
            Map<String, Integer> table = compareRefs(refs.replace(' ', ','), frames + "," + (frames + 1), rseed);
            assertEquals(table.get(policy + " " + frames).toString(), p.answer("How many page faults"), "seed " + seed);
            if (policy.equals("fifo")) {
                assertTrue(p.answer("With ").startsWith(table.get("fifo " + (frames + 1)) + " ("), "seed " + seed);
                assertEquals(table.get("fifo " + (frames + 1)) > table.get("fifo " + frames),
                        p.answer("With ").contains("Belady's anomaly"), "seed " + seed);
            }
            if (policy.equals("random")) continue;
            int[] pages = Arrays.stream(refs.split(" ")).mapToInt(Integer::parseInt).toArray();
            Textbook tb = Textbook.replay(policy, pages, frames);
            assertEquals(tb.faultPositions, p.answer("Which references fault"), "seed " + seed);
            assertEquals(tb.contents, p.answer("Which page is in each frame"), "seed " + seed);
            if (policy.equals("clock")) assertEquals("frame " + tb.hand, p.answer("Where does the clock hand"), "seed " + seed);
        }
    }

    /** A textbook replay written from the problem's own words, independent of RefReplay and the policies. */
    static final class Textbook {
        String faultPositions;
        String contents;
        int hand;

        static Textbook replay(String policy, int[] refs, int frames) {
            int[] page = new int[frames];
            Arrays.fill(page, -1);
            long[] loadedAt = new long[frames], usedAt = new long[frames];
            boolean[] bit = new boolean[frames];
            int hand = 0;
            List<String> faults = new ArrayList<>();
            for (int s = 0; s < refs.length; s++) {
                int f = indexOf(page, refs[s]);
                if (f >= 0) {
                    usedAt[f] = s;
                    bit[f] = true;
                    continue;
                }
                faults.add(Integer.toString(s + 1));
                int target = indexOf(page, -1);
                if (target < 0) {
                    switch (policy) {
                        case "fifo" -> target = argMin(loadedAt);
                        case "lru" -> target = argMin(usedAt);
                        case "opt" -> {
                            long best = -1;
                            for (int i = 0; i < frames; i++) {
                                long next = Long.MAX_VALUE;
                                for (int j = s + 1; j < refs.length; j++) {
                                    if (refs[j] == page[i]) {
                                        next = j;
                                        break;
                                    }
                                }
                                if (next > best) {
                                    best = next;
                                    target = i;
                                }
                            }
                        }
                        default -> { // clock
                            while (bit[hand]) {
                                bit[hand] = false;
                                hand = (hand + 1) % frames;
                            }
                            target = hand;
                            hand = (hand + 1) % frames;
                        }
                    }
                }
                page[target] = refs[s];
                loadedAt[target] = s;
                usedAt[target] = s;
                bit[target] = true;
            }
            Textbook t = new Textbook();
            t.faultPositions = String.join(" ", faults);
            StringBuilder sb = new StringBuilder();
            for (int f = 0; f < frames; f++) {
                sb.append(f == 0 ? "" : ", ").append("frame ").append(f).append(": ")
                        .append(page[f] < 0 ? "empty" : Integer.toString(page[f]));
            }
            t.contents = sb.toString();
            t.hand = hand;
            return t;
        }

        private static int indexOf(int[] a, int v) {
            for (int i = 0; i < a.length; i++) {
                if (a[i] == v) return i;
            }
            return -1;
        }

        private static int argMin(long[] a) {
            int best = 0;
            for (int i = 1; i < a.length; i++) {
                if (a[i] < a[best]) best = i;
            }
            return best;
        }
    }

    private static Map<String, Integer> compareRefs(String refs, String frames, String seed) {
        String out = cli("compare", "--refs", refs, "--frames", frames, "--seed", seed);
        Map<String, Integer> table = new HashMap<>();
        Matcher m = Pattern.compile("(?m)^(\\w+)\\s+(\\d+)\\s+(\\d+)\\s").matcher(out);
        while (m.find()) table.put(m.group(1) + " " + m.group(2), Integer.parseInt(m.group(3)));
        return table;
    }

    // ------------------------------------------------------------------ fork, restart, classify: faultline run --trace

    @Test
    void forkAnswersAreWhatTheTraceOfTheRunSays() throws IOException {
        for (long seed = 0; seed < SEEDS; seed++) {
            P p = problem("fork", seed);
            List<Map<String, Object>> trace = trace(p, seed);
            Map<Object, String> status = new HashMap<>();
            int copies = 0, reuses = 0, major = 0;
            boolean forked = false;
            for (Map<String, Object> r : trace) {
                if (r.get("ev").equals("exit")) status.put(num(r, "pid"), r.get("status").toString());
                if (r.get("ev").equals("fork")) forked = true;
                if (forked && r.get("ev").equals("fault")) {
                    if (r.get("kind").equals("cow")) copies++;
                    if (r.get("kind").equals("cow-reuse")) reuses++;
                    if (Boolean.TRUE.equals(r.get("major"))) major++;
                }
            }
            assertEquals(status.get(2L), p.answer("What status does the child"), "seed " + seed);
            assertEquals(status.get(1L), p.answer("What status does the parent"), "seed " + seed);
            assertEquals(copies + " copies, " + reuses + " reuses", p.answer("How many copy-on-write"), "seed " + seed);
            assertEquals(Integer.toString(major), p.answer("How many of the faults"), "seed " + seed);
            // each labelled access: the kind of the fault record at its address (from the assembler's listing)
            Map<String, Long> labels = labels(p, seed);
            StringBuilder kinds = new StringBuilder();
            for (Map.Entry<String, Long> l : labels.entrySet()) {
                if (!l.getKey().matches("[cp]\\d+")) continue;
                String kind = "no fault";
                boolean after = false;
                for (Map<String, Object> r : trace) {
                    if (r.get("ev").equals("fork")) after = true;
                    if (after && r.get("ev").equals("fault") && num(r, "pc") == l.getValue()) kind = (String) r.get("kind");
                }
                kinds.append(kinds.length() == 0 ? "" : ", ").append(l.getKey()).append(": ").append(kind);
            }
            assertEquals(kinds.toString(), p.answer("For each labelled access"), "seed " + seed);
        }
    }

    /** The program's labels and their addresses, from {@code faultline asm --listing}. */
    private Map<String, Long> labels(P p, long seed) throws IOException {
        Path prog = tmp.resolve("l" + seed + ".s");
        Files.writeString(prog, String.join("\n", p.block("Program")) + "\n");
        String listing = cli("asm", prog.toString(), "-o", tmp.resolve("l" + seed + ".flx").toString(), "--listing");
        Map<String, Long> labels = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^([0-9a-f]{8})  [0-9a-f ]+\\d+  (\\w+):").matcher(listing);
        while (m.find()) labels.put(m.group(2), Long.parseLong(m.group(1), 16));
        return labels;
    }

    @Test
    void restartAnswersAreWhatTheTraceOfTheRunSays() throws IOException {
        for (long seed = 0; seed < SEEDS; seed++) {
            P p = problem("restart", seed);
            List<Map<String, Object>> trace = trace(p, seed);
            String trapAnswer = p.questions.get(0).answer;
            Matcher m = Pattern.compile("(\\w+): (\\w+), EPC=0x([0-9a-f]+), TVAL=0x([0-9a-f]+)").matcher(trapAnswer);
            assertTrue(m.matches(), trapAnswer);
            long epc = Long.parseLong(m.group(3), 16), tval = Long.parseLong(m.group(4), 16);
            boolean trapSeen = false;
            int restarts = 0;
            String kind = null;
            for (Map<String, Object> r : trace) {
                if (r.get("ev").equals("trap") && num(r, "pc") == epc && num(r, "tval") == tval
                        && r.get("cause").equals(m.group(2))) trapSeen = true;
                if (r.get("ev").equals("restart") && num(r, "pc") == epc) restarts++;
                if (kind == null && r.get("ev").equals("fault") && num(r, "pc") == epc && num(r, "addr") == tval) {
                    kind = (String) r.get("kind");
                }
            }
            assertTrue(trapSeen, "seed " + seed + ": no trap " + trapAnswer);
            assertTrue(p.questions.get(1).answer.startsWith(kind), "seed " + seed);
            assertEquals(m.group(1) + ", " + restarts + " restart(s)", p.answer("After the kernel"), "seed " + seed);
            if (p.title.startsWith("A store")) {
                assertEquals(Integer.toString(lastExit(trace, 1)), p.answer("What status"), "seed " + seed);
            }
            if (!p.title.startsWith("xchg")) checkWithTheDebugger(p, seed, m.group(1));
            if (p.title.startsWith("xchg")) {
                assertEquals("child " + lastExit(trace, 2) + ", parent " + lastExit(trace, 1),
                        p.answer("What status does the child"), "seed " + seed);
            }
            if (p.title.startsWith("A store into")) { // the handler's a1 and a2: the signal's address and the trap's cause
                for (Map<String, Object> r : trace) {
                    if (!r.get("ev").equals("signal")) continue;
                    assertEquals(String.format("a1=0x%08x (TVAL), a2=%d (CAUSE %s)", num(r, "addr"),
                            dev.faultline.isa.TrapCause.valueOf(m.group(2).toUpperCase()).code(), m.group(2)),
                            p.answer("What do a1 and a2"), "seed " + seed);
                    break;
                }
            }
        }
    }

    /**
     * The memory and registers a restart answer gives, as the debugger shows them: break at the labelled
     * instruction, stepi to its trap (before the kernel handles it), then regs and x.
     */
    private void checkWithTheDebugger(P p, long seed, String label) throws IOException {
        Path prog = tmp.resolve("d" + seed + ".s");
        Files.writeString(prog, String.join("\n", p.block("Program")) + "\n");
        Q bytesQ = p.questions.stream().filter(q -> q.ask.contains(" hold") && q.ask.contains("data+")).findFirst()
                .orElseThrow();
        int offset = Integer.parseInt(bytesQ.ask.replaceFirst(".*data\\+(\\d+).*", "$1"));
        Path script = tmp.resolve("d" + seed + ".fdb");
        String regs = cliDebug(prog, script, "break " + label + "\nc\nstepi\nregs\nx data+" + (offset & ~3) + " 2\nq\n");
        long data = Long.parseLong(regs.replaceFirst("(?s).*s0    0x([0-9a-f]{8}).*", "$1"), 16);
        String mem = regs;
        Map<Long, String> bytes = new HashMap<>();
        Matcher w = Pattern.compile("(?m)^0x([0-9a-f]{8})  0x([0-9a-f]{8})(.*)$").matcher(mem);
        while (w.find()) {
            long at = Long.parseLong(w.group(1), 16), v = Long.parseLong(w.group(2), 16);
            for (int i = 0; i < 4; i++) {
                bytes.put(at + i, w.group(3).contains("never touched") ? "--" : String.format("%02x", (v >>> (8 * i)) & 0xFF));
            }
        }
        List<String> four = new ArrayList<>();
        for (int i = 0; i < 4; i++) four.add(bytes.get(data + offset + i));
        assertEquals(String.join(" ", four), bytesQ.answer, "seed " + seed + "\n" + mem);
        if (p.title.startsWith("copy")) {
            Matcher r = Pattern.compile("a0    0x([0-9a-f]{8}) .*a1    0x([0-9a-f]{8}) .*a2    0x([0-9a-f]{8})").matcher(regs);
            assertTrue(r.find(), regs);
            assertEquals(String.format("a0=0x%s a1=0x%s a2=%d", r.group(1), r.group(2), Long.parseLong(r.group(3), 16)),
                    p.answer("What do a0, a1 and a2"), "seed " + seed);
        }
    }

    private static String cliDebug(Path prog, Path script, String commands) throws IOException {
        Files.writeString(script, commands);
        List<Object> r = run("debug", prog.toString(), "--script", script.toString());
        return (String) r.get(r.size() - 1);
    }

    @Test
    void classifyAnswersAreTheKindsInTheTraceOfTheRun() throws IOException {
        for (long seed = 0; seed < SEEDS; seed++) {
            P p = problem("classify", seed);
            List<Map<String, Object>> trace = trace(p, seed);
            List<String> expected = new ArrayList<>();
            for (Map<String, Object> r : trace) {
                if (!r.get("ev").equals("fault")) continue;
                String kind = (String) r.get("kind");
                expected.add(kind + ", " + (kind.matches("segv|bus|spurious") ? "neither"
                        : Boolean.TRUE.equals(r.get("major")) ? "major" : "minor"));
            }
            List<String> answers = p.questions.stream().map(Q::answer).toList();
            assertEquals(expected, answers, "seed " + seed);
            assertEquals(expected.size(), p.block("Faults").size());
        }
    }

    /** Runs the printed program with {@code faultline run --trace=all --trace-format jsonl} and the problem's --frames. */
    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> trace(P p, long seed) throws IOException {
        Path prog = tmp.resolve("p" + seed + ".s");
        Files.writeString(prog, String.join("\n", p.block("Program")) + "\n");
        Path traceFile = tmp.resolve("t" + seed + ".jsonl");
        Matcher fm = Pattern.compile("--frames (\\d+)").matcher(p.intro);
        String frames = fm.find() ? fm.group(1) : "256";
        List<Object> r = run("run", prog.toString(), "--trace=all", "--trace-format", "jsonl", "--trace-file",
                traceFile.toString(), "--frames", frames, "--max-procs", "8");
        List<Map<String, Object>> out = new ArrayList<>();
        for (String line : Files.readAllLines(traceFile)) {
            Map<String, Object> rec = (Map<String, Object>) MiniJson.parse(line);
            if (!rec.get("ev").equals("tlb")) out.add(rec);
        }
        assertTrue(!out.isEmpty(), "seed " + seed + " " + r);
        return out;
    }

    private static int lastExit(List<Map<String, Object>> trace, long pid) {
        int status = -1;
        for (Map<String, Object> r : trace) {
            if (r.get("ev").equals("exit") && num(r, "pid") == pid) status = (int) num(r, "status");
        }
        return status;
    }

    private static long num(Map<String, Object> r, String key) {
        return ((Number) r.get(key)).longValue();
    }

    // ------------------------------------------------------------------ helpers

    private static List<String> all(Pattern p, String s) {
        List<String> out = new ArrayList<>();
        Matcher m = p.matcher(s);
        while (m.find()) out.add(m.group(1));
        return out;
    }

    static String cli(String... args) {
        List<Object> r = run(args);
        assertEquals(0, r.get(0), String.join(" ", args) + ": " + r.get(1));
        return (String) r.get(2);
    }

    /** status, stderr, stdout */
    static List<Object> run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int status = Main.run(args, new ByteArrayInputStream(new byte[0]), new PrintStream(out, true),
                new PrintStream(err, true));
        String e = err.toString(StandardCharsets.UTF_8);
        if (status == 2) return List.of(status, e);
        return List.of(status, e, out.toString(StandardCharsets.UTF_8));
    }
}
