import dev.faultline.policy.Candidates;
import dev.faultline.policy.ReplacementPolicy;

/**
 * Aging (Tanenbaum, Modern Operating Systems, 3.4.7): an approximation of LRU that needs only the A bit.
 * Each frame has an 8-bit counter. Whenever a page must go, every counter is shifted right by one and the
 * frame's A bit (then cleared) enters at the left; the page with the smallest counter goes. A page used at
 * every recent sweep has a large counter; one untouched for eight sweeps has counter 0.
 *
 * Unlike clock, which only knows "used since the hand last passed", aging remembers eight sweeps of
 * history, so among pages that all look idle it prefers to evict the one idle longest. Ties go to the page
 * that arrived first.
 *
 *     ./faultline compare examples/swapping.s --policies clock,lru,examples/policies/Aging.java --frames 8,12
 */
public class Aging implements ReplacementPolicy {
    private int[] age;
    private long[] arrived;
    private long arrivals;

    @Override
    public void start(int frames, long seed) {
        age = new int[frames];
        arrived = new long[frames];
    }

    @Override
    public void added(int frame) {
        age[frame] = 0x80; // just loaded: as if referenced in the last sweep
        arrived[frame] = ++arrivals;
    }

    @Override
    public void removed(int frame) {
        age[frame] = 0;
    }

    @Override
    public int victim(Candidates candidates) {
        int best = -1;
        for (int frame : candidates.toArray()) {
            age[frame] = (age[frame] >>> 1) | (candidates.clearReferenced(frame) ? 0x80 : 0);
            if (best < 0 || age[frame] < age[best] || age[frame] == age[best] && arrived[frame] < arrived[best]) {
                best = frame;
            }
        }
        return best;
    }
}
