package dev.faultline.cli;

import dev.faultline.report.RunRecorder;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code faultline run PROG.s|PROG.flx [options]}: boot the kernel and run the program as process 1. */
@Command(name = "run", mixinStandardHelpOptions = true, version = Main.VERSION, sortOptions = false,
        description = "Assemble if needed, boot the kernel, and run the program as process 1.")
public final class RunCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Parameters(index = "0", paramLabel = "PROG", description = "an FL32 source (.s) or executable (.flx)")
    Path program;

    @Mixin
    MachineOptions options;

    @Option(names = "--report", paramLabel = "FILE.html", description = "write a visual report of the run (one self-contained HTML file)")
    Path report;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Integer unwritable = ReportOutput.checkBeforeRun(report, main.io());
        if (unwritable != null) return unwritable;
        RunRecorder recorder = report == null ? null : new RunRecorder();
        try (Session s = Session.open(program, options, spec, main.io(), recorder, report)) {
            int status = s.runToEnd();
            if (recorder == null) return status;
            String command = ReportOutput.command(spec.commandLine().getParseResult().originalArgs());
            if (s.bare != null) return ReportOutput.writeBare(s, recorder, report, program, command, status, main.io());
            return ReportOutput.writeRun(s, options.config(), recorder, report, program, command, status, main.io());
        } catch (Session.Failed f) {
            return f.status;
        }
    }
}
