package dev.faultline.classroom;

import java.util.List;
import java.util.Locale;

/**
 * The three forms of a grading run: a summary for people, JUnit XML as CI servers read it (the
 * {@code testsuites/testsuite/testcase/failure} shape of Ant's junit task), and Gradescope's autograder
 * {@code results.json} (score, and per test name, score, max_score, status, output, visibility).
 */
public final class GradeReport {
    private GradeReport() {}

    public static double score(List<Grader.Result> results) {
        return results.stream().mapToDouble(Grader.Result::score).sum();
    }

    public static double maxScore(List<Grader.Result> results) {
        return results.stream().mapToDouble(Grader.Result::points).sum();
    }

    public static String summary(List<Grader.Result> results) {
        StringBuilder sb = new StringBuilder();
        int passed = 0;
        for (Grader.Result r : results) {
            if (r.passed()) passed++;
            sb.append(r.passed() ? "PASS  " : "FAIL  ").append(r.name()).append("  (")
                    .append(CaseFile.fmt(r.score())).append('/').append(CaseFile.fmt(r.points())).append(" points)  ")
                    .append(r.file()).append('\n');
            for (String p : r.problems()) sb.append("      ").append(p).append('\n');
            for (String f : r.feedback()) sb.append("      hint: ").append(f).append('\n');
        }
        sb.append(String.format(Locale.ROOT, "score: %s/%s points; %d of %d cases passed%n", CaseFile.fmt(score(results)),
                CaseFile.fmt(maxScore(results)), passed, results.size()));
        return sb.toString();
    }

    /** What a test's output says: the problems and hints, or that it passed. */
    static String output(Grader.Result r) {
        if (r.passed()) return "passed";
        StringBuilder sb = new StringBuilder();
        for (String p : r.problems()) sb.append(p).append('\n');
        for (String f : r.feedback()) sb.append("hint: ").append(f).append('\n');
        return sb.toString().stripTrailing();
    }

    public static String junit(List<Grader.Result> results) {
        long failures = results.stream().filter(r -> !r.passed()).count();
        double time = results.stream().mapToLong(Grader.Result::millis).sum() / 1000.0;
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.append(String.format(Locale.ROOT, "<testsuites name=\"faultline test\" tests=\"%d\" failures=\"%d\" errors=\"0\" time=\"%.3f\">%n",
                results.size(), failures, time));
        sb.append(String.format(Locale.ROOT, "  <testsuite name=\"faultline test\" tests=\"%d\" failures=\"%d\" errors=\"0\" skipped=\"0\" time=\"%.3f\">%n",
                results.size(), failures, time));
        sb.append("    <properties>\n");
        sb.append("      <property name=\"score\" value=\"").append(CaseFile.fmt(score(results))).append("\"/>\n");
        sb.append("      <property name=\"max_score\" value=\"").append(CaseFile.fmt(maxScore(results))).append("\"/>\n");
        sb.append("    </properties>\n");
        for (Grader.Result r : results) {
            sb.append(String.format(Locale.ROOT, "    <testcase name=\"%s\" classname=\"%s\" time=\"%.3f\"",
                    xml(r.name()), xml(classname(r)), r.millis() / 1000.0));
            if (r.passed()) {
                sb.append("/>\n");
                continue;
            }
            String out = output(r);
            sb.append(">\n      <failure type=\"faultline.case\" message=\"").append(xml(out.lines().findFirst().orElse("")))
                    .append("\">").append(xml(out)).append("</failure>\n    </testcase>\n");
        }
        sb.append("  </testsuite>\n</testsuites>\n");
        return sb.toString();
    }

    /** The case file's folder, as a class name CI servers group by. */
    private static String classname(Grader.Result r) {
        java.nio.file.Path parent = r.file().getParent();
        return parent == null ? "cases" : parent.toString().replace('\\', '/');
    }

    public static String gradescope(List<Grader.Result> results) {
        StringBuilder sb = new StringBuilder();
        sb.append("{\"score\": ").append(CaseFile.fmt(score(results)))
                .append(",\n \"output\": ").append(MiniJson.quote(results.stream().filter(Grader.Result::passed).count()
                        + " of " + results.size() + " cases passed"))
                .append(",\n \"tests\": [");
        String sep = "";
        for (Grader.Result r : results) {
            sb.append(sep).append("\n  {\"name\": ").append(MiniJson.quote(r.name()))
                    .append(", \"score\": ").append(CaseFile.fmt(r.score()))
                    .append(", \"max_score\": ").append(CaseFile.fmt(r.points()))
                    .append(", \"status\": ").append(MiniJson.quote(r.passed() ? "passed" : "failed"))
                    .append(", \"output\": ").append(MiniJson.quote(output(r)))
                    .append(", \"visibility\": ").append(MiniJson.quote(r.visibility())).append('}');
            sep = ",";
        }
        return sb.append("\n]}\n").toString();
    }

    /** Text for XML content and attributes: the five entities, and control characters XML cannot hold dropped. */
    static String xml(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&apos;");
                case '\n' -> sb.append("&#10;");
                case '\t' -> sb.append("&#9;");
                default -> {
                    if (c >= 0x20 && c != 0xFFFE && c != 0xFFFF) sb.append(c);
                    else sb.append('?');
                }
            }
        }
        return sb.toString();
    }
}
