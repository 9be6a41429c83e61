package dev.faultline.policy;

/** A candidate drawn at random (seeded by {@code --seed}, so runs repeat). */
final class RandomPolicy implements ReplacementPolicy {
    private SeededRandom random;

    @Override
    public void start(int frames, long seed) {
        random = new SeededRandom(seed);
    }

    @Override
    public void added(int frame) {
    }

    @Override
    public void removed(int frame) {
    }

    @Override
    public int victim(Candidates candidates) {
        int[] offered = candidates.toArray();
        return offered[random.nextInt(offered.length)];
    }
}
