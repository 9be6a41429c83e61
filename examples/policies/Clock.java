import dev.faultline.policy.Candidates;
import dev.faultline.policy.ReplacementPolicy;

/**
 * Clock, or second chance, as a plug-in: a hand sweeps the frames in a circle. A page whose A bit the MMU
 * has set since the hand last passed gets a second chance (the bit is cleared and the hand moves on); the
 * first page found without it goes.
 *
 *     ./faultline compare examples/swapping.s --policies clock,examples/policies/Clock.java --frames 8,12
 *
 * It gives exactly the rows of the built-in clock.
 */
public class Clock implements ReplacementPolicy {
    private int frames;
    private int hand;

    @Override
    public void start(int frames, long seed) {
        this.frames = frames;
    }

    @Override
    public void added(int frame) {
    }

    @Override
    public void removed(int frame) {
    }

    @Override
    public int victim(Candidates candidates) {
        // Two turns are always enough: the first clears every A bit it meets.
        for (int step = 0; step < 2 * frames + 1; step++) {
            int frame = hand;
            hand = (hand + 1) % frames;
            if (!candidates.contains(frame)) continue;   // free, a page table, or pinned
            if (candidates.clearReferenced(frame)) continue; // used lately: a second chance
            return frame;
        }
        throw new IllegalStateException("the hand went round twice without a victim");
    }
}
