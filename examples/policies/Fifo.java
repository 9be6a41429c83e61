import dev.faultline.policy.Candidates;
import dev.faultline.policy.ReplacementPolicy;
import java.util.LinkedHashSet;

/**
 * First in, first out, as a plug-in: evict the page that was loaded longest ago.
 *
 *     ./faultline run examples/belady.s --frames 7 --policy examples/policies/Fifo.java --stats
 *     ./faultline compare examples/belady.s --policies fifo,examples/policies/Fifo.java --frames 6,7,8
 *
 * It gives exactly the rows of the built-in fifo.
 */
public class Fifo implements ReplacementPolicy {
    /** Frames in the order their pages arrived: the oldest first. */
    private final LinkedHashSet<Integer> arrival = new LinkedHashSet<>();

    @Override
    public void added(int frame) {
        arrival.add(frame);
    }

    @Override
    public void removed(int frame) {
        arrival.remove(frame);
    }

    @Override
    public int victim(Candidates candidates) {
        // The oldest page the kernel offers (a pinned page, or one that found no swap slot, is not offered).
        for (int frame : arrival) {
            if (candidates.contains(frame)) return frame;
        }
        throw new IllegalStateException("no offered frame in the arrival order");
    }
}
