package dev.faultline.kernel;

import dev.faultline.abi.Signal;
import dev.faultline.trace.Stats;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;

/**
 * The processes, apart from trap entry and from scheduling: pids, parents and children, zombies and their
 * reaping, orphans adopted by process 1, what finished processes leave for the statistics, and whom the
 * OOM killer picks. Tearing a process's resources down (files, address space) is the kernel's part of exit;
 * this table does the family's part.
 */
final class ProcessTable {
    private final TreeMap<Integer, Process> procs = new TreeMap<>();
    private final Scheduler sched;
    private final List<Stats.ProcessStats> finished = new ArrayList<>();
    private int nextPid = 1;
    private int max;
    /** Forks that succeeded (the statistics' {@code forks}). */
    long forks;
    private Integer initStatus;

    ProcessTable(Scheduler sched) {
        this.sched = sched;
    }

    /** A new process with the next pid, the child of {@code parent} (null for process 1). */
    Process create(Process parent) {
        Process p = new Process(nextPid++, parent);
        procs.put(p.pid, p);
        if (parent != null) parent.children.add(p);
        max = Math.max(max, procs.size());
        return p;
    }

    /** Process 1, with the host's stdin, stdout and stderr as its fds 0, 1 and 2. */
    Process createInit() {
        Process init = create(null);
        init.fds[0] = new OpenFile(OpenFile.Kind.STDIN, null, true, false, false);
        init.fds[1] = new OpenFile(OpenFile.Kind.STDOUT, null, false, true, false);
        init.fds[2] = new OpenFile(OpenFile.Kind.STDERR, null, false, true, false);
        return init;
    }

    Process get(int pid) {
        return procs.get(pid);
    }

    /** Every process not yet reaped, in pid order. */
    Collection<Process> all() {
        return procs.values();
    }

    /** Processes not yet reaped, zombies included. */
    int count() {
        return procs.size();
    }

    /** The most processes that existed at once. */
    int max() {
        return max;
    }

    /** Process 1's exit status, or null while it lives. */
    Integer initStatus() {
        return initStatus;
    }

    /** The statistics of every process that exited, in the order they exited. */
    List<Stats.ProcessStats> finished() {
        return finished;
    }

    /** Removes a zombie for good. */
    void reap(Process p) {
        procs.remove(p.pid);
        if (p.parent != null) p.parent.children.remove(p);
    }

    /**
     * The family's part of p's exit (its resources are gone, it is a zombie with this status): its statistics
     * are kept, its children go to process 1, and it is reaped at once if no parent will wait for it, or else
     * its parent is woken and told with SIGCHLD if it handles it.
     */
    void exited(Process p, int status) {
        finished.add(new Stats.ProcessStats(p.pid, p.counters, p.residentPeak, status));
        if (p.pid == 1) initStatus = status;
        Process init = procs.get(1);
        for (Process child : p.children) {
            child.parent = init != null && init.alive() ? init : null;
            child.orphan = true;
            if (child.parent != null) init.children.add(child);
            if (!child.alive()) reap(child);
        }
        p.children.clear();
        if (p.orphan || p.parent == null) {
            reap(p);
        } else {
            Process parent = p.parent;
            if (parent.state == Process.State.WAITING) sched.wake(parent);
            if (parent.handlers[Signal.SIGCHLD] > Signal.SIG_IGN) parent.pending |= 1 << Signal.SIGCHLD;
        }
    }

    /**
     * The OOM killer's choice: the process with the largest footprint (the last on a tie), never process 1
     * while another process holds memory; null when no process holds a page.
     */
    Process oomVictim() {
        Process victim = null;
        for (Process p : procs.values()) {
            if (!p.alive() || p.space == null || p.pid == 1) continue; // as Linux never picks init
            if (victim == null || footprint(p) >= footprint(victim)) victim = p;
        }
        Process init = procs.get(1);
        if (victim == null && init != null && init.alive() && init.space != null) victim = init; // the last one left
        return victim;
    }

    /** What killing p would free: its resident pages and its page tables (as Linux's oom_badness counts). */
    private static int footprint(Process p) {
        return p.space.resident + p.space.tableCount + 1;
    }

    /** The next pid, the most processes at once and process 1's status, as text for {@link StateDump}. */
    String state() {
        return "next-pid " + nextPid + " max " + max + " init " + initStatus;
    }
}
