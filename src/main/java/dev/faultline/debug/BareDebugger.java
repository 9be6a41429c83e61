package dev.faultline.debug;

import java.io.PrintStream;
import java.util.function.Supplier;

/**
 * The step debugger on the bare machine (docs/bare.md): the one debugger {@link Engine} over the bare machine
 * ({@link BareTarget}). This class is the door the command line uses.
 */
public final class BareDebugger {
    private final Engine engine;
    private final BareTarget target;

    /**
     * A debugger that can go back in time: it drives the machines of {@code timeTravel}, already started,
     * and the console output goes through it.
     */
    public BareDebugger(BareTimeTravel timeTravel, PrintStream out, long stepLimit) {
        this.target = new BareTarget(timeTravel, out, stepLimit);
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

    /** Runs the command loop; returns the exit status (the halt status, 134, 3, or 0 when quit before the end). */
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
