package dev.faultline.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.asm.Assembler;
import dev.faultline.cli.Main;
import dev.faultline.kernel.Kernel;
import dev.faultline.kernel.KernelConfig;
import dev.faultline.trace.Tracer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run --report}: the file, its bad paths, and what recording leaves unchanged (no browser needed). */
class RunReportTest {
    @TempDir
    Path tmp;

    private record Result(int status, String out, String err) {}

    private static Result faultline(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(args, new ByteArrayInputStream(new byte[0]), new PrintStream(out, true), new PrintStream(err, true));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aReportIsOneSelfContainedFile() throws IOException {
        Path report = tmp.resolve("hello.html");
        Result r = faultline("run", "examples/hello.s", "--report", report.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals("hello, world\n", r.out());
        assertEquals("", r.err());
        String html = Files.readString(report);
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertTrue(html.contains("<script id=\"faultline-data\" type=\"application/json\">{\"mode\":\"run\",\"program\":\"hello.s\""), html.substring(0, 800));
        // nothing is fetched: no external scripts, styles, images or requests
        for (String banned : List.of(" src=", " href=", "<link", "@import", "url(", "fetch(", "XMLHttpRequest", "https://")) {
            assertFalse(html.contains(banned), "the page contains " + banned);
        }
        assertEquals(2, count(html, "<script"), "the data and our own script");
        assertFalse(html.contains("@DATA@") || html.contains("/*@SCRIPT@*/") || html.contains("/*@STYLE@*/"));
    }

    @Test
    void theReportKeepsEveryFaultTheStatisticsCount() throws IOException {
        Path report = tmp.resolve("swapping.html");
        Path stats = tmp.resolve("stats.json");
        Result r = faultline("run", "examples/swapping.s", "--frames", "12", "--report", report.toString(), "--stats-json", stats.toString());
        assertEquals(0, r.status(), r.err());
        String html = Files.readString(report);
        String json = Files.readString(stats);
        long minor = number(json, "minor_faults"), major = number(json, "major_faults");
        // the run has no segv, bus or spurious faults: every fault record is a minor or a major fault
        assertEquals(67, minor + major);
        assertEquals(minor + major, faultRecords(html));
    }

    @Test
    void recordingChangesNeitherTheTraceNorTheOutputNorTheStatus() throws IOException {
        Result plain = faultline("run", "examples/segfaults.s", "--trace=all", "--trace-format", "jsonl");
        Result reported = faultline("run", "examples/segfaults.s", "--trace=all", "--trace-format", "jsonl", "--report",
                tmp.resolve("s.html").toString());
        assertEquals(plain, reported);
        Result quiet = faultline("run", "examples/swapping.s", "--frames", "12", "--trace=fault");
        Result quietReported = faultline("run", "examples/swapping.s", "--frames", "12", "--trace=fault", "--report",
                tmp.resolve("w.html").toString());
        assertEquals(quiet, quietReported);
    }

    @Test
    void anUnwritableReportPathIsStatus2BeforeTheRun() throws IOException {
        Result r = faultline("run", "examples/hello.s", "--report", tmp.resolve("missing/out.html").toString());
        assertEquals(2, r.status());
        assertEquals("", r.out(), "the program did not run");
        assertEquals("faultline: --report " + tmp.resolve("missing/out.html") + ": the folder "
                + tmp.resolve("missing") + " does not exist\n", r.err());
        Files.createDirectories(tmp.resolve("adir.html"));
        Result dir = faultline("run", "examples/hello.s", "--report", tmp.resolve("adir.html").toString());
        assertEquals(2, dir.status());
        assertEquals("faultline: --report " + tmp.resolve("adir.html") + " is a folder, not a file\n", dir.err());
        assertEquals("", dir.out());
    }

    @Test
    void aStoppedRunStillGetsItsReport_andAFailedStartLeavesNoFile() throws IOException {
        Path loop = tmp.resolve("loop.s");
        Files.writeString(loop, "_start: li t0, 0\nagain:  addi t0, t0, 1\n        jmp again\n");
        Path report = tmp.resolve("loop.html");
        Result r = faultline("run", loop.toString(), "--max-steps", "1000", "--report", report.toString());
        assertEquals(3, r.status(), r.err());
        assertTrue(Files.readString(report).contains("\"outcome\":\"max-steps\""));
        Path bad = tmp.resolve("bad.s");
        Files.writeString(bad, "this is not FL32\n");
        Path none = tmp.resolve("bad.html");
        assertEquals(2, faultline("run", bad.toString(), "--report", none.toString()).status());
        assertFalse(Files.exists(none), "no report, and no empty file left by the check");
    }

    @Test
    void aBareRunHasAReportOfItsTrapsAndTheSameOutput() throws IOException {
        Path report = tmp.resolve("b.html");
        Result plain = faultline("run", "examples/bare/illegal.s", "--bare");
        Result r = faultline("run", "examples/bare/illegal.s", "--bare", "--report", report.toString());
        assertEquals(3, r.status(), r.err());
        assertEquals(plain.out(), r.out());
        assertEquals(plain.err(), r.err());
        String html = Files.readString(report);
        assertTrue(html.contains("\"bare\":true,\"schemas\":[[\"trap\",\"cause\",\"pc\",\"tval\"],[\"halt\",\"status\"]]"), html);
        assertTrue(html.contains("\"outcome\":\"exited\""));
        Path stopped = tmp.resolve("s.html");
        assertEquals(3, faultline("run", "examples/bare/timer.s", "--bare", "--max-steps", "500", "--report", stopped.toString()).status());
        assertTrue(Files.readString(stopped).contains("\"outcome\":\"max-steps\""));
    }

    @Test
    void debugDoesNotTakeReport() {
        Result r = faultline("debug", "examples/hello.s", "--report", tmp.resolve("d.html").toString());
        assertEquals(2, r.status());
        assertEquals("faultline: debug does not take --report: a debugger session can go back in time, which a report's"
                + " timeline cannot show; make the report with 'faultline run' and use the debugger beside it\n", r.err());
        assertFalse(Files.exists(tmp.resolve("d.html")));
    }

    @Test
    void pastItsLimitTheRecorderSaysWhatItLeftOut() throws IOException {
        KernelConfig cfg = KernelConfig.defaults().withFrames(12);
        RunRecorder recorder = new RunRecorder(40);
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        Kernel kernel = new Kernel(dev.faultline.machine.Machine.build(cfg.frames(), cfg.tlbSize(), cfg.softwareRefill()), cfg, new Tracer(Set.of(), null, false, null, recorder), new ByteArrayInputStream(new byte[0]), quiet, quiet);
        assertEquals(null, kernel.boot(Assembler.assembleFile(Path.of("examples/swapping.s")).flx(), "swapping.s"));
        recorder.attach(kernel);
        kernel.run(Long.MAX_VALUE);
        recorder.finish();
        assertEquals(40, recorder.eventCount());
        assertTrue(recorder.truncated());
        StringBuilder data = new StringBuilder();
        recorder.appendJson(data);
        Matcher m = Pattern.compile("\"leftOut\":\\{\"trap\":(\\d+),\"fault\":(\\d+),\"restart\":(\\d+)").matcher(data);
        assertTrue(m.find(), data.substring(data.indexOf("\"leftOut\"")));
        long kept = faultRecords(data.toString());
        assertTrue(kept > 5 && kept < 40, "kept " + kept);
        assertEquals(67, kept + Long.parseLong(m.group(2)), "67 faults in all: kept or left out");
        assertTrue(data.indexOf("\"eventLimit\":40") > 0);
        String page = ReportWriter.runPage(new ReportWriter.RunSummary("swapping.s", "test", 0, "exited", null,
                Map.of("frames", "12"), "swapping.s", List.of()), recorder);
        assertTrue(page.contains("\"leftOutFromT\":"));
    }

    /** Fault records in the report's data: events [t, pid, schema, version, access, …]; only faults begin with an access. */
    private static long faultRecords(String data) {
        Matcher m = Pattern.compile("\\[\\d+,\\d+,\\d+,\\d+,\"(fetch|load|store)\"").matcher(data);
        long n = 0;
        while (m.find()) n++;
        return n;
    }

    private static long number(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\": ?(\\d+)").matcher(json);
        assertTrue(m.find(), key + " in " + json);
        return Long.parseLong(m.group(1));
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) n++;
        return n;
    }
}
