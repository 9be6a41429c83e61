package dev.faultline.classroom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dogfood: every golden program of programs/ described as a case file (its {@code ;!} header translated key
 * for key) and run through {@code faultline test}; all must pass. If the case format could not say what a
 * header says, this test could not be written. ({@code transparent} and {@code min-frames} shape
 * ProgramsTest's extra variant runs, not one run's expectations, and are left out.)
 */
class GoldenCasesTest {
    private static final Pattern LINE = Pattern.compile(";!\\s*([A-Za-z][A-Za-z0-9-]*)(?:\\s+([^:]+?))?\\s*:(.*)");

    @TempDir
    Path dir;

    /** The case file for programs/NAME.s. */
    static String caseFor(Path program) throws IOException {
        StringBuilder c = new StringBuilder("# generated from the ;! header of " + program + "\n");
        c.append("name: ").append(program.getFileName().toString().replaceFirst("\\.s$", "")).append('\n');
        c.append("program: ").append(program.toAbsolutePath()).append('\n');
        c.append("include-from: ").append(program.toAbsolutePath().getParent().getParent()).append('\n');
        c.append("stdout:\n"); // the header's stdout is exact, and empty when it has none
        for (String raw : Files.readAllLines(program)) {
            String line = raw.strip();
            if (!line.isEmpty() && !line.startsWith(";")) break;
            Matcher m = LINE.matcher(line);
            if (!m.matches()) continue;
            String key = m.group(1), arg = m.group(2), value = m.group(3).strip();
            switch (key) {
                case "transparent", "min-frames" -> { }
                case "flx" -> c.append("flx ").append(arg).append(": ")
                        .append(program.toAbsolutePath().getParent().resolve(value)).append('\n');
                default -> c.append(key).append(arg == null ? "" : " " + arg).append(": ").append(value).append('\n');
            }
        }
        return c.toString();
    }

    @Test
    void everyGoldenProgramPassesAsACase() throws IOException {
        List<Path> programs;
        try (Stream<Path> s = Files.list(Path.of("programs"))) {
            programs = s.filter(p -> p.toString().endsWith(".s")).sorted().toList();
        }
        assertTrue(programs.size() > 40, programs.toString());
        List<String> names = new ArrayList<>();
        for (Path p : programs) {
            String name = p.getFileName().toString().replaceFirst("\\.s$", ".case");
            Files.writeString(dir.resolve(name), caseFor(p));
            names.add(name);
        }
        GraderTest.R r = GraderTest.run("test", dir.toString());
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().endsWith("; " + programs.size() + " of " + programs.size() + " cases passed\n"), r.out());
    }
}
