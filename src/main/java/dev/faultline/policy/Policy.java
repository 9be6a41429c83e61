package dev.faultline.policy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.Function;

/**
 * A replacement policy chosen on the command line: a built-in one by name ({@code clock}, {@code fifo},
 * {@code lru}, {@code random}), or a plug-in compiled from a {@code .java} file. Each run makes a fresh
 * instance with {@link #create}.
 */
public final class Policy {
    private static final Map<String, Supplier<ReplacementPolicy>> BUILT_IN = new LinkedHashMap<>();

    static {
        BUILT_IN.put("clock", ClockPolicy::new);
        BUILT_IN.put("fifo", FifoPolicy::new);
        BUILT_IN.put("lru", LruPolicy::new);
        BUILT_IN.put("random", RandomPolicy::new);
    }

    private final String name;
    private final Supplier<ReplacementPolicy> factory;
    /**
     * Makes a plug-in's instance, and wraps it, under its watchdog; null for a built-in policy. A function, so that a build
     * without plug-ins (the studio's, in a browser, where there is no thread to stop) never reaches the watchdog.
     */
    private final Function<Supplier<ReplacementPolicy>, ReplacementPolicy> guard;

    private Policy(String name, Supplier<ReplacementPolicy> factory,
            Function<Supplier<ReplacementPolicy>, ReplacementPolicy> guard) {
        this.name = name;
        this.factory = factory;
        this.guard = guard;
    }

    /** The default policy, clock. */
    public static Policy clock() {
        return builtIn("clock");
    }

    /** A built-in policy by name; IllegalArgumentException (one sentence) for an unknown one. */
    public static Policy builtIn(String name) {
        String key = name.trim().toLowerCase(Locale.ROOT);
        Supplier<ReplacementPolicy> f = BUILT_IN.get(key);
        if (f == null) {
            throw new IllegalArgumentException("unknown policy '" + name + "' (policies: clock, fifo, lru, random,"
                    + " or a .java file)");
        }
        return new Policy(key, f, null);
    }

    /**
     * A policy from the command line: a name ending in {@code .java} is compiled and loaded
     * ({@link PolicyCompiler}); anything else is a built-in name.
     */
    public static Policy parse(String spec) {
        if (spec.endsWith(".java")) return PolicyCompiler.load(Path.of(spec));
        return builtIn(spec);
    }

    /** A plug-in made by {@code factory}, named {@code name} in traces, tables and messages. */
    public static Policy plugIn(String name, Supplier<ReplacementPolicy> factory) {
        return new Policy(name, factory,
                made -> new GuardedPolicy(name, made, GuardedPolicy.DEFAULT_LIMIT_MILLIS));
    }

    /** The name in the evict trace record and the compare table: {@code clock}, or {@code MyPolicy.java}. */
    public String name() {
        return name;
    }

    /**
     * A fresh instance for one run. A plug-in comes wrapped so that an exception, a frame that was not offered
     * or a call that does not return becomes a {@link PolicyFailure}.
     */
    public ReplacementPolicy create() {
        if (guard == null) return factory.get();
        return guard.apply(factory);
    }

    /**
     * Installs what ends the process when a plug-in's call can be neither finished nor stopped (a loop that
     * catches ThreadDeath): it is given the one sentence to print. Only the command's main method, which owns
     * the process, installs one.
     */
    public static void whenStuck(java.util.function.Consumer<String> endProcess) {
        GuardedPolicy.lastResort = endProcess;
    }

    @Override
    public String toString() {
        return name;
    }
}
