package dev.faultline.debug;

import dev.faultline.kernel.Kernel;
import java.io.PrintStream;
import java.util.function.Supplier;

/**
 * The step debugger of the built-in kernel (docs/cli.md, "Debugger"): the one debugger {@link Engine} over the
 * kernel's machine ({@link KernelTarget}). This class is the door the command line and the studio use.
 */
public final class Debugger {
    private final Engine engine;
    private final KernelTarget target;

    public Debugger(Kernel kernel, PrintStream out) {
        this(kernel, out, Long.MAX_VALUE);
    }

    /** A debugger for a booted kernel; {@code maxSteps} is {@code --max-steps} (Long.MAX_VALUE for none). */
    public Debugger(Kernel kernel, PrintStream out, long maxSteps) {
        this(new KernelTarget(kernel, out, maxSteps), out);
    }

    /** A debugger that can go back in time: it drives the machines of timeTravel (docs/reverse.md). */
    public Debugger(TimeTravel timeTravel, PrintStream out, long maxSteps) {
        this(new KernelTarget(timeTravel, out, maxSteps), out);
    }

    private Debugger(KernelTarget target, PrintStream out) {
        this.target = target;
        this.engine = new Engine(target, out);
    }

    /** The engine, for a face that wants the views as data. */
    public Engine engine() {
        return engine;
    }

    /** The program's source, for the line shown at each stop and for list. */
    public void setSource(dev.faultline.asm.SourceMap source) {
        engine.setSource(source);
    }

    /** Adds a command; its name and aliases must be new. */
    public void addCommand(Engine.Command c) {
        engine.addCommand(c);
    }

    /** Runs the command loop; returns the exit status for the faultline command. */
    public int session(Supplier<String> lines) {
        return session(lines, true);
    }

    /** As {@link #session(Supplier)}; {@code echo} repeats each command after a prompt (scripts, pipes). */
    public int session(Supplier<String> lines, boolean echo) {
        return session(lines, echo, false);
    }

    /** As {@link #session(Supplier, boolean)}; {@code repeatOnEnter}: an empty line repeats the last stepping command. */
    public int session(Supplier<String> lines, boolean echo, boolean repeatOnEnter) {
        return engine.session(lines, echo, repeatOnEnter);
    }

    /** Ctrl-C: stops a running command at the next check (called from a signal-handling thread). */
    public void interrupt() {
        target.interrupt();
    }

    /** Runs one command; false after quit. */
    boolean command(String line) {
        return engine.command(line);
    }
}
