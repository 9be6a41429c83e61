package dev.faultline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.asm.AsmResult;
import dev.faultline.asm.Assembler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --confine-includes (and the assembler's include root, for graders): .include reads only files inside the
 * program's own folder, after following links, so an untrusted program cannot read and echo the host's files.
 */
class IncludeRootTest {
    @TempDir
    Path tmp;

    private Path work;
    private Path secret;

    @BeforeEach
    void files() throws IOException {
        work = Files.createDirectories(tmp.resolve("work"));
        Files.createDirectories(work.resolve("lib"));
        Files.writeString(work.resolve("lib/exit.s"), "        li a0, 7\n        sys exit\n");
        secret = tmp.resolve("secret.txt");
        Files.writeString(secret, "the answers to the exam\n");
    }

    private Path program(String name, String include) throws IOException {
        Path p = work.resolve(name);
        Files.writeString(p, "        .text\n_start:\n        .include \"" + include + "\"\n");
        return p;
    }

    @Test
    void anIncludeInsideTheFolderWorks() throws IOException {
        Path p = program("ok.s", "lib/exit.s");
        assertEquals(7, CommandLineTest.run("run", p.toString(), "--confine-includes").status());
        assertEquals(0, CommandLineTest.run("asm", p.toString(), "--confine-includes").status());
        assertTrue(Assembler.assembleFile(p, Assembler.folderOf(p)).ok());
    }

    @Test
    void anIncludeOutsideIsRefusedWithoutEchoingIt() throws IOException {
        for (String escape : new String[] {"../secret.txt", secret.toString(), "lib/../../secret.txt"}) {
            Path p = program("bad.s", escape);
            CommandLineTest.Result r = CommandLineTest.run("run", p.toString(), "--confine-includes");
            assertEquals(2, r.status(), r.err());
            assertTrue(r.err().contains("error: cannot include " + escape + ": it is outside " + work.toRealPath()
                    + ", the only folder includes may read (--confine-includes)"), r.err());
            assertFalse(r.err().contains("answers"), r.err());
            assertEquals(2, CommandLineTest.run("asm", p.toString(), "--confine-includes").status());
            assertEquals(2, CommandLineTest.run("debug", p.toString(), "--confine-includes", "--script", "/dev/null").status());
            assertEquals(2, CommandLineTest.run("compare", p.toString(), "--confine-includes").status());
            // without the option, includes read any file the user can read (and its text shows in errors)
            assertTrue(CommandLineTest.run("asm", p.toString()).err().contains("the answers to the exam"));
        }
    }

    @Test
    void aLinkInsideTheFolderThatLeadsOutIsRefused() throws IOException {
        Files.createSymbolicLink(work.resolve("lib/link.s"), secret);
        Path p = program("link.s", "lib/link.s");
        AsmResult r = Assembler.assembleFile(p, Assembler.folderOf(p));
        assertFalse(r.ok());
        assertTrue(r.formatDiagnostics().contains("cannot include lib/link.s: it is outside"), r.formatDiagnostics());
        assertFalse(r.formatDiagnostics().contains("answers"), r.formatDiagnostics());
    }

    /** The grader's question, answered by the same include roots: which include leaves them, from which file. */
    @Test
    void includeOutsideNamesTheFirstIncludeThatLeavesEveryRoot() throws IOException {
        Path common = Files.createDirectories(tmp.resolve("common"));
        Files.writeString(common.resolve("two.s"), "        .include \"../secret.txt\"\n");
        Path p = program("nested.s", "../common/two.s");
        assertEquals(new Assembler.OutsideInclude(work.resolve("../common/two.s").normalize().toString(),
                "../secret.txt"), Assembler.includeOutside(p, List.of(work, common)));
        assertEquals(new Assembler.OutsideInclude(p.toString(), "../common/two.s"),
                Assembler.includeOutside(p, List.of(work)));
        assertEquals(null, Assembler.includeOutside(program("ok.s", "lib/exit.s"), List.of(work)));
    }
}
