package dev.faultline.policy;

import java.util.concurrent.TimeUnit;

/**
 * A plug-in policy behind a guard. Every call runs with a time limit watched by a daemon thread; an
 * exception, a call that does not return in time, or a victim that was not offered becomes a
 * {@link PolicyFailure} whose message names the policy and the call. The message depends only on what the
 * policy did, never on timing (the limit is generous: a policy that needs it is stuck).
 */
final class GuardedPolicy implements ReplacementPolicy, AutoCloseable {
    static final long DEFAULT_LIMIT_MILLIS = 2000;

    private static final int START = 0, WANTS = 1, ADDED = 2, REFERENCED = 3, REMOVED = 4, VICTIM = 5, CONSTRUCT = 6;

    private final String name;
    private final ReplacementPolicy inner;
    private final long limitNanos;
    private final long limitMillis;
    private Thread owner;
    private Thread watchdog;
    /** The call in progress (a code above) and its argument, or -1; guarded by this. */
    private int call = -1;
    private int arg;
    private long since;
    private boolean timedOut;
    private boolean closed;

    GuardedPolicy(String name, ReplacementPolicy inner, long limitMillis) {
        this.name = name;
        this.inner = inner;
        this.limitMillis = limitMillis;
        this.limitNanos = TimeUnit.MILLISECONDS.toNanos(limitMillis);
    }

    @Override
    public void start(int frames, long seed) {
        enter(START, frames);
        try {
            inner.start(frames, seed);
            leave();
        } catch (Throwable t) {
            throw failure(t);
        }
    }

    @Override
    public boolean wantsReferences() {
        enter(WANTS, 0);
        try {
            boolean b = inner.wantsReferences();
            leave();
            return b;
        } catch (Throwable t) {
            throw failure(t);
        }
    }

    @Override
    public void added(int frame) {
        enter(ADDED, frame);
        try {
            inner.added(frame);
            leave();
        } catch (Throwable t) {
            throw failure(t);
        }
    }

    @Override
    public void referenced(int frame) {
        enter(REFERENCED, frame);
        try {
            inner.referenced(frame);
            leave();
        } catch (Throwable t) {
            throw failure(t);
        }
    }

    @Override
    public void removed(int frame) {
        enter(REMOVED, frame);
        try {
            inner.removed(frame);
            leave();
        } catch (Throwable t) {
            throw failure(t);
        }
    }

    @Override
    public int victim(Candidates candidates) {
        int frame;
        enter(VICTIM, 0);
        try {
            frame = inner.victim(candidates);
            leave();
        } catch (Throwable t) {
            throw failure(t);
        }
        if (!candidates.contains(frame)) {
            throw new PolicyFailure("policy " + name + " returned frame " + frame + " from victim(), which is not "
                    + "one of the " + candidates.count() + " candidates offered");
        }
        return frame;
    }

    /** Stops the watchdog (the end of the run). */
    @Override
    public synchronized void close() {
        closed = true;
        notifyAll();
    }

    private synchronized void enter(int what, int argument) {
        if (owner == null) {
            owner = Thread.currentThread();
            watchdog = new Thread(this::watch, "policy-watchdog");
            watchdog.setDaemon(true);
            watchdog.start();
        }
        call = what;
        arg = argument;
        since = System.nanoTime();
    }

    private synchronized void leave() {
        call = -1;
    }

    private PolicyFailure failure(Throwable t) {
        String where;
        boolean late;
        synchronized (this) {
            where = callName(call, arg);
            late = timedOut;
            call = -1;
            closed = true; // the run ends here: the watchdog may go
            notifyAll();
        }
        if (t instanceof PolicyFailure f) return f;
        if (late) {
            return new PolicyFailure("policy " + name + " did not return from " + where + " within " + limitMillis
                    + " ms");
        }
        return new PolicyFailure("policy " + name + " failed in " + where + ": " + describe(t));
    }

    static String describe(Throwable t) {
        String s = t.getClass().getName();
        if (t.getMessage() != null) s += ": " + t.getMessage();
        StackTraceElement[] st = t.getStackTrace();
        for (StackTraceElement e : st) {
            if (e.getFileName() != null && e.getFileName().endsWith(".java") && e.getLineNumber() > 0
                    && !e.getClassName().startsWith("java.") && !e.getClassName().startsWith("jdk.")
                    && !e.getClassName().startsWith("dev.faultline.")) {
                return s + " (at " + e.getFileName() + ":" + e.getLineNumber() + ")";
            }
        }
        return s;
    }

    private static String callName(int call, int arg) {
        return switch (call) {
            case START -> "start(" + arg + ", seed)";
            case WANTS -> "wantsReferences()";
            case ADDED -> "added(" + arg + ")";
            case REFERENCED -> "referenced(" + arg + ")";
            case REMOVED -> "removed(" + arg + ")";
            case VICTIM -> "victim()";
            case CONSTRUCT -> "its constructor";
            default -> "a call";
        };
    }

    /** The watchdog: stops the owner thread when one call has run longer than the limit. */
    @SuppressWarnings({"removal", "deprecation"})
    private void watch() {
        synchronized (this) {
            while (!closed && owner.isAlive()) {
                try {
                    wait(Math.max(1, limitMillis / 20));
                } catch (InterruptedException e) {
                    return;
                }
                if (call >= 0 && !timedOut && System.nanoTime() - since > limitNanos) {
                    timedOut = true;
                    try {
                        owner.stop();
                    } catch (UnsupportedOperationException e) {
                        owner.interrupt(); // newer JDKs: only a policy that sleeps or waits can be stopped
                    }
                    return;
                }
            }
        }
    }
}
