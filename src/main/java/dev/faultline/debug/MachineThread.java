package dev.faultline.debug;

import java.util.concurrent.SynchronousQueue;

/**
 * The thread the debugged machine runs on. The debugger hands it one piece of work at a time and waits: the
 * work either finishes, or stops half-way inside the kernel ({@link #park}, called from a kernel hook), so the
 * debugger can show the state in the middle of a syscall or just before a signal acts, then {@link #resume}
 * it. Only one of the two threads runs at any moment, and every hand-over goes through a synchronous queue,
 * so the debugger reads the machine's state exactly as the machine left it.
 */
final class MachineThread {
    /** What {@link #submit} and {@link #resume} return. */
    enum Outcome { DONE, PARKED }

    private static final Object DONE = new Object(), PARKED = new Object();
    private static final Runnable QUIT = () -> { };

    private final SynchronousQueue<Runnable> work = new SynchronousQueue<>();
    private final SynchronousQueue<Object> back = new SynchronousQueue<>();
    private final SynchronousQueue<Boolean> wake = new SynchronousQueue<>();
    private final Thread thread;
    private boolean parked;
    private boolean closed;

    MachineThread() {
        thread = new Thread(null, this::serve, "faultline-machine", 64L << 20);
        thread.setDaemon(true);
        thread.start();
    }

    boolean parked() {
        return parked;
    }

    /** Runs work on the machine thread; returns when it finished or parked. */
    Outcome submit(Runnable task) {
        if (parked) throw new IllegalStateException("MachineThread.submit: the machine is parked inside the kernel");
        put(work, task);
        return answer();
    }

    /** Lets parked work go on; returns when it finished or parked again. */
    Outcome resume() {
        if (!parked) return Outcome.DONE;
        parked = false;
        put(wake, Boolean.TRUE);
        return answer();
    }

    /** Called on the machine thread, from a kernel hook: stop here until {@link #resume}. */
    void park() {
        put(back, PARKED);
        take(wake);
    }

    /** Lets parked work finish (the caller has arranged for it to end soon), then ends the thread. */
    void close() {
        if (closed) return;
        while (parked) resume();
        closed = true;
        put(work, QUIT);
    }

    private Outcome answer() {
        Object o = take(back);
        if (o == PARKED) {
            parked = true;
            return Outcome.PARKED;
        }
        if (o instanceof RuntimeException e) throw e;
        if (o instanceof Error e) throw e;
        return Outcome.DONE;
    }

    private void serve() {
        while (true) {
            Runnable task = take(work);
            if (task == QUIT) return;
            Object result = DONE;
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                result = e;
            }
            put(back, result);
        }
    }

    private static <T> void put(SynchronousQueue<T> q, T v) {
        while (true) {
            try {
                q.put(v);
                return;
            } catch (InterruptedException e) {
                // the hand-over must happen: only the other thread can end the wait
            }
        }
    }

    private static <T> T take(SynchronousQueue<T> q) {
        while (true) {
            try {
                return q.take();
            } catch (InterruptedException e) {
                // as in put
            }
        }
    }
}
