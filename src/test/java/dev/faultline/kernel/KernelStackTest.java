package dev.faultline.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The kernel is a stack, not a hub: its parts get the collaborators they use, never the whole {@code Kernel};
 * no layer below trap entry names it; each layer names only the layers below it; and the packages below the
 * kernel never name it. Read from the sources, as the bare wall test does.
 */
class KernelStackTest {
    private static final Path SRC = Path.of("src/main/java/dev/faultline");

    /** A constructor or method parameter, or a field, of type Kernel. */
    private static final Pattern TAKES_KERNEL = Pattern.compile("\\bKernel\\s+\\w+\\s*[,);=]");

    /**
     * The kernel's classes by layer, from trap entry (top) down to the data every layer shares. A class may
     * name classes of its own layer or below, never above: calls go down the stack. The pager's one call up,
     * to the OOM killer, goes through its own interface {@code Pager.OomKiller}, which {@code Exits} implements.
     */
    private static final List<List<String>> LAYERS = List.of(
            List.of("Kernel", "TrapEntry"),
            List.of("Syscalls", "StateDump", "Inspector", "StateView", "Checker", "RunStats", "SoftwareRefill"),
            List.of("Signals"),
            List.of("Exits"),
            List.of("UserMemory"),
            List.of("Vm", "Loader"),
            List.of("Pager", "ForkReserve"),
            List.of("KernelEvents", "FaultInjector", "TlbTracer"),
            List.of("Scheduler", "ProcessTable"),
            List.of("Pmap", "FrameTable", "SwapDevice"),
            List.of("AddressSpace", "Vma", "Process", "Inode", "OpenFile", "FileSystem", "FrameKind", "FaultKind",
                    "FaultResult", "PageIn", "InjectKind", "KernelConfig", "KernelListener", "HostOutput",
                    "ProgressGuard", "Words", "Console"));

    /** Trap entry: the kernel itself, and the plain class the CPU calls it through. */
    private static final List<String> TRAP_ENTRY = List.of("Kernel.java", "TrapEntry.java");

    @Test
    void onlyTrapEntryTakesTheKernel() throws IOException {
        List<String> takers = javaFiles(SRC.resolve("kernel"))
                .filter(f -> !TRAP_ENTRY.contains(f.getFileName().toString()))
                .filter(f -> TAKES_KERNEL.matcher(read(f)).find())
                .map(f -> f.getFileName().toString()).sorted().toList();
        assertEquals(List.of(), takers);
    }

    @Test
    void noLayerBelowTrapEntryNamesTheKernel() throws IOException {
        List<String> naming = javaFiles(SRC.resolve("kernel"))
                .filter(f -> !TRAP_ENTRY.contains(f.getFileName().toString()))
                .filter(f -> names(code(read(f)), "Kernel"))
                .map(f -> f.getFileName().toString()).sorted().toList();
        assertEquals(List.of(), naming);
    }

    @Test
    void everyLayerNamesOnlyTheLayersBelowIt() throws IOException {
        List<String> upward = new ArrayList<>();
        for (Path f : javaFiles(SRC.resolve("kernel")).toList()) {
            String cls = f.getFileName().toString().replace(".java", "");
            int layer = layerOf(cls);
            assertTrue(layer >= 0, cls + " has no layer in KernelStackTest.LAYERS: place it");
            String code = code(read(f));
            for (int above = 0; above < layer; above++) {
                for (String other : LAYERS.get(above)) {
                    if (names(code, other)) upward.add(cls + " -> " + other);
                }
            }
        }
        assertEquals(List.of(), upward);
    }

    @Test
    void theLayerCheckSeesANameInCodeButNotInACommentOrAString() {
        String code = code("/** {@link Kernel#x} */ int a = 1; // Kernel\n String s = \"Kernel.x\"; Pager p;");
        assertFalse(names(code, "Kernel"));
        assertTrue(names(code, "Pager"));
        assertFalse(names(code("KernelEvents e;"), "Kernel"));
    }

    private static int layerOf(String cls) {
        for (int i = 0; i < LAYERS.size(); i++) if (LAYERS.get(i).contains(cls)) return i;
        return -1;
    }

    private static boolean names(String code, String cls) {
        return Pattern.compile("\\b" + cls + "\\b").matcher(code).find();
    }

    /** The source without its comments, string and character literals. */
    private static String code(String source) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (source.startsWith("//", i)) {
                i = source.indexOf('\n', i);
                if (i < 0) break;
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                i = end < 0 ? source.length() : end + 2;
                out.append(' ');
            } else if (c == '"' || c == '\'') {
                i = endOfLiteral(source, i, c);
                out.append("\"\"");
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static int endOfLiteral(String source, int start, char quote) {
        if (source.startsWith("\"\"\"", start)) {
            int end = source.indexOf("\"\"\"", start + 3);
            return end < 0 ? source.length() : end + 3;
        }
        int i = start + 1;
        while (i < source.length() && source.charAt(i) != quote) i += source.charAt(i) == '\\' ? 2 : 1;
        return i + 1;
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
