package dev.faultline.bare;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.faultline.cli.Main;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Golden tests of examples/bare (examples/README.md, "The bare machine"): each example's stdout, exit status
 * and the {@code trap} and {@code restart} records of its trace, under hardware and software refill and
 * several TLB sizes. The goldens live in src/test/resources/bare-golden; {@code -Dbare.golden.write=true}
 * rewrites them from the current behaviour (review the diff before committing).
 *
 * <p>A program's output never depends on the TLB. Its traps do under software refill (TLB misses trap), so
 * the pager has one trace golden for hardware refill, checked at every size, and one per size under
 * software refill; the examples that keep paging off have one trace golden for every configuration. The
 * interpreter alone ({@code --tier interp}) must give the same records as the default second tier.
 */
class BareExamplesTest {
    private static final Path EXAMPLES = Path.of("examples/bare");
    private static final Path GOLDEN = Path.of("src/test/resources/bare-golden");
    private static final boolean WRITE = Boolean.getBoolean("bare.golden.write");

    @TempDir
    Path tmp;

    /** One example run: its options, and the trace golden it must match. */
    record Case(String example, int exit, List<String> options, String traceGolden) {
        String name() {
            return example + " " + String.join(" ", options);
        }
    }

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        List<List<String>> anyTlb = List.of(List.of("--tlb", "64"), List.of("--tlb", "0"),
                List.of("--tlb-refill", "sw", "--tlb", "8"), List.of("--tlb-refill", "sw", "--tlb", "1"),
                List.of("--tier", "interp"));
        for (String ex : List.of("hello", "illegal", "timer")) {
            int exit = ex.equals("illegal") ? 3 : 0;
            for (List<String> o : anyTlb) cases.add(new Case(ex, exit, o, ex + ".traps.jsonl"));
        }
        for (String tlb : List.of("0", "1", "8", "64")) {
            cases.add(new Case("pager", 0, List.of("--tlb", tlb), "pager.hw.traps.jsonl"));
        }
        // the interpreter alone gives the same records as the second tier (the default)
        cases.add(new Case("pager", 0, List.of("--tlb", "8", "--tier", "interp"), "pager.hw.traps.jsonl"));
        cases.add(new Case("pager", 0, List.of("--tlb-refill", "sw", "--tlb", "8", "--tier", "interp"),
                "pager.sw-tlb8.traps.jsonl"));
        for (String tlb : List.of("1", "8", "64")) {
            cases.add(new Case("pager", 0, List.of("--tlb-refill", "sw", "--tlb", tlb), "pager.sw-tlb" + tlb + ".traps.jsonl"));
        }
        return cases;
    }

    @TestFactory
    Stream<DynamicTest> examples() {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c)));
    }

    private void check(Case c) throws IOException {
        Path trace = tmp.resolve(c.example() + "-" + String.join("", c.options()) + ".jsonl");
        List<String> args = new ArrayList<>(List.of("run", EXAMPLES.resolve(c.example() + ".s").toString(), "--bare",
                "--trace=trap,restart", "--trace-format", "jsonl", "--trace-file", trace.toString(), "--max-steps", "5000000"));
        args.addAll(c.options());
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int status = Main.run(args.toArray(String[]::new), new ByteArrayInputStream(new byte[0]), new PrintStream(out, true),
                new PrintStream(err, true));
        String stdout = out.toString(StandardCharsets.UTF_8);
        String records = Files.readString(trace);
        Path outGolden = GOLDEN.resolve(c.example() + ".stdout");
        Path traceGolden = GOLDEN.resolve(c.traceGolden());
        if (WRITE) {
            Files.writeString(outGolden, stdout);
            Files.writeString(traceGolden, records);
        }
        assertEquals(c.exit(), status, err.toString(StandardCharsets.UTF_8));
        assertEquals(Files.readString(outGolden), stdout, "stdout of " + c.name());
        assertEquals(Files.readString(traceGolden), records, "trap and restart records of " + c.name());
    }
}
