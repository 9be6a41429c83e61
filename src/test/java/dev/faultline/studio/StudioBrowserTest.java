package dev.faultline.studio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.faultline.browser.BrowserTestBase;
import dev.faultline.cli.Main;
import dev.faultline.cli.StudioServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The built studio (target/studio) in Debian's Chromium through /usr/bin/chromedriver, served as
 * {@code faultline studio} serves it. The build runs these after it has made the page (the integration-test
 * phase); they are skipped, saying why, when the page or the browser is missing, unless
 * {@code -Dfaultline.browserTests=required} (CI). The page may write nothing to its console (BrowserTestBase).
 */
class StudioBrowserTest extends BrowserTestBase {
    private static final Path STUDIO = Path.of("target", "studio");
    private static StudioServer server;
    private static String base;

    @BeforeAll
    static void start() throws IOException {
        if (!Files.isRegularFile(STUDIO.resolve("faultline.wasm"))) {
            String why = "the studio is not built (run ./mvnw verify, not only test)";
            if ("required".equals(System.getProperty("faultline.browserTests"))) fail(why);
            Assumptions.assumeTrue(false, "StudioBrowserTest skipped: " + why);
        }
        server = new StudioServer(STUDIO, null, 0);
        base = server.address();
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    // ------------------------------------------------------------------ helpers

    private static String text(String id) {
        return (String) js("return document.getElementById(arguments[0]).textContent;", id);
    }

    /** Waits until the element's text is not empty; returns it. */
    private static String await(String id, int seconds) {
        long until = System.currentTimeMillis() + seconds * 1000L;
        while (true) {
            String t = text(id);
            if (!t.isEmpty()) return t;
            if (System.currentTimeMillis() > until) fail("#" + id + " stayed empty; status: " + text("status"));
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    private record Result(int status, String out, String err) {}

    private static Result faultline(List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(args.toArray(String[]::new), new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true), new PrintStream(err, true));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Statistics without their timings, which differ from run to run. */
    private static String untimed(String stderr) {
        return stderr.replaceAll("(?m)^(wall_ms|mips) .*\\R", "").replaceAll("\\(\\d+ ms\\)", "(ms)");
    }

    // ------------------------------------------------------------------ tests

    /**
     * The contract link {@code ?example=NAME&run} (with {@code &stats}) runs every example to the end: stdout,
     * exit status and the --stats figures are the JVM's for the same program and options.
     */
    @Test
    void everyExampleRunsAsOnTheCommandLine() throws IOException {
        for (String name : StudioFilesTest.examples()) {
            driver.get(base + "index.html?example=" + name + "&run&stats");
            String status = await("exit-status", 120);
            String command = text("command");
            assertTrue(command.startsWith("./faultline run examples/" + name + ".s "), command);
            List<String> args = new ArrayList<>(List.of(command.substring("./faultline ".length()).split(" ")));
            Result jvm = faultline(args);
            // a NUL byte (bare/console.s writes one) does not survive the trip through the page's text
            assertEquals(jvm.out().replace("\0", ""), text("stdout").replace("\0", ""), name + ": stdout");
            assertEquals(String.valueOf(jvm.status()), status, name + ": exit status");
            assertEquals(untimed(jvm.err()), untimed(text("stderr")), name + ": stderr with --stats");
        }
    }

    /** A shared link whose program is damaged gives one sentence and an empty editor. */
    @Test
    void aDamagedLinkGivesOneSentence() {
        driver.get("about:blank");
        driver.get(base + "index.html#program=%%%not-base64");
        while (!"true".equals(js("return document.body.dataset.ready;"))) pause();
        assertEquals("The program in this link is damaged, so the editor starts empty.", text("status"));
        assertEquals("", js("return document.getElementById('source').value;"));
    }

    // ------------------------------------------------------------------ the debugger

    /** Opens an example without running it; returns when the page and the example are loaded. */
    private static void openExample(String name) {
        driver.get(base + "index.html?example=" + name);
        long until = System.currentTimeMillis() + 60_000;
        while (!"true".equals(js("return document.body.dataset.ready;"))
                || ((String) js("return document.getElementById('source').value;")).isEmpty()) {
            if (System.currentTimeMillis() > until) fail("the page did not get ready: " + text("status"));
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** Clicks a control (or types a command line) and waits for the replayed session to stop. */
    private static void debugger(String command) {
        String before = (String) js("return document.getElementById('session').dataset.script || '';");
        switch (command) {
            case "debug" -> driver.findElement(By.id("debug")).click();
            case "step", "stepi", "next", "finish", "continue", "reverse-step", "reverse-stepi", "rewind fault" ->
                    driver.findElement(By.cssSelector("#debugbar button[data-cmd='" + command + "']")).click();
            default -> {
                driver.findElement(By.id("command-line")).sendKeys(command);
                driver.findElement(By.id("command-line")).sendKeys(org.openqa.selenium.Keys.ENTER);
            }
        }
        long until = System.currentTimeMillis() + 120_000;
        while (!"false".equals(js("return document.body.dataset.debugging;"))
                || before.equals(js("return document.getElementById('session').dataset.script || '';"))
                        && !command.equals("debug")) {
            if (System.currentTimeMillis() > until) fail("the debugger did not stop after " + command);
            pause();
        }
        if (command.equals("debug")) {
            while (!"false".equals(js("return document.body.dataset.debugging;"))) pause();
        }
    }

    /** The page's whole session (its commands and the views') against the terminal debugger's, byte for byte. */
    private void sameAsTerminal(String example) throws IOException {
        String script = (String) js("return document.getElementById('session').dataset.script;");
        String options = (String) js("return document.getElementById('session').dataset.options;");
        Path file = Files.createTempFile("studio", ".fdb");
        Files.writeString(file, script + "\n");
        List<String> args = new ArrayList<>(List.of("debug", "examples/" + example + ".s"));
        args.addAll(List.of(options.split(" ")));
        args.addAll(List.of("--script", file.toString()));
        Result jvm = faultline(args);
        Files.delete(file);
        assertEquals(jvm.out(), text("session"), example + ": the session's text");
    }

    /**
     * A debugger script stepping forward and back over the faults of swapping.s (--frames 12, as its lesson
     * says) and cow.s: after every command, every view is what the terminal debugger prints.
     */
    @Test
    void debuggerViewsAreTheTerminalDebuggers() throws IOException {
        Map<String, List<String>> scripts = Map.of(
                "swapping", List.of("catch fault", "continue", "stepi", "stepi", "reverse-stepi", "continue",
                        "rewind fault", "reverse-step", "next", "step"),
                "cow", List.of("catch fault", "continue", "continue", "reverse-step", "stepi", "rewind fault",
                        "finish", "continue", "reverse-stepi"));
        for (String example : List.of("swapping", "cow")) {
            openExample(example);
            js("document.getElementById('address').value = '0x12000';");
            debugger("debug");
            sameAsTerminal(example);
            for (String command : scripts.get(example)) {
                debugger(command);
                sameAsTerminal(example);
            }
            assertTrue(text("view-pt").contains("0x00012000"), text("view-pt"));
            assertTrue(text("transcript").contains("rewind fault"), text("transcript"));
        }
    }

    /**
     * A student types a program with an error, sees it marked at its line and column, fixes it, sets a
     * breakpoint in the gutter, runs to it, steps across the store's demand-zero fault and back, and reads the
     * page-table entry before and after.
     */
    @Test
    void typeFixBreakStepBack() {
        driver.get(base + "index.html");
        while (!"true".equals(js("return document.body.dataset.ready;"))) pause();
        String program = """
                        .text
                _start: la    s0, buf
                        li    t0, 7
                        sw    t0, 0(s0)
                        lw    t1, 0(s0)
                        li    a0, 0
                        sys   exit
                        .bss
                buf:    .space 4096
                """;
        var editor = driver.findElement(By.id("source"));
        editor.clear();
        editor.sendKeys(program.replace("li    t0, 7", "li    t0, 7 +"));
        long until = System.currentTimeMillis() + 30_000;
        while (!text("errors").startsWith("3:")) { // as typed: the list follows the text
            if (System.currentTimeMillis() > until) fail("no error was marked: " + text("errors"));
            pause();
        }
        assertEquals("3:22: syntax error: the statement ends too early",
                driver.findElement(By.cssSelector("#errors li")).getText());
        assertEquals(1, driver.findElements(By.cssSelector("#errors li")).size());
        assertEquals("err", driver.findElement(By.cssSelector("#gutter span[data-line='3']")).getAttribute("class"));
        editor.clear();
        editor.sendKeys(program);
        until = System.currentTimeMillis() + 30_000;
        while (!driver.findElements(By.cssSelector("#errors li")).isEmpty()) {
            if (System.currentTimeMillis() > until) fail("the fixed program still shows an error");
            pause();
        }
        // the colours add markup, never text: the picture under the editor reads exactly as the program
        assertEquals(js("return document.getElementById('source').value;") + "\n",
                js("return document.getElementById('highlight').textContent;"));
        driver.findElement(By.cssSelector("#gutter span[data-line='4']")).click();
        assertEquals("bp", driver.findElement(By.cssSelector("#gutter span[data-line='4']")).getAttribute("class"));
        js("document.getElementById('address').value = '0x11000';");
        debugger("debug");
        debugger("continue");
        assertTrue(text("transcript").contains("breakpoint 1 at 0x0001000c <_start+12 (program.s:4)>"), text("transcript"));
        assertTrue(((String) js("return document.querySelector('#highlight .cur').textContent;")).contains("sw    t0"));
        String before = "  0x00011000  pte 0x00000000  none";
        assertTrue(text("view-pt").contains(before), text("view-pt"));
        debugger("stepi");
        debugger("stepi");
        assertTrue(text("transcript").contains("kind demand-zero (minor)"), text("transcript"));
        String after = text("view-pt");
        assertTrue(after.matches("(?s).*  0x00011000  pte 0x[0-9a-f]{8}  rw-u.*"), after);
        debugger("reverse-stepi");
        debugger("reverse-stepi");
        assertTrue(text("view-pt").contains(before), text("view-pt"));
        assertEquals("0x00011000 = VPN1 0 (0x000), VPN2 17 (0x011), offset 0x000", text("split"));
    }

    /** A program shared as a link comes back whole in a fresh page; the student's program is kept meanwhile. */
    @Test
    void aSharedLinkCarriesTheProgram() {
        driver.get(base + "index.html");
        while (!"true".equals(js("return document.body.dataset.ready;"))) pause();
        String program = "; h\u00e9llo, \u4e16\u754c\n_start: li a0, 0\n        sys exit\n";
        js("var s = document.getElementById('source'); s.value = arguments[0];"
                + " s.dispatchEvent(new Event('input'));", program);
        driver.findElement(By.id("share")).click();
        String link = driver.getCurrentUrl();
        assertTrue(link.contains("#program="), link);
        driver.get("about:blank");
        driver.get(link);
        while (!"true".equals(js("return document.body.dataset.ready;"))) pause();
        assertEquals(program, js("return document.getElementById('source').value;"));
        driver.get(base + "index.html");
        while (!"true".equals(js("return document.body.dataset.ready;"))) pause();
        assertEquals(program, js("return document.getElementById('source').value;"), "kept in the browser");
    }

    /** A program that loops runs until paused; the page answers meanwhile, and goes on when asked. */
    @Test
    void aLoopRunsUntilPaused() {
        driver.get(base + "index.html");
        while (!"true".equals(js("return document.body.dataset.ready;"))) pause();
        js("var s = document.getElementById('source'); s.value = arguments[0];"
                + " s.dispatchEvent(new Event('input'));", "_start: j _start\n");
        driver.findElement(By.id("run")).click();
        long until = System.currentTimeMillis() + 30_000;
        while (!text("status").equals("running…")) {
            if (System.currentTimeMillis() > until) fail("the loop did not start: " + text("status"));
            pause();
        }
        driver.findElement(By.id("pause")).click(); // a click reaches the page while the machine runs
        assertTrue(text("status").startsWith("paused after "), text("status"));
        long first = Long.parseLong(text("status").replaceAll("\\D", ""));
        driver.findElement(By.id("pause")).click();
        pause();
        driver.findElement(By.id("pause")).click();
        long second = Long.parseLong(text("status").replaceAll("\\D", ""));
        assertTrue(second > first, first + " then " + second);
        assertEquals("", text("exit-status"));
    }

    /** compare --refs in the page prints the command line's table (Belady's anomaly under fifo). */
    @Test
    void compareRefsIsTheCommandLines() {
        driver.get(base + "index.html");
        while (!"true".equals(js("return document.body.dataset.ready;"))) pause();
        js("document.getElementById('refs').value = '1,2,3,4,1,2,5,1,2,3,4,5';"
                + "document.getElementById('refs-frames').value = '3,4';");
        driver.findElement(By.id("refs-run")).click();
        Result jvm = faultline(List.of("compare", "--refs", "1,2,3,4,1,2,5,1,2,3,4,5", "--frames", "3,4"));
        String page = text("refs-out");
        assertEquals(jvm.out(), page.substring(0, page.indexOf("\n\n") + 1));
        assertTrue(page.contains("\nfifo, 3 frames: 9 faults\n"), page);
        assertTrue(page.contains("\nfifo, 4 frames: 10 faults\n"), page);
    }

    // ------------------------------------------------------------------ the trace, the pictures, the statistics

    /** The trace list's records, one a line, as the page shows them. */
    private static String traceText() {
        return (String) js("return Array.prototype.map.call(document.querySelectorAll('#trace li'),"
                + " function (li) { return li.textContent + '\\n'; }).join('');");
    }

    private static long instret() {
        return Long.parseLong((String) js("return document.body.dataset.instret;"));
    }

    /** Clicks the first trace record whose text contains {@code what}; returns its t. */
    private static long clickRecord(String what) {
        String before = (String) js("return document.getElementById('session').dataset.script || '';");
        Object t = js("var want = arguments[0]; var li = Array.prototype.filter.call(document.querySelectorAll('#trace li[data-t]'),"
                + " function (li) { return li.textContent.indexOf(want) >= 0; })[0];"
                + " if (!li) return null; li.click(); return li.dataset.t;", what);
        if (t == null) fail("no trace record contains " + what + ":\n" + traceText());
        long until = System.currentTimeMillis() + 120_000;
        while (!"false".equals(js("return document.body.dataset.debugging;"))
                || before.equals(js("return document.getElementById('session').dataset.script || '';"))) {
            if (System.currentTimeMillis() > until) fail("the debugger did not stop after a click on " + what);
            pause();
        }
        return Long.parseLong((String) t);
    }

    /** The line of a text view that starts with prefix (after leading spaces). */
    private static String lineOf(String view, String prefix) {
        for (String line : view.split("\n")) if (line.strip().startsWith(prefix)) return line;
        fail("no line starting with " + prefix + " in:\n" + view);
        return null;
    }

    /**
     * The trace is the command line's, record for record; a click on a record takes the machine to its moment (t,
     * forward and back), with the session still the terminal debugger's byte for byte; at every stop the pictures
     * (page-table walk, TLB, frame grid) say what the debugger's own views say, and at the end the statistics are
     * --stats's.
     */
    @Test
    void theTraceTakesTheMachineToItsMoments() throws IOException {
        openExample("cow");
        js("document.getElementById('address').value = '0x12000';");
        debugger("debug");
        String command = text("trace-command");
        assertTrue(command.startsWith("./faultline run examples/cow.s "), command);
        Result jvm = faultline(List.of(command.substring("./faultline ".length()).split(" ")));
        assertEquals(jvm.err(), traceText(), "the trace list is --trace's text");
        assertEquals(0L, instret());

        long t = clickRecord("kind=cow ");
        assertTrue(t > 0, "t " + t);
        assertEquals(t, instret(), "the machine is at the record's moment");
        assertTrue(text("transcript").contains("(fdb) step " + t + "\n"), text("transcript"));
        sameAsTerminal("cow");
        List<String> now = js2list("return Array.prototype.map.call(document.querySelectorAll('#trace li.now'),"
                + " function (li) { return li.dataset.t; });");
        assertTrue(!now.isEmpty() && now.stream().allMatch(x -> x.equals(Long.toString(t))), now + " at " + t);
        picturesAgreeWithTheViews();

        long back = clickRecord("kind=demand-zero");
        assertTrue(back < t, back + " after " + t);
        assertEquals(back, instret());
        assertTrue(text("transcript").contains("(fdb) reverse-step " + (t - back) + "\n"), text("transcript"));
        sameAsTerminal("cow");
        picturesAgreeWithTheViews();
        js("document.getElementById('views').scrollIntoView();");
        screenshot("studio-pictures.png", 2600);

        debugger("continue");
        sameAsTerminal("cow");
        Result stats = faultline(List.of("run", "examples/cow.s", "--frames", "256", "--stats"));
        assertEquals(untimed(stats.err()), text("view-stats"), "the statistics are --stats's");
    }

    /** The page-table walk of the typed address, the TLB and the frame grid against the debugger's text views. */
    private static void picturesAgreeWithTheViews() {
        // the walk of 0x12000: root entry 0, second-level entry 18, as `pt 0x12000` prints the entry
        String pt = text("view-pt");
        String entry = lineOf(pt, "0x00012000  pte ");
        String pte = entry.strip().split("\\s+")[2];
        String described = entry.strip().replaceFirst("^\\S+\\s+pte\\s+\\S+\\s+", "");
        String table = lineOf(pt, "second-level table for 0x00000000-0x003fffff in frame ").replaceAll(".* ", "");
        String root = lineOf(pt, "root table in frame ").replaceAll("root table in frame (\\d+),.*", "$1");
        List<String> walk = texts("#walk li");
        assertEquals("the root table is in frame " + root, walk.get(0));
        assertTrue(walk.get(1).matches("root\\[0\\] = 0x[0-9a-f]{8}: the second-level table is in frame " + table), walk.get(1));
        if (described.startsWith("r") || described.startsWith("-")) {
            assertEquals("table[18] = " + pte + " (" + described + ")", walk.get(2));
            int frame = Integer.parseInt(described.replaceAll(".*frame ", ""));
            assertEquals(String.format("frame %d + offset 0x000 = physical 0x%08x", frame, frame * 4096), walk.get(3));
        } else {
            assertEquals("table[18] = " + pte + " (" + described + "): not valid, so the access faults", walk.get(2));
        }
        assertEquals(List.of("0"), texts("#pt-tree li.pt-root.walk > .ix").stream().map(x -> x.replaceAll("\\D", "")).toList());
        // an entry of 0 is not in the tree (it lists the entries in use)
        assertEquals(pte.equals("0x00000000") ? List.of() : List.of("[18]"), texts("#pt-tree li.pt-leaf.walk > .ix"));

        // the TLB: every entry of `tlb`, slot for slot, and its figures
        String tlb = text("view-tlb");
        String[] head = tlb.lines().findFirst().orElseThrow().split("[ ,]+"); // 64 entries, H hits, M misses
        List<String> entries = tlb.lines().skip(1).map(String::strip).toList();
        assertEquals(String.format(java.util.Locale.ROOT, "%s entries, %d filled; %,d hits, %,d misses so far", head[0],
                entries.size(), Long.parseLong(head[2]), Long.parseLong(head[4])), texts("#tlb-view .tlb-head").get(0));
        List<String> rows = js2list("return Array.prototype.map.call(document.querySelectorAll('#tlb-view tr[data-slot]'),"
                + " function (tr) { var c = tr.children; return c[2].textContent === '' ? null"
                + " : '[' + ('   ' + c[0].textContent).slice(-3) + '] asid ' + c[1].textContent + ' ' + c[2].textContent"
                + " + ' -> ' + c[3].textContent; }).filter(function (x) { return x !== null; });");
        assertEquals(entries, rows);

        // the frame grid: as many frames in use as `frames` counts
        String used = text("view-frames").lines().findFirst().orElseThrow().replaceAll("^(\\d+) frames, (\\d+) used.*", "$2");
        assertTrue(text("frames-title").startsWith(used + " of 256 frames in use"), text("frames-title") + " / " + used);
    }

    private static List<String> texts(String css) {
        return driver.findElements(By.cssSelector(css)).stream().map(e -> e.getAttribute("textContent")).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<String> js2list(String script) {
        return (List<String>) js(script);
    }

    /**
     * The bare debugger in the page: stepping forward and back over pager.s's traps prints what `faultline debug
     * --bare` prints, byte for byte, and the page table the program builds is drawn as a tree.
     */
    @Test
    void theBareDebuggerIsTheTerminals() throws IOException {
        openExample("bare/pager");
        assertTrue((Boolean) js("return document.getElementById('opt-bare').checked;"));
        debugger("debug");
        sameAsTerminal("bare/pager");
        for (String command : List.of("stepi", "stepi", "catch trap", "continue", "stepi", "reverse-stepi", "continue",
                "reverse-step")) {
            debugger(command);
            sameAsTerminal("bare/pager");
        }
        // the trace list is `run --bare --trace=KINDS`'s
        String command = text("trace-command");
        assertTrue(command.startsWith("./faultline run examples/bare/pager.s "), command);
        assertEquals(faultline(List.of(command.substring("./faultline ".length()).split(" "))).err(), traceText());

        // once paging is on, the tree is the table `pt` prints, entry for entry
        debugger("continue");
        debugger("continue");
        sameAsTerminal("bare/pager");
        String pt = text("view-pt");
        assertTrue(pt.startsWith("root table: frame 0x") && pt.contains("(paging on)"), pt);
        int root = Integer.parseInt(pt.replaceAll("(?s)root table: frame 0x([0-9a-f]+).*", "$1"), 16);
        assertTrue(texts("#pt-tree .pt-head").get(0).startsWith("root table in frame " + root + ", "), texts("#pt-tree .pt-head").toString());
        List<String> leaves = pt.lines().filter(l -> l.startsWith("    0x")).map(l -> {
            String[] f = l.strip().split("\\s{2,}");
            int va = Integer.parseUnsignedInt(f[0].substring(2), 16);
            return "[" + ((va >>> 12) & 0x3ff) + "] " + f[0] + " pte " + f[1] + " " + f[2];
        }).toList();
        assertTrue(leaves.size() >= 3, pt);
        assertEquals(leaves, texts("#pt-tree li.pt-leaf"));
        List<String> tables = pt.lines().filter(l -> l.startsWith("  0x")).map(l -> l.replaceAll(".*table in frame 0x", ""))
                .map(x -> Integer.toString(Integer.parseInt(x, 16))).toList();
        assertEquals(tables, texts("#pt-tree li.pt-root").stream()
                .map(x -> x.replaceAll("(?s).*second-level table in frame (\\d+) .*", "$1")).toList());

        // the TLB picture holds `tlb`'s entries, slot for slot
        List<String> tlb = text("view-tlb").lines().filter(l -> l.startsWith("  [")).map(String::strip).toList();
        assertTrue(tlb.size() >= 3, text("view-tlb"));
        assertEquals(tlb, js2list("return Array.prototype.map.call(document.querySelectorAll('#tlb-view tr[data-slot]'),"
                + " function (tr) { var c = tr.children; return c[2].textContent === '' ? null"
                + " : '[' + c[0].textContent + '] va ' + c[2].textContent + ' asid ' + c[1].textContent + ' -> '"
                + " + c[3].textContent; }).filter(function (x) { return x !== null; });"));

        assertEquals("The bare machine has no kernel: no frame table, areas or swap to draw.", text("frame-grid"));
        assertEquals("", text("view-frames"));
        String stats = text("view-stats");
        assertTrue(stats.startsWith("instructions       " + instret() + "\n"), stats);
    }
}
