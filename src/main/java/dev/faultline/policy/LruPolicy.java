package dev.faultline.policy;

/** Exact least recently used: every access stamps its frame; the oldest stamp goes. */
final class LruPolicy implements ReplacementPolicy {
    private long[] stamps;
    private long clock;

    @Override
    public void start(int frames, long seed) {
        stamps = new long[frames];
    }

    @Override
    public boolean wantsReferences() {
        return true;
    }

    @Override
    public void added(int frame) {
        stamps[frame] = ++clock;
    }

    @Override
    public void referenced(int frame) {
        stamps[frame] = ++clock;
    }

    @Override
    public void removed(int frame) {
    }

    @Override
    public int victim(Candidates candidates) {
        int best = -1;
        for (int frame = 0; frame < candidates.frames(); frame++) {
            if (candidates.contains(frame) && (best < 0 || stamps[frame] < stamps[best])) best = frame;
        }
        return best;
    }
}
