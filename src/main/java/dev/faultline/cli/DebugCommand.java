package dev.faultline.cli;

import dev.faultline.debug.Debugger;
import dev.faultline.io.InputFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code faultline debug PROG [options] [--script FILE]}: the step debugger. */
@Command(name = "debug", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Step through a program: instructions, traps, the kernel's handling and restarts.")
public final class DebugCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Parameters(index = "0", paramLabel = "PROG", description = "an FL32 source (.s) or executable (.flx)")
    Path program;

    @Option(names = "--script", paramLabel = "FILE", description = "read debugger commands from FILE")
    Path script;

    @Mixin
    MachineOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Io io = main.io();
        List<String> scriptLines = null;
        if (script != null) {
            try {
                scriptLines = InputFiles.readLines(script); // refused past 64 MiB, never read whole
            } catch (IOException e) {
                io.err().println("faultline: cannot read the script " + script + ": " + e.getMessage());
                return 2;
            }
        }
        boolean interactive = script == null && System.console() != null && io.in() == System.in;
        // The guest reads stdin only when the debugger does not.
        Io guestIo = script == null ? new Io(java.io.InputStream.nullInputStream(), io.out(), io.err(), io.guestOut()) : io;
        if (options.bare) return debugBare(guestIo, scriptLines, interactive);
        try (Session s = Session.open(program, options, guestIo)) {
            Debugger debugger = new Debugger(s.kernel, io.out());
            if (scriptLines != null) {
                Iterator<String> it = scriptLines.iterator();
                return debugger.session(() -> it.hasNext() ? it.next() : null);
            }
            if (interactive) return interactive(debugger);
            BufferedReader in = new BufferedReader(new InputStreamReader(io.in(), StandardCharsets.UTF_8));
            return debugger.session(() -> {
                try {
                    return in.readLine();
                } catch (IOException e) {
                    return null;
                }
            });
        } catch (Session.Failed f) {
            return f.status;
        }
    }

    private int interactive(Debugger debugger) {
        try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
            LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("faultline").build();
            Supplier<String> lines = () -> {
                try {
                    return reader.readLine("(fdb) ");
                } catch (UserInterruptException | EndOfFileException e) {
                    return null;
                }
            };
            return debugger.session(lines, false);
        } catch (IOException e) {
            main.io().err().println("faultline: no terminal for the debugger: " + e.getMessage());
            return 2;
        }
    }

    /** {@code debug --bare}: the machine's debugger over a bare machine (docs/bare.md). */
    private int debugBare(Io guestIo, List<String> scriptLines, boolean interactive) {
        Io io = main.io();
        try (BareSession s = BareSession.open(program, options, spec, guestIo)) {
            dev.faultline.debug.BareDebugger debugger = new dev.faultline.debug.BareDebugger(s.machine, io.out(),
                    s::flushOutput, options.system.stepLimit());
            if (scriptLines != null) {
                Iterator<String> it = scriptLines.iterator();
                return debugger.session(() -> it.hasNext() ? it.next() : null, true);
            }
            if (interactive) {
                try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
                    LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("faultline").build();
                    return debugger.session(() -> {
                        try {
                            return reader.readLine("(fdb) ");
                        } catch (UserInterruptException | EndOfFileException e) {
                            return null;
                        }
                    }, false);
                } catch (IOException e) {
                    io.err().println("faultline: no terminal for the debugger: " + e.getMessage());
                    return 2;
                }
            }
            BufferedReader in = new BufferedReader(new InputStreamReader(io.in(), StandardCharsets.UTF_8));
            return debugger.session(() -> {
                try {
                    return in.readLine();
                } catch (IOException e) {
                    return null;
                }
            }, true);
        } catch (Session.Failed f) {
            return f.status;
        }
    }
}
