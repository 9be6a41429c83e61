package dev.faultline.classroom;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * The exercise generators of {@code faultline exercise KIND}. A seed drives one
 * {@link SplittableRandom} (SplitMix64, the same numbers on every platform); problem i of {@code --count}
 * draws from the i-th {@link SplittableRandom#split()} of it, so problem 1 is the same whatever the count.
 */
public final class Exercises {
    private Exercises() {}

    /** Seeds are 0 .. MAX_SEED, so that any seed can be typed and printed as it is. */
    public static final long MAX_SEED = 999_999_999L;
    public static final int MAX_COUNT = 100;

    private static final Map<String, Function<SplittableRandom, Problem>> KINDS = new LinkedHashMap<>();

    static {
        KINDS.put("translate", TranslateExercise::make);
        KINDS.put("tlb", TlbExercise::make);
        KINDS.put("policy", PolicyExercise::make);
        KINDS.put("fork", ForkExercise::make);
        KINDS.put("restart", RestartExercise::make);
        KINDS.put("classify", ClassifyExercise::make);
    }

    public static List<String> kinds() {
        return List.copyOf(KINDS.keySet());
    }

    /**
     * count problems of kind from seed; an unknown kind, a seed out of range or a bad count is an
     * IllegalArgumentException whose message is one sentence.
     */
    public static List<Problem> generate(String kind, long seed, int count) {
        Function<SplittableRandom, Problem> maker = KINDS.get(kind);
        if (maker == null) {
            throw new IllegalArgumentException("unknown exercise kind '" + kind + "' (kinds: "
                    + String.join(", ", KINDS.keySet()) + ")");
        }
        if (seed < 0 || seed > MAX_SEED) {
            throw new IllegalArgumentException("--seed must be 0.." + MAX_SEED + ", not " + seed);
        }
        if (count < 1 || count > MAX_COUNT) {
            throw new IllegalArgumentException("--count must be 1.." + MAX_COUNT + ", not " + count);
        }
        SplittableRandom root = new SplittableRandom(seed);
        List<Problem> out = new ArrayList<>();
        for (int i = 0; i < count; i++) out.add(maker.apply(root.split()));
        return out;
    }

    /** The problems rendered in format text, json or html. */
    public static String render(String format, String kind, long seed, List<Problem> problems, boolean solve) {
        return switch (format) {
            case "text" -> Sheet.text(kind, seed, problems, solve);
            case "json" -> Sheet.json(kind, seed, problems, solve);
            case "html" -> Sheet.html(kind, seed, problems, solve);
            default -> throw new IllegalArgumentException("--format takes text, json or html, not '" + format + "'");
        };
    }
}
