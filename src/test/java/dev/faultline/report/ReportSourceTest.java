package dev.faultline.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.faultline.cli.Main;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The report embeds the source near its own size (docs/report.md): only {@code </} and {@code <!--} are
 * broken up, so a source full of {@code <} does not grow sixfold, and {@code </script>}, quotes and any
 * Unicode still come back as the same text.
 */
class ReportSourceTest {
    @TempDir
    Path tmp;

    private static final List<String> TRICKY = List.of("; </script><script>alert(1)</script> <!-- --> <<>> && \"q\" 'q'",
            "; \\ \\n ü 😀 \u2028 \u2029 </SCRIPT >", "_start: li a0, 0", "        sys exit");

    @Test
    void stringsAreEscapedOnlyWhereTheHtmlParserWouldSeeThem() {
        assertEquals("\"<\\/script> \\u003c!-- x <!- <<>>&& \\\"q\\\" \\\\ \\n \\u0001 ü 😀\"",
                Json.str("</script> <!-- x <!- <<>>&& \"q\" \\ \n \u0001 ü 😀"));
        assertEquals(1_000_002, Json.str("<".repeat(1_000_000)).length());
    }

    /** Runs faultline in this JVM. */
    private static int faultline(String... args) {
        return Main.run(args, new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(new ByteArrayOutputStream()));
    }

    /** The text of the data element: from its start tag to the first end tag the HTML parser would see. */
    private static String dataElement(String html) {
        String start = "<script id=\"faultline-data\" type=\"application/json\">";
        int from = html.indexOf(start) + start.length();
        return html.substring(from, html.toLowerCase(java.util.Locale.ROOT).indexOf("</script", from));
    }

    @Test
    void aTenMegabyteSourceOfAngleBracketsGivesAReportNearItsSizeUnderTheHeapLimit() throws Exception {
        StringBuilder sb = new StringBuilder();
        sb.append(String.join("\n", TRICKY)).append('\n');
        String comment = ";" + "<".repeat(999) + "\n";
        while (sb.length() < 10_000_000) sb.append(comment);
        Path src = tmp.resolve("angles.s");
        Files.writeString(src, sb);
        Path report = tmp.resolve("angles.html");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "run",
                src.toString(), "--report", report.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(180, TimeUnit.SECONDS)) fail("the run did not end");
        assertEquals(0, p.exitValue(), out);
        long source = Files.size(src), html = Files.size(report);
        assertTrue(html < source * 1.05 + (1 << 20), "report " + html + " bytes for a source of " + source);
        String data = dataElement(Files.readString(report));
        assertTrue(data.endsWith("}"), "the data element ends where the data does");
        assertFalse(data.contains("<!--"));
    }

    @Test
    void theBrowserReadsTheSourceBackExactly() throws IOException {
        Path src = tmp.resolve("tricky.s");
        Files.write(src, TRICKY, StandardCharsets.UTF_8);
        Path report = tmp.resolve("tricky.html");
        assertEquals(0, faultline("run", src.toString(), "--report", report.toString()));
        WebDriver driver = browser();
        try {
            driver.get(report.toUri().toString());
            Object lines = ((JavascriptExecutor) driver).executeScript(
                    "return JSON.parse(document.getElementById('faultline-data').textContent).source.lines;");
            assertEquals(TRICKY, lines);
            assertEquals(2L, ((JavascriptExecutor) driver).executeScript("return document.scripts.length;"),
                    "no script element was opened or closed by the source");
        } finally {
            driver.quit();
        }
    }

    /** Debian's Chromium through /usr/bin/chromedriver; the test is skipped without them unless CI requires it. */
    private static WebDriver browser() {
        Path chromium = Path.of(System.getProperty("faultline.chromium", "/usr/bin/chromium"));
        Path driver = Path.of(System.getProperty("faultline.chromedriver", "/usr/bin/chromedriver"));
        if (!Files.isExecutable(chromium) || !Files.isExecutable(driver)) {
            if ("required".equals(System.getProperty("faultline.browserTests"))) fail("no Chromium to run in");
            Assumptions.assumeTrue(false, "no Chromium: " + chromium);
        }
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile())
                .usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage");
        WebDriver d = new ChromeDriver(service, options);
        d.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        return d;
    }
}
