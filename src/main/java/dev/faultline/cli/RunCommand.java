package dev.faultline.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code faultline run PROG.s|PROG.flx [options]}: boot the kernel and run the program as process 1. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Assemble if needed, boot the kernel, and run the program as process 1.")
public final class RunCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Parameters(index = "0", paramLabel = "PROG", description = "an FL32 source (.s) or executable (.flx)")
    Path program;

    @Mixin
    MachineOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (options.bare) return runBare();
        try (Session s = Session.open(program, options, main.io())) {
            return s.runToEnd();
        } catch (Session.Failed f) {
            return f.status;
        }
    }

    private int runBare() {
        try (BareSession s = BareSession.open(program, options, spec, main.io())) {
            return s.runToEnd();
        } catch (Session.Failed f) {
            return f.status;
        }
    }
}
