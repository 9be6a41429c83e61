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
 * Self-modifying code on the bare machine under both tiers: {@code src/test/resources/bare-smc/smc.s} writes the
 * next instruction of a hot loop with each kind of store (sb, sh, sw, push, xchg, call, callr, copy). Its
 * output is exact, and {@code --tier auto} must give what {@code --tier interp} gives: stdout, exit status,
 * every trace record and the statistics (the retired count above all: each store leaves a translated loop).
 */
class BareSelfModifyingCodeTest {
    private static final Path PROGRAM = Path.of("src/test/resources/bare-smc/smc.s");
    private static final String OUTPUT = "sb: 133486\nsh: 605550\nsw: 605550\npush: 605550\nxchg: 605550\n"
            + "call: 99157300\ncallr: 103666200\ncopy: 605550\n";

    @TempDir
    Path tmp;

    private record Result(int exit, String stdout, String trace, String stats) {}

    @TestFactory
    Stream<DynamicTest> bothTiersAgree() {
        // Paging stays off, so the TLB's size does not matter; software refill turns the second tier off.
        List<List<String>> configs = List.of(List.of("--tlb", "64"), List.of("--tlb-refill", "sw", "--tlb", "8"));
        return configs.stream().map(c -> DynamicTest.dynamicTest(String.join(" ", c), () -> {
            Result interp = run(c, "interp");
            Result auto = run(c, "auto");
            assertEquals(0, interp.exit());
            assertEquals(OUTPUT, interp.stdout());
            assertEquals(interp.stdout(), auto.stdout(), "stdout");
            assertEquals(interp.exit(), auto.exit(), "exit status");
            assertEquals(interp.stats(), auto.stats(), "statistics");
            assertEquals(interp.trace(), auto.trace(), "trace");
        }));
    }

    private Result run(List<String> config, String tier) throws IOException {
        String name = String.join("", config) + tier;
        Path trace = tmp.resolve(name + ".jsonl");
        Path stats = tmp.resolve(name + ".json");
        List<String> args = new ArrayList<>(List.of("run", PROGRAM.toString(), "--bare", "--frames", "64", "--tier",
                tier, "--trace", "all", "--trace-format", "jsonl", "--trace-file", trace.toString(), "--stats-json",
                stats.toString(), "--max-steps", "5000000"));
        args.addAll(config);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = Main.run(args.toArray(String[]::new), new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true));
        String json = Files.readString(stats).replaceAll("\"(wall_ms|mips)\":\\s*[0-9.]+", "\"$1\": 0");
        return new Result(exit, out.toString(StandardCharsets.UTF_8), Files.readString(trace), json);
    }
}
