package dev.faultline.debug;

import dev.faultline.bare.BareMachine;
import dev.faultline.debug.TimeTravel.Position;
import dev.faultline.isa.TrapCause;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;

/**
 * Reverse execution on the bare machine, by the design of {@link TimeTravel}: going back to a moment boots a
 * fresh {@link BareMachine} from the same program and options and runs it forward to exactly that
 * {@link Position} (instructions retired, traps taken). The console writes through a {@link Tail}, so what
 * the program already wrote is neither taken back nor written twice, and reads from a
 * {@link StdinRecording} of what it consumed; the trace goes through a Tail too. A trap on the bare machine
 * is taken whole (the CSRs set, pc at TVEC), so no position is ever "taken but not yet handled".
 */
public final class BareTimeTravel implements Rewindable<BareMachine> {
    /** Boots the bare machine of this debug session again, stopped before its first instruction. */
    public interface Machines {
        /** A freshly booted machine whose console reads {@code in} and writes {@code out}; trace null when off. */
        BareMachine boot(InputStream in, PrintStream out, PrintStream trace) throws IOException;
    }

    private final Machines machines;
    private final StdinRecording in;
    private final Tail out;
    private final Tail trace;
    private PrintStream console;
    private PrintStream traceStream;
    private BareMachine machine;
    private BareMachine.TrapListener listener;
    private long replays;
    /** Traps the present machine handed to a handler, the instret of the last one, the last faults. */
    private long traps;
    private long lastTrapAt = -1;
    private Position lastFault;
    private boolean replaying;
    private long stopAtTrap = -1;
    private Position scanUntil;
    private TimeTravel.Scan scan;

    /** A session over the real console streams; {@code trace} may be null. */
    public BareTimeTravel(Machines machines, InputStream in, OutputStream out, OutputStream trace) {
        this.machines = machines;
        this.in = new StdinRecording(in);
        this.out = new Tail(out);
        this.trace = trace == null ? null : new Tail(trace);
    }

    /** Boots the first machine. */
    public BareMachine start() throws IOException {
        boot();
        return machine;
    }

    @Override
    public BareMachine present() {
        return machine;
    }

    /** Hears the traps of the machine of the present (the debugger's stepi and catch trap). */
    public void listen(BareMachine.TrapListener l) {
        this.listener = l;
    }

    /** How many times a machine was booted again: a replay each. */
    public long replays() {
        return replays;
    }

    /** Writes out what the present machine wrote to the console and the trace. */
    public void flush() {
        console.flush();
        if (traceStream != null) traceStream.flush();
    }

    @Override
    public Position now() {
        return new Position(machine.cpu().instret(), trapsTaken(), false);
    }

    /** Every trap taken, the unhandled one (which no listener hears) included. */
    private long trapsTaken() {
        return machine.unhandledTrap() != null ? traps + 1 : traps;
    }

    @Override
    public Position previousStep() {
        Position p = now();
        if (p.equals(Position.START)) return null;
        boolean trapLast = machine.unhandledTrap() != null || (traps > 0 && lastTrapAt == p.instret());
        return trapLast ? new Position(p.instret(), p.traps() - 1, false) : new Position(p.instret() - 1, p.traps(), false);
    }

    @Override
    public Position lastFault() {
        BareMachine.Trap unhandled = machine.unhandledTrap();
        if (unhandled != null && isFault(unhandled.cause())) return new Position(machine.cpu().instret(), traps, false);
        Position p = now();
        return lastFault != null && lastFault.compareTo(p) < 0 ? lastFault : null;
    }

    @Override
    public String faultName() {
        return "page fault or TLB miss";
    }

    @Override
    public BareMachine goTo(Position target) {
        restart();
        runTo(target);
        if (!now().equals(target)) {
            throw new IllegalStateException("BareTimeTravel.goTo: the replay stopped at " + now() + ", not " + target);
        }
        return machine;
    }

    @Override
    public BareMachine goToInstruction(long instret) {
        restart();
        replaying = true;
        try {
            while (machine.cpu().instret() < instret && !machine.finished()) machine.run(instret);
        } finally {
            replaying = false;
        }
        return machine;
    }

    @Override
    public void scan(Position until, TimeTravel.Scan s) {
        restart();
        scan = s;
        scanUntil = until;
        try {
            runTo(until);
        } finally {
            scan = null;
        }
    }

    /**
     * Runs the present machine forward to target and never past it: up to its instruction count, then trap
     * by trap. A scan looks at every instruction when breakpoints are set.
     */
    private void runTo(Position target) {
        replaying = true;
        try {
            while (true) {
                Position p = now();
                if (p.compareTo(target) >= 0 || machine.finished()) break;
                long limit;
                if (p.instret() < target.instret()) {
                    limit = scan != null && scan.eachInstruction() ? p.instret() + 1 : target.instret();
                    stopAtTrap = -1;
                } else {
                    limit = p.instret() + 1; // the target's remaining traps come with the next instruction
                    stopAtTrap = target.traps();
                }
                machine.run(limit);
                Position q = now();
                if (scan != null && q.instret() == limit && q.compareTo(target) < 0 && scan.eachInstruction()
                        && scan.breakpoint(machine.cpu().pc())) {
                    scan.stop(q);
                }
            }
        } finally {
            replaying = false;
            stopAtTrap = -1;
        }
    }

    /** Ends the session: writes out what is left of the console and the trace. */
    public void finish() {
        flush();
    }

    private void restart() {
        flush();
        in.rewind();
        out.rewind();
        if (trace != null) trace.rewind();
        replays++;
        try {
            boot();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void boot() throws IOException {
        traps = 0;
        lastTrapAt = -1;
        lastFault = null;
        console = new PrintStream(new BufferedOutputStream(out, 1 << 16), false);
        traceStream = trace == null ? null : new PrintStream(new BufferedOutputStream(trace, 1 << 16), false);
        machine = machines.boot(in, console, traceStream);
        machine.setTrapListener(this::trapTaken);
    }

    /** Counts a trap, remembers a fault, stops a replay at its target trap, tells a scan or the debugger. */
    private void trapTaken(TrapCause cause, int epc, int tval) {
        long at = machine.cpu().instret();
        if (isFault(cause)) lastFault = new Position(at, traps, false);
        traps++;
        lastTrapAt = at;
        Position now = new Position(at, traps, false);
        if (scan != null && now.compareTo(scanUntil) < 0 && scan.trap(0, cause, epc, tval)) scan.stop(now);
        if (replaying) {
            if (traps == stopAtTrap) machine.cpu().requestStop();
        } else if (listener != null) {
            listener.trapTaken(cause, epc, tval);
        }
    }

    /** A page fault (causes 0-2) or a TLB miss (causes 8-10). */
    private static boolean isFault(TrapCause cause) {
        return cause.isTlbMiss() || cause.isPageFault();
    }
}
