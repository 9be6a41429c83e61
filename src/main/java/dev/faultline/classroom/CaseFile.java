package dev.faultline.classroom;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One case of {@code faultline test}: a program, how to run it, and what must hold (docs/teachers.md has the
 * format). A case file is lines of {@code key: value} (or {@code key ARG: value}); blank lines and lines
 * starting with {@code #} are skipped. Text values take C escapes ({@code \n \t \\ \xNN}, {@code \s} for a
 * space). {@code ${NAME}} in any value is replaced by {@code --set NAME=VALUE}; {@code ${CASES}} is the case
 * file's own folder. A problem is a {@link Invalid} naming the file, line and key.
 */
public final class CaseFile {
    /** A case file that cannot be used: the message is one sentence with the file, line and key. */
    public static final class Invalid extends Exception {
        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    /** {@code key>=N}, {@code key<=N} or {@code key=N} over the run's {@code --stats-json}. */
    public record Stat(String key, String op, long value) {
        @Override
        public String toString() {
            return key + op + value;
        }
    }

    static final long DEFAULT_MAX_STEPS = 50_000_000L;
    static final int DEFAULT_TIMEOUT_SECONDS = 60;
    static final long DEFAULT_MAX_OUTPUT = 1 << 20;
    static final Set<String> VISIBILITY = Set.of("visible", "hidden", "after_due_date", "after_published");
    static final List<String> KEYS = List.of("name", "points", "program", "args", "stdin", "exit", "stdout",
            "stdout-contains", "stdout-matches", "stderr-contains", "stats", "trace", "no-trace", "file", "fifo", "root-after",
            "flx", "symlink", "root", "include-from", "max-steps", "timeout", "max-output", "feedback", "visibility");

    final Path file;
    String name;
    double points = 1;
    String program;
    final List<String> args = new ArrayList<>();
    String stdin = "";
    Integer exit;
    String stdout;
    final List<String> stdoutContains = new ArrayList<>();
    final List<Pattern> stdoutMatches = new ArrayList<>();
    final List<String> stderrContains = new ArrayList<>();
    final List<Stat> stats = new ArrayList<>();
    final List<TracePattern> trace = new ArrayList<>();
    final List<TracePattern> noTrace = new ArrayList<>();
    final Map<String, String> files = new LinkedHashMap<>();
    final Map<String, String> rootAfter = new LinkedHashMap<>();
    final Map<String, String> flx = new LinkedHashMap<>();
    final Map<String, String> symlinks = new LinkedHashMap<>();
    /** Named pipes to make in the root (a program that must refuse to exec one, say). */
    final List<String> fifos = new ArrayList<>();
    boolean root;
    final List<Path> includeFrom = new ArrayList<>();
    long maxSteps = DEFAULT_MAX_STEPS;
    int timeoutSeconds = DEFAULT_TIMEOUT_SECONDS;
    long maxOutput = DEFAULT_MAX_OUTPUT;
    final List<String> feedback = new ArrayList<>();
    String visibility = "visible";

    private CaseFile(Path file) {
        this.file = file;
        String base = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        this.name = base.endsWith(".case") ? base.substring(0, base.length() - 5) : base;
    }

    private static final Pattern LINE = Pattern.compile("([A-Za-z][A-Za-z0-9-]*)(?:\\s+([^:]+?))?\\s*:(.*)");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final Pattern STAT = Pattern.compile("([a-z_]+)(=|>=|<=)(\\d+)");

    /** The case in file, with placeholders from sets; a problem is an Invalid. */
    public static CaseFile read(Path file, Map<String, String> sets) throws Invalid {
        String text;
        try {
            text = dev.faultline.io.InputFiles.readString(file);
        } catch (java.io.IOException e) {
            throw new Invalid(file + ": cannot read it: " + (e instanceof java.nio.file.NoSuchFileException
                    ? "no such file" : e.getMessage()));
        }
        return parse(file, text, sets);
    }

    static CaseFile parse(Path file, String text, Map<String, String> sets) throws Invalid {
        CaseFile c = new CaseFile(file);
        Map<String, String> values = new LinkedHashMap<>(sets);
        Path folder = file.toAbsolutePath().normalize().getParent();
        values.put("CASES", folder == null ? "." : folder.toString());
        String[] lines = text.split("\r?\n", -1);
        for (int n = 1; n <= lines.length; n++) {
            String line = lines[n - 1].strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            Matcher m = LINE.matcher(line);
            if (!m.matches()) throw new Invalid(file + ":" + n + ": expected 'key: value', not '" + line + "'");
            String key = m.group(1).toLowerCase(java.util.Locale.ROOT);
            String where = file + ":" + n + ": key '" + key + "'";
            if (!KEYS.contains(key)) {
                throw new Invalid(where + " is not a case key (keys: " + String.join(", ", KEYS) + ")");
            }
            String arg = m.group(2);
            boolean wantsArg = key.equals("file") || key.equals("fifo") || key.equals("root-after") || key.equals("flx")
                    || key.equals("symlink");
            if (wantsArg != (arg != null)) {
                throw new Invalid(where + (wantsArg ? " needs a path: '" + key + " PATH: …'" : " takes no argument before ':'"));
            }
            try {
                String value = substitute(m.group(3).strip(), values, where);
                if (arg != null) arg = checkedPath(substitute(arg, values, where), where);
                c.set(key, arg, value, where);
            } catch (IllegalArgumentException e) {
                throw new Invalid(where + ": " + e.getMessage());
            }
        }
        if (c.program == null) throw new Invalid(file + ": key 'program' is missing: a case names the program it runs");
        return c;
    }

