package dev.faultline.kernel;

import dev.faultline.trace.TraceKind;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code --inject KIND=N}: counts the host operations of each kind the kernel performs and makes the Nth one
 * fail, once. Every operation that can fail asks {@link #fails} first; a failure writes an {@code inject}
 * trace record and is counted in the statistics ({@code injected}). With nothing armed it costs one array
 * increment per operation.
 */
final class FaultInjector {
    private final Map<InjectKind, TreeSet<Long>> armed = new EnumMap<>(InjectKind.class);
    private final long[] seen = new long[InjectKind.values().length];
    private final KernelEvents events;
    private long injected;
    /** Operations are counted from the first instruction of the run: booting is not part of it. */
    private boolean counting;

    /** events writes the {@code inject} record. */
    FaultInjector(KernelEvents events) {
        this.events = events;
    }

    /** Makes the nth (from 1) operation of kind fail. */
    void arm(InjectKind kind, long n) {
        if (n < 1) throw new IllegalArgumentException("--inject " + kind.cliName() + "=" + n + ": N counts from 1");
        armed.computeIfAbsent(kind, k -> new TreeSet<>()).add(n);
    }

    /** The program is loaded: from now on operations are counted. */
    void start() {
        counting = true;
    }

    /** Counts one operation of kind; true when it is the one to fail (traced and counted). */
    boolean fails(InjectKind kind) {
        if (!counting) return false;
        long n = ++seen[kind.ordinal()];
        TreeSet<Long> targets = armed.get(kind);
        if (targets == null || !targets.remove(n)) return false;
        injected++;
        if (events.on(TraceKind.INJECT)) {
            events.tracer.emit(TraceKind.INJECT, events.now(), events.currentPid(), "kind", kind.cliName(), "n", n);
        }
        return true;
    }

    /** Operations of kind seen so far. */
    long seen(InjectKind kind) {
        return seen[kind.ordinal()];
    }

    /** Failures injected so far. */
    long injected() {
        return injected;
    }
}
