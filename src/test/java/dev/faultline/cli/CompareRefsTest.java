package dev.faultline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.cli.CommandLineTest.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code compare --refs}: the table of a textbook reference string, and its bad inputs. */
class CompareRefsTest {
    @TempDir
    Path tmp;

    private static Result run(String... args) {
        return CommandLineTest.run(args);
    }

    @Test
    void theClassicStringPrintsTheTextbooksTable() {
        Result r = run("compare", "--refs", "7,0,1,2,0,3,0,4,2,3,0,3,2,1,2,0,1,7,0,1", "--frames", "3", "--policies", "fifo,lru,opt");
        assertEquals(0, r.status(), r.err());
        assertEquals("""
                faultline compare --refs (20 references, 6 distinct pages)   (every fault counted, the first reference to each page included)
                policy    frames    faults     minor     major  page-ins swap-outs
                fifo           3        15         -         -        15         -
                lru            3        12         -         -        12         -
                opt            3         9         -         -         9         -
                """, r.out());
        assertEquals("", r.err());
    }

    @Test
    void spacesSeparateToo_andAFileHoldsTheString() throws IOException {
        Path file = tmp.resolve("refs.txt");
        Files.writeString(file, "1 2 3 4 1 2 5\n1 2 3 4 5\n");
        Result fromFile = run("compare", "--refs", "@" + file, "--frames", "3,4", "--policies", "fifo");
        Result inline = run("compare", "--refs", "1 2 3 4 1 2 5 1 2 3 4 5", "--frames", "3,4", "--policies", "fifo");
        assertEquals(0, fromFile.status(), fromFile.err());
        assertEquals(inline.out(), fromFile.out());
        assertTrue(fromFile.out().contains("fifo           3         9"), fromFile.out());
        assertTrue(fromFile.out().contains("fifo           4        10"), fromFile.out());
    }

    @Test
    void withoutFramesTheReplayUsesThreeAndFour() {
        Result r = run("compare", "--refs", "1,2,3,4,1,2,5,1,2,3,4,5", "--policies", "fifo");
        assertTrue(r.out().contains("fifo           3         9") && r.out().contains("fifo           4        10"), r.out());
    }

    private static void assertOneSentence(Result r, String expected) {
        assertEquals(2, r.status(), r.err());
        assertEquals("faultline: " + expected + "\n", r.err());
        assertEquals("", r.out());
    }

    @Test
    void badReferenceStringsAreOneSentenceAndStatus2() throws IOException {
        assertOneSentence(run("compare", "--refs", "1,2,x,4"), "--refs: 'x' is not a page number");
        assertOneSentence(run("compare", "--refs", "1,-3,4"), "--refs: -3 is negative; page numbers start at 0");
        assertOneSentence(run("compare", "--refs", ""),
                "--refs is empty: give page numbers separated by commas or spaces, e.g. --refs \"7,0,1,2\"");
        assertOneSentence(run("compare", "--refs", " , ,"), "--refs holds no page numbers, only separators");
        assertOneSentence(run("compare", "--refs", "1.5"), "--refs: '1.5' is not a page number");
        assertOneSentence(run("compare", "--refs", "99999999999"),
                "--refs: 99999999999 is too large for a page number (at most 2147483647)");
        assertOneSentence(run("compare", "--refs", "@" + tmp.resolve("none.txt")), "--refs @" + tmp.resolve("none.txt") + ": no such file");
        Path empty = tmp.resolve("empty.txt");
        Files.writeString(empty, "\n");
        assertOneSentence(run("compare", "--refs", "@" + empty),
                "--refs @" + empty + " is empty: give page numbers separated by commas or spaces, e.g. --refs \"7,0,1,2\"");
        assertOneSentence(run("compare", "--refs", "1,2", "--frames", "0"), "--frames 0 is out of range for a replay (1..1048576)");
        assertOneSentence(run("compare", "--refs", "1,2", "--policies", "mru"),
                "unknown policy 'mru' (policies: fifo, clock, lru, random, opt, or a .java file)");
    }

    @Test
    void refsWithAProgramIsAUsageError() {
        Result r = run("compare", "examples/belady.s", "--refs", "1,2,3");
        assertEquals(2, r.status());
        // one sentence and a hint, never the usage dump (docs/cli.md)
        assertEquals("faultline: --refs replays a reference string without a program: give a program or --refs, not both;"
                + " see 'faultline compare --help'\n", r.err());
        assertEquals("", r.out());
        Result none = run("compare");
        assertEquals(2, none.status());
        assertEquals("faultline: compare needs a program, or a reference string with --refs; see 'faultline compare --help'\n",
                none.err());
    }

