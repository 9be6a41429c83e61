package dev.faultline.kernel;

/**
 * Notices an instruction that traps again and again without retiring: the same process, the same pc, and
 * no instruction retired anywhere since the last trap. After {@code limit} such traps in a row the
 * instruction is stuck and restarting it would go on for ever.
 */
final class ProgressGuard {
    private final int limit;
    private int pid = -1;
    private int pc;
    private long at = -1;
    private int count;

    ProgressGuard(int limit) {
        if (limit < 1) throw new IllegalArgumentException("ProgressGuard: limit must be at least 1, not " + limit);
        this.limit = limit;
    }

    /** Records one trap of process pid at pc when {@code instret} instructions had retired; false once stuck. */
    boolean progressing(int pid, int pc, long instret) {
        if (pid == this.pid && pc == this.pc && instret == at) return ++count < limit;
        this.pid = pid;
        this.pc = pc;
        this.at = instret;
        this.count = 0;
        return true;
    }

    /** The last trap and how often it came, as text for {@link StateDump}. */
    String state() {
        return String.format("%d@%08x x%d at %d", pid, pc, count, at);
    }
}
