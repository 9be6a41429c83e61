package dev.faultline.cli;

import dev.faultline.classroom.GradeReport;
import dev.faultline.classroom.Grader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code faultline test CASES…}: the grader (docs/teachers.md). Exit 0 only when every case passes. */
@Command(name = "test", mixinStandardHelpOptions = true, version = Main.VERSION, sortOptions = false,
        description = "Run case files (a program, its options and input, what must hold, points) and grade them.")
public final class TestCommand implements Callable<Integer> {
    /** Exit status when some case failed. */
    static final int SOME_FAILED = 1;

    @ParentCommand
    Main main;

    @Parameters(arity = "1..*", paramLabel = "CASES", description = "case files (.case), or folders holding them")
    List<Path> cases;

    @Option(names = "--set", paramLabel = "NAME=VALUE", description = "replace $${NAME} in the case files (repeatable)")
    List<String> sets = new ArrayList<>();

    @Option(names = "--junit", paramLabel = "FILE", description = "write the results as JUnit XML")
    Path junit;

    @Option(names = "--gradescope", paramLabel = "FILE", description = "write Gradescope's results.json")
    Path gradescope;

    @Override
    public Integer call() {
        Io io = main.io();
        Map<String, String> values = new LinkedHashMap<>();
        for (String s : sets) {
            int eq = s.indexOf('=');
            if (eq <= 0 || !s.substring(0, eq).matches("[A-Za-z_][A-Za-z0-9_]*")) {
                io.err().println("faultline: --set takes NAME=VALUE, not '" + s + "'");
                return Session.USAGE;
            }
            values.put(s.substring(0, eq), placeholderValue(s.substring(eq + 1)));
        }
        for (String problem : new String[] {OutputPaths.problem("--junit", junit),
                OutputPaths.problem("--gradescope", gradescope)}) {
            if (problem != null) {
                io.err().println("faultline: " + problem);
                return Session.USAGE;
            }
        }
        List<Path> files = new ArrayList<>();
        for (Path p : cases) {
            if (!Files.isDirectory(p)) {
                files.add(p);
                continue;
            }
            try (Stream<Path> walk = Files.walk(p)) {
                List<Path> found = walk.filter(f -> f.toString().endsWith(".case") && Files.isRegularFile(f)).sorted().toList();
                if (found.isEmpty()) {
                    io.err().println("faultline: " + p + " holds no .case files");
                    return Session.USAGE;
                }
                files.addAll(found);
            } catch (IOException | java.io.UncheckedIOException e) {
                io.err().println("faultline: cannot read the folder " + p + ": " + e.getMessage());
                return Session.USAGE;
            }
        }
        List<Grader.Result> results = new ArrayList<>();
        Path scratch;
        try {
            scratch = Files.createTempDirectory("faultline-test");
        } catch (IOException e) {
            io.err().println("faultline: cannot make a temporary folder: " + e.getMessage());
            return OutputPaths.CANNOT_WRITE;
        }
        try {
            for (Path f : files) results.add(Grader.run(f, values, scratch, Main::run));
        } finally {
            Grader.deleteTree(scratch);
        }
        io.out().print(GradeReport.summary(results));
        io.out().flush();
        boolean written = write(io, junit, GradeReport.junit(results)) & write(io, gradescope, GradeReport.gradescope(results));
        if (!written) return OutputPaths.CANNOT_WRITE;
        return results.stream().allMatch(Grader.Result::passed) ? 0 : SOME_FAILED;
    }

    /** A value naming an existing file or folder stands for its absolute path, so cases work from any folder. */
    private static String placeholderValue(String value) {
        try {
            Path p = Path.of(value);
            if (!value.isEmpty() && Files.exists(p)) return p.toAbsolutePath().normalize().toString();
        } catch (java.nio.file.InvalidPathException e) {
            // not a path: used as it is
        }
        return value;
    }

    private static boolean write(Io io, Path file, String text) {
        if (file == null) return true;
        try {
            Files.writeString(file, text);
            return true;
        } catch (IOException e) {
            io.err().println("faultline: cannot write " + file + ": " + e.getMessage());
            return false;
        }
    }
}
