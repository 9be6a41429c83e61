package dev.faultline.cli;

import dev.faultline.classroom.Exercises;
import dev.faultline.classroom.Problem;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code faultline exercise KIND}: problems whose answers the machine computes (docs/teachers.md). */
@Command(name = "exercise", mixinStandardHelpOptions = true, version = Main.VERSION, sortOptions = false,
        description = "Generate problems (translate, tlb, policy, fork, restart, classify) with answers computed by the machine.")
public final class ExerciseCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Parameters(index = "0", paramLabel = "KIND", description = "translate, tlb, policy, fork, restart or classify")
    String kind;

    @Option(names = "--seed", paramLabel = "N", description = "which problems, 0..999999999 (default: ${DEFAULT-VALUE})")
    long seed = 1;

    @Option(names = "--count", paramLabel = "K", description = "how many problems (default: ${DEFAULT-VALUE})")
    int count = 1;

    @Option(names = "--solve", description = "print the answers and how they were found")
    boolean solve;

    @Option(names = "--format", paramLabel = "text|json|html", description = "output format (default: ${DEFAULT-VALUE})")
    String format = "text";

    @Override
    public Integer call() {
        if (!format.equals("text") && !format.equals("json") && !format.equals("html")) {
            main.io().err().println("faultline: --format takes text, json or html, not '" + format + "'");
            return Session.USAGE;
        }
        List<Problem> problems;
        try {
            problems = Exercises.generate(kind, seed, count);
        } catch (IllegalArgumentException e) {
            main.io().err().println("faultline: " + e.getMessage());
            return Session.USAGE;
        }
        main.io().out().print(Exercises.render(format, kind, seed, problems, solve));
        main.io().out().flush();
        return 0;
    }
}
