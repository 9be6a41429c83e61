package dev.faultline.policy;

import java.util.concurrent.TimeUnit;

/**
 * A plug-in policy behind a guard. Its construction (static initializer included) and every call run with a
 * time limit watched by a daemon thread; an exception, a call that does not return in time, or a victim that
 * was not offered becomes a {@link PolicyFailure} whose message names the policy and the call. The message
 * depends only on what the policy did, never on timing (the limit is generous: a policy that needs it is
 * stuck).
 *
 * <p>A call past its limit is stopped: the watchdog stops the thread running it. A plug-in can defeat that
 * (it catches ThreadDeath and loops on, or the JDK can no longer stop threads); when the call has still not
 * returned after a grace period, the watchdog hands the sentence to the last resort the command installed
 * ({@link Policy#whenStuck}), which ends the process, abandoning the thread. So no plug-in holds a run
 * forever on any JDK.
 */
final class GuardedPolicy implements ReplacementPolicy, AutoCloseable {
    static final long DEFAULT_LIMIT_MILLIS = 2000;
    /** How long a stopped call may take to unwind before the plug-in counts as unstoppable. */
    static final long GRACE_MILLIS = 1000;

    /**
     * What ends the process when a plug-in cannot be stopped: set once by the command's main method, the
     * only code that may end the process. Null (in-process callers, tests) leaves the thread running.
     */
    static volatile java.util.function.Consumer<String> lastResort;

    private static final int START = 0, WANTS = 1, ADDED = 2, REFERENCED = 3, REMOVED = 4, VICTIM = 5, CONSTRUCT = 6;

    /** The plug-in's file name, such as {@code Boom.java}: its name in messages, and its frames in a stack. */
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

    /** A plug-in made by factory under the guard: a constructor or static initializer that loops is stopped. */
    GuardedPolicy(String name, java.util.function.Supplier<ReplacementPolicy> factory, long limitMillis) {
        this.name = name;
        this.limitMillis = limitMillis;
        this.limitNanos = TimeUnit.MILLISECONDS.toNanos(limitMillis);
        ReplacementPolicy made;
        enter(CONSTRUCT, 0);
        try {
            made = factory.get();
            leave();
        } catch (Throwable t) {
            throw failure(t);
        }
        this.inner = made;
        if (made == null) throw new PolicyFailure("policy " + name + " could not be created: its constructor gave null");
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
        if (late) { // the watchdog's stop, however the plug-in's factory wrapped it
            return new PolicyFailure("policy " + name + " did not return from " + where + " within " + limitMillis
                    + " ms");
        }
        if (t instanceof PolicyFailure f) return f;
        if (t instanceof ExceptionInInitializerError e && e.getCause() != null) {
            return new PolicyFailure("policy " + name + " failed in its static initializer: " + describe(e.getCause(), name));
        }
        return new PolicyFailure("policy " + name + " failed in " + where + ": " + describe(t, name));
    }

    /**
     * The exception, and the line of the plug-in's own file (fileName, such as {@code Boom.java}) where it
     * was thrown, when the stack passes through that file.
     */
    static String describe(Throwable t, String fileName) {
        String s = t.getClass().getName();
        if (t.getMessage() != null) s += ": " + t.getMessage();
        for (StackTraceElement e : t.getStackTrace()) {
            if (fileName.equals(e.getFileName()) && e.getLineNumber() > 0) {
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

    /**
     * After a stop: waits a grace period for the call to unwind, then, when it has not, gives the sentence
     * to the last resort. Called holding this monitor; wait releases it so the owner can leave.
     */
    private void awaitUnwinding(int stuckIn) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(GRACE_MILLIS);
        while (!closed && call == stuckIn && System.nanoTime() < deadline) {
            try {
                wait(Math.max(1, GRACE_MILLIS / 20));
            } catch (InterruptedException e) {
                return;
            }
        }
        java.util.function.Consumer<String> end = lastResort;
        if (!closed && call == stuckIn && end != null) {
            end.accept("policy " + name + " did not return from " + callName(call, arg) + " within " + limitMillis
                    + " ms, and could not be stopped");
        }
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
                    int stuckIn = call;
                    try {
                        owner.stop();
                    } catch (UnsupportedOperationException e) {
                        owner.interrupt(); // newer JDKs: only a policy that sleeps or waits can be stopped
                    }
                    awaitUnwinding(stuckIn);
                    return;
                }
            }
        }
    }
}
