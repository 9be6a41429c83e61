package dev.faultline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plug-in replacement policies: the example policies match the built-ins; broken ones give one clear message. */
class PolicyPluginTest {
    @TempDir
    Path tmp;

    private static final String[] PROGRAMS = {"examples/belady.s", "examples/swapping.s", "programs/swap_pages.s",
        "programs/swap_cow.s", "programs/swap_shared_file.s", "examples/minor_major.s"};

    /** The numbers of each row of a compare table, by policy name. */
    private static List<String> rows(String table, String policy) {
        List<String> out = new ArrayList<>();
        for (String line : table.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 7 && f[0].equals(policy)) out.add(String.join(" ", List.of(f).subList(1, f.length)));
        }
        return out;
    }

    private static void assertSameRows(String builtIn, String file) {
        for (String program : PROGRAMS) {
            CommandLineTest.Result r = CommandLineTest.run("compare", program, "--policies",
                    builtIn + ",examples/policies/" + file, "--frames", "7,9,12,20");
            assertEquals(0, r.status(), program + ": " + r.err());
            List<String> want = rows(r.out(), builtIn);
            assertEquals(4, want.size(), program + ": " + r.out());
            assertEquals(want, rows(r.out(), file), program + " " + file + " against " + builtIn + ":\n" + r.out());
        }
    }

    @Test
    void theFifoExampleGivesTheBuiltInFifosRows() {
        assertSameRows("fifo", "Fifo.java");
    }

    @Test
    void theClockExampleGivesTheBuiltInClocksRows() {
        assertSameRows("clock", "Clock.java");
    }

    @Test
    void agingRunsAndNamesItselfInTheTraceAndTheTable() {
        CommandLineTest.Result r = CommandLineTest.run("run", "examples/swapping.s", "--frames", "8",
                "--policy", "examples/policies/Aging.java", "--trace=evict", "--trace-format", "jsonl");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().contains("\"ev\":\"evict\"") && r.err().contains("\"policy\":\"Aging.java\""), r.err());
        CommandLineTest.Result c = CommandLineTest.run("compare", "examples/swapping.s", "--policies",
                "examples/policies/Aging.java", "--frames", "8");
        assertEquals(List.of("8 68 32 36 68 61"), rows(c.out(), "Aging.java"), c.out());
    }

    /** The table of lesson 11 in examples/README.md. */
    @Test
    void agingKeepsTheHotPagesWhereClockDegeneratesToFifo() {
        CommandLineTest.Result r = CommandLineTest.run("compare", "examples/hot_cold.s", "--frames", "8,10",
                "--policies", "fifo,clock,lru,examples/policies/Aging.java");
        assertEquals(0, r.status(), r.err());
        assertEquals(List.of("8 337 28 309 337 283", "10 217 28 189 217 185"), rows(r.out(), "fifo"));
        assertEquals(List.of("8 337 28 309 337 283", "10 106 28 78 106 97"), rows(r.out(), "clock"));
        assertEquals(List.of("8 101 28 73 101 95", "10 101 28 73 101 93"), rows(r.out(), "lru"));
        assertEquals(List.of("8 107 28 79 107 100", "10 107 28 79 107 98"), rows(r.out(), "Aging.java"));
    }

    private Path policy(String name, String body) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, """
                import dev.faultline.policy.Candidates;
                import dev.faultline.policy.ReplacementPolicy;

                public class %s implements ReplacementPolicy {
                %s
                }
                """.formatted(name.replace(".java", ""), body));
        return p;
    }

    private static final String FIFO_BODY = """
                java.util.ArrayDeque<Integer> q = new java.util.ArrayDeque<>();
                public void added(int f) { q.add(f); }
                public void removed(int f) { q.remove(f); }
            """;

    private static void assertOneSentence(CommandLineTest.Result r, String expected) {
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().contains(expected), "expected \"" + expected + "\" in:\n" + r.err());
        assertFalse(r.err().contains("\tat "), "a stack trace:\n" + r.err());
        assertFalse(r.err().contains("internal error"), r.err());
    }

    @Test
    void aSyntaxErrorIsReportedLikeTheAssemblersWithLineColumnAndCaret() throws IOException {
        Path p = policy("Broken.java", """
                    public void added(int f) { }
                    public void removed(int f) { }
                    public int victim(Candidates c) { return 0 }
                """);
        CommandLineTest.Result r = CommandLineTest.run("run", "examples/hello.s", "--policy", p.toString());
        assertEquals(2, r.status(), r.err());
        assertEquals(p + ":7:47: error: ';' expected\n"
                + "    public int victim(Candidates c) { return 0 }\n"
                + "                                              ^\n", r.err());
        assertEquals("", r.out());
    }

    @Test
    void aTypeErrorIsReportedToo() throws IOException {
        Path p = policy("Typo.java", """
                    public void added(int f) { undefinedThing(f); }
                    public void removed(int f) { }
                    public int victim(Candidates c) { return 0; }
                """);
        CommandLineTest.Result r = CommandLineTest.run("compare", "examples/hello.s", "--policies", "fifo," + p);
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().startsWith(p + ":5:32: error: cannot find symbol\n"), r.err());
    }

    @Test
    void aPolicyThatThrowsStopsTheRunNamingThePolicyAndTheCall() throws IOException {
        Path p = policy("Boom.java", FIFO_BODY + """
                    public int victim(Candidates c) { throw new IllegalStateException("no idea"); }
                """);
        CommandLineTest.Result r = CommandLineTest.run("run", "examples/swapping.s", "--frames", "8", "--policy", p.toString());
        assertOneSentence(r, "faultline: policy Boom.java failed in victim(): java.lang.IllegalStateException: no idea"
                + " (at Boom.java:8)\n");
    }

    @Test
    void anExceptionInAddedNamesTheFrame() throws IOException {
        Path p = policy("Zero.java", """
                    public void added(int f) { int x = 1 / (f - f); }
                    public void removed(int f) { }
                    public int victim(Candidates c) { return 0; }
                """);
        CommandLineTest.Result r = CommandLineTest.run("run", "examples/hello.s", "--policy", p.toString());
        assertOneSentence(r, "faultline: policy Zero.java failed in added(1): java.lang.ArithmeticException: / by zero"
                + " (at Zero.java:5)\n");
    }

    @Test
    void aVictimThatWasNotOfferedStopsTheRun() throws IOException {
        Path p = policy("Wrong.java", FIFO_BODY + """
                    public int victim(Candidates c) { return 0; }
                """);
        CommandLineTest.Result r = CommandLineTest.run("run", "examples/swapping.s", "--frames", "8", "--policy", p.toString());
        assertOneSentence(r, "faultline: policy Wrong.java returned frame 0 from victim(), which is not one of the 6 "
                + "candidates offered\n");
    }

    @Test
    void aPolicyThatNeverReturnsIsStopped() throws IOException {
        Path p = policy("Spin.java", FIFO_BODY + """
                    public int victim(Candidates c) { long n = 0; while (c.count() >= 0) n++; return (int) n; }
                """);
        CommandLineTest.Result r = CommandLineTest.run("compare", "examples/swapping.s", "--frames", "8",
                "--policies", "fifo," + p);
        assertOneSentence(r, "faultline: policy Spin.java did not return from victim() within 2000 ms\n");
    }

    @Test
    void aFileWithoutAPolicyClassSaysWhatItNeeds() throws IOException {
        Path p = tmp.resolve("Nothing.java");
        Files.writeString(p, "class Helper { }\n");
        CommandLineTest.Result r = CommandLineTest.run("run", "examples/hello.s", "--policy", p.toString());
        assertOneSentence(r, "faultline: " + p + " must declare a public class Nothing that implements "
                + "dev.faultline.policy.ReplacementPolicy\n");
    }

    @Test
    void aMissingFileIsOneSentence() {
        CommandLineTest.Result r = CommandLineTest.run("run", "examples/hello.s", "--policy", tmp.resolve("None.java").toString());
        assertOneSentence(r, "faultline: cannot read the policy " + tmp.resolve("None.java") + ": no such file\n");
    }

    @Test
    void anEndlessFileIsRefusedAtTheInputLimit() throws IOException {
        Path zero = tmp.resolve("Zero.java");
        Files.createSymbolicLink(zero, Path.of("/dev/zero"));
        CommandLineTest.Result r = CommandLineTest.run("run", "examples/hello.s", "--policy", zero.toString());
        assertOneSentence(r, "faultline: cannot read the policy " + zero + ": larger than the limit of 64 MiB\n");
    }

    @Test
    void anUnknownBuiltInNameListsThePolicies() {
        CommandLineTest.Result r = CommandLineTest.run("run", "examples/hello.s", "--policy", "mru");
        assertOneSentence(r, "faultline: unknown policy 'mru' (policies: clock, fifo, lru, random, or a .java file)\n");
        CommandLineTest.Result c = CommandLineTest.run("compare", "examples/hello.s", "--policies", "mru");
        assertOneSentence(c, "faultline: unknown policy 'mru' (policies: fifo, clock, lru, random, opt, or a .java file)\n");
    }
}
