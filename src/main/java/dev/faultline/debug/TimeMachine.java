package dev.faultline.debug;

import dev.faultline.debug.TimeTravel.Position;
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
 * kernel) made while the run passed there. {@link TimeTravel} and {@link BareTimeTravel} count the moments
 * of their machine (a {@link Position}) and run it forward; this class gives them a machine to start from.
 *
 * <p>What already left the machine stays: stdout, stderr and the trace go through {@link Tail}s, which drop
 * the bytes a replay writes again; stdin is served from a {@link StdinRecording}; files under {@code --root}
 * and the swap file live in {@link PrivateFiles}. A checkpoint holds where each of these was, and the private
 * files' contents.
 *
 * @param <M> the machine
 */
final class TimeMachine<M> {
    /** The streams and files a machine is booted with. */
    record Streams(InputStream in, OutputStream out, OutputStream err, OutputStream trace, Path root, Path swapFile) {}

    /** What differs between the machines: booting one, and the state kept beside it (the moments' clock). */
    interface Target<M> {
        /** A freshly booted machine, stopped before its first instruction. */
        M boot(Streams s) throws IOException;

        /** Installs the clock's hooks in a new machine (booted or restored). */
        void adopt(M m);

        /** Writes out what the machine has buffered and lets go of its files: it is replaced. */
        void discard(M m);

        /** The clock's state, to keep in a checkpoint (a value that never changes), and putting it back. */
        Object clock();

        void clock(Object saved);

        /** The clock of a machine just booted. */
        void resetClock();

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

    M present() {
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

    // ------------------------------------------------------------------ booting, copying, restoring

    private void boot() throws IOException {
        target.resetClock();
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
        for (Object page : distinct) if (!before.contains(page)) fresh += Checkpoints.bytesOf(page);
        previousPages = distinct;
        List<PrintStream> prints = copier.prints();
        boolean[] errors = new boolean[prints.size()];
        for (int i = 0; i < errors.length; i++) errors[i] = prints.get(i).checkError();
        return new Checkpoints.Checkpoint(at, copy, target.clock(), extra, in.mark(), out.mark(),
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
            DeepCopy copier = new DeepCopy(subs, Map.of(), Map.of());
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
        target.clock(c.clock());
        target.adopt(machine);
        return machine;
    }
}