    @Test
    void anUnwritableReportIsStatus2BeforeTheReplay() {
        Result r = run("compare", "--refs", "1,2,3", "--report", tmp.resolve("no/such/folder/c.html").toString());
        assertEquals(2, r.status());
        assertTrue(r.err().startsWith("faultline: --report "), r.err());
        assertTrue(r.err().contains("does not exist"), r.err());
        assertEquals("", r.out());
    }

    /** The table's numbers of each row, by policy name. */
    private static java.util.List<String> rows(String table, String policy) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (String line : table.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 7 && f[0].equals(policy)) out.add(String.join(" ", java.util.List.of(f).subList(1, f.length)));
        }
        return out;
    }

    private static final String CLASSIC = "7,0,1,2,0,3,0,4,2,3,0,3,2,1,2,0,1,7,0,1";
    private static final String BELADY = "1,2,3,4,1,2,5,1,2,3,4,5";

    @Test
    void theExamplePluginsReplayAndFifoAndClockGiveTheBuiltInsRows() {
        for (String refs : new String[] {CLASSIC, BELADY, "1,2,3,4,2,5,1,3,3,6,2,7,1,0,0,4"}) {
            Result r = run("compare", "--refs", refs, "--frames", "1,2,3,4,5", "--policies",
                    "fifo,examples/policies/Fifo.java,clock,examples/policies/Clock.java,examples/policies/Aging.java");
            assertEquals(0, r.status(), r.err());
            assertEquals("", r.err());
            assertEquals(5, rows(r.out(), "fifo").size(), r.out());
            assertEquals(rows(r.out(), "fifo"), rows(r.out(), "Fifo.java"), refs + "\n" + r.out());
            assertEquals(rows(r.out(), "clock"), rows(r.out(), "Clock.java"), refs + "\n" + r.out());
            assertEquals(5, rows(r.out(), "Aging.java").size(), r.out());
        }
        Result classic = run("compare", "--refs", CLASSIC, "--frames", "3,4", "--policies",
                "examples/policies/Fifo.java,examples/policies/Clock.java,examples/policies/Aging.java");
        assertEquals(java.util.List.of("3 15 - - 15 -", "4 10 - - 10 -"), rows(classic.out(), "Fifo.java"));
        assertEquals(java.util.List.of("3 14 - - 14 -", "4 9 - - 9 -"), rows(classic.out(), "Clock.java"));
        assertEquals(java.util.List.of("3 13 - - 13 -", "4 9 - - 9 -"), rows(classic.out(), "Aging.java"));
    }

    private Path plugIn(String name, String body) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, """
                import dev.faultline.policy.Candidates;
                import dev.faultline.policy.ReplacementPolicy;

                public class %s implements ReplacementPolicy {
                    public void added(int f) { }
                    public void removed(int f) { }
                %s
                }
                """.formatted(name.replace(".java", ""), body));
        return p;
    }

    @Test
    void aBrokenPluginStopsTheReplayWithTheKernelsMessages() throws IOException {
        Path broken = plugIn("Broken.java", "    public int victim(Candidates c) { return 0 }\n");
        Result syntax = run("compare", "--refs", BELADY, "--policies", "fifo," + broken);
        assertEquals(2, syntax.status());
        assertEquals(broken + ":7:47: error: ';' expected\n"
                + "    public int victim(Candidates c) { return 0 }\n"
                + "                                              ^\n", syntax.err());
        assertEquals("", syntax.out());
        Path boom = plugIn("Boom.java", "    public int victim(Candidates c) { throw new IllegalStateException(\"no idea\"); }\n");
        assertOneSentence(run("compare", "--refs", BELADY, "--policies", "fifo," + boom),
                "policy Boom.java failed in victim(): java.lang.IllegalStateException: no idea (at Boom.java:7)");
        Path wrong = plugIn("Wrong.java", "    public int victim(Candidates c) { return 3; }\n");
        assertOneSentence(run("compare", "--refs", BELADY, "--frames", "3", "--policies", wrong.toString()),
                "policy Wrong.java returned frame 3 from victim(), which is not one of the 3 candidates offered");
        Path spin = plugIn("Spin.java", "    public int victim(Candidates c) { long n = 0; while (c.count() >= 0) n++; return (int) n; }\n");
        assertOneSentence(run("compare", "--refs", BELADY, "--frames", "3", "--policies", spin.toString()),
                "policy Spin.java did not return from victim() within 2000 ms");
    }
}
