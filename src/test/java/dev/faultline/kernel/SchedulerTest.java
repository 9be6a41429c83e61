package dev.faultline.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.faultline.isa.Csr;
import dev.faultline.machine.Machine;
import dev.faultline.trace.Tracer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The scheduler alone: round-robin order, preemption, yield, wait and wake, and switching. */
class SchedulerTest {
    private final Machine machine = Machine.build(8, 4, false);
    private final Pmap pmap = new Pmap(machine.memory(), machine.cpu());
    private final Scheduler sched = new Scheduler(machine.cpu(), Tracer.off(), 100, pmap);
    private final Process p1 = new Process(1, null), p2 = new Process(2, p1), p3 = new Process(3, p1);

    private String order() {
        StringBuilder sb = new StringBuilder();
        List<Process> seen = new ArrayList<>();
        for (Process p = sched.first(); p != null && !seen.contains(p); p = sched.first()) {
            seen.add(p);
            sb.append(p.pid);
            sched.remove(p);
        }
        for (Process p : seen) sched.makeRunnable(p);
        return sb.toString();
    }

    @Test
    void theTimerSendsTheRunningProcessToTheBackOfTheQueue() {
        sched.makeRunnable(p1);
        sched.makeRunnable(p2);
        sched.makeRunnable(p3);
        assertEquals("123", order());
        sched.preempt(p1);
        assertEquals("231", order());
        sched.yield(p2);
        assertEquals("312", order());
        sched.yield(p1); // only the first in line can step back
        assertEquals("312", order());
    }

    @Test
    void aWaitingProcessLeavesTheQueueAndComesBackAtTheEnd() {
        sched.makeRunnable(p1);
        sched.makeRunnable(p2);
        sched.block(p1);
        assertEquals(Process.State.WAITING, p1.state);
        assertEquals("2", order());
        sched.wake(p1);
        assertEquals(Process.State.RUNNABLE, p1.state);
        assertEquals("21", order());
        sched.wake(p1); // not waiting: nothing happens
        assertEquals(2, sched.queued());
    }

    @Test
    void switchingLoadsTheSpaceAndTheRegisters() {
        p2.regs[7] = 42;
        p2.space = pmap.create(5);
        sched.switchTo(p2);
        assertEquals(p2, sched.current());
        assertEquals(0x80000000 | 1 << 22 | 5, machine.cpu().csr(Csr.PTBR), "root frame 5, ASID 1, paging on");
        assertEquals(42, machine.cpu().reg(7));
        machine.cpu().setReg(7, 43);
        sched.saveRegisters(p2);
        assertEquals(43, p2.regs[7]);
        assertEquals(0, sched.instructionsOf(p2));
        sched.idle();
        assertNull(sched.current());
    }
}
