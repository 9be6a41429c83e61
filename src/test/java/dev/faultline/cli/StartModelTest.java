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

    @Test
    void subcommandUsageIsTheSame() {
        for (String sub : new String[] {"asm", "disasm", "run", "debug", "compare", "exercise", "test"}) {
            String quick = Main.commandLine(main(), new String[] {sub}).getSubcommands().get(sub).getUsageMessage();
            String full = new CommandLine(main()).getSubcommands().get(sub).getUsageMessage();
            assertEquals(full, quick, sub);
        }
    }
}
