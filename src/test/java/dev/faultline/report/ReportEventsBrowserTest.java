package dev.faultline.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.browser.BrowserTestBase;
import dev.faultline.cli.Main;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.io.FileUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every moment of every example, in the browser: the report of each example (kernel and bare), once with no
 * options and once with every set of options its lessons give, is stepped through event by event, and at each
 * the event box must say something true-looking (no "undefined", no Java {@code toString}) and the views must
 * be drawn, with nothing on the console. Then one event of every kind, from runs chosen to hold them all, must
 * read exactly as written here.
 */
class ReportEventsBrowserTest extends BrowserTestBase {
    private static final Path EXAMPLES = Path.of("examples");

    @TempDir
    Path tmp;

    private int run(List<String> args) {
        OutputStream sink = OutputStream.nullOutputStream();
        return Main.run(args.toArray(String[]::new), new ByteArrayInputStream(new byte[0]), new PrintStream(sink),
                new PrintStream(sink));
    }

    /** The option sets the lessons run each example with (README and the example's own header), and none. */
    private static Map<String, Set<String>> lessonCommands() throws IOException {
        Map<String, Set<String>> byProgram = new TreeMap<>();
        List<Path> sources = new ArrayList<>(List.of(EXAMPLES.resolve("README.md")));
        try (Stream<Path> files = Files.walk(EXAMPLES)) {
            files.filter(p -> p.toString().endsWith(".s")).sorted().forEach(sources::add);
        }
        Pattern command = Pattern.compile("\\./faultline run (examples/\\S+\\.s)(.*)$", Pattern.MULTILINE);
        for (Path source : sources) {
            Matcher m = command.matcher(Files.readString(source));
            while (m.find()) {
                String options = m.group(2).replaceAll("--(trace|stats|report)(=\\S+|\\s+\\S+\\.html)?", "").trim()
                        .replaceAll("\\s+", " ");
                byProgram.computeIfAbsent(m.group(1), k -> new LinkedHashSet<>()).add(options);
            }
        }
        try (Stream<Path> files = Files.walk(EXAMPLES)) {
            for (Path p : files.filter(p -> p.toString().endsWith(".s")).sorted().toList()) {
                if (p.startsWith(EXAMPLES.resolve("lib")) || p.getFileName().toString().equals("console.s")) continue; // included, never run
                String name = p.toString().replace('\\', '/');
                Set<String> set = byProgram.computeIfAbsent(name, k -> new LinkedHashSet<>());
                set.add(name.startsWith("examples/bare/") ? "--bare" : "");
            }
        }
        byProgram.keySet().removeIf(k -> k.startsWith("examples/lib/") || k.endsWith("/console.s"));
        return byProgram;
    }

    /** Writes the report of one run; the guest's / is a fresh copy of examples/files. */
    private Path report(String program, String options, String name) throws IOException {
        Path root = tmp.resolve("root-" + name);
        FileUtils.copyDirectory(EXAMPLES.resolve("files").toFile(), root.toFile());
        List<String> args = new ArrayList<>(List.of("run", program));
        for (String o : options.split(" ")) {
            if (o.isEmpty()) continue;
            args.add(o.equals("examples/files") ? root.toString() : o);
        }
        if (!options.contains("--bare") && !options.contains("--root")) args.addAll(List.of("--root", root.toString()));
        Path report = tmp.resolve(name + ".html");
        args.addAll(List.of("--report", report.toString()));
        int status = run(args);
        assertTrue(Files.exists(report), String.join(" ", args) + " wrote no report (status " + status + ")");
        return report;
    }

