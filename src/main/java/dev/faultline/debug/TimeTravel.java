package dev.faultline.debug;

import dev.faultline.isa.Access;
import dev.faultline.isa.TrapCause;
import dev.faultline.kernel.FaultKind;
import dev.faultline.kernel.Kernel;
import dev.faultline.kernel.KernelListener;
import dev.faultline.machine.Pte;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Reverse execution on the kernel's machine, by deterministic re-execution. A run depends only on the
 * program, the options and what it reads from stdin, so "going back to time T" takes a machine and kernel
 * from the nearest checkpoint before T (or boots a fresh one) and runs them forward to exactly T, counted as
 * the debugger counts: a {@link Position}. {@link TimeMachine} keeps the streams, the private files and the
 * checkpoints, counts the moments and runs the machine forward; this class is the kernel's adapter: it boots
and runs the kernel, hands its traps and events to that clock, and says the kernel has the moment "trap
taken, not yet handled" ({@link Position#pending()}).
 * docs/reverse.md explains the choices.
 */
public final class TimeTravel implements Rewindable<Kernel> {
    /**
     * A moment of a run at the debugger's finest grain: instructions retired, traps taken, and whether the
     * last trap was taken but not yet handled. Positions of one run are ordered like these triples.
     */
    public record Position(long instret, long traps, boolean pending) implements Comparable<Position> {
        public static final Position START = new Position(0, 0, false);

        @Override
        public int compareTo(Position o) {
            int c = Long.compare(instret, o.instret);
            if (c == 0) c = Long.compare(traps, o.traps);
            if (c == 0) c = Boolean.compare(o.pending, pending); // taken comes before handled
            return c;
        }

        @Override
        public String toString() {
            return "instruction " + instret + ", trap " + traps + (pending ? " (not yet handled)" : "");
        }
    }

    /** Boots the machine of this debug session again, stopped before its first instruction. */
    public interface Machines {
        /**
         * A freshly booted kernel reading stdin from {@code in}, writing the guest's stdout to {@code out}, its
         * stderr to {@code err} and trace records to {@code trace} (null when not tracing). {@code root} and
         * {@code swapFile} replace the configured ones when not null.
         */
        Kernel boot(InputStream in, OutputStream out, OutputStream err, OutputStream trace, Path root, Path swapFile)
                throws IOException;
    }

    private final Machines machines;
    private final TimeMachine<Kernel> time;
    private final Clock clock = new Clock();
    private KernelListener listener;
    private Kernel kernel;

    /**
     * A session over the real streams; {@code trace} may be null. {@code root} and {@code swapFile} are the
     * configured ones (null when absent): the session works on private copies of them.
     */
    public TimeTravel(Machines machines, InputStream in, OutputStream out, OutputStream err, OutputStream trace,
                      Path root, Path swapFile) throws IOException {
        this.machines = machines;
        this.time = new TimeMachine<>(new KernelTarget(), in, out, err, trace, root, swapFile);
    }

    /** Boots the first machine. */
    public Kernel start() throws IOException {
        return time.start();
    }

    /**
     * Takes a checkpoint every {@code instructions} retired (at the first moment after that many where the
     * kernel is between traps); 0: none, every trip back replays from the start.
     */
    public void checkpointEvery(long instructions) {
        time.checkpointEvery(instructions);
    }

    /** The checkpoints of this session (for tests and the benchmark). */
    Checkpoints checkpoints() {
        return time.checkpoints();
    }

    /** How many checkpoints the session holds, and the memory they hold (for the benchmark). */
    public int checkpointCount() {
        return time.checkpoints().count();
    }

    public long checkpointBytes() {
        return time.checkpoints().bytes();
    }

    /** Trips back that started from a checkpoint. */
    public long restores() {
        return time.restores();
    }

    /** The machine of the present moment (another object after every trip back). */
    public Kernel kernel() {
        return kernel;
    }

    @Override
    public Kernel present() {
        return kernel;
    }

    /** Hears the kernel's events in the machine of the present (the debugger's catchpoints). */
    public void listen(KernelListener l) {
        this.listener = l;
        if (kernel != null) kernel.setListener(clock);
    }

