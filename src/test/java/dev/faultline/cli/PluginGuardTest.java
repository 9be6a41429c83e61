package dev.faultline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every plug-in policy problem is one sentence and exit 2 (docs/policies.md): a forbidden package, a static
 * initializer that throws (located at the plug-in's line) or loops, a constructor that loops, and a call
 * that catches ThreadDeath to outlive the watchdog.
 */
class PluginGuardTest {
    @TempDir
    Path tmp;

    private static final String REST = """
                public void added(int f) { }
                public void removed(int f) { }
                public int victim(Candidates c) { return c.toArray()[0]; }
            """;

    private Path policy(String name, String head, String body) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, head + """
                import dev.faultline.policy.Candidates;
                import dev.faultline.policy.ReplacementPolicy;
                public class %s implements ReplacementPolicy {
                %s
                }
                """.formatted(name.replace(".java", ""), body));
        return p;
    }

    private static void assertSentence(CommandLineTest.Result r, String sentence) {
        assertEquals(2, r.status(), r.err());
        assertEquals("faultline: " + sentence + "\n", r.err());
    }

    private static CommandLineTest.Result run(Path policy) {
        return CommandLineTest.run("run", "programs/swap_pages.s", "--frames", "16", "--policy", policy.toString());
    }

    @Test
    void aClassInAJavaPackageIsOneSentence() throws IOException {
        Path p = policy("Evil.java", "package java.evil;\n", REST);
        assertSentence(run(p), "cannot load the policy " + p + ": Prohibited package name: java.evil");
        assertSentence(CommandLineTest.run("compare", "--refs", "1,2,3", "--policies", p.toString()),
                "cannot load the policy " + p + ": Prohibited package name: java.evil");
    }

    @Test
    void aStaticInitializerThatThrowsIsLocatedAtThePlugInsLine() throws IOException {
        Path p = policy("Static.java", "", """
                    static int x = compute();
                    static int compute() { throw new IllegalStateException("bad static"); }
                """ + REST);
        String sentence = "policy Static.java failed in its static initializer: java.lang.IllegalStateException: bad"
                + " static (at Static.java:5)";
        assertSentence(run(p), sentence);
        assertSentence(CommandLineTest.run("compare", "--refs", "1,2,3,4,1", "--policies", "fifo," + p), sentence);
        assertSentence(CommandLineTest.run("compare", "programs/swap_pages.s", "--frames", "16", "--policies",
                p.toString()), sentence);
    }

    @Test
    void aStaticInitializerThatLoopsIsTimedByTheGuard() throws IOException {
        Path p = policy("Spin.java", "", """
                    static { spin(); }
                    static void spin() { while (true) { Thread.onSpinWait(); } }
                """ + REST);
        assertSentence(run(p), "policy Spin.java did not return from its constructor within 2000 ms");
    }

    @Test
    void aConstructorThatLoopsIsTimedByTheGuard() throws IOException {
        Path p = policy("Ctor.java", "", """
                    public Ctor() { while (true) { Thread.onSpinWait(); } }
                """ + REST);
        assertSentence(CommandLineTest.run("compare", "--refs", "1,2,3", "--policies", p.toString()),
                "policy Ctor.java did not return from its constructor within 2000 ms");
    }

    @Test
    void aCallThatCatchesThreadDeathCannotHoldTheRun() throws IOException {
        // run by the real command in a process of its own: the thread is abandoned and the process ends
        Path p = policy("Death.java", "", """
                    public void added(int f) { }
                    public void removed(int f) { }
                    public int victim(Candidates c) {
                        while (true) {
                            try { while (true) { Thread.onSpinWait(); } } catch (ThreadDeath d) { }
                        }
                    }
                """);
        CommandLineTest.Result r = HeapLimited.run("run", "programs/swap_pages.s", "--frames", "16", "--policy",
                p.toString());
        assertSentence(r, "policy Death.java did not return from victim() within 2000 ms, and could not be stopped");
    }
}
