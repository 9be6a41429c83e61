package dev.faultline.studio;

import dev.faultline.cli.RefString;
import dev.faultline.policy.RefReplay;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code faultline compare --refs} in the page: the same replay (RefReplay) and the same table, then each
 * replay's grid of frame contents as text. The table's format is the command line's (the browser test holds
 * the two together).
 */
final class CompareRefs {
    private CompareRefs() {}

    /** The table and the grids, or the command line's one sentence for a bad argument. */
    static String run(String refs, String frameList, String policyList) {
        int[] pages;
        List<Integer> frames = new ArrayList<>();
        List<String> policies = new ArrayList<>();
        try {
            pages = RefString.parse(refs, "--refs");
            for (String f : frameList.trim().isEmpty() ? new String[] {"3", "4"} : frameList.trim().split("\\s*,\\s*")) {
                int n = Integer.parseInt(f);
                if (n < 1 || n > 1 << 20) throw new IllegalArgumentException("--frames " + n + " is out of range for a replay (1.." + (1 << 20) + ")");
                frames.add(n);
            }
            for (String p : policyList.trim().isEmpty() ? new String[] {"fifo", "clock", "lru", "random", "opt"}
                    : policyList.trim().split("\\s*,\\s*")) {
                policies.add(p);
            }
        } catch (NumberFormatException e) {
            return "faultline: --frames takes numbers separated by commas\n";
        } catch (IllegalArgumentException e) {
            return "faultline: " + e.getMessage() + "\n";
        }
        List<RefReplay.Result> results = new ArrayList<>();
        try {
            for (int f : frames) {
                for (String p : policies) results.add(RefReplay.run(pages, f, p, 1));
            }
        } catch (IllegalArgumentException e) {
            return "faultline: " + e.getMessage() + "\n";
        }
        long distinct = Arrays.stream(pages).distinct().count();
        StringBuilder out = new StringBuilder();
        out.append("faultline compare --refs (").append(pages.length).append(" references, ").append(distinct)
                .append(" distinct pages)   (every fault counted, the first reference to each page included)\n");
        int width = 8;
        for (RefReplay.Result r : results) width = Math.max(width, r.policy().length());
        String column = "%-" + width + "s";
        out.append(String.format(Locale.ROOT, column + " %7s %9s %9s %9s %9s %9s  %s", "policy", "frames", "faults",
                "minor", "major", "page-ins", "swap-outs", "").stripTrailing()).append('\n');
        for (RefReplay.Result r : results) {
            out.append(String.format(Locale.ROOT, column + " %7d %9s %9s %9s %9s %9s  %s", r.policy(), r.frames(),
                    r.faults(), "-", "-", r.faults(), "-", "").stripTrailing()).append('\n');
        }
        if ((long) pages.length * results.size() <= 20_000) {
            for (RefReplay.Result r : results) grid(out, pages, r);
        }
        return out.toString();
    }

    /** One replay as rows: the references, each frame's page after each one, and the faults. */
    private static void grid(StringBuilder out, int[] pages, RefReplay.Result r) {
        int w = 2;
        for (int p : pages) w = Math.max(w, Integer.toString(p).length() + 1);
        out.append('\n').append(r.policy()).append(", ").append(r.frames()).append(" frames: ").append(r.faults())
                .append(" faults\n");
        StringBuilder row = new StringBuilder("ref   ");
        for (int p : pages) row.append(pad(Integer.toString(p), w));
        out.append(row).append('\n');
        for (int f = 0; f < r.frames(); f++) {
            row = new StringBuilder(pad("f" + f, -6));
            for (int i = 0; i < pages.length; i++) {
                int page = r.contents()[i][f];
                row.append(pad(page < 0 ? "." : Integer.toString(page), w));
            }
            out.append(row).append('\n');
        }
        row = new StringBuilder("fault ");
        for (int i = 0; i < pages.length; i++) row.append(pad(r.fault()[i] ? "*" : "", w));
        out.append(row.toString().stripTrailing()).append('\n');
    }

    /** Right-aligned in w columns (left-aligned in -w). */
    private static String pad(String s, int w) {
        String spaces = " ".repeat(Math.max(0, Math.abs(w) - s.length()));
        return w < 0 ? s + spaces : spaces + s;
    }
}
