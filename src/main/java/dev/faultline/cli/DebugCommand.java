package dev.faultline.cli;

import dev.faultline.debug.Debugger;
import dev.faultline.debug.Engine;
import dev.faultline.debug.TimeTravel;
import dev.faultline.kernel.KernelConfig;
import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.OutputStream;
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
import java.util.function.ToIntFunction;
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
@Command(name = "debug", mixinStandardHelpOptions = true, version = Main.VERSION, sortOptions = false,
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

    /** Accepted only to say why it is refused (docs/report.md), instead of "unknown option". */
    @Option(names = "--report", paramLabel = "FILE.html", hidden = true)
    Path report;

    @Spec
    CommandSpec spec;

    /** The trace file this command opened, or null. */
    private OutputStream traceFile;
    /** The --swap-file held for the session, or null. */
    private HostFiles.SwapLock swapLock;

    @Override
    public Integer call() {
        Io io = main.io();
        if (report != null) {
            io.err().println("faultline: debug does not take --report: a debugger session can go back in time, which a"
                    + " report's timeline cannot show; make the report with 'faultline run' and use the debugger beside it");
            return Session.USAGE;
        }
        List<String> scriptLines = null;
        if (script != null) {
            String problem = null;
            try {
                if (!Files.exists(script)) {
                    problem = "cannot read the script " + script + ": no such file";
                } else {
                    byte[] bytes = InputFiles.readBytes(script, MAX_SCRIPT_BYTES); // bounded even for /dev/zero
                    scriptLines = readText(bytes);
                    if (scriptLines == null) problem = "the script " + script + " is not a text file";
                }
            } catch (InputFiles.TooLarge e) {
                problem = "the script " + script + " is " + e.getMessage() + " for a debugger script";
            } catch (IOException e) {
                problem = "cannot read the script " + script + ": " + e.getMessage();
            }
            if (problem != null) {
                io.err().println("faultline: " + problem);
                return 2;
            }
        }
        boolean interactive = script == null && System.console() != null && io.in() == System.in;
        // The guest reads stdin only when the debugger does not.
        Io guestIo = script == null ? new Io(java.io.InputStream.nullInputStream(), io.out(), io.err(), io.guestOut()) : io;
        if (options.bare) return debugBare(guestIo, scriptLines, interactive);
        TimeTravel timeTravel = boot(io, guestIo);
        if (timeTravel == null) return Session.USAGE;
        try {
            return drive(new Debugger(timeTravel, io.out(), options.system.stepLimit()).engine(), scriptLines,
                    interactive);
        } finally {
            finish(timeTravel, io);
        }
    }

    /**
     * Loads the program and boots its first machine, inside a {@link TimeTravel} that can boot it again;
     * null (the reason printed) when it cannot start.
     */
    private TimeTravel boot(Io io, Io guestIo) {
        KernelConfig cfg;
        try {
            cfg = options.config();
        } catch (IllegalArgumentException e) {
            io.err().println("faultline: " + e.getMessage());
            return null;
        }
        try {
            OutputPaths.check(options, io, program, null);
        } catch (Session.Failed f) {
            return null;
        }
        ProgramLoader.Loaded loaded = ProgramLoader.load(program, options.system.confineIncludes);
        if (loaded.error() != null) {
            io.err().print(loaded.error());
            return null;
        }
        try {
            swapLock = Session.lockSwapFile(cfg, io);
        } catch (Session.Failed f) {
            return null;
        }
        OutputStream trace = null;
        if (options.trace != null) {
            if (options.traceFile != null) {
                try {
                    traceFile = new BufferedOutputStream(new FileOutputStream(options.traceFile.toFile()), 1 << 16);
                    trace = traceFile;
                } catch (IOException e) {
                    io.err().println("faultline: cannot write the trace file " + options.traceFile + ": " + e.getMessage());
                    closeTrace();
                    return null;
                }
            } else {
                trace = io.err();
            }
        }
        DebugMachines machines = new DebugMachines(cfg, loaded.image(), loaded.name(), options.traceKinds(),
                options.traceFormat.equals("jsonl"), options.system::armInjections);
        try {
            TimeTravel timeTravel = new TimeTravel(machines, guestIo.in(), guestIo.guestOut(), io.err(), trace, cfg.root(),
                    cfg.swapFile());
            timeTravel.start();
            return timeTravel;
        } catch (IOException | java.io.UncheckedIOException e) {
            io.err().println("faultline: " + e.getMessage());
            closeTrace();
            return null;
        }
    }

    /** Writes back what the session leaves in its files (the private root, the swap file) and closes the trace. */
    private void finish(TimeTravel timeTravel, Io io) {
        try {
            timeTravel.finish();
        } catch (java.io.UncheckedIOException e) {
            io.err().println("faultline: cannot write the session's files back: " + e.getCause().getMessage());
        }
        closeTrace();
    }

    private void closeTrace() {
        if (swapLock != null) swapLock.close();
        swapLock = null;
        if (traceFile == null) return;
        try {
            traceFile.close();
        } catch (IOException e) {
            // nothing more can be written anyway
        }
    }

    /**
     * Where each instruction of the program came from, for the debugger's stops and list: a source is
     * assembled once more for its map (it was just assembled without error, and assembling is quick); an
     * executable has none.
     */
    static dev.faultline.asm.SourceMap sourceMap(Path program) {
        if (program.toString().endsWith(".flx")) return dev.faultline.asm.SourceMap.EMPTY;
        try {
            dev.faultline.asm.AsmResult r = dev.faultline.asm.Assembler.assembleFile(program);
            return r.ok() ? r.sourceMap() : dev.faultline.asm.SourceMap.EMPTY;
        } catch (RuntimeException e) {
            return dev.faultline.asm.SourceMap.EMPTY; // the program ran; only its source lines are missing
        }
    }

    /** The largest --script file read: a lesson is a few hundred lines. */
    static final int MAX_SCRIPT_BYTES = 1 << 20;

    /** The lines of a UTF-8 text, or null when the bytes are not text (a NUL, or bytes that are not UTF-8). */
    static List<String> readText(byte[] bytes) {
        for (byte b : bytes) if (b == 0) return null;
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            return text.lines().toList();
        } catch (java.nio.charset.CharacterCodingException e) {
            return null;
        }
    }

    /** A debugger (kernel or bare) on the system terminal; exit 2 when there is none. */
    private int interactive(Runnable interrupt, ToIntFunction<Supplier<String>> session) {
        try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
            return interactive(terminal, interrupt, session);
        } catch (IOException e) {
            main.io().err().println("faultline: no terminal for the debugger: " + e.getMessage());
            return 2;
        }
    }

    /**
     * The debugger on a terminal: line editing and history; Ctrl-C at the prompt gives a fresh prompt, and
     * during a running command stops it and returns to the prompt; Ctrl-D (end of input) quits.
     */
    static int interactive(Debugger debugger, Terminal terminal) {
        return interactive(terminal, debugger::interrupt, lines -> debugger.session(lines, false, true));
    }

    private static int interactive(Terminal terminal, Runnable interrupt, ToIntFunction<Supplier<String>> session) {
        // A terminal that reports no size (a serial console, some CI runners) would leave line editing no room:
        // give it the classic 80 by 24.
        org.jline.terminal.Size size = terminal.getSize();
        if (size.getColumns() <= 0 || size.getRows() <= 0) {
            terminal.setSize(new org.jline.terminal.Size(size.getColumns() > 0 ? size.getColumns() : 80,
                    size.getRows() > 0 ? size.getRows() : 24));
        }
        LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("faultline").build();
        Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, sig -> interrupt.run());
        try {
            Supplier<String> lines = () -> {
                while (true) {
                    try {
                        return reader.readLine("(fdb) ");
                    } catch (UserInterruptException e) {
                        // Ctrl-C at the prompt: a new prompt, as in a shell
                    } catch (EndOfFileException e) {
                        return null;
                    }
                }
            };
            return session.applyAsInt(lines);
        } finally {
            terminal.handle(Terminal.Signal.INT, previous);
        }
    }

    /**
     * Runs the debugger's session, kernel or bare: from the script (each command echoed after the prompt), on
     * the terminal, or from stdin (echoed, Enter repeating the last stepping command).
     */
    private int drive(Engine debugger, List<String> scriptLines, boolean interactive) {
        debugger.setSource(sourceMap(program));
        if (scriptLines != null) {
            Iterator<String> it = scriptLines.iterator();
            return debugger.session(() -> it.hasNext() ? it.next() : null, true, false);
        }
        if (interactive) return interactive(debugger::interrupt, lines -> debugger.session(lines, false, true));
        BufferedReader in = new BufferedReader(new InputStreamReader(main.io().in(), StandardCharsets.UTF_8));
        return debugger.session(() -> {
            try {
                return in.readLine();
            } catch (IOException e) {
                return null;
            }
        }, true, true);
    }

    /** {@code debug --bare}: the machine's debugger over a bare machine (docs/bare.md). */
    private int debugBare(Io guestIo, List<String> scriptLines, boolean interactive) {
        Io io = main.io();
        try (Session s = Session.open(program, options, spec, guestIo, null, null)) {
            dev.faultline.debug.BareTimeTravel timeTravel = s.bareTimeTravel();
            try {
                timeTravel.start();
            } catch (IOException e) {
                io.err().println("faultline: " + e.getMessage());
                return 2;
            }
            return drive(new dev.faultline.debug.BareDebugger(timeTravel, io.out(), options.system.stepLimit()).engine(),
                    scriptLines, interactive);
        } catch (Session.Failed f) {
            return f.status;
        }
    }
}
