package dev.faultline.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The quick command model (one subcommand, the root's attributes as constants) says what the full one,
 * read from Main's annotation, says: name, version, description, help options, and the same usage.
 */
class StartModelTest {
    private static Main main() {
        PrintStream sink = new PrintStream(new java.io.ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return new Main(new Io(new ByteArrayInputStream(new byte[0]), sink, sink, sink));
    }

    @Test
    void rootAttributesMatchTheAnnotation() {
        Command root = Main.class.getAnnotation(Command.class);
        CommandLine.Model.CommandSpec quick = Main.commandLine(main(), new String[] {"run", "x.s"}).getCommandSpec();
        assertEquals(root.name(), quick.name());
        assertArrayEquals(root.version(), quick.version());
        assertArrayEquals(root.description(), quick.usageMessage().description());
        assertEquals(root.mixinStandardHelpOptions(), quick.mixinStandardHelpOptions());
    }

    /** What a command line prints and returns: status, stdout, stderr. */
    private static String outcome(String... args) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(), err = new java.io.ByteArrayOutputStream();
        int status = Main.run(args, new ByteArrayInputStream("typed\n".getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return status + "\n" + out.toString(StandardCharsets.UTF_8) + "\n" + err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void runWithoutOptionsIsRunWithItsDefaultsSpelledOut(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws java.io.IOException {
        java.nio.file.Path broken = tmp.resolve("broken.s");
        java.nio.file.Files.writeString(broken, "_start: lw t0, (\n");
        String[] programs = {"examples/hello.s", "programs/crash_kinds.s", "programs/syscalls_all.s",
                "programs/oom.s", "no-such-file.s", "examples", broken.toString(), "programs/README.md"};
        for (String prog : programs) {
            assertEquals(null, RunCommand.withoutOptions(main(), new String[] {"run", prog, "--frames", "256"}));
            String plain = outcome("run", prog);
            // the same defaults spelled out: picocli builds and parses the model
            String parsed = outcome("run", prog, "--frames", "256", "--policy", "clock", "--tier", "auto");
            assertEquals(parsed, plain, prog);
        }
    }

    @Test
    void onlyRunAndOneProgramSkipsTheModel() {
        Main m = main();
        assertEquals(java.nio.file.Path.of("a.s"), RunCommand.withoutOptions(m, new String[] {"run", "a.s"}).program);
        for (String[] args : new String[][] {{"run"}, {"run", "--help"}, {"run", "-V"}, {"run", ""}, {"run", "a\0.s"},
                {"debug", "a.s"}, {"run", "a.s", "b.s"}, {"asm", "a.s"}}) {
            assertEquals(null, RunCommand.withoutOptions(m, args), String.join(" ", args));
        }
    }

    @Test
    void subcommandUsageIsTheSame() {
        for (String sub : new String[] {"asm", "disasm", "run", "debug", "compare", "exercise", "test"}) {
            String quick = Main.commandLine(main(), new String[] {sub}).getSubcommands().get(sub).getUsageMessage();
            String full = new CommandLine(main()).getSubcommands().get(sub).getUsageMessage();
            assertEquals(full, quick, sub);
        }
    }
}
