package dev.faultline.debug;

/**
 * The thread the debugged machine runs on. The debugger hands it one piece of work at a time and waits: the
 * work either finishes, or stops half-way inside the kernel ({@link #park}, called from a kernel hook), so the
 * debugger can show the state in the middle of a syscall or just before a signal acts, then {@link #resume}
 * it. Only one of the two threads runs at any moment, and every hand-over waits until the other side has taken it,
 * so the debugger reads the machine's state exactly as the machine left it.
 */
final class MachineThread {
    /** What {@link #submit} and {@link #resume} return. */
    enum Outcome { DONE, PARKED }

    private static final Object DONE = new Object(), PARKED = new Object();
    private static final Runnable QUIT = () -> { };

    private final Handoff<Runnable> work = new Handoff<>();
    private final Handoff<Object> back = new Handoff<>();
    private final Handoff<Boolean> wake = new Handoff<>();
    private final Thread thread;
    private boolean parked;
    private boolean closed;

    MachineThread() {
        thread = Host.thread(this::serve, "faultline-machine");
        thread.start();
    }

    boolean parked() {
        return parked;
    }

    /** Runs work on the machine thread; returns when it finished or parked. */
    Outcome submit(Runnable task) {
        if (parked) throw new IllegalStateException("MachineThread.submit: the machine is parked inside the kernel");
        work.put(task);
        return answer();
    }

    /** Lets parked work go on; returns when it finished or parked again. */
    Outcome resume() {
        if (!parked) return Outcome.DONE;
        parked = false;
        wake.put(Boolean.TRUE);
        return answer();
    }

    /** Called on the machine thread, from a kernel hook: stop here until {@link #resume}. */
    void park() {
        back.put(PARKED);
        wake.take();
    }

    /** Lets parked work finish (the caller has arranged for it to end soon), then ends the thread. */
    void close() {
        if (closed) return;
        while (parked) resume();
        closed = true;
        work.put(QUIT);
    }

    private Outcome answer() {
        Object o = back.take();
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
            Runnable task = work.take();
            if (task == QUIT) return;
            Object result = DONE;
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                result = e;
            }
            back.put(result);
        }
    }

    /**
     * A hand-over between the two threads, as a synchronous queue of one: {@link #put} returns once the other
     * side has taken the value. Plain monitors, so that the browser build's green threads can run it too.
     */
    private static final class Handoff<T> {
        private T item;

        synchronized void put(T value) {
            while (item != null) await();
            item = value;
            notifyAll();
            while (item == value) await();
        }

        synchronized T take() {
            while (item == null) await();
            T value = item;
            item = null;
            notifyAll();
            return value;
        }

        private void await() {
            try {
                wait();
            } catch (InterruptedException e) {
                // the hand-over must happen: only the other thread can end the wait
            }
        }
    }
}
