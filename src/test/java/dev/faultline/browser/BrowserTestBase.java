package dev.faultline.browser;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * What every browser test shares: Debian's Chromium driven through /usr/bin/chromedriver (never a downloaded
 * driver), skipped with a reason when it is missing unless {@code -Dfaultline.browserTests=required} (CI), and
 * one check no test can forget: <b>the page says nothing on its console</b>. Every message the page logs (an
 * uncaught exception, a warning, a stray {@code console.log}) fails the test that was running, at the next
 * {@link #assertQuietConsole} or at the latest after the test. Screenshots go to target/report-screenshots/.
 */
public abstract class BrowserTestBase {
    private static final Path CHROMIUM = Path.of(System.getProperty("faultline.chromium", "/usr/bin/chromium"));
    private static final Path DRIVER = Path.of(System.getProperty("faultline.chromedriver", "/usr/bin/chromedriver"));
    private static final Path SHOTS = Path.of("target", "report-screenshots");
    protected static WebDriver driver;

    private static boolean required() {
        return "required".equals(System.getProperty("faultline.browserTests"));
    }

    private static void skipOrFail(String why) {
        if (required()) fail(why + " (the browser tests are required: -Dfaultline.browserTests=required)");
        String message = "browser tests skipped: " + why
                + "; install chromium and chromium-driver to run them (-Dfaultline.browserTests=required makes them mandatory)";
        System.out.println(message);
        Assumptions.assumeTrue(false, message);
    }

    @BeforeAll
    static void startBrowser() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(DRIVER)) {
            skipOrFail(CHROMIUM + " or " + DRIVER + " is not installed");
        }
        try {
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--hide-scrollbars", "--window-size=1400,1000", "--force-device-scale-factor=1");
            LoggingPreferences logs = new LoggingPreferences();
            logs.enable(LogType.BROWSER, Level.ALL);
            options.setCapability("goog:loggingPrefs", logs);
            driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        } catch (RuntimeException e) {
            skipOrFail("Chromium did not start: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    @AfterAll
    static void stopBrowser() {
        if (driver != null) driver.quit();
        driver = null;
    }

    /** After every test: the page logged nothing since the last check. */
    @AfterEach
    void consoleStayedQuiet() {
        if (driver != null) assertQuietConsole("after the test");
    }

    /** Fails when the page wrote anything to its console since the last call; where says what was going on. */
    protected static void assertQuietConsole(String where) {
        List<LogEntry> entries = driver.manage().logs().get(LogType.BROWSER).getAll();
        if (entries.isEmpty()) return;
        StringBuilder sb = new StringBuilder("the page wrote to its console (" + where + "):");
        for (LogEntry e : entries) sb.append("\n  ").append(e.getLevel()).append(' ').append(e.getMessage());
        fail(sb.toString());
    }

    /** Opens a page and waits until it has drawn itself (body data-ready="1"); its console must stay quiet. */
    protected static void open(Path page) {
        open(page.toUri().toString());
    }

    /** As {@link #open(Path)}, for an address with a query or a fragment ({@code file:///…/r.html#event=7}). */
    protected static void open(String address) {
        String page = address.replaceAll("^.*/", "");
        driver.get(address);
        long until = System.currentTimeMillis() + 30_000;
        while (!"1".equals(driver.findElement(By.tagName("body")).getAttribute("data-ready"))) {
            if (System.currentTimeMillis() > until) {
                assertQuietConsole("while " + page + " was drawing");
                fail("the page did not draw itself: " + page);
            }
        }
        assertQuietConsole("opening " + page);
    }

    protected static Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    protected static void screenshot(String name, int height) throws IOException {
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(1400, height));
        js("window.scrollTo(0, 0);");
        Files.createDirectories(SHOTS);
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(1400, 1000));
    }
}
