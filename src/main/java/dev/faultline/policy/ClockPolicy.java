package dev.faultline.policy;

/** Clock (second chance): a hand sweeps the frames; a referenced page has its A bit cleared and is passed over once. */
final class ClockPolicy implements ReplacementPolicy {
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
        for (int step = 0; step < 2 * frames + 1; step++) {
            int frame = hand;
            hand = (hand + 1) % frames;
            if (!candidates.contains(frame)) continue;
            if (candidates.clearReferenced(frame)) continue;
            return frame;
        }
        return -1;
    }
}
