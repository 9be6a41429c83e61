package dev.faultline.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.faultline.cli.Main;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.commons.io.FileUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.json.Json;

/**
 * The data a report embeds is plain JSON of plain values: numbers, strings, booleans, null, arrays and
 * objects of those, and never a Java object's {@code toString} ({@code Sig[value=11]}, {@code [I@1b6d3586}).
 * Checked over the reports of every example, kernel and bare, and of runs with swap, injection and an OOM kill,
 * so that every kind of trace record passes through it. (No browser needed: the JSON is parsed here.)
 */
class ReportDataTest {
    private static final Pattern JAVA_TO_STRING = Pattern.compile(
            "\\b[A-Z][A-Za-z0-9]*\\[[a-z][A-Za-z0-9]*=|\\[[IJZBCSFD]@[0-9a-f]+|[A-Za-z]@[0-9a-f]{5,}\\b");
    private static final Pattern SYSCALL_ARGS = Pattern.compile("\\((|[^()]*)\\)");
    private static final Pattern SYSCALL_RET = Pattern.compile("-?\\d+|-E[A-Z]+|0x[0-9a-f]{8}");

    @TempDir
    Path tmp;

    private Map<String, Object> reportData(String... options) throws IOException {
        Path root = tmp.resolve("root" + options.hashCode());
        FileUtils.copyDirectory(Path.of("examples/files").toFile(), root.toFile());
        Path report = tmp.resolve("r" + options.hashCode() + ".html");
        List<String> args = new ArrayList<>(List.of("run"));
        args.addAll(List.of(options));
        if (!args.contains("--bare")) args.addAll(List.of("--root", root.toString()));
        args.addAll(List.of("--report", report.toString()));
        OutputStream sink = OutputStream.nullOutputStream();
        Main.run(args.toArray(String[]::new), new ByteArrayInputStream(new byte[0]), new PrintStream(sink), new PrintStream(sink));
        String html = Files.readString(report, StandardCharsets.UTF_8);
        String open = "<script id=\"faultline-data\" type=\"application/json\">";
        int from = html.indexOf(open) + open.length();
        String json = html.substring(from, html.indexOf("</script>", from));
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) new Json().toType(json, Object.class);
        return data;
    }

    /** Every value under v is a plain JSON value, and no string is a Java toString. */
    private static void plain(Object v, String path) {
        if (v == null || v instanceof Number || v instanceof Boolean) return;
        if (v instanceof String s) {
            if (JAVA_TO_STRING.matcher(s).find()) fail(path + " holds a Java toString: " + s);
            return;
        }
        if (v instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) plain(list.get(i), path + "[" + i + "]");
            return;
        }
        if (v instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) plain(e.getValue(), path + "." + e.getKey());
            return;
        }
        fail(path + " is a " + v.getClass().getName());
    }

    /** The fields of every event have the types docs/report.md gives them; returns the kinds seen. */
    @SuppressWarnings("unchecked")
    private static TreeSet<String> checkEvents(Map<String, Object> data, String run) {
        List<List<Object>> schemas = (List<List<Object>>) data.get("schemas");
        List<List<Object>> events = (List<List<Object>>) data.get("events");
        TreeSet<String> kinds = new TreeSet<>();
        for (List<Object> e : events) {
            List<Object> schema = schemas.get(((Number) e.get(2)).intValue());
            String ev = (String) schema.get(0);
            kinds.add(ev);
            assertEquals(schema.size() + 3, e.size(), run + ": " + e);
            for (int j = 1; j < schema.size(); j++) {
                String name = (String) schema.get(j);
                Object value = e.get(3 + j);
                String where = run + ": " + ev + "." + name + " = " + value;
                switch (name) {
                    case "sig" -> assertTrue(value instanceof String s && s.matches("SIG[A-Z]+|\\d+"), where);
                    case "args" -> assertTrue(value instanceof String s && SYSCALL_ARGS.matcher(s).matches(), where);
                    case "ret" -> assertTrue(value instanceof String s && SYSCALL_RET.matcher(s).matches(), where);
                    case "pc", "addr", "tval", "frame", "slot", "vpn", "mappers", "child", "status", "victim", "from", "to", "n" ->
                            assertTrue(value == null || value instanceof Number, where);
                    case "owner" -> assertTrue(value == null || value instanceof Number, where);
                    case "major", "cached", "dropped" -> assertTrue(value instanceof Boolean, where);
                    default -> assertTrue(value == null || value instanceof String, where);
                }
            }
        }
        return kinds;
    }

    @Test
    void everyValueInTheDataIsPlainJsonAndNoJavaToString() throws IOException {
        List<String[]> runs = new ArrayList<>();
        for (Path p : Files.list(Path.of("examples")).sorted().toList()) {
            if (p.toString().endsWith(".s")) runs.add(new String[] {p.toString()});
        }
        for (Path p : Files.list(Path.of("examples/bare")).sorted().toList()) {
            if (p.toString().endsWith(".s") && !p.getFileName().toString().equals("console.s")) {
                runs.add(new String[] {p.toString(), "--bare"});
            }
        }
        runs.add(new String[] {"examples/swapping.s", "--frames", "12", "--inject", "swap-write=1"});
        runs.add(new String[] {"examples/swapping.s", "--frames", "12", "--swap", "0"});
        runs.add(new String[] {"examples/dormant.s", "--frames", "24"});
        runs.add(new String[] {"examples/bare/pager.s", "--bare", "--tlb-refill", "sw"});
        TreeSet<String> kinds = new TreeSet<>();
        for (String[] run : runs) {
            Map<String, Object> data = reportData(run);
            plain(data, String.join(" ", run));
            kinds.addAll(checkEvents(data, String.join(" ", run)));
        }
        for (dev.faultline.trace.TraceKind k : dev.faultline.trace.TraceKind.values()) {
            if (k != dev.faultline.trace.TraceKind.TLB) assertTrue(kinds.contains(k.ev()), "no " + k.ev() + " record in " + kinds);
        }
    }

    @Test
    void aValueTheRecorderDoesNotKnowIsABugNotAString() {
        StringBuilder sb = new StringBuilder();
        RunRecorder.value(sb, dev.faultline.trace.Tracer.sig(11));
        RunRecorder.value(sb, new dev.faultline.trace.Tracer.Args(dev.faultline.abi.Syscall.WRITE, new int[] {1, 0x11000, 13, 0, 0, 0}));
        RunRecorder.value(sb, new dev.faultline.trace.Tracer.Ret(dev.faultline.abi.Syscall.OPEN, -2));
        assertEquals("\"SIGSEGV\"\"(1, 0x00011000, 13)\"\"-ENOENT\"", sb.toString());
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> RunRecorder.value(new StringBuilder(), new Object()));
        assertTrue(e.getMessage().contains("java.lang.Object"), e.getMessage());
    }
}
