package dev.faultline.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.faultline.abi.Signal;
import dev.faultline.machine.Machine;
import dev.faultline.trace.Tracer;
import org.junit.jupiter.api.Test;

/** The process table alone: pids, zombies, orphans, SIGCHLD, and the OOM killer's choice. */
class ProcessTableTest {
    private static Scheduler newScheduler() {
        Machine m = Machine.build(8, 4, false);
        return new Scheduler(m.cpu(), Tracer.off(), 100, new Pmap(m.memory(), m.cpu()));
    }

    private final Scheduler sched = newScheduler();
    private final ProcessTable table = new ProcessTable(sched);
    private final Process init = table.create(null);
    private final Process child = table.create(init);
    private final Process grandchild = table.create(child);

    private static void die(Process p, int status) {
        p.state = Process.State.ZOMBIE;
        p.exitStatus = status;
    }

    @Test
    void pidsCountUpAndFamiliesAreLinked() {
        assertEquals(1, init.pid);
        assertEquals(2, child.pid);
        assertEquals(3, grandchild.pid);
        assertSame(init, child.parent);
        assertEquals(1, child.children.size());
        assertEquals(3, table.count());
        assertEquals(3, table.max());
    }

    @Test
    void aChildStaysAZombieForItsParentWhichIsWokenAndToldWithSigchld() {
        init.handlers[Signal.SIGCHLD] = 0x10000;
        init.state = Process.State.WAITING;
        die(child, 7);
        table.exited(child, 7);
        assertSame(child, table.get(2), "a zombie until its parent waits");
        assertEquals(Process.State.RUNNABLE, init.state);
        assertEquals(1 << Signal.SIGCHLD, init.pending);
        assertSame(init, grandchild.parent, "the orphan goes to process 1");
        assertEquals(true, grandchild.orphan);
        assertEquals(1, table.finished().size());
        assertEquals(7, table.finished().get(0).exitStatus());
        table.reap(child);
        assertNull(table.get(2));
        assertEquals(2, table.count());
        assertEquals(3, table.max(), "the most at once");
    }

    @Test
    void anOrphanIsReapedAsSoonAsItExits() {
        die(child, 0);
        table.exited(child, 0);
        die(grandchild, 1);
        table.exited(grandchild, 1);
        assertNull(table.get(3));
        assertNull(table.initStatus());
        die(init, 3);
        table.exited(init, 3);
        assertEquals(3, table.initStatus());
    }

    @Test
    void theOomKillerPicksTheLargestFootprintButSparesProcessOne() {
        init.space = new AddressSpace(0, 1, 0);
        child.space = new AddressSpace(1, 2, 1);
        grandchild.space = new AddressSpace(2, 3, 2);
        init.space.resident = 50;
        child.space.resident = 6;
        grandchild.space.resident = 4;
        grandchild.space.tableCount = 1; // 4 + 1 + 1 = 6 < 6 + 0 + 1
        assertSame(child, table.oomVictim());
        grandchild.space.resident = 5; // 7 = 7: a tie goes to the later pid
        assertSame(grandchild, table.oomVictim());
        grandchild.space = null;
        child.space = null;
        assertSame(init, table.oomVictim(), "the last one left");
        init.space = null;
        assertNull(table.oomVictim());
    }
}
