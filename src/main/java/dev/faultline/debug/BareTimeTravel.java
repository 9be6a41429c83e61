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
 * checkpoints, counts the moments and runs the machine forward; this class is the bare machine's adapter (it
boots and runs the machine, and hands its traps to the clock). A trap on the bare machine is taken
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
        return time.now();
    }

    @Override
    public Position previousStep() {
        return time.previousStep();
    }

    @Override
    public Position lastFault() {
        return time.lastFault();
    }

    @Override
    public String faultName() {
        return "page fault or TLB miss";
    }

    @Override
    public BareMachine goTo(Position target) {
        return time.goTo(target);
    }

    @Override
    public BareMachine goToInstruction(long instret) {
        return time.goToInstruction(instret);
    }

    @Override
    public void scan(Position until, TimeTravel.Scan s) {
        time.scan(until, s);
    }

    /** Ends the session: writes out what is left of the console and the trace. */
    public void finish() {
        flush();
        time.finish();
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

    /** The bare machine's side of {@link TimeMachine}: a trap is taken whole, no moment is pending. */
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
        public java.util.List<Object> sessionObjects() {
            return java.util.List.of(BareTimeTravel.this);
        }

        @Override
        public long instret(BareMachine m) {
            return m.cpu().instret();
        }

        @Override
        public int pc(BareMachine m) {
            return m.cpu().pc();
        }

        @Override
        public boolean stopped(BareMachine m) {
            return m.finished();
        }

        @Override
        public void run(BareMachine m, long limit) {
            m.run(limit);
        }

        @Override
        public boolean stuckOnTrap(BareMachine m) {
            return m.unhandledTrap() != null;
        }

        @Override
        public boolean stuckOnFault(BareMachine m) {
            return m.unhandledTrap() != null && isFault(m.unhandledTrap().cause());
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

    /** Tells the clock (which stops a replay at its target trap and tells a scan), else the debugger. */
    private void trapTaken(TrapCause cause, int epc, int tval) {
        boolean stop = time.trapTaken(0, cause, epc, tval, isFault(cause));
        time.trapHandled(); // taken whole
        if (time.replaying()) {
            if (stop) machine.cpu().requestStop();
        } else if (listener != null) {
            listener.trapTaken(cause, epc, tval);
        }
        time.passing(); // a quiet moment
    }

    /** A page fault (causes 0-2) or a TLB miss (causes 8-10). */
    private static boolean isFault(TrapCause cause) {
        return cause.isTlbMiss() || cause.isPageFault();
    }
}
