package dev.faultline.classroom;

import java.util.List;

/**
 * Renders generated problems as text (for a terminal), JSON (for a learning-management system) or HTML (a
 * printable worksheet, and with answers its key). All three come from the same {@link Problem} objects, so
 * an answer reads the same in every format.
 */
public final class Sheet {
    private Sheet() {}

    /** The heading every format shows: how to get the same problems again. */
    static String command(String kind, long seed, int count) {
        return "faultline exercise " + kind + " --seed " + seed + (count == 1 ? "" : " --count " + count);
    }

    public static String text(String kind, long seed, List<Problem> problems, boolean solve) {
        StringBuilder sb = new StringBuilder();
        sb.append(command(kind, seed, problems.size())).append(solve ? " --solve" : "").append('\n');
        int n = 1;
        for (Problem p : problems) {
            sb.append('\n').append("Problem ").append(n++).append(": ").append(p.title).append('\n');
            sb.append(wrap(p.intro, 78)).append('\n');
            for (Problem.Block b : p.given) {
                sb.append('\n').append(b.label()).append(":\n");
                for (String line : b.lines()) sb.append("    ").append(line).append('\n');
            }
            int q = 1;
            for (Problem.Question question : p.questions) {
                sb.append('\n').append("Q").append(q++).append(". ").append(question.ask()).append('\n');
                if (!solve) continue;
                sb.append("    answer: ").append(question.answer()).append('\n');
                for (String w : question.working()) sb.append("      ").append(w).append('\n');
            }
        }
        return sb.toString();
    }

    public static String json(String kind, long seed, List<Problem> problems, boolean solve) {
        StringBuilder sb = new StringBuilder();
        sb.append("{\"kind\": ").append(MiniJson.quote(kind)).append(", \"seed\": ").append(seed)
                .append(", \"count\": ").append(problems.size()).append(", \"solved\": ").append(solve)
                .append(", \"command\": ").append(MiniJson.quote(command(kind, seed, problems.size())))
                .append(",\n \"problems\": [");
        String sep = "";
        for (Problem p : problems) {
            sb.append(sep).append("\n  {\"title\": ").append(MiniJson.quote(p.title)).append(", \"intro\": ")
                    .append(MiniJson.quote(p.intro)).append(",\n   \"given\": [");
            String bsep = "";
            for (Problem.Block b : p.given) {
                sb.append(bsep).append("\n    {\"label\": ").append(MiniJson.quote(b.label())).append(", \"lines\": ")
                        .append(strings(b.lines())).append('}');
                bsep = ",";
            }
            sb.append("],\n   \"questions\": [");
            String qsep = "";
            for (Problem.Question q : p.questions) {
                sb.append(qsep).append("\n    {\"ask\": ").append(MiniJson.quote(q.ask()));
                if (solve) {
                    sb.append(", \"answer\": ").append(MiniJson.quote(q.answer())).append(", \"working\": ")
                            .append(strings(q.working()));
                }
                sb.append('}');
                qsep = ",";
            }
            sb.append("]}");
            sep = ",";
        }
        return sb.append("]}\n").toString();
    }

    public static String html(String kind, long seed, List<Problem> problems, boolean solve) {
        String command = command(kind, seed, problems.size());
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(esc(command)).append("</title>\n<style>body{font-family:serif;max-width:50em;margin:2em auto}"
                        + "pre{background:#f4f4f4;padding:.5em}.answer{font-family:monospace;font-weight:bold}"
                        + "section.problem{break-after:page}h1{font-size:1.3em}</style></head><body>\n")
                .append("<h1>").append(esc(command)).append("</h1>\n");
        int n = 1;
        for (Problem p : problems) {
            sb.append("<section class=\"problem\"><h2>Problem ").append(n++).append(": ").append(esc(p.title))
                    .append("</h2>\n<p>").append(esc(p.intro)).append("</p>\n");
            for (Problem.Block b : p.given) {
                sb.append("<h3>").append(esc(b.label())).append("</h3>\n<pre>");
                for (String line : b.lines()) sb.append(esc(line)).append('\n');
                sb.append("</pre>\n");
            }
            sb.append("<ol class=\"questions\">\n");
            for (Problem.Question q : p.questions) {
                sb.append("<li>").append(esc(q.ask())).append("<div class=\"space\" style=\"height:3em\"></div></li>\n");
            }
            sb.append("</ol></section>\n");
        }
        if (solve) {
            sb.append("<section class=\"key\"><h1>Answer key</h1>\n");
            n = 1;
            for (Problem p : problems) {
                sb.append("<h2>Problem ").append(n++).append("</h2>\n<ol class=\"answers\">\n");
                for (Problem.Question q : p.questions) {
                    sb.append("<li><span class=\"answer\">").append(esc(q.answer())).append("</span>");
                    if (!q.working().isEmpty()) {
                        sb.append("<pre>");
                        for (String w : q.working()) sb.append(esc(w)).append('\n');
                        sb.append("</pre>");
                    }
                    sb.append("</li>\n");
                }
                sb.append("</ol>\n");
            }
            sb.append("</section>\n");
        }
        return sb.append("</body></html>\n").toString();
    }

    private static String strings(List<String> lines) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < lines.size(); i++) sb.append(i == 0 ? "" : ", ").append(MiniJson.quote(lines.get(i)));
        return sb.append(']').toString();
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** Wraps a paragraph at width columns, on spaces. */
    static String wrap(String text, int width) {
        StringBuilder sb = new StringBuilder();
        int col = 0;
        for (String word : text.split(" ")) {
            if (col > 0 && col + 1 + word.length() > width) {
                sb.append('\n');
                col = 0;
            } else if (col > 0) {
                sb.append(' ');
                col++;
            }
            sb.append(word);
            col += word.length();
        }
        return sb.toString();
    }
}
