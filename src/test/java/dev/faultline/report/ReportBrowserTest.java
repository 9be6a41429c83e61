package dev.faultline.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.faultline.browser.BrowserTestBase;
import dev.faultline.cli.Main;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The HTML report in a real browser (the driver, the skip rule and the console check are in
 * {@link BrowserTestBase}): what the views show against the debugger, the scrubber, the compare chart.
 */
class ReportBrowserTest extends BrowserTestBase {
    @TempDir
    Path tmp;

    // ------------------------------------------------------------------ helpers

    private record Result(int status, String out, String err) {}

    private static Result faultline(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(args, new ByteArrayInputStream(new byte[0]), new PrintStream(out, true),
                new PrintStream(err, true));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private String debug(String program, String script, String... options) throws IOException {
        Path file = tmp.resolve("script.txt");
        Files.writeString(file, script);
        List<String> args = new ArrayList<>(List.of("debug", program, "--script", file.toString()));
        args.addAll(List.of(options));
        return faultline(args.toArray(String[]::new)).out();
    }

    /** The debugger's {@code frames} lines as frame → "use|refs|slot|owners", free frames left out. */
    private static Map<Integer, String> framesFromDebugger(String text) {
        Pattern line = Pattern.compile("^\\s+frame\\s+(\\d+)\\s+refs (\\d+)\\s+(page table|page cache \\S+ page \\d+|anonymous)"
                + "( \\(swap cache slot (\\d+)\\))?((?: pid \\d+ @0x[0-9a-f]{8})*)$", Pattern.MULTILINE);
        Matcher m = line.matcher(text);
        Map<Integer, String> frames = new TreeMap<>();
        while (m.find()) {
            String use = m.group(3).startsWith("page cache") ? "file" : m.group(3).equals("page table") ? "page-table"
                    : m.group(5) != null ? "swap-cache" : "anonymous";
            frames.put(Integer.parseInt(m.group(1)), use + "|" + m.group(2) + "|" + (m.group(5) == null ? "-1" : m.group(5))
                    + "|" + m.group(6).trim());
        }
        return frames;
    }

    /** The report's frame grid in the same form. */
    private static Map<Integer, String> framesFromReport() {
        Map<Integer, String> frames = new TreeMap<>();
        for (WebElement cell : driver.findElements(By.cssSelector("#frames .frame"))) {
            String use = cell.getAttribute("data-use");
            if (use.equals("free")) continue;
            frames.put(Integer.parseInt(cell.getAttribute("data-pfn")), use + "|" + cell.getAttribute("data-refs") + "|"
                    + cell.getAttribute("data-slot") + "|" + cell.getAttribute("data-owners"));
        }
        return frames;
    }

    /** The debugger's {@code pt} lines as va → pte. */
    private static Map<String, String> pageTableFromDebugger(String text) {
        Matcher m = Pattern.compile("^\\s+(0x[0-9a-f]{8})\\s+pte (0x[0-9a-f]{8})\\s+", Pattern.MULTILINE).matcher(text);
        Map<String, String> ptes = new TreeMap<>();
        while (m.find()) ptes.put(m.group(1), m.group(2));
        return ptes;
    }

    /** The address-space view of pid in the same form (pages never touched have no PTE). */
    private static Map<String, String> pageTableFromReport(int pid) {
        Map<String, String> ptes = new TreeMap<>();
        for (WebElement page : driver.findElements(By.cssSelector("#spaces .pg[data-pid='" + pid + "'][data-pte]"))) {
            ptes.put(page.getAttribute("data-va"), page.getAttribute("data-pte"));
        }
        return ptes;
    }

    // ------------------------------------------------------------------ tests

    @Test
    void aFaultChosenInTheReportShowsWhatTheDebuggerShowsAtThatInstruction() throws IOException {
        Path report = tmp.resolve("swapping.html");
        Result run = faultline("run", "examples/swapping.s", "--frames", "12", "--report", report.toString());
        assertEquals(0, run.status(), run.err());
        open(report);
        List<WebElement> rows = driver.findElements(By.cssSelector("#faults tr.fault-row"));
        assertEquals(67, rows.size(), "32 + 32 + 3 faults in the list");
        // the 50th fault: a swap-in while reading the pages back
        int chosen = 50;
        WebElement row = rows.get(chosen - 1);
        row.click();
        assertTrue(row.getAttribute("class").contains("current"), "the chosen row is marked");
        String script = "catch fault\n" + "c\n".repeat(chosen) + "stepi\nframes\npt\n";
        String dbg = debug("examples/swapping.s", script, "--frames", "12");
        assertTrue(dbg.contains("kernel handled the load_fault trap"), dbg);

        Map<Integer, String> expectedFrames = framesFromDebugger(dbg);
        assertEquals(12, expectedFrames.size(), dbg);
        assertEquals(expectedFrames, framesFromReport());
        Map<String, String> expectedPtes = pageTableFromDebugger(dbg);
        assertTrue(expectedPtes.size() >= 30, dbg);
        assertEquals(expectedPtes, pageTableFromReport(1));

        // the row names the source line the debugger names, with its text
        Matcher where = Pattern.compile("\\((swapping\\.s:(\\d+))\\)> \\(not yet handled").matcher(dbg);
        String lastWhere = null;
        int lastLine = 0;
        while (where.find()) {
            lastWhere = where.group(1);
            lastLine = Integer.parseInt(where.group(2));
        }
        assertEquals("swapping.s:27", lastWhere, dbg);
        String sourceText = Files.readAllLines(Path.of("examples/swapping.s")).get(lastLine - 1).trim().replaceAll("\\s+", " ");
        String cell = row.findElement(By.cssSelector("td.src")).getText();
        assertTrue(cell.contains("(swapping.s:27)") && cell.contains(sourceText), cell);
        assertTrue(row.getText().contains("swap-in") && row.getText().contains("major"), row.getText());
        screenshot("run-swapping-fault50.png", 2300);

        // the keyboard steps event by event: right then left comes back to the same state
        String now = driver.findElement(By.id("now-text")).getText();
        driver.findElement(By.tagName("body")).sendKeys(Keys.ARROW_RIGHT);
        assertFalse(now.equals(driver.findElement(By.id("now-text")).getText()));
        driver.findElement(By.tagName("body")).sendKeys(Keys.ARROW_LEFT);
        assertEquals(now, driver.findElement(By.id("now-text")).getText());
        assertEquals(expectedFrames, framesFromReport());
    }

    @Test
    void theScrubberRebuildsEveryMomentFromItsCopiesAndChanges() throws IOException {
        // a long enough run that the page rebuilds states from several whole copies
        Path report = tmp.resolve("thrash.html");
        Path program = tmp.resolve("loop.s");
        Files.writeString(program, """
                        .equ  NPAGES, 24
                        .text
                _start: li    s2, 30
                again:  la    s0, pages
                        li    t0, 0
                touch:  shli  t1, t0, 12
                        add   t1, s0, t1
                        sw    t0, 0(t1)
                        addi  t0, t0, 1
                        li    t3, NPAGES
                        blt   t0, t3, touch
                        addi  s2, s2, -1
                        bnez  s2, again
                        li    a0, 0
                        sys   exit
                        .bss
                pages:  .space NPAGES * 4096
                """);
        Result run = faultline("run", program.toString(), "--frames", "10", "--policy", "fifo", "--report", report.toString());
        assertEquals(0, run.status(), run.err());
        open(report);
        long events = (Long) js("return JSON.parse(document.getElementById('faultline-data').textContent).events.length;");
        long keyframes = (Long) js("return JSON.parse(document.getElementById('faultline-data').textContent).keyframes.length;");
        assertTrue(keyframes >= 2, "several whole copies: " + keyframes + " for " + events + " events");
        // jump far forward, then back: the same event shows the same frames whichever way we came
        js("window.faultlineGo(arguments[0]);", (int) events - 5);
        Map<Integer, String> late = framesFromReport();
        js("window.faultlineGo(3);");
        js("window.faultlineGo(arguments[0]);", (int) events - 5);
        assertEquals(late, framesFromReport());
        js("window.faultlineGo(arguments[0]);", (int) events - 6);
        js("window.faultlineGo(arguments[0]);", (int) events - 5);
        assertEquals(late, framesFromReport());
        // zooming the timeline keeps the chosen event in view; choosing one outside the window moves the window
        driver.findElement(By.id("zoom-in")).click();
        driver.findElement(By.id("zoom-in")).click();
        String window = driver.findElement(By.id("zoom-label")).getText();
        assertTrue(window.startsWith("t "), window);
        screenshot("run-zoomed-timeline.png", 1400);
        js("window.faultlineGo(2);");
        assertFalse(window.equals(driver.findElement(By.id("zoom-label")).getText()));
        assertTrue(driver.findElement(By.id("zoom-label")).getText().startsWith("t 0 "), driver.findElement(By.id("zoom-label")).getText());
        driver.findElement(By.id("zoom-all")).click();
        assertEquals("whole run", driver.findElement(By.id("zoom-label")).getText());
    }

    @Test
    void copyOnWriteAfterForkShowsTwoProcessesSharingFrames() throws IOException {
        Path report = tmp.resolve("cow.html");
        Result run = faultline("run", "examples/cow.s", "--report", report.toString());
        assertEquals(0, run.status(), run.err());
        open(report);
        // the first event after the fork: both processes map the same frames copy-on-write
        long fork = (Long) js("var D = JSON.parse(document.getElementById('faultline-data').textContent);"
                + "for (var i = 0; i < D.events.length; i++) if (D.schemas[D.events[i][2]][0] === 'fork') return i; return -1;");
        assertTrue(fork > 0);
        js("window.faultlineGo(arguments[0]);", (int) fork);
        assertEquals(2, driver.findElements(By.cssSelector("#spaces .proc")).size());
        assertFalse(driver.findElements(By.cssSelector("#spaces .pg.cow[data-pid='2']")).isEmpty(), "the child's pages are COW");
        boolean shared = false;
        for (WebElement cell : driver.findElements(By.cssSelector("#frames .frame"))) {
            String owners = cell.getAttribute("data-owners");
            if (owners.contains("pid 1 ") && owners.contains("pid 2 ")) shared = true;
        }
        assertTrue(shared, "a frame mapped by both processes");
        screenshot("run-cow-after-fork.png", 1900);
    }

    @Test
    void theCompareChartHasOneLinePerPolicyWithTheTablesValues() throws IOException {
        Path report = tmp.resolve("compare.html");
        Result run = faultline("compare", "--refs", "1,2,3,4,1,2,5,1,2,3,4,5", "--frames", "3,4", "--policies",
                "fifo,lru,opt,clock", "--report", report.toString());
        assertEquals(0, run.status(), run.err());
        Map<String, TreeSet<String>> fromTable = new TreeMap<>();
        Matcher m = Pattern.compile("^(\\w+)\\s+(\\d+)\\s+(\\d+)\\s+-\\s+-\\s+(\\d+)", Pattern.MULTILINE).matcher(run.out());
        while (m.find()) fromTable.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(m.group(2) + ":" + m.group(4));
        assertEquals(4, fromTable.size(), run.out());
        open(report);
        List<WebElement> lines = driver.findElements(By.cssSelector("#compare-chart polyline.policy-line"));
        assertEquals(4, lines.size());
        Map<String, TreeSet<String>> fromChart = new TreeMap<>();
        for (WebElement line : lines) {
            fromChart.put(line.getAttribute("data-policy"), new TreeSet<>(List.of(line.getAttribute("data-values").split(","))));
            assertEquals(2, line.getAttribute("points").trim().split("\\s+").length);
        }
        assertEquals(fromTable, fromChart);
        assertEquals(Set("3:9", "4:10"), fromChart.get("fifo"));
        assertTrue(driver.findElement(By.id("anomaly")).getText().contains("fifo takes 9 page-ins with 3 frames but 10 with 4"));
        // the classic grid: one column per reference, a row per frame, faults marked
        WebElement grid = driver.findElement(By.cssSelector(".refgrid[data-policy='fifo'][data-frames='4']"));
        assertEquals(12, grid.findElements(By.cssSelector("thead th")).size() - 1);
        assertEquals(4 * 12, grid.findElements(By.cssSelector("td.cell")).size());
        assertEquals(10, grid.findElements(By.cssSelector("td.mark")).size());
        screenshot("compare-refs-belady.png", 2400);
    }

    @Test
    void theCompareChartOfAProgramDrawsPageInsAgainstFrames() throws IOException {
        Path report = tmp.resolve("compare-program.html");
        Result run = faultline("compare", "examples/belady.s", "--policies", "fifo,lru,opt", "--frames", "6,7", "--report",
                report.toString());
        assertEquals(0, run.status(), run.err());
        open(report);
        List<WebElement> lines = driver.findElements(By.cssSelector("#compare-chart polyline.policy-line"));
        assertEquals(3, lines.size());
        for (WebElement line : lines) {
            String policy = line.getAttribute("data-policy");
            for (String point : line.getAttribute("data-values").split(",")) {
                String[] fv = point.split(":");
                assertTrue(Pattern.compile("(?m)^" + policy + "\\s+" + fv[0] + "\\s+.*\\s" + fv[1] + "\\s").matcher(run.out()).find(),
                        policy + " " + point + " in\n" + run.out());
            }
        }
        assertTrue(driver.findElements(By.id("grids")).isEmpty(), "no grids without --refs");
        screenshot("compare-program-belady.png", 1300);
    }

    /** Labels of the frame grid that do not fit their cell (text cut off), as "pfn:label". */
    @SuppressWarnings("unchecked")
    private static List<String> cutLabels() {
        return (List<String>) js("var cut = []; document.querySelectorAll('#frames .frame .o').forEach(function (o) {"
                + " if (o.textContent && o.scrollWidth > o.clientWidth + 1) cut.push((o.parentNode.getAttribute('data-pfn') || 'run') + ':' + o.textContent); });"
                + " return cut;");
    }

    @Test
    void theFrameGridIsReadableFromSixTo4096Frames() throws IOException {
        for (int frames : new int[] {6, 256, 4096}) {
            Path report = tmp.resolve("grid" + frames + ".html");
            assertEquals(0, faultline("run", "examples/swapping.s", "--frames", Integer.toString(frames), "--report",
                    report.toString()).status());
            open(report);
            long events = (Long) js("return JSON.parse(document.getElementById('faultline-data').textContent).events.length;");
            for (long i = 0; i < events; i += Math.max(1, events / 12)) {
                js("window.faultlineGo(arguments[0]);", (int) i);
                assertEquals(List.of(), cutLabels(), frames + " frames, event " + i);
                // every frame is shown, alone or in a folded run of free ones
                long shown = (Long) js("var n = 0; document.querySelectorAll('#frames .frame').forEach(function (c) {"
                        + " n += c.hasAttribute('data-from') ? Number(c.getAttribute('data-to')) - Number(c.getAttribute('data-from')) + 1 : 1; });"
                        + " return n;");
                assertEquals(frames, shown, frames + " frames, event " + i);
            }
            if (frames == 256) screenshot("run-swapping-256-frames.png", 1400);
        }
        // a run that fills more frames than fit as labelled cells: small cells, and the button shows the labels
        Path program = tmp.resolve("many.s");
        Files.writeString(program, """
                        .text
                _start: la    s0, pages
                        li    t0, 0
                touch:  shli  t1, t0, 12
                        add   t1, s0, t1
                        sw    t0, 0(t1)
                        addi  t0, t0, 1
                        li    t3, 900
                        blt   t0, t3, touch
                        li    a0, 0
                        sys   exit
                        .bss
                pages:  .space 900 * 4096
                """);
        Path report = tmp.resolve("many.html");
        assertEquals(0, faultline("run", program.toString(), "--frames", "4096", "--report", report.toString()).status());
        open(report);
        js("var D = JSON.parse(document.getElementById('faultline-data').textContent), last = 0;"
                + " for (var i = 0; i < D.events.length; i++) if (D.schemas[D.events[i][2]][0] === 'fault') last = i;"
                + " window.faultlineGo(last);"); // the last fault: 900 pages in frames
        assertTrue(driver.findElement(By.id("frames")).getAttribute("class").contains("small"));
        driver.findElement(By.id("frames-zoom")).click();
        assertFalse(driver.findElement(By.id("frames")).getAttribute("class").contains("small"));
        assertEquals(List.of(), cutLabels());
        driver.findElement(By.id("frames-zoom")).click();
        assertTrue(driver.findElement(By.id("frames")).getAttribute("class").contains("small"));
    }

    @Test
    void aChangeOfTheAddressHashMovesToThatEvent() throws IOException {
        Path report = tmp.resolve("hash.html");
        assertEquals(0, faultline("run", "examples/cow.s", "--report", report.toString()).status());
        open(report.toUri() + "#event=7");
        assertEquals("7", driver.findElement(By.tagName("body")).getAttribute("data-event"));
        js("window.location.hash = '#event=12';");
        long until = System.currentTimeMillis() + 5000;
        while (!"12".equals(driver.findElement(By.tagName("body")).getAttribute("data-event"))) {
            if (System.currentTimeMillis() > until) fail("the hash change did not move the report to event 12");
        }
        js("history.back();");
        until = System.currentTimeMillis() + 5000;
        while (!"7".equals(driver.findElement(By.tagName("body")).getAttribute("data-event"))) {
            if (System.currentTimeMillis() > until) fail("going back did not return to event 7");
        }
    }

    @Test
    void everyColourOfTheRunPageHasOneMeaning() throws IOException {
        Path report = tmp.resolve("colours.html");
        assertEquals(0, faultline("run", "examples/swapping.s", "--frames", "12", "--report", report.toString()).status());
        open(report);
        @SuppressWarnings("unchecked")
        Map<String, String> meanings = (Map<String, String>) js("""
                var P = window.faultlinePalette, out = {}, css = getComputedStyle(document.documentElement);
                P.memory.forEach(function (v) { out['memory ' + v] = css.getPropertyValue(v).trim().toLowerCase(); });
                Object.keys(P.faultKinds).forEach(function (k) { out['fault kind ' + k] = P.faultKinds[k].toLowerCase(); });
                out['any other event'] = P.event.toLowerCase();
                out['the chosen event'] = P.hot.toLowerCase();
                return out;
                """);
        assertEquals(7 + 9 + 2, meanings.size(), meanings.toString());
        Map<String, String> byColour = new TreeMap<>();
        for (Map.Entry<String, String> e : meanings.entrySet()) {
            String before = byColour.put(e.getValue(), e.getKey());
            assertTrue(before == null || e.getKey().equals("memory --hot"), e.getValue() + " means both " + before + " and " + e.getKey());
        }
        // the fault list says "neither" for the kinds that bring no page in, and the legend explains each kind
        assertEquals(9, driver.findElements(By.cssSelector("#fault-kinds span[data-kind]")).size());
        assertTrue(driver.findElement(By.cssSelector("#fault-kinds span[data-kind='segv']")).getAttribute("title")
                .startsWith("segv: no area allows the access"));
    }

    @Test
    void linesThatShareAStretchOfTheCompareChartStayVisible() throws IOException {
        Path report = tmp.resolve("shared.html");
        Result run = faultline("compare", "--refs", "1,2,3,4,1,2,5,1,2,3,4,5", "--frames", "1,2,3", "--policies", "fifo,lru",
                "--report", report.toString());
        assertEquals(0, run.status(), run.err());
        open(report);
        // fifo and lru both take 12 page-ins with 1 and 2 frames: that stretch is drawn in dashes of both colours
        List<WebElement> shared = driver.findElements(By.cssSelector("#compare-chart line.shared-segment"));
        assertEquals(2, shared.size());
        assertEquals(Set("#e8590c", "#2f9e44"), Set(shared.get(0).getAttribute("stroke"), shared.get(1).getAttribute("stroke")));
        assertFalse(shared.get(0).getAttribute("stroke-dashoffset").equals(shared.get(1).getAttribute("stroke-dashoffset")));
        screenshot("compare-shared-segment.png", 900);
    }

    private static TreeSet<String> Set(String... values) {
        return new TreeSet<>(List.of(values));
    }
}
