package dev.faultline.programs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.cli.Main;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.io.FileUtils;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Examples are honest at every frame count. Each example ends with the memory it needs:
 * {@code ; --frames N or more: the same output …} and, when less memory makes it fail, {@code ; --frames M or
 * fewer: "LINE" …, status S.} This test runs every example at N, at 2N and at the default, and requires the
 * same output and exit status; and at M and at the smallest machine (6 frames) it requires LINE as the last
 * line of output and status S: a failure is said by name, never a silent half-run.
 */
class ExamplesMemoryTest {
    private static final Pattern SAME = Pattern.compile("^; --frames (\\d+) or more: the same output", Pattern.MULTILINE);
    private static final Pattern FEWER = Pattern.compile("^; --frames (\\d+) or fewer: \"([^\"]+)\"[^;]*(?:\\n;[^\\n]*)*?, status (\\d+)\\.",
            Pattern.MULTILINE);

    @TempDir
    Path tmp;

    private record Run(int status, String out) {}

    private Run run(Path program, int frames) throws IOException {
        Path root = Files.createTempDirectory(tmp, "root");
        FileUtils.copyDirectory(Path.of("examples/files").toFile(), root.toFile());
        List<String> args = new ArrayList<>(List.of("run", program.toString(), "--root", root.toString()));
        if (frames > 0) args.addAll(List.of("--frames", Integer.toString(frames)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = Main.run(args.toArray(String[]::new), new ByteArrayInputStream(new byte[0]), new PrintStream(out, true),
                new PrintStream(OutputStream.nullOutputStream()));
        return new Run(status, out.toString(StandardCharsets.UTF_8));
    }

    @TestFactory
    List<DynamicTest> everyExampleRunsTheSameDownToTheMemoryItDocuments() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        List<Path> examples;
        try (Stream<Path> files = Files.list(Path.of("examples"))) {
            examples = files.filter(p -> p.toString().endsWith(".s")).sorted().toList();
        }
        assertTrue(examples.size() >= 13, examples.toString());
        for (Path example : examples) {
            tests.add(DynamicTest.dynamicTest(example.getFileName().toString(), () -> check(example)));
        }
        return tests;
    }

    private void check(Path example) throws IOException {
        String source = Files.readString(example);
        Matcher same = SAME.matcher(source);
        assertTrue(same.find(), example + " does not say how much memory it needs (; --frames N or more: the same output …)");
        int n = Integer.parseInt(same.group(1));
        Run reference = run(example, 0);
        assertTrue(!reference.out().isEmpty() || example.endsWith("belady.s") || example.endsWith("hot_cold.s"),
                example + " prints nothing");
        for (int frames : new int[] {n, 2 * n}) {
            Run r = run(example, frames);
            assertEquals(reference.out(), r.out(), example + " --frames " + frames);
            assertEquals(reference.status(), r.status(), example + " --frames " + frames);
        }
        Matcher fewer = FEWER.matcher(source);
        if (!fewer.find()) return;
        int m = Integer.parseInt(fewer.group(1));
        assertEquals(n - 1, m, example + ": the two memory lines leave a gap");
        for (int frames : new int[] {m, 6}) {
            Run r = run(example, frames);
            String[] lines = r.out().split("\n");
            assertEquals(fewer.group(2), lines[lines.length - 1], example + " --frames " + frames);
            assertEquals(Integer.parseInt(fewer.group(3)), r.status(), example + " --frames " + frames);
        }
    }
}
