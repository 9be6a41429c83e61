import dev.faultline.policy.Candidates;
import dev.faultline.policy.ReplacementPolicy;

/**
 * THE TEACHER'S REFERENCE SOLUTION of the policy assignment (examples/course/policy): do not hand it out.
 *
 * Least frequently used, ties to the newest page. Each frame counts the references to its page since the page
 * arrived (wantsReferences: the kernel reports every access). The page with the fewest goes; among equals, the
 * one loaded last. The code and the hot pages build up large counts and stay; a page that was only scanned has
 * a count of one. On a loop over more pages than frames, evicting the newest keeps a fixed set of the loop's
 * pages resident, so only the rest fault on each pass, where clock (like fifo and lru) evicts each page just
 * before the loop comes back to it.
 *
 *     ./faultline compare examples/course/policy/cases/scan.s --frames 20 \
 *         --policies clock,examples/course/policy/solution/Better.java
 */
public class Better implements ReplacementPolicy {
    private long[] uses;
    private long[] arrived;
    private long arrivals;

    @Override
    public void start(int frames, long seed) {
        uses = new long[frames];
        arrived = new long[frames];
    }

    @Override
    public boolean wantsReferences() {
        return true;
    }

    @Override
    public void added(int frame) {
        uses[frame] = 1;
        arrived[frame] = ++arrivals;
    }

    @Override
    public void referenced(int frame) {
        uses[frame]++;
    }

    @Override
    public void removed(int frame) {
        uses[frame] = 0;
    }

    @Override
    public int victim(Candidates candidates) {
        int best = -1;
        for (int frame : candidates.toArray()) {
            if (best < 0 || uses[frame] < uses[best] || uses[frame] == uses[best] && arrived[frame] > arrived[best]) {
                best = frame;
            }
        }
        return best;
    }
}
