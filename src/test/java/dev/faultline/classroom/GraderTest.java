package dev.faultline.classroom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.cli.Main;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code faultline test}: case files, their checks and limits, and the three report forms. */
class GraderTest {
    @TempDir
    Path dir;

    record R(int status, String out, String err) {}

    static R run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int status = Main.run(args, new ByteArrayInputStream(new byte[0]), new PrintStream(out, true),
                new PrintStream(err, true));
        return new R(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    private static final String HELLO = """
            ; prints hi, then exits with the status in its first stdin byte minus '0'
                    .text
            _start: li    a0, 1
                    la    a1, msg
                    li    a2, 3
                    sys   write
                    li    a0, 0
                    la    a1, buf
                    li    a2, 1
                    sys   read
                    lb    a0, buf
                    addi  a0, a0, -48
                    sys   exit
                    .rodata
            msg:    .ascii "hi\\n"
                    .bss
            buf:    .space 4
            """;

    @Test
    void aPassingCaseChecksExitStdoutStatsAndTraceInOrder() throws IOException {
        write("work/hello.s", HELLO);
        write("cases/one.case", """
                # every kind of expectation, all true
                name: says hi
                points: 2.5
                program: ${SUBMISSION}/hello.s
                stdin: 7
                exit: 7
                stdout: hi\\n
                stdout-contains: hi
                stdout-matches: ^h.$
                stats: instructions>=5 segv=0 minor_faults<=10
                trace: syscall name=write
                trace: syscall name=read
                trace: exit status=7 pid=1
                no-trace: fault kind=segv
                no-trace: signal
                """);
        R r = run("test", dir.resolve("cases").toString(), "--set", "SUBMISSION=" + dir.resolve("work"));
        assertEquals(0, r.status(), r.out() + r.err());
        assertEquals("PASS  says hi  (2.5/2.5 points)  " + dir.resolve("cases/one.case") + "\n"
                + "score: 2.5/2.5 points; 1 of 1 cases passed\n", r.out());
    }

    @Test
    void everyFailedExpectationIsASentenceAndOtherCasesStillRun() throws IOException {
        write("work/hello.s", HELLO);
        write("cases/a.case", """
                program: ../work/hello.s
                stdin: 0
                stdout: ho\\n
                stats: instructions<=2
                trace: syscall name=read
                trace: syscall name=write
                no-trace: syscall name=write
                feedback: print "ho", not "hi"
                """);
        write("cases/b.case", "program: ../work/hello.s\nexti: 3\n");
        write("cases/c.case", "program: ../work/missing.s\n");
        write("cases/d.case", "program: ../work/hello.s\nargs: --framez 9\nstdin: 0\n");
        write("cases/e.case", "points: 4\nprogram: ${NOPE}/hello.s\n");
        write("cases/f.case", "program: ../work/hello.s\nstdin: 0\n");
        R r = run("test", dir.resolve("cases").toString());
        assertEquals(1, r.status());
        String c = dir.resolve("cases").toString();
        assertEquals("FAIL  a  (0/1 points)  " + c + "/a.case\n"
                + "      stdout differs at line 1: expected \"ho\", got \"hi\"\n"
                + "      statistic instructions is 11, expected <= 2\n"
                + "      no trace record 'syscall name=write' (expected record 2 of 2, in order); the run's syscall"
                + " records after the ones matched (1): syscall pid=1 name=exit args=[0, 73728, 1, 0, 0, 0] ret=0\n"
                + "      a trace record the case forbids ('syscall name=write'): syscall pid=1 name=write"
                + " args=[1, 69632, 3, 0, 0, 0] ret=3\n"
                + "      hint: print \"ho\", not \"hi\"\n"
                + "FAIL  b  (0/1 points)  " + c + "/b.case\n"
                + "      " + c + "/b.case:2: key 'exti' is not a case key (keys: name, points, program, args, stdin,"
                + " exit, stdout, stdout-contains, stdout-matches, stderr-contains, stats, trace, no-trace, file,"
                + " fifo, root-after, flx, symlink, root, include-from, max-steps, timeout, max-output, feedback, visibility)\n"
                + "FAIL  c  (0/1 points)  " + c + "/c.case\n"
                + "      " + c + "/c.case: key 'program': " + dir.resolve("work/missing.s") + " does not exist\n"
                + "FAIL  d  (0/1 points)  " + c + "/d.case\n"
                + "      exit status 2, expected 0 (the program did not start: Unknown option: '--framez' (did you"
                + " mean --frames?); see 'faultline run --help')\n"
                + "FAIL  e  (0/4 points)  " + c + "/e.case\n"
                + "      " + c + "/e.case:2: key 'program' uses ${NOPE}, but no --set NOPE=… was given\n"
                + "PASS  f  (1/1 points)  " + c + "/f.case\n"
                + "score: 1/9 points; 1 of 6 cases passed\n", r.out());
    }

    @Test
    void aLoopAndAFloodEachCostOneCase() throws IOException {
        write("loop.s", "        .text\n_start: jmp _start\n");
        write("flood.s", "        .text\n_start: la a1, m\n        li a2, 4\nagain:  li a0, 1\n        sys write\n"
                + "        jmp again\n        .rodata\nm:      .ascii \"abc\\n\"\n");
        write("loop.case", "program: loop.s\nmax-steps: 100000\n");
        write("flood.case", "program: flood.s\nmax-output: 1000\n");
        write("ok.case", "program: loop.s\nmax-steps: 1000\nexit: 0\n");
        R r = run("test", dir.resolve("loop.case").toString(), dir.resolve("flood.case").toString());
        assertEquals(1, r.status());
        assertTrue(r.out().contains("      exit status 3, expected 0 (stopped after 100000 instructions, the case's"
                + " limit: an endless loop?)\n"), r.out());
        assertTrue(r.out().contains("      the run wrote more than 1000 bytes of output, the case's limit, and was"
                + " stopped\n"), r.out());
        assertTrue(r.out().endsWith("score: 0/2 points; 0 of 2 cases passed\n"), r.out());
    }

    @Test
    void anIncludeMayNotLeaveTheProgramsFolder() throws IOException {
        write("secret.s", "        .equ ANSWER, 42\n");
        write("student/prog.s", "        .include \"../secret.s\"\n        .text\n_start: li a0, ANSWER\n        sys exit\n");
        write("student/lib/ok.s", "        .equ ONE, 1\n");
        write("student/fine.s", "        .include \"lib/ok.s\"\n        .text\n_start: li a0, ONE\n        sys exit\n");
        write("c/leak.case", "program: ../student/prog.s\nexit: 42\n");
        write("c/fine.case", "program: ../student/fine.s\nexit: 1\n");
        R r = run("test", dir.resolve("c").toString());
        assertEquals("PASS  fine  (1/1 points)  " + dir.resolve("c/fine.case") + "\n"
                + "FAIL  leak  (0/1 points)  " + dir.resolve("c/leak.case") + "\n"
                + "      " + dir.resolve("student/prog.s") + ": .include \"../secret.s\" in prog.s leaves the program's"
                + " folder, which a graded program may not do\n"
                + "score: 1/2 points; 1 of 2 cases passed\n", r.out());
    }

    /**
     * The check is the assembler's own include resolution, so every spelling the assembler accepts is judged:
     * an upper-case directive and an escaped slash used to pass a text search and then read the secret.
     */
    @Test
    void anIncludeSpelledAnyWayTheAssemblerReadsItIsJudgedTheSame() throws IOException {
        write("secret.s", "        bogus the answers to the exam\n");
        write("student/upper.s", "        .INCLUDE \"../secret.s\"\n        .text\n_start: sys exit\n");
        write("student/escaped.s", "        .include \"..\\x2fsecret.s\"\n        .text\n_start: sys exit\n");
        write("c/upper.case", "program: ../student/upper.s\nexit: 2\n");
        write("c/escaped.case", "program: ../student/escaped.s\nexit: 2\n");
        R r = run("test", dir.resolve("c").toString());
        assertEquals("FAIL  escaped  (0/1 points)  " + dir.resolve("c/escaped.case") + "\n"
                + "      " + dir.resolve("student/escaped.s") + ": .include \"../secret.s\" in escaped.s leaves the"
                + " program's folder, which a graded program may not do\n"
                + "FAIL  upper  (0/1 points)  " + dir.resolve("c/upper.case") + "\n"
                + "      " + dir.resolve("student/upper.s") + ": .include \"../secret.s\" in upper.s leaves the"
                + " program's folder, which a graded program may not do\n"
                + "score: 0/2 points; 0 of 2 cases passed\n", r.out());
        assertTrue(!r.out().contains("exam") && !r.err().contains("exam"), r.out() + r.err());
    }

    /** include-from adds a folder; an include of a folder outside both is still refused. */
    @Test
    void includeFromAllowsOneMoreFolderAndNoOther() throws IOException {
        write("lib/one.s", "        .equ ONE, 1\n");
        write("secret.s", "        .equ ANSWER, 42\n");
        write("student/a.s", "        .include \"../lib/one.s\"\n        .text\n_start: li a0, ONE\n        sys exit\n");
        write("student/b.s", "        .include \"../lib/one.s\"\n        .include \"../secret.s\"\n        .text\n"
                + "_start: li a0, ANSWER\n        sys exit\n");
        write("c/a.case", "program: ../student/a.s\ninclude-from: ../lib\nexit: 1\n");
        write("c/b.case", "program: ../student/b.s\ninclude-from: ../lib\nexit: 42\n");
        R r = run("test", dir.resolve("c").toString());
        assertEquals("PASS  a  (1/1 points)  " + dir.resolve("c/a.case") + "\n"
                + "FAIL  b  (0/1 points)  " + dir.resolve("c/b.case") + "\n"
                + "      " + dir.resolve("student/b.s") + ": .include \"../secret.s\" in b.s leaves the program's"
                + " folder, which a graded program may not do\n"
                + "score: 1/2 points; 1 of 2 cases passed\n", r.out());
    }

    @Test
    void rootFilesAreMadeAndCheckedAfterwards() throws IOException {
        write("cat.s", """
                        .text
                _start: la    a0, path
                        li    a1, O_RDWR
                        sys   open
                        mov   s0, a0
                        la    a1, buf
                        li    a2, 64
                        sys   read
                        mov   a2, a0
                        li    a0, 1
                        la    a1, buf
                        sys   write
                        mov   a0, s0
                        la    a1, more
                        li    a2, 1
                        sys   write
                        li    a0, 0
                        sys   exit
                        .rodata
                path:   .asciz "/in.txt"
                more:   .ascii "!"
                        .bss
                buf:    .space 64
                """);
        write("cat.case", "program: cat.s\nfile in.txt: one\\ntwo\\n\nstdout: one\\ntwo\\n\nroot-after in.txt: one\\ntwo\\n!\n");
        R r = run("test", dir.resolve("cat.case").toString());
        assertEquals(0, r.status(), r.out());
    }

    @Test
    void badCommandLinesAreOneSentenceAndExit2() throws IOException {
        assertEquals(new R(2, "", "faultline: --set takes NAME=VALUE, not 'X'\n"), run("test", dir.toString(), "--set", "X"));
        assertEquals(new R(2, "", "faultline: " + dir + " holds no .case files\n"), run("test", dir.toString()));
        assertEquals(2, run("test").status());
        assertTrue(run("test", "--help").out().contains("--set=NAME=VALUE    replace ${NAME} in the case files"));
        write("a.case", "program: a.s\n");
        assertEquals(new R(2, "", "faultline: --junit " + dir.resolve("no/j.xml") + ": the folder " + dir.resolve("no")
                + " does not exist\n"), run("test", dir.toString(), "--junit", dir.resolve("no/j.xml").toString()));
    }

    // ------------------------------------------------------------------ the report forms

    private void mixedCases() throws IOException {
        write("work/hello.s", HELLO);
        write("cases/pass.case", "name: <pass> & \"quote\"\npoints: 3\nprogram: ../work/hello.s\nstdin: 0\n"
                + "visibility: after_due_date\n");
        write("cases/fail.case", "name: fails\npoints: 2\nprogram: ../work/hello.s\nstdin: 5\nstdout: \\x01<&>]]>\\n\n");
        write("cases/bad.case", "points: 1.5\nprogram: ../work/hello.s\nvisibility: sometimes\n");
    }

    @Test
    void junitXmlIsValidAgainstTheJunitSchema() throws Exception {
        mixedCases();
        Path xml = dir.resolve("junit.xml");
        R r = run("test", dir.resolve("cases").toString(), "--junit", xml.toString());
        assertEquals(1, r.status(), r.err());
        Validator v = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
                .newSchema(getClass().getResource("/junit.xsd")).newValidator();
        v.validate(new StreamSource(xml.toFile()));
        String text = Files.readString(xml);
        assertTrue(text.contains("<testsuite name=\"faultline test\" tests=\"3\" failures=\"2\" errors=\"0\""), text);
        assertTrue(text.contains("<testcase name=\"&lt;pass&gt; &amp; &quot;quote&quot;\""), text);
        // a schema that the output did not match would have thrown; check that it can
        Path broken = dir.resolve("broken.xml");
        Files.writeString(broken, text.replace(" tests=\"3\" failures=\"2\" errors=\"0\" skipped", " skipped"));
        assertTrue(throwsOn(v, broken));
    }

    private static boolean throwsOn(Validator v, Path file) {
        try {
            v.validate(new StreamSource(file.toFile()));
            return false;
        } catch (Exception e) {
            return true;
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void gradescopeResultsHaveTheDocumentedShape() throws IOException {
        mixedCases();
        Path json = dir.resolve("results.json");
        R r = run("test", dir.resolve("cases").toString(), "--gradescope", json.toString());
        assertEquals(1, r.status(), r.err());
        Map<String, Object> doc = (Map<String, Object>) MiniJson.parse(Files.readString(json));
        // Gradescope's autograder specification: top-level keys, and the keys of each test
        Set<String> topLevel = Set.of("score", "execution_time", "output", "output_format", "test_output_format",
                "test_name_format", "visibility", "stdout_visibility", "extra_data", "tests", "leaderboard");
        Set<String> testKeys = Set.of("score", "max_score", "status", "name", "name_format", "number", "output",
                "output_format", "tags", "visibility", "extra_data");
        Set<String> visibilities = Set.of("hidden", "after_due_date", "after_published", "visible");
        assertTrue(topLevel.containsAll(doc.keySet()), doc.keySet().toString());
        List<Object> tests = (List<Object>) doc.get("tests");
        assertEquals(3, tests.size());
        double sum = 0;
        for (Object o : tests) {
            Map<String, Object> t = (Map<String, Object>) o;
            assertTrue(testKeys.containsAll(t.keySet()), t.keySet().toString());
            assertTrue(t.get("name") instanceof String);
            assertTrue(t.get("output") instanceof String);
            assertTrue(Set.of("passed", "failed").contains(t.get("status")));
            assertTrue(visibilities.contains(t.get("visibility")));
            double score = ((Number) t.get("score")).doubleValue(), max = ((Number) t.get("max_score")).doubleValue();
            assertTrue(score >= 0 && score <= max, t.toString());
            sum += score;
        }
        assertEquals(sum, ((Number) doc.get("score")).doubleValue());
        Map<String, Object> bad = (Map<String, Object>) tests.get(0);
        assertEquals(Map.of("name", "bad", "score", new java.math.BigDecimal("0"), "max_score",
                new java.math.BigDecimal("1.5"), "status", "failed", "output", dir.resolve("cases/bad.case")
                        + ":3: key 'visibility': takes visible, hidden, after_due_date or after_published, not"
                        + " 'sometimes'", "visibility", "visible"), bad);
        Map<String, Object> pass = (Map<String, Object>) tests.get(2);
        assertEquals("after_due_date", pass.get("visibility"));
        assertEquals(new java.math.BigDecimal("3"), pass.get("score"));
    }
}
