package dev.faultline.bench;

import dev.faultline.cli.StudioServer;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * bench/studio's browser half: serves target/studio, opens it in headless Chromium, and prints one line per
 * figure: the time from navigation to the page being ready (best of 5 loads), and the guest instructions per
 * second of a program run to its end in the page (best of 3), as the page measures them.
 * Usage: StudioBench PROG.s FRAMES
 */
public final class StudioBench {
    private StudioBench() {}

    public static void main(String[] args) throws Exception {
        Path program = Path.of(args[0]);
        String frames = args[1];
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new java.io.File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        WebDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(120));
        try (StudioServer server = new StudioServer(Path.of("target", "studio"), program, 0)) {
            String base = server.address().replaceAll("index\\.html.*$", "");
            JavascriptExecutor js = (JavascriptExecutor) driver;
            long ready = Long.MAX_VALUE;
            for (int i = 0; i < 5; i++) {
                driver.get(base + "index.html?fresh=" + i);
                String ms = waitFor(js, "return document.body.dataset.readyMs;", 60);
                ready = Math.min(ready, Long.parseLong(ms));
            }
            System.out.printf("studio_ready_ms %d%n", ready);
            double best = 0;
            long instructions = 0;
            for (int i = 0; i < 3; i++) {
                driver.get(server.address() + "&frames=" + frames + "&run");
                String ms = waitFor(js, "return document.body.dataset.runMs;", 600);
                instructions = (long) Double.parseDouble((String) js.executeScript("return document.body.dataset.instructions;"));
                best = Math.max(best, instructions / Double.parseDouble(ms) / 1000.0);
            }
            System.out.printf(java.util.Locale.ROOT, "studio_mips %.1f (%d instructions)%n", best, instructions);
        } finally {
            driver.quit();
        }
    }

    private static String waitFor(JavascriptExecutor js, String script, int seconds) throws InterruptedException {
        long until = System.currentTimeMillis() + seconds * 1000L;
        while (System.currentTimeMillis() < until) {
            Object v = js.executeScript(script);
            if (v != null) return v.toString();
            Thread.sleep(20);
        }
        throw new IllegalStateException("the page did not answer: " + script);
    }
}