    /**
     * Visits every event in the page itself (one script, not one round trip per event) and returns what went
     * wrong: events whose description is empty or holds "undefined", "NaN", "[object" or a Java record's
     * toString, or whose views are missing.
     */
    @SuppressWarnings("unchecked")
    private static List<String> visitEveryEvent() {
        return (List<String>) js("""
                var D = JSON.parse(document.getElementById('faultline-data').textContent), bad = [];
                var javaish = /\\b[A-Z][A-Za-z]*\\[[a-z]+=|@[0-9a-f]{6,}|\\[I@/;
                for (var i = 0; i < D.events.length; i++) {
                  window.faultlineGo(i);
                  var ev = D.schemas[D.events[i][2]][0];
                  var text = document.getElementById('now-text').textContent;
                  var box = document.getElementById('now').textContent;
                  if (!text.trim()) bad.push(i + ' ' + ev + ': empty description');
                  var head = document.querySelector('#now .head').textContent;
                  if (/undefined|NaN|\\[object/.test(head) || javaish.test(box)) bad.push(i + ' ' + ev + ': ' + box);
                  if (document.body.getAttribute('data-event') !== String(i)) bad.push(i + ' ' + ev + ': not chosen');
                  if (D.bare) {
                    if (!document.getElementById('machine-panel')) bad.push(i + ' ' + ev + ': no machine panel');
                  } else {
                    if (!document.querySelector('#frames .frame')) bad.push(i + ' ' + ev + ': no frame grid');
                    if (!document.querySelector('#spaces-panel h2 .sub').textContent) bad.push(i + ' ' + ev + ': no address-space view');
                    if (!document.getElementById('swap-sub').textContent) bad.push(i + ' ' + ev + ': no swap view');
                  }
                  if (bad.length > 20) break;
                }
                return bad;
                """);
    }

    @Test
    void everyEventOfEveryExampleReadsWellAndDrawsItsViews() throws IOException {
        Map<String, Set<String>> commands = lessonCommands();
        assertTrue(commands.size() >= 16, "examples found: " + commands.keySet());
        int runs = 0;
        long events = 0;
        for (Map.Entry<String, Set<String>> e : commands.entrySet()) {
            for (String options : e.getValue()) {
                String name = "r" + runs++;
                open(report(e.getKey(), options, name));
                List<String> bad = visitEveryEvent();
                assertQuietConsole(e.getKey() + " " + options);
                assertEquals(List.of(), bad, e.getKey() + " " + options);
                events += (Long) js("return JSON.parse(document.getElementById('faultline-data').textContent).events.length;");
            }
        }
        assertTrue(events > 1000, "events visited: " + events + " in " + runs + " runs");
    }

    /** The description of the first event of each kind in the report now open. */
    @SuppressWarnings("unchecked")
    private static Map<String, String> firstOfEachKind() {
        Map<String, Object> raw = (Map<String, Object>) js("""
                var D = JSON.parse(document.getElementById('faultline-data').textContent), seen = {};
                for (var i = 0; i < D.events.length; i++) {
                  var ev = D.schemas[D.events[i][2]][0];
                  var key = ev === 'trap' ? 'trap ' + D.schemas[D.events[i][2]].length + ':' + D.events[i][4] : ev;
                  if (ev === 'fault') key = 'fault ' + D.events[i][4 + D.schemas[D.events[i][2]].indexOf('kind') - 1];
                  if (key in seen) continue;
                  window.faultlineGo(i);
                  seen[key] = document.getElementById('now-text').textContent;
                }
                return seen;
                """);
        Map<String, String> out = new TreeMap<>();
        raw.forEach((k, v) -> out.put(k, (String) v));
        return out;
    }

    private Map<String, String> kindsOf(String program, String options) throws IOException {
        open(report(program, options, "kinds" + Math.abs((program + options).hashCode())));
        Map<String, String> kinds = firstOfEachKind();
        assertQuietConsole(program + " " + options);
        return kinds;
    }

