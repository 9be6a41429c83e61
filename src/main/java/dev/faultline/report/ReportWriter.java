package dev.faultline.report;

import dev.faultline.policy.RefReplay;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes the self-contained HTML report: one page (our own CSS and JavaScript from this package's
 * resources) with the data embedded as JSON in a script element. Nothing is fetched when the page opens.
 * The pictures of machine state (render.js, render.css) are shared with the studio, which draws them too.
 */
public final class ReportWriter {
    private ReportWriter() {}

    /** What a run's summary says besides the recorded events and states. */
    public record RunSummary(String program, String command, int status, String outcome, String statsJson,
                             Map<String, String> config, String sourceName, List<String> sourceLines) {}

    /** One row of a compare table: page-ins (and faults) of one policy with one frame count; -1 = unknown. */
    public record CompareRow(String policy, int frames, long faults, long pageIns, String note) {}

    /** The report page of a run. */
    public static String runPage(RunSummary summary, RunRecorder recorder) {
        StringBuilder data = new StringBuilder(1 << 20).append("{\"mode\":\"run\",");
        data.append("\"program\":");
        Json.str(data, summary.program()).append(",\"command\":");
        Json.str(data, summary.command()).append(",\"status\":").append(summary.status()).append(",\"outcome\":");
        Json.str(data, summary.outcome()).append(",\"stats\":").append(summary.statsJson() == null ? "null" : summary.statsJson().strip());
        data.append(",\"config\":{");
        boolean first = true;
        for (Map.Entry<String, String> e : summary.config().entrySet()) {
            if (!first) data.append(',');
            first = false;
            Json.str(data, e.getKey()).append(':');
            Json.str(data, e.getValue());
        }
        data.append("},\"source\":{\"file\":");
        Json.str(data, summary.sourceName()).append(",\"lines\":[");
        List<String> lines = summary.sourceLines() == null ? List.of() : summary.sourceLines();
        for (int i = 0; i < lines.size(); i++) {
            if (i > 0) data.append(',');
            Json.str(data, lines.get(i));
        }
        data.append("]},");
        recorder.appendJson(data);
        data.append('}');
        return page("Faultline report: " + summary.program(), data);
    }

    /** The report page of a compare: page-ins against frames per policy, and the replay grids of --refs. */
    public static String comparePage(String title, String command, List<CompareRow> rows, int[] refs,
                                     List<RefReplay.Result> grids) {
        StringBuilder data = new StringBuilder(1 << 14).append("{\"mode\":\"compare\",\"program\":");
        Json.str(data, title).append(",\"command\":");
        Json.str(data, command).append(",\"rows\":[");
        for (int i = 0; i < rows.size(); i++) {
            CompareRow r = rows.get(i);
            if (i > 0) data.append(',');
            data.append("{\"policy\":");
            Json.str(data, r.policy()).append(",\"frames\":").append(r.frames()).append(",\"faults\":").append(r.faults())
                    .append(",\"pageIns\":").append(r.pageIns()).append(",\"note\":");
            Json.str(data, r.note()).append('}');
        }
        data.append("],\"refs\":");
        if (refs == null) data.append("null");
        else Json.ints(data, refs);
        data.append(",\"grids\":[");
        for (int i = 0; grids != null && i < grids.size(); i++) {
            RefReplay.Result g = grids.get(i);
            if (i > 0) data.append(',');
            data.append("{\"policy\":");
            Json.str(data, g.policy()).append(",\"frames\":").append(g.frames()).append(",\"faults\":").append(g.faults())
                    .append(",\"contents\":[");
            for (int s = 0; s < g.contents().length; s++) {
                if (s > 0) data.append(',');
                Json.ints(data, g.contents()[s]);
            }
            data.append("],\"fault\":[");
            for (int s = 0; s < g.fault().length; s++) {
                if (s > 0) data.append(',');
                data.append(g.fault()[s] ? 1 : 0);
            }
            data.append("],\"replaced\":");
            Json.ints(data, g.replaced()).append('}');
        }
        data.append("]}");
        return page("Faultline compare: " + title, data);
    }

    public static void write(Path path, String html) throws IOException {
        Files.writeString(path, html, StandardCharsets.UTF_8);
    }

    private static String page(String title, CharSequence data) {
        String html = resource("report.html");
        StringBuilder out = new StringBuilder(data.length() + 200_000);
        int styleAt = html.indexOf("/*@STYLE@*/");
        int titleAt = html.indexOf("@TITLE@");
        int dataAt = html.indexOf("@DATA@");
        int scriptAt = html.indexOf("/*@SCRIPT@*/");
        if (styleAt < 0 || titleAt < 0 || dataAt < 0 || scriptAt < 0 || !(titleAt < styleAt && styleAt < dataAt && dataAt < scriptAt)) {
            throw new IllegalStateException("ReportWriter.page: report.html lacks its placeholders");
        }
        out.append(html, 0, titleAt).append(escapeHtml(title));
        out.append(html, titleAt + "@TITLE@".length(), styleAt).append(resource("render.css")).append(resource("report.css"));
        out.append(html, styleAt + "/*@STYLE@*/".length(), dataAt).append(data);
        out.append(html, dataAt + "@DATA@".length(), scriptAt).append(resource("render.js")).append(resource("report.js"));
        out.append(html, scriptAt + "/*@SCRIPT@*/".length(), html.length());
        return out.toString();
    }

    private static String escapeHtml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String resource(String name) {
        try (InputStream in = ReportWriter.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("ReportWriter.resource: " + name + " is missing from the jar");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("ReportWriter.resource: cannot read " + name, e);
        }
    }
}