    /** How many times a machine was booted again: a replay each. */
    public long replays() {
        return time.replays();
    }

    /**
     * Where the present machine is. A position names the moments between traps and the moment a trap waits
     * for the kernel; the middle of a trap's handling (a debugger stopped at a signal or at a fault the kernel
     * takes for a syscall) has no position: let the trap finish first.
     */
    @Override
    public Position now() {
        return time.now();
    }

    /** The kernel is handling a trap and stopped half-way (a debugger hook parked it): no position names this. */
    public boolean insideTrap() {
        return time.insideTrap();
    }

    /** Handles the trap the debugger stopped before (use this, not the kernel's, so the clock sees it end). */
    public void handlePendingTrap() {
        time.handlePendingTrap();
    }

    /** The stop of {@code stepi} just before the present one, or null at the start of the run. */
    @Override
    public Position previousStep() {
        return time.previousStep();
    }

    /**
     * The moment just before the most recent page fault was taken (the trap, before the kernel handles it),
     * not counting the present moment; null when there was none.
     */
    @Override
    public Position lastFault() {
        return time.lastFault();
    }

    /** Goes back (or forward) to exactly {@code target}, a position this run has been at. */
    @Override
    public Kernel goTo(Position target) {
        return time.goTo(target);
    }

    /** Goes back to the first moment the machine had retired {@code instret} instructions. */
    @Override
    public Kernel goToInstruction(long instret) {
        return time.goToInstruction(instret);
    }

    /** The bytes the present machine has written to stdout, stderr and the trace (for tests). */
    String streamPositions() {
        kernel.flushOutput();
        Tail trace = time.trace();
        return "streams out " + time.out().position() + " err " + time.err().position() + " trace "
                + (trace == null ? -1 : trace.position());
    }

    /** The private root folder the present machine sees, or null. */
    Path privateRoot() {
        return time.privateRoot();
    }

    /** What a forward {@code continue} would stop on, asked of each moment of a {@link #scan}. */
    public interface Scan {
        /** A catchpoint stops before the kernel handles this trap. */
        boolean trap(int pid, TrapCause cause, int epc, int tval);

        /** A catchpoint stops after a signal is raised / a page is swapped (once the kernel is done). */
        boolean signal();

        boolean swap();

        /** A breakpoint stops before the instruction at pc (asked only when {@link #eachInstruction()}). */
        boolean breakpoint(int pc);

        /** Breakpoints are set: the scan must look at every instruction. */
        boolean eachInstruction();

        /** The debugger would have stopped here. */
        void stop(Position at);

        /** A catchpoint stops at a fault the kernel takes inside a syscall (a stop at that syscall's trap). */
        default boolean kernelFault() {
            return false;
        }

        /** A watched word or PTE changed since the last call (asked after each step when {@link #eachInstruction()}). */
        default boolean watchChanged() {
            return false;
        }
    }

    /**
     * Replays the run from its start up to {@code until} (exclusive), telling {@code scan} every moment at
     * which a forward {@code continue} would have stopped. Leaves the machine somewhere before until; a
     * {@link #goTo} follows.
     */
    @Override
    public void scan(Position until, Scan scan) {
        time.scan(until, scan);
    }

    /**
     * Ends the session as a run stopped here would end (the kernel writes dirty shared pages back, as at
     * the end of {@code run --max-steps}), flushes the streams and writes the private files back over the
     * originals.
     */
    public void finish() {
        kernel.shutdown();
        flushQuietly(time.out());
        flushQuietly(time.err());
        if (time.trace() != null) flushQuietly(time.trace());
        time.finish();
    }

    private static void flushQuietly(OutputStream s) {
        try {
            s.flush();
        } catch (IOException e) {
            // the sink is gone: nothing left to save
        }
    }

    /** The kernel's side of {@link TimeMachine}: it has the moment "trap taken, not yet handled". */
    private final class KernelTarget implements TimeMachine.Target<Kernel> {
        @Override
        public Kernel boot(TimeMachine.Streams s) throws IOException {
            return machines.boot(s.in(), s.out(), s.err(), s.trace(), s.root(), s.swapFile());
        }

