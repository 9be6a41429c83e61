package dev.faultline.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The random policy's generator draws what java.util.Random draws, for any seed and bound. */
class SeededRandomTest {
    @Test
    void drawsAsJavaUtilRandom() {
        Random seeds = new Random(42);
        for (int trial = 0; trial < 200; trial++) {
            long seed = trial < 5 ? trial - 2 : seeds.nextLong();
            Random jdk = new Random(seed);
            SeededRandom ours = new SeededRandom(seed);
            for (int i = 0; i < 500; i++) {
                int bound = 1 + (i * 7919 + trial) % 3000;
                if (i % 5 == 0) bound = 1 << (i % 31); // powers of two take the other path
                if (i % 11 == 0) bound = Integer.MAX_VALUE; // many draws are thrown away here
                assertEquals(jdk.nextInt(bound), ours.nextInt(bound), "seed " + seed + " draw " + i + " bound " + bound);
            }
        }
    }
}