    @Test
    void oneEventOfEveryKindReadsAsTheTextTraceSaysIt() throws IOException {
        Map<String, String> all = new LinkedHashMap<>();
        Map<String, String> sig = kindsOf("examples/sigsegv_handler.s", "");
        assertEquals("signal SIGSEGV (maperr) at 0x50000010: handler", sig.get("signal"));
        assertEquals("sigaction(SIGSEGV, 0x00010057) = 0", sig.get("syscall"));
        assertEquals("syscall at pc 0x0001000c: sigaction(SIGSEGV, 0x00010057) = 0", sig.get("trap 4:syscall"));
        assertEquals("the instruction at 0x00010000 runs again", sig.get("restart"));
        assertEquals("store to 0x50000010 at pc 0x0001001d: segv, neither minor nor major", sig.get("fault segv"));
        assertEquals("store to 0x7fffffb0 at pc 0x0001001d: demand-zero, minor, frame 3, taken by the kernel",
                sig.get("fault demand-zero"));
        assertEquals("fetch from 0x00010000 at pc 0x00010000: file, major, frame 1", sig.get("fault file"));
        assertEquals("store_fault at pc 0x0001001d, tval 0x50000010", sig.get("trap 4:store_fault"));
        all.putAll(sig);

        Map<String, String> swap = kindsOf("examples/swapping.s", "--frames 12");
        assertEquals("frame 1 evicted by clock (clean page dropped), its own page", swap.get("evict"));
        assertEquals("frame 3 written to swap slot 0 (1 mapper, its own page)", swap.get("swap-out"));
        assertEquals("swap slot 0 read into frame 8", swap.get("swap-in"));
        assertEquals("load from 0x00012000 at pc 0x00010048: swap-in, major, frame 8", swap.get("fault swap-in"));
        assertEquals("write(1, 0x00011000, 23) = 23", swap.get("syscall"));
        all.putAll(swap);

        // the page's owner, not the process that needed the frame
        Map<String, String> dormant = kindsOf("examples/dormant.s", "--frames 24");
        assertEquals("frame 3 written to swap slot 0 (1 mapper, a page of pid 1)", dormant.get("swap-out"));
        assertEquals("mmap(0x00000000, 32768, 0x3, 0x22, -1, 0) = 0x40000000", dormant.get("syscall"));
        all.putAll(dormant);

        Map<String, String> fork = kindsOf("examples/cow.s", "");
        assertEquals("fork: child pid 2", fork.get("fork"));
        assertEquals("exit with status 0", fork.get("exit"));
        assertEquals("switch from pid 1 to pid 2", fork.get("sched"));
        assertEquals("store to 0x00012000 at pc 0x00010044: cow, minor, frame 9", fork.get("fault cow"));
        assertEquals("store to 0x00012000 at pc 0x00010095: cow-reuse, minor, frame 3", fork.get("fault cow-reuse"));
        all.putAll(fork);

        Map<String, String> inject = kindsOf("examples/swapping.s", "--frames 12 --inject swap-write=1");
        assertEquals("injected failure: operation 1 of kind swap-write fails", inject.get("inject"));
        all.putAll(inject);

        Map<String, String> oom = kindsOf("examples/swapping.s", "--frames 12 --swap 0");
        assertEquals("out of memory: pid 1 is killed", oom.get("oom"));
        assertEquals("signal SIGKILL: kill", oom.get("signal"));
        all.putAll(oom);

        Map<String, String> bare = kindsOf("examples/bare/pager.s", "--bare");
        assertEquals("halt with status 0", bare.get("halt"));
        assertEquals("load_fault at pc 0x0001101b, tval 0x40000000", bare.get("trap 4:load_fault"));
        assertEquals("the instruction at 0x0001101b runs again", bare.get("restart"));
        assertEquals("syscall at pc 0x000110bc, tval 0x00000002", bare.get("trap 4:syscall"));
        all.putAll(bare);

        // every kind of record the report keeps (all but tlb) was seen above
        Set<String> kinds = new java.util.TreeSet<>();
        for (String k : all.keySet()) kinds.add(k.split(" ")[0]);
        for (dev.faultline.trace.TraceKind k : dev.faultline.trace.TraceKind.values()) {
            if (k == dev.faultline.trace.TraceKind.TLB) continue;
            assertTrue(kinds.contains(k.ev()), "no " + k.ev() + " event in the runs: " + all.keySet());
        }
    }
}
