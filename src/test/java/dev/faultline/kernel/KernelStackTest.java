package dev.faultline.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The kernel is a stack, not a hub: its parts get the collaborators they use, never the whole {@code Kernel},
 * and the packages below it never name it. Read from the sources, as the bare wall test does.
 */
class KernelStackTest {
    private static final Path SRC = Path.of("src/main/java/dev/faultline");

    /** A constructor or method parameter, or a field, of type Kernel. */
    private static final Pattern TAKES_KERNEL = Pattern.compile("\\bKernel\\s+\\w+\\s*[,);=]");

    /**
     * The parts that still take the whole Kernel, each to be given its collaborators (issue 19): the
     * syscalls touch every layer through it, and the dump reads the trap path's hidden state.
     */
    private static final List<String> NOT_YET = List.of("StateDump.java", "Syscalls.java");

    @Test
    void onlyTrapEntryAndTheKnownRemaindersTakeTheKernel() throws IOException {
        List<String> takers = javaFiles(SRC.resolve("kernel"))
                .filter(f -> !f.getFileName().toString().equals("Kernel.java"))
                .filter(f -> TAKES_KERNEL.matcher(read(f)).find())
                .map(f -> f.getFileName().toString()).sorted().toList();
        assertEquals(NOT_YET, takers);
    }

    @Test
    void thePackagesBelowTheKernelNeverNameIt() throws IOException {
        for (String pkg : List.of("abi", "isa", "machine", "policy", "trace", "io")) {
            List<String> offenders = javaFiles(SRC.resolve(pkg))
                    .filter(f -> read(f).contains("dev.faultline.kernel"))
                    .map(Path::toString).toList();
            assertEquals(List.of(), offenders, pkg);
        }
    }

    @Test
    void thePatternSeesAParameterAFieldAndALocal() {
        assertEquals(true, TAKES_KERNEL.matcher("Checker(Kernel kernel) {").find());
        assertEquals(true, TAKES_KERNEL.matcher("load(Kernel k, AddressSpace as)").find());
        assertEquals(true, TAKES_KERNEL.matcher("private final Kernel k;").find());
        assertEquals(false, TAKES_KERNEL.matcher("/** Built by {@link Kernel#inspector()}. */").find());
    }

    private static Stream<Path> javaFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".java")).toList().stream();
        }
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
