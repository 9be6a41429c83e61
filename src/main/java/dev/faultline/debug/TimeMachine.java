package dev.faultline.debug;

import dev.faultline.debug.TimeTravel.Position;
import dev.faultline.isa.TrapCause;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * What going back in time needs, whatever the machine (the kernel's, the bare one): the session's streams
 * and private files, booting a machine again, and checkpoints (docs/reverse.md). A run depends only on the
 * program, the options and what it reads, so a machine can be brought back to any moment of its run by
 * re-executing: from a fresh boot, or from the nearest earlier checkpoint, a copy of the whole machine (and
 * kernel) made while the run passed there. This class counts the moments of the run (a {@link Position}:
 * its clock) and runs the machine forward; {@link TimeTravel} and {@link BareTimeTravel} are the adapters of
 * the kernel's machine and the bare one ({@link Target}).
 *
 * <p>What already left the machine stays: stdout, stderr and the trace go through {@link Tail}s, which drop
 * the bytes a replay writes again; stdin is served from a {@link StdinRecording}; files under {@code --root}
 * and the swap file live in {@link PrivateFiles}. A checkpoint holds where each of these was, and the private
 * files' contents.
 *
 * @param <M> the machine
 */
final class TimeMachine<M> implements Rewindable<M> {
    /** The streams and files a machine is booted with. */
    record Streams(InputStream in, OutputStream out, OutputStream err, OutputStream trace, Path root, Path swapFile) {}

    /**
     * What differs between the machines: booting one, running it, and what it says about its traps. The clock
     * and the forward runs are this class's; a machine that can stop between taking a trap and handling it
     * (the kernel's) has one more kind of moment, {@link Position#pending()}: see {@link #pendingMoments()}.
     */
    interface Target<M> {
        /** A freshly booted machine, stopped before its first instruction. */
        M boot(Streams s) throws IOException;

        /** Installs the clock's hooks in a new machine (booted or restored). */
        void adopt(M m);

        /** Writes out what the machine has buffered and lets go of its files: it is replaced. */
        void discard(M m);

        /** Objects of the session the machine holds and a copy must hold too, unchanged (listeners, streams). */
        List<Object> sessionObjects();

        /** More state to keep beside the machine, or null; and putting it back (with the copy's substitutes). */
        default Object extra(M m) {
            return null;
        }

        /** The objects a restored copy holds in place of the ones {@link #substitutesOut} named. */
        default Map<Object, Object> substitutesIn(Object extra) {
            return Map.of();
        }

        /** Objects of the present machine kept out of a checkpoint, each replaced there by a token. */
        default Map<Object, Object> substitutesOut() {
            return Map.of();
        }

        long instret(M m);

        int pc(M m);

        /** The machine runs no more (halted, or stopped for good on a trap). */
        boolean stopped(M m);

        /**
         * Runs until {@code limit} instructions are retired, the machine stops, or a trap hook asks to stop
         * (the value {@link TimeMachine#trapTaken} returned).
         */
        void run(M m, long limit);

        /**
         * The machine can stop after taking a trap and before handling it (the kernel's): such a moment is a
         * position of its own, {@code pending}. Without it, a trap is taken whole and the moment of a fault is
         * the one just before it.
         */
        default boolean pendingMoments() {
            return false;
        }

        /** A trap is taken and waits to be handled (only with {@link #pendingMoments()}). */
        default boolean trapPending(M m) {
            return false;
        }

        /** Handles the waiting trap (the clock hears the end through {@link TimeMachine#trapHandled}). */
        default void handlePendingTrap(M m) {
            throw new IllegalStateException("this machine has no pending traps");
        }

        /** The machine stopped for good on a trap no hook heard (the bare machine's unhandled trap). */
        default boolean stuckOnTrap(M m) {
            return false;
        }

        /** That trap is a fault (for {@link TimeMachine#lastFault()}). */
        default boolean stuckOnFault(M m) {
            return false;
        }
    }

    /**
     * A checkpoint that copied many bytes (pages that changed since the previous one) waits at least one
     * instruction per this many bytes before the next: a program that rewrites its memory all the time (the
     * benchmark's rmw_pages) is not slowed down by copying it over and over.
     */
    static final long BYTES_PER_INSTRUCTION = 16;

    /** Instructions between two checkpoints when nobody chose: docs/reverse.md explains the figure. */
    static final long DEFAULT_INTERVAL = Long.getLong("faultline.checkpoints", 200_000);


    private final Target<M> target;
    private final StdinRecording in;
    private final Tail out;
    private final Tail err;
    private final Tail trace;
    private final PrivateFiles files;
    private final Checkpoints checkpoints = new Checkpoints();
    private long interval = DeepCopy.available() ? DEFAULT_INTERVAL : 0;
    /** Why checkpoints were turned off for this session, or null. */
    private String off;
    private M machine;
    private long replays;
    private long restores;
    /** The large arrays of the present machine, each to its copy in the latest checkpoint made or restored. */
    private Map<Object, Object> pages = new IdentityHashMap<>();
    private PrivateFiles.Contents lastFiles;
    /** The instruction count of the checkpoint this machine last passed (the start: 0), and what it copied anew. */
    private long lastAt;
    private long lastNew;
    /** The pages of the latest checkpoint made or restored (to count what the next one copies anew). */
    private List<Object> previousPages = List.of();
    /**
     * What a checkpoint holds in place of the swap file's open handle (a handle of the right type, never
     * used): a restored machine gets a handle of its own on the private swap file.
     */
    private RandomAccessFile swapToken;

    /** {@code err} and {@code trace} may be null (no such stream); {@code root}, {@code swapFile} too. */
    TimeMachine(Target<M> target, InputStream in, OutputStream out, OutputStream err, OutputStream trace, Path root,
                Path swapFile) throws IOException {
        this.target = target;
        this.in = new StdinRecording(in);
        this.out = new Tail(out);
        this.err = err == null ? null : new Tail(err);
        this.trace = trace == null ? null : new Tail(trace);
        this.files = root == null && swapFile == null ? null : new PrivateFiles(root, swapFile);
    }

    /** Boots the first machine. */
    M start() throws IOException {
        if (files != null) files.fresh();
        boot();
        return machine;
    }

    @Override
    public M present() {
        return machine;
    }

    long replays() {
        return replays;
    }

    /** Replays that started from a checkpoint rather than from the start. */
    long restores() {
        return restores;
    }

    Tail out() {
        return out;
    }

    Tail err() {
        return err;
    }

    Tail trace() {
        return trace;
    }

    /** The private root folder the machines see, or null. */
    Path privateRoot() {
        return files == null ? null : files.root();
    }

    /**
     * Takes a checkpoint every {@code instructions} retired (at the first moment a checkpoint can be taken
     * after that many); 0 turns checkpoints off, and going back replays from the start.
     */
    void checkpointEvery(long instructions) {
        if (instructions < 0) throw new IllegalArgumentException("a checkpoint interval cannot be negative");
        interval = DeepCopy.available() ? instructions : 0;
        if (interval == 0) checkpoints.clear();
    }

    long interval() {
        return interval;
    }

    Checkpoints checkpoints() {
        return checkpoints;
    }

    /** Why checkpoints are off for this session although asked for, or null. */
    String off() {
        return off;
    }

    /** A new machine at the start of the run. */
    M fromStart() {
        discard();
        in.rewind();
        out.rewind();
        if (err != null) err.rewind();
        if (trace != null) trace.rewind();
        replays++;
        try {
            if (files != null) files.fresh();
            boot();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return machine;
    }

    /** A new machine at the latest checkpoint at or before {@code p}, else at the start. */
    M before(Position p) {
        Checkpoints.Checkpoint c = checkpoints.floor(p);
        return c != null && usable(c) ? restore(c) : fromStart();
    }

    /** A new machine at the latest checkpoint with fewer than {@code instret} instructions retired, else at the start. */
    M beforeInstruction(long instret) {
        Checkpoints.Checkpoint c = checkpoints.before(instret);
        return c != null && usable(c) ? restore(c) : fromStart();
    }

    /**
     * The present machine is at {@code at}, a moment where it may be copied (not in the middle of anything):
     * takes a checkpoint if the nearest one before is at least the interval behind.
     */
    void passing(Position at) {
        if (interval == 0 || off != null) return;
        // due after the interval since the checkpoint this machine last passed (taken or restored, even if
        // thinned out since: else a replay would copy the machine again and again where one was dropped),
        // and since the nearest one kept
        if (at.instret() - lastAt < Math.max(interval, lastNew / BYTES_PER_INSTRUCTION)) return;
        Checkpoints.Checkpoint last = checkpoints.floor(at);
        if (last != null && at.instret() - last.at().instret() < Math.max(interval, last.newBytes() / BYTES_PER_INSTRUCTION)) {
            return;
        }
        try {
            Checkpoints.Checkpoint c = take(at);
            lastAt = at.instret();
            lastNew = c.newBytes();
            checkpoints.add(c);
        } catch (DeepCopy.Refused | IOException | UncheckedIOException e) {
            // with assertions on (the tests), a machine of ours that cannot be copied is a bug to see at once
            boolean ours = e instanceof DeepCopy.Refused r && !r.foreign; // not a host file that cannot be read
            if (ours && TimeMachine.class.desiredAssertionStatus()) {
                throw new IllegalStateException("checkpoint: " + e.getMessage(), e);
            }
            off = e.getMessage(); // go on without: going back replays from the start, as it did before checkpoints
            checkpoints.clear();
        }
    }

    /** Ends the session: writes the private files back over the originals and removes the copies. */
    void finish() {
        if (swapToken != null) {
            try {
                swapToken.close();
            } catch (IOException e) {
                // a read-only handle never used: nothing to lose
            }
        }
        if (files != null) {
            try {
                files.commit();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                files.close();
            }
        }
    }

    // ------------------------------------------------------------------ the clock: the moments of the run

    /** What the clock knows at a checkpoint. */
    private record ClockState(long traps, boolean handling, long lastTrapAt, long lastDoneAt, Position lastFault,
                              Position previousFault) {}

    /** Traps taken (heard by {@link #trapTaken}); the last one is not handled yet (pending, or being handled). */
    private long traps;
    private boolean handling;
    /** The instruction count when the last trap was taken and when it was handled (-1: none, or not yet). */
    private long lastTrapAt = -1;
    private long lastDoneAt = -1;
    /** The moments of the last two faults. */
    private Position lastFault;
    private Position previousFault;
    /** A forward run of this class is under way (the debugger's hooks are quiet), and the trap it stops at. */
    private boolean replaying;
    private long stopAtTrap = -1;
    /** A scan in progress (see {@link #scan}), its horizon, and an event stop waiting for the trap's end. */
    private TimeTravel.Scan scan;
    private Position scanUntil;
    private boolean scanEvent;

    private void resetClock() {
        traps = 0;
        handling = false;
        lastTrapAt = lastDoneAt = -1;
        lastFault = previousFault = null;
    }

    private ClockState saveClock() {
        return new ClockState(traps, handling, lastTrapAt, lastDoneAt, lastFault, previousFault);
    }

    private void loadClock(ClockState s) {
        traps = s.traps();
        handling = s.handling();
        lastTrapAt = s.lastTrapAt();
        lastDoneAt = s.lastDoneAt();
        lastFault = s.lastFault();
        previousFault = s.previousFault();
    }

    /** A forward run of this class (a replay or a scan) is under way: the debugger hears nothing of it. */
    boolean replaying() {
        return replaying;
    }

    /** The scan in progress, or null. */
    TimeTravel.Scan scanning() {
        return scan;
    }

    /**
     * The machine took a trap (before handling it): counts it, remembers a fault, tells a scan. Returns whether
     * a forward run of this class must stop here (its target trap, or a scan's horizon); outside those runs
     * (see {@link #replaying()}) the debugger decides.
     */
    boolean trapTaken(int pid, TrapCause cause, int epc, int tval, boolean fault) {
        long at = target.instret(machine);
        boolean pendingMoments = target.pendingMoments();
        if (fault) {
            previousFault = lastFault;
            // the fault's moment: taken and not yet handled, or (taken whole) the moment just before it
            lastFault = pendingMoments ? new Position(at, traps + 1, true) : new Position(at, traps, false);
        }
        traps++;
        handling = true;
        lastTrapAt = at;
        lastDoneAt = -1;
        if (scan != null) {
            Position taken = new Position(at, traps, pendingMoments);
            if (taken.compareTo(scanUntil) < 0 && scan.trap(pid, cause, epc, tval)) scan.stop(taken);
            return at >= scanUntil.instret(); // at the horizon's instruction: trap by trap
        }
        return traps == stopAtTrap;
    }

    /** The machine is done with the last trap; a moment between traps, where a checkpoint may be taken. */
    void trapHandled() {
        handling = false;
        lastDoneAt = target.instret(machine);
        if (scan != null && scanEvent) {
            scanEvent = false;
            Position p = now();
            if (p.compareTo(scanUntil) < 0) scan.stop(p);
        }
    }

    /** A scan's catchpoint stops once the present trap is handled (a signal raised, a page swapped). */
    void stopAfterTrap() {
        scanEvent = true;
    }

    /** A scan's catchpoint stops at an event with no moment of its own: at the trap being handled. */
    void stopAtTrap() {
        Position at = new Position(lastTrapAt, traps, true);
        if (at.compareTo(scanUntil) < 0) scan.stop(at);
    }

    /**
     * Where the present machine is. The middle of a trap's handling (a debugger stopped at a signal, at a
     * fault the kernel takes for a syscall) has no position: let the trap finish first.
     */
    @Override
    public Position now() {
        if (insideTrap()) {
            throw new IllegalStateException("TimeTravel.now: the kernel is in the middle of trap " + traps
                    + ", which has no position: let it finish first");
        }
        long stuck = target.stuckOnTrap(machine) ? 1 : 0;
        return new Position(target.instret(machine), traps + stuck, target.trapPending(machine));
    }

    /** The machine is handling a trap and stopped half-way (a debugger hook parked it): no position names this. */
    boolean insideTrap() {
        return handling && !target.trapPending(machine) && !target.stopped(machine);
    }

    /** Handles the trap the debugger stopped before, and lets the clock see it end. */
    void handlePendingTrap() {
        target.handlePendingTrap(machine);
        trapHandled();
        passing();
    }

    /** A moment between traps: a checkpoint may be taken here. */
    void passing() {
        if (!target.stopped(machine) && !target.trapPending(machine) && !insideTrap()) passing(now());
    }

    @Override
    public Position previousStep() {
        Position p = now();
        if (p.pending() || target.stuckOnTrap(machine)) return new Position(p.instret(), p.traps() - 1, false);
        if (p.equals(Position.START)) return null;
        if (p.traps() > 0 && lastDoneAt == p.instret()) { // the last step took a trap
            return target.pendingMoments() ? new Position(lastTrapAt, p.traps(), true)
                    : new Position(lastTrapAt, p.traps() - 1, false);
        }
        return new Position(p.instret() - 1, p.traps(), false);
    }

    @Override
    public Position lastFault() {
        if (target.stuckOnTrap(machine)) {
            return target.stuckOnFault(machine) ? new Position(target.instret(machine), traps, false) : null;
        }
        Position p = now();
        if (lastFault != null && lastFault.compareTo(p) < 0) return lastFault;
        if (previousFault != null && previousFault.compareTo(p) < 0) return previousFault;
        return null;
    }

    // ------------------------------------------------------------------ running forward

    @Override
    public M goTo(Position to) {
        before(to);
        replaying = true;
        try {
            while (true) {
                Position p = now();
                int c = p.compareTo(to);
                if (c == 0) break;
                if (c > 0 || target.stopped(machine)) {
                    throw new IllegalStateException("TimeTravel.goTo: the replay passed " + to + " at " + p);
                }
                if (target.trapPending(machine)) {
                    handlePendingTrap();
                    continue;
                }
                stopAtTrap = to.traps();
                // at the target's instruction count, its remaining traps come with the next instruction
                target.run(machine, p.instret() < to.instret() ? stretch(p, to.instret()) : to.instret() + 1);
                passing();
            }
        } finally {
            replaying = false;
            stopAtTrap = -1;
        }
        return machine;
    }

    @Override
    public M goToInstruction(long instret) {
        beforeInstruction(instret);
        replaying = true;
        try {
            while (target.instret(machine) < instret && !target.stopped(machine)) {
                if (target.trapPending(machine)) {
                    handlePendingTrap();
                } else {
                    target.run(machine, stretch(now(), instret));
                    passing();
                }
            }
        } finally {
            replaying = false;
        }
        return machine;
    }

    /**
     * Replays the run from its start up to {@code until} (exclusive), telling {@code s} every moment at which
     * a forward {@code continue} would have stopped. Leaves the machine somewhere before until; a
     * {@link #goTo} follows.
     */
    @Override
    public void scan(Position until, TimeTravel.Scan s) {
        fromStart(); // a scan must see every moment from the start
        replaying = true;
        scan = s;
        scanUntil = until;
        try {
            while (true) {
                Position p = now();
                if (p.compareTo(until) >= 0 || target.stopped(machine)) break;
                if (target.trapPending(machine)) {
                    handlePendingTrap();
                    Position h = now();
                    if (s.eachInstruction() && s.watchChanged() && h.compareTo(until) < 0) s.stop(h);
                    continue;
                }
                long limit = s.eachInstruction() || p.instret() == until.instret() ? p.instret() + 1
                        : stretch(p, until.instret());
                target.run(machine, limit);
                passing();
                Position q = now();
                if (!q.pending() && q.instret() == limit && q.compareTo(until) < 0 && s.eachInstruction()
                        && s.breakpoint(target.pc(machine))) {
                    s.stop(q);
                }
                if (q.compareTo(until) < 0 && s.eachInstruction() && s.watchChanged()) s.stop(q);
            }
        } finally {
            replaying = false;
            scan = null;
            scanEvent = false;
        }
    }

    /**
     * Where a forward run should stop on its way to limit: limit, or sooner, where a checkpoint is due (a
     * run stopped anywhere goes on exactly as one not stopped).
     */
    private long stretch(Position p, long limit) {
        return interval == 0 ? limit : Math.min(limit, p.instret() + interval);
    }

    // ------------------------------------------------------------------ booting, copying, restoring

    private void boot() throws IOException {
        resetClock();
        machine = target.boot(new Streams(in, out, err, trace, files == null ? null : files.root(),
                files == null ? null : files.swapFile()));
        pages = new IdentityHashMap<>();
        lastFiles = null;
        previousPages = List.of();
        lastAt = 0;
        lastNew = 0;
        target.adopt(machine);
    }

    private void discard() {
        if (machine != null) target.discard(machine);
    }

    private Checkpoints.Checkpoint take(Position at) throws IOException {
        Map<Object, Object> subs = new IdentityHashMap<>();
        for (Object o : target.sessionObjects()) subs.put(o, o);
        for (Object o : List.of(in, out)) subs.put(o, o);
        for (Object o : new Object[] {err, trace}) if (o != null) subs.put(o, o);
        subs.putAll(target.substitutesOut());
        Map<Class<?>, DeepCopy.Rule> rules = Map.of(RandomAccessFile.class, (raf, copier) -> swapToken());
        DeepCopy copier = new DeepCopy(subs, rules, pages);
        Object copy = copier.copy(machine);
        Object extra = target.extra(machine);
        PrivateFiles.Contents contents = files == null ? null : files.contents(lastFiles);
        lastFiles = contents;
        pages = new IdentityHashMap<>(copier.pages());
        List<Object> distinct = new java.util.ArrayList<>(copier.pages().values());
        if (contents != null) contents.pieces(distinct::add);
        long full = copier.bytes();
        for (Object page : distinct) full += Checkpoints.bytesOf(page);
        long fresh = copier.bytes();
        java.util.Set<Object> before = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        before.addAll(previousPages);
        // The first checkpoint of a run copies every page once, whatever the program does: spacing the next
        // by it would leave a big machine with one checkpoint near the start and long replays from it.
        if (!previousPages.isEmpty()) {
            for (Object page : distinct) if (!before.contains(page)) fresh += Checkpoints.bytesOf(page);
        }
        previousPages = distinct;
        List<PrintStream> prints = copier.prints();
        boolean[] errors = new boolean[prints.size()];
        for (int i = 0; i < errors.length; i++) errors[i] = prints.get(i).checkError();
        return new Checkpoints.Checkpoint(at, copy, saveClock(), extra, in.mark(), out.mark(),
                err == null ? null : err.mark(), trace == null ? null : trace.mark(), contents, distinct, copier.bytes(),
                full, fresh, prints, errors);
    }

    /** The token of the swap file's handle (the only host file a machine keeps open). */
    private RandomAccessFile swapToken() {
        if (files == null || files.swapFile() == null) {
            throw new DeepCopy.Refused("cannot copy an open host file other than the private swap file");
        }
        if (swapToken == null) {
            try {
                swapToken = new RandomAccessFile(files.swapFile().toFile(), "r");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return swapToken;
    }

    /**
     * A shared print stream that has failed since the checkpoint was taken would fail too early in a replay
     * from it (its error flag cannot be set back): such a checkpoint is not used.
     */
    private static boolean usable(Checkpoints.Checkpoint c) {
        for (int i = 0; i < c.prints().size(); i++) {
            if (!c.printErrors()[i] && c.prints().get(i).checkError()) return false;
        }
        return true;
    }

    /**
     * Each page of the latest checkpoint made or restored, to the array of the discarded machine it was copied
     * from or to: a restore takes that array over when it still holds the same bytes, instead of copying the
     * page again (most frames of a big machine do not change between a checkpoint and a trip back to it). The
     * discarded machine never runs again, and a checkpoint's pages are never written, so nothing is shared
     * with anything that changes it.
     */
    private Map<Object, Object> reusable() {
        Map<Object, Object> reuse = new IdentityHashMap<>();
        for (Map.Entry<Object, Object> e : pages.entrySet()) reuse.put(e.getValue(), e.getKey());
        if (reuse.size() != pages.size()) return Map.of(); // two arrays to one page: never made, but never share
        return reuse;
    }

    @SuppressWarnings("unchecked")
    private M restore(Checkpoints.Checkpoint c) {
        discard();
        replays++;
        restores++;
        try {
            if (files != null) files.restore(c.files());
            Map<Object, Object> subs = new IdentityHashMap<>();
            for (Object o : target.sessionObjects()) subs.put(o, o);
            for (Object o : List.of(in, out)) subs.put(o, o);
            for (Object o : new Object[] {err, trace}) if (o != null) subs.put(o, o);
            subs.putAll(target.substitutesIn(c.extra()));
            if (swapToken != null) subs.put(swapToken, new RandomAccessFile(files.swapFile().toFile(), "rw"));
            DeepCopy copier = new DeepCopy(subs, Map.of(), reusable());
            machine = (M) copier.copy(c.machine());
            pages = new IdentityHashMap<>();
            for (Map.Entry<Object, Object> e : copier.pages().entrySet()) pages.put(e.getValue(), e.getKey());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        lastFiles = c.files();
        previousPages = c.pages();
        lastAt = c.at().instret();
        lastNew = c.newBytes();
        in.reset(c.stdin());
        out.reset(c.out());
        if (err != null) err.reset(c.err());
        if (trace != null) trace.reset(c.trace());
        loadClock((ClockState) c.clock());
        target.adopt(machine);
        return machine;
    }
}
