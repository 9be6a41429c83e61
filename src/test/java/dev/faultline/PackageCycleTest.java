package dev.faultline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;

/**
 * No two of Faultline's main packages need each other, directly or round a longer loop: a cycle means neither
 * can be understood, tested or changed without the other (the grader once called cli's Main while cli called
 * the grader). The dependencies are read from the compiled classes: every class name in a class file's
 * constant pool (its own references, field and method types, generic signatures), so nothing is missed that
 * an import list would leave out (a fully qualified name, a type of the same package's neighbour).
 */
class PackageCycleTest {
    private static final Pattern NAME = Pattern.compile("dev/faultline/((?:[a-z0-9_]+/)*[a-z0-9_]+)/[A-Za-z_$][\\w$]*");
    private static final int UTF8 = 1;

    @Test
    void mainPackagesHaveNoCycles() throws IOException, URISyntaxException {
        Map<String, Map<String, String>> uses = dependencies(classesFolder());
        assertTrue(uses.size() > 10, uses.keySet().toString());
        List<String> cycles = new ArrayList<>();
        for (String p : uses.keySet()) {
            for (String q : uses.get(p).keySet()) {
                if (p.compareTo(q) < 0 && reaches(uses, q, p)) {
                    cycles.add(p + " -> " + q + " (" + uses.get(p).get(q) + ") and back: " + path(uses, q, p));
                }
            }
        }
        assertEquals(List.of(), cycles);
    }

    /** A test of the test: a loop of three is found, a chain is not. */
    @Test
    void aLongerLoopIsACycleToo() {
        Map<String, Map<String, String>> uses = new TreeMap<>();
        uses.put("a", new TreeMap<>(Map.of("b", "A")));
        uses.put("b", new TreeMap<>(Map.of("c", "B")));
        uses.put("c", new TreeMap<>(Map.of("a", "C")));
        assertEquals("b -> c -> a", path(uses, "b", "a"));
        uses.get("c").clear();
        assertEquals(false, reaches(uses, "b", "a"));
    }

    /** target/classes, where this build put the main classes (found from one of them). */
    private static Path classesFolder() throws URISyntaxException {
        return Path.of(dev.faultline.cli.Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** For each package, the other packages its classes name, each with one class that names it. */
    private static Map<String, Map<String, String>> dependencies(Path classes) throws IOException {
        Map<String, Map<String, String>> uses = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(classes.resolve("dev/faultline"))) {
            files = s.filter(f -> f.toString().endsWith(".class")).sorted().toList();
        }
        for (Path f : files) {
            String own = packageOf(classes.relativize(f).toString().replace('\\', '/'));
            Map<String, String> mine = uses.computeIfAbsent(own, k -> new TreeMap<>());
            for (String other : namedPackages(Files.readAllBytes(f))) {
                if (!other.equals(own)) mine.putIfAbsent(other, f.getFileName().toString());
            }
        }
        for (Map<String, String> mine : uses.values()) mine.keySet().retainAll(uses.keySet());
        return uses;
    }

    /** The packages of every dev.faultline class named in a class file's constant pool. */
    private static Set<String> namedPackages(byte[] classFile) {
        ClassReader reader = new ClassReader(classFile);
        Set<String> packages = new TreeSet<>();
        for (int i = 1; i < reader.getItemCount(); i++) {
            int at = reader.getItem(i);
            if (at == 0 || reader.readByte(at - 1) != UTF8) continue;
            String text = new String(classFile, at + 2, reader.readUnsignedShort(at), StandardCharsets.ISO_8859_1);
            Matcher m = NAME.matcher(text);
            while (m.find()) packages.add(m.group(1).replace('/', '.'));
        }
        return packages;
    }

    private static String packageOf(String classFile) {
        return classFile.substring("dev/faultline/".length(), classFile.lastIndexOf('/')).replace('/', '.');
    }

    private static boolean reaches(Map<String, Map<String, String>> uses, String from, String to) {
        return path(uses, from, to) != null;
    }

    /** One way from one package to another, as "a -> b -> c", or null when there is none (breadth first). */
    private static String path(Map<String, Map<String, String>> uses, String from, String to) {
        Map<String, String> cameFrom = new TreeMap<>();
        List<String> todo = new ArrayList<>(List.of(from));
        cameFrom.put(from, "");
        for (int i = 0; i < todo.size(); i++) {
            String p = todo.get(i);
            if (p.equals(to)) {
                String way = p;
                for (String q = cameFrom.get(p); !q.isEmpty(); q = cameFrom.get(q)) way = q + " -> " + way;
                return way;
            }
            for (String q : uses.getOrDefault(p, Map.of()).keySet()) {
                if (cameFrom.putIfAbsent(q, p) == null) todo.add(q);
            }
        }
        return null;
    }
}
