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
 * Reverse execution on the bare machine, by the design of {@link TimeTravel}: going back to a moment takes a
 * {@link BareMachine} from the nearest checkpoint before it (or boots a fresh one from the same program and
 * options) and runs it forward to exactly that {@link Position} (instructions retired, traps taken).
 * {@link TimeMachine} keeps the console's and the trace's {@link Tail}s, the {@link StdinRecording} and the
 * checkpoints; this class counts the traps and runs the machine forward. A trap on the bare machine is taken
 * whole (the CSRs set, pc at TVEC), so no position is ever "taken but not yet handled".
 */
public final class BareTimeTravel implements Rewindable<BareMachine> {
    /** Boots the bare machine of this debug session again, stopped before its first instruction. */
    public interface Machines {
        /** A freshly booted machine whose console reads {@code in} and writes {@code out}; trace null when off. */
        BareMachine boot(InputStream in, PrintStream out, PrintStream trace) throws IOException;
    }

    /** Where the console's and the trace's print streams stand in a checkpoint (a new pair is made per machine). */
    private static final PrintStream CONSOLE = new PrintStream(OutputStream.nullOutputStream());
    private static final PrintStream TRACE = new PrintStream(OutputStream.nullOutputStream());

    private final Machines machines;
    private final TimeMachine<BareMachine> time;
    private Buffer consoleBuffer;
    private Buffer traceBuffer;
    private PrintStream console;
    private PrintStream traceStream;
    private BareMachine machine;
    private BareMachine.TrapListener listener;
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
        try {
            this.time = new TimeMachine<>(new BareTarget(), in, out, null, trace, null, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // no private files to copy: cannot happen
        }
    }

    /** Boots the first machine. */
    public BareMachine start() throws IOException {
        return time.start();
    }

    /** Takes a checkpoint every {@code instructions} retired (at the next trap after that many); 0: none. */
    public void checkpointEvery(long instructions) {
        time.checkpointEvery(instructions);
    }

    /** Trips back that started from a checkpoint. */
    public long restores() {
        return time.restores();
    }

    /** The checkpoints of this session (for tests). */
    Checkpoints checkpoints() {
        return time.checkpoints();
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
        return time.replays();
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
        machine = time.before(target);
        runTo(target);
        if (!now().equals(target)) {
            throw new IllegalStateException("BareTimeTravel.goTo: the replay stopped at " + now() + ", not " + target);
        }
        return machine;
    }

    @Override
    public BareMachine goToInstruction(long instret) {
        machine = time.beforeInstruction(instret);
        replaying = true;
        try {
            while (machine.cpu().instret() < instret && !machine.finished()) {
                machine.run(stretch(instret));
                passing();
            }
        } finally {
            replaying = false;
        }
        return machine;
    }

    @Override
    public void scan(Position until, TimeTravel.Scan s) {
        machine = time.fromStart(); // a scan must see every moment from the start
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
                    limit = scan != null && scan.eachInstruction() ? p.instret() + 1 : stretch(target.instret());
                    stopAtTrap = -1;
                } else {
                    limit = p.instret() + 1; // the target's remaining traps come with the next instruction
                    stopAtTrap = target.traps();
                }
                machine.run(limit);
                passing();
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
        time.finish();
    }

    /** Where a run should stop on its way to limit: limit, or sooner, where a checkpoint is due. */
    private long stretch(long limit) {
        long every = time.interval();
        return every == 0 ? limit : Math.min(limit, machine.cpu().instret() + every);
    }

    /** A moment between instructions or traps: a checkpoint may be taken here. */
    private void passing() {
        if (!machine.finished()) time.passing(now());
    }

    /** A new pair of print streams over the console's and the trace's tails, holding {@code pending} unwritten bytes. */
    private void streams(byte[][] pending) {
        consoleBuffer = new Buffer(time.out());
        console = new PrintStream(consoleBuffer, false);
        traceBuffer = time.trace() == null ? null : new Buffer(time.trace());
        traceStream = traceBuffer == null ? null : new PrintStream(traceBuffer, false);
        if (pending != null) {
            consoleBuffer.hold(pending[0]);
            if (traceBuffer != null) traceBuffer.hold(pending[1]);
        }
    }

    /** A buffered stream whose unwritten bytes a checkpoint can keep. */
    private static final class Buffer extends BufferedOutputStream {
        Buffer(OutputStream out) {
            super(out, 1 << 16);
        }

        byte[] pending() {
            return java.util.Arrays.copyOf(buf, count);
        }

        void hold(byte[] bytes) {
            System.arraycopy(bytes, 0, buf, 0, bytes.length);
            count = bytes.length;
        }
    }

    /** What the clock knows at a checkpoint. */
    private record ClockState(long traps, long lastTrapAt, Position lastFault) {}

    /** The bare machine's side of {@link TimeMachine}. */
    private final class BareTarget implements TimeMachine.Target<BareMachine> {
        @Override
        public BareMachine boot(TimeMachine.Streams s) throws IOException {
            streams(null);
            return machines.boot(s.in(), console, traceStream);
        }

        @Override
        public void adopt(BareMachine m) {
            machine = m;
            m.setTrapListener(BareTimeTravel.this::trapTaken);
        }

        @Override
        public void discard(BareMachine m) {
            flush();
        }

        @Override
        public Object clock() {
            return new ClockState(traps, lastTrapAt, lastFault);
        }

        @Override
        public void clock(Object saved) {
            ClockState c = (ClockState) saved;
            traps = c.traps();
            lastTrapAt = c.lastTrapAt();
            lastFault = c.lastFault();
        }

        @Override
        public void resetClock() {
            traps = 0;
            lastTrapAt = -1;
            lastFault = null;
        }

        @Override
        public java.util.List<Object> sessionObjects() {
            return java.util.List.of(BareTimeTravel.this);
        }

        @Override
        public Object extra(BareMachine m) {
            return new byte[][] {consoleBuffer.pending(), traceBuffer == null ? new byte[0] : traceBuffer.pending()};
        }

        @Override
        public java.util.Map<Object, Object> substitutesOut() {
            java.util.Map<Object, Object> m = new java.util.IdentityHashMap<>();
            m.put(console, CONSOLE);
            if (traceStream != null) m.put(traceStream, TRACE);
            return m;
        }

        @Override
        public java.util.Map<Object, Object> substitutesIn(Object extra) {
            streams((byte[][]) extra);
            java.util.Map<Object, Object> m = new java.util.IdentityHashMap<>();
            m.put(CONSOLE, console);
            if (traceStream != null) m.put(TRACE, traceStream);
            return m;
        }
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
        time.passing(now); // the trap is taken whole: a quiet moment
    }

    /** A page fault (causes 0-2) or a TLB miss (causes 8-10). */
    private static boolean isFault(TrapCause cause) {
        return cause.isTlbMiss() || cause.isPageFault();
    }
}
