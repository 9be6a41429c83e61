package dev.faultline.kernel;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The livelock guard of page faults and of software TLB refill: traps at one pc with nothing retired. */
class ProgressGuardTest {
    @Test
    void theSameInstructionTrappingWithoutRetiringIsStuckAtTheLimit() {
        ProgressGuard g = new ProgressGuard(3);
        assertTrue(g.progressing(1, 0x10000, 50)); // the first trap
        assertTrue(g.progressing(1, 0x10000, 50));
        assertTrue(g.progressing(1, 0x10000, 50));
        assertFalse(g.progressing(1, 0x10000, 50), "the fourth trap in a row with nothing retired");
    }

    @Test
    void anyRetiredInstructionOrAnotherPcOrProcessStartsAfresh() {
        ProgressGuard g = new ProgressGuard(2);
        assertTrue(g.progressing(1, 0x10000, 50));
        assertTrue(g.progressing(1, 0x10000, 50));
        assertTrue(g.progressing(1, 0x10000, 51), "an instruction retired");
        assertTrue(g.progressing(1, 0x10000, 51));
        assertTrue(g.progressing(1, 0x10004, 51), "another pc");
        assertTrue(g.progressing(1, 0x10004, 51));
        assertTrue(g.progressing(2, 0x10004, 51), "another process");
        assertTrue(g.progressing(2, 0x10004, 51));
        assertFalse(g.progressing(2, 0x10004, 51));
    }

    @Test
    void aLimitBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ProgressGuard(0));
    }
}
