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

    /**
     * {@code run PROG} and nothing else, the commonest command line, as picocli would build it (every option at
     * its field's initial value): null for any other command line, and for a PROG that is not a path, whose
     * message picocli gives. Building picocli's model of the command took about half of a short run's start,
     * and this command line has nothing to parse. Nothing here may differ from what picocli makes of it:
     * StartModelTest runs programs both ways.
     */
    static RunCommand withoutOptions(Main main, String[] args) {
        if (args.length != 2 || !args[0].equals("run") || args[1].isEmpty() || args[1].startsWith("-")) return null;
        RunCommand c = new RunCommand();
        try {
            c.program = Path.of(args[1]);
        } catch (java.nio.file.InvalidPathException e) {
            return null;
        }
        c.main = main;
        c.options = new MachineOptions();
        c.options.system = new SystemOptions();
        return c; // spec stays null: only --report and --bare use it
    }

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
