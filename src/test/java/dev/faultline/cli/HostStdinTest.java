package dev.faultline.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A closed stdin that the JVM reused for a file of its own is not the guest's input. */
class HostStdinTest {
    @Test
    void aFileUnderJavaHomeIsTheJvmsOwn() {
        assertTrue(HostStdin.opensOwnFile(Path.of(System.getProperty("java.home"), "lib", "modules")));
    }

    @Test
    void aPipeOrAUserFileIsRealInput() {
        assertFalse(HostStdin.opensOwnFile(Path.of("pipe:[12345]")));
        assertFalse(HostStdin.opensOwnFile(Path.of("/tmp/input.txt")));
        assertFalse(HostStdin.opensOwnFile(Path.of("/dev/null")));
    }
}