    private void set(String key, String arg, String value, String where) throws Invalid {
        switch (key) {
            case "name" -> name = unescape(value);
            case "points" -> points = number(value, 0, 1e6);
            case "program" -> program = value;
            case "args" -> {
                for (String a : value.split("\\s+")) {
                    if (!a.isEmpty()) args.add(a);
                }
            }
            case "stdin" -> stdin += unescape(value);
            case "exit" -> exit = (int) number(value, 0, 255);
            case "stdout" -> stdout = (stdout == null ? "" : stdout) + unescape(value);
            case "stdout-contains" -> stdoutContains.add(unescape(value));
            case "stdout-matches" -> {
                try {
                    stdoutMatches.add(Pattern.compile(value, Pattern.DOTALL | Pattern.MULTILINE));
                } catch (java.util.regex.PatternSyntaxException e) {
                    throw new IllegalArgumentException("not a regular expression: " + e.getDescription());
                }
            }
            case "stderr-contains" -> stderrContains.add(unescape(value));
            case "stats" -> {
                for (String s : value.split("\\s+")) {
                    if (s.isEmpty()) continue;
                    Matcher m = STAT.matcher(s);
                    if (!m.matches()) throw new IllegalArgumentException("'" + s + "' is not KEY=N, KEY>=N or KEY<=N");
                    stats.add(new Stat(m.group(1), m.group(2), Long.parseLong(m.group(3))));
                }
            }
            case "trace" -> trace.add(TracePattern.parse(value));
            case "no-trace" -> noTrace.add(TracePattern.parse(value));
            case "file" -> files.merge(arg, unescape(value), String::concat);
            case "root-after" -> rootAfter.merge(arg, unescape(value), String::concat);
            case "flx" -> flx.put(arg, value);
            case "symlink" -> symlinks.put(arg, value);
            case "fifo" -> fifos.add(arg);
            case "root" -> root = switch (value) {
                case "yes" -> true;
                case "no" -> false;
                default -> throw new IllegalArgumentException("takes yes or no, not '" + value + "'");
            };
            case "include-from" -> includeFrom.add(casePath(value));
            case "max-steps" -> maxSteps = (long) number(value, 1, 1e12);
            case "timeout" -> timeoutSeconds = (int) number(value, 1, 3600);
            case "max-output" -> maxOutput = (long) number(value, 1, 1L << 30);
            case "feedback" -> feedback.add(unescape(value));
            case "visibility" -> {
                if (!VISIBILITY.contains(value)) {
                    throw new IllegalArgumentException("takes visible, hidden, after_due_date or after_published, not '"
                            + value + "'");
                }
                visibility = value;
            }
            default -> throw new Invalid(where + " is not handled");
        }
    }

    private static double number(String value, double min, double max) {
        double d;
        try {
            d = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + value + "' is not a number");
        }
        if (!(d >= min && d <= max)) throw new IllegalArgumentException(value + " is out of range (" + fmt(min) + ".." + fmt(max) + ")");
        return d;
    }

    static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    private static String substitute(String value, Map<String, String> values, String where) throws Invalid {
        Matcher m = PLACEHOLDER.matcher(value);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = values.get(m.group(1));
            if (v == null) {
                throw new Invalid(where + " uses ${" + m.group(1) + "}, but no --set " + m.group(1) + "=… was given");
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(v));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** A path inside the run's root folder: relative, and never climbing out with "..". */
    private static String checkedPath(String name, String where) throws Invalid {
        Path p;
        try {
            p = Path.of(name);
        } catch (java.nio.file.InvalidPathException e) {
            throw new Invalid(where + ": '" + name + "' is not a valid path");
        }
        if (p.isAbsolute() || p.normalize().startsWith("..") || name.isBlank()) {
            throw new Invalid(where + ": '" + name + "' must be a relative path inside the run's root folder");
        }
        return name;
    }

    /**
     * C escapes as in the assembler's strings: \n \t \r \\ \" \0 \xNN, and \s for a space. The golden
     * programs' {@code ;!} headers use it too (ProgramsTest), so a header reads as a case file does.
     */
    public static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                b.append(c);
                continue;
            }
            if (++i == s.length()) throw new IllegalArgumentException("the value ends with a lone backslash");
            char e = s.charAt(i);
            switch (e) {
                case 'n' -> b.append('\n');
                case 't' -> b.append('\t');
                case 'r' -> b.append('\r');
                case 's' -> b.append(' ');
                case '0' -> b.append('\0');
                case '\\' -> b.append('\\');
                case '"' -> b.append('"');
                case 'x' -> {
                    if (i + 3 > s.length() || !s.substring(i + 1, i + 3).matches("[0-9A-Fa-f]{2}")) {
                        throw new IllegalArgumentException("\\x needs two hex digits");
                    }
                    b.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                default -> throw new IllegalArgumentException("unknown escape \\" + e);
            }
        }
        return b.toString();
    }

    /** Whether the run needs its own --root folder. */
    boolean needsRoot() {
        return root || !files.isEmpty() || !rootAfter.isEmpty() || !flx.isEmpty() || !symlinks.isEmpty()
                || !fifos.isEmpty();
    }

    /** The program's path: absolute as given, else relative to the case file's folder. */
    Path programPath() {
        Path p = Path.of(program);
        if (p.isAbsolute()) return p;
        Path folder = file.toAbsolutePath().normalize().getParent();
        return folder == null ? p : folder.resolve(p).normalize();
    }

    /** A path named in the case (flx sources): relative to the case file's folder. */
    Path casePath(String name) {
        Path p = Path.of(name);
        if (p.isAbsolute()) return p;
        Path folder = file.toAbsolutePath().normalize().getParent();
        return folder == null ? p : folder.resolve(p).normalize();
    }
}