        /** Puts the clock between the CPU and the kernel, and between the kernel and the debugger. */
        @Override
        public void adopt(Kernel k) {
            kernel = k;
            k.setListener(clock);
            k.cpu().setTrapHandler(cpu -> {
                k.onTrap();
                if (!k.trapPending()) {
                    time.trapHandled();
                    time.passing(); // the kernel is done with the trap: a quiet moment
                }
            });
        }

        @Override
        public void discard(Kernel k) {
            k.flushOutput();
            k.discard();
        }

        @Override
        public java.util.List<Object> sessionObjects() {
            return java.util.List.of(TimeTravel.this, clock);
        }

        @Override
        public long instret(Kernel k) {
            return k.cpu().instret();
        }

        @Override
        public int pc(Kernel k) {
            return k.cpu().pc();
        }

        @Override
        public boolean stopped(Kernel k) {
            return k.cpu().halted();
        }

        @Override
        public void run(Kernel k, long limit) {
            k.run(limit);
        }

        @Override
        public boolean pendingMoments() {
            return true;
        }

        @Override
        public boolean trapPending(Kernel k) {
            return k.trapPending();
        }

        @Override
        public void handlePendingTrap(Kernel k) {
            k.handlePendingTrap();
        }
    }

    /** Hands the kernel's events to the clock, and to the debugger when no replay is under way. */
    private final class Clock implements KernelListener {
        @Override
        public boolean stopBeforeTrap(int pid, TrapCause cause, int epc, int tval) {
            boolean stop = time.trapTaken(pid, cause, epc, tval, isFault(cause, tval));
            if (time.replaying()) return stop;
            return listener != null && listener.stopBeforeTrap(pid, cause, epc, tval);
        }

        @Override
        public void signal(int pid, int sig, String action, int pc) {
            Scan scan = time.scanning();
            if (scan != null && scan.signal()) time.stopAfterTrap();
            if (!time.replaying() && listener != null) listener.signal(pid, sig, action, pc);
        }

        @Override
        public void kernelFault(int pid, int va, Access access, int pc, String what) {
            Scan scan = time.scanning();
            if (scan != null && scan.kernelFault()) time.stopAtTrap(); // it has no moment of its own
            if (!time.replaying() && listener != null) listener.kernelFault(pid, va, access, pc, what);
        }

        @Override
        public void tlbMissFault(int pid, int va, Access access, int pc) {
            if (!time.replaying() && listener != null) listener.tlbMissFault(pid, va, access, pc);
        }

        @Override
        public void faultHandled(int pid, int va, Access access, int pc, FaultKind kind, boolean major, int frame,
                                 boolean byKernel) {
            if (!time.replaying() && listener != null) {
                listener.faultHandled(pid, va, access, pc, kind, major, frame, byKernel);
            }
        }

        @Override
        public void restart(int pid, int pc) {
            if (!time.replaying() && listener != null) listener.restart(pid, pc);
        }

        @Override
        public void trapHandled() {
            time.trapHandled();
            if (!time.replaying() && listener != null) listener.trapHandled();
        }

        @Override
        public void swap(int pid, boolean outward, int frame, int slot) {
            Scan scan = time.scanning();
            if (scan != null && scan.swap()) time.stopAfterTrap();
            if (!time.replaying() && listener != null) listener.swap(pid, outward, frame, slot);
        }

        @Override
        public boolean breakpoint(int pid, int pc) {
            // A replay must take a brk exactly as the session did: the debugger takes every one.
            if (time.scanning() != null) time.stopAfterTrap(); // the debugger stops after every brk
            if (time.replaying()) return listener != null;
            return listener != null && listener.breakpoint(pid, pc);
        }

        /** A page-fault trap, or (software refill) a TLB miss whose PTE does not allow the access. */
        private boolean isFault(TrapCause cause, int tval) {
            if (cause.isPageFault()) return true;
            if (!cause.isTlbMiss()) return false;
            int pte = kernel.inspector().currentPte(tval);
            int need = Pte.V | Pte.U | switch (cause) {
                case TLB_MISS_FETCH -> Pte.X;
                case TLB_MISS_STORE -> Pte.W;
                default -> Pte.R;
            };
            return (pte & need) != need;
        }
    }
}
