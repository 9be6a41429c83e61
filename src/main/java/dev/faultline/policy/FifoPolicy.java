package dev.faultline.policy;

import java.util.LinkedHashSet;

/** First in, first out: the candidate whose page was loaded longest ago. */
final class FifoPolicy implements ReplacementPolicy {
    private final LinkedHashSet<Integer> order = new LinkedHashSet<>();

    @Override
    public void added(int frame) {
        order.add(frame);
    }

    @Override
    public void removed(int frame) {
        order.remove(frame);
    }

    @Override
    public int victim(Candidates candidates) {
        for (int frame : order) {
            if (candidates.contains(frame)) return frame;
        }
        return -1;
    }
}
