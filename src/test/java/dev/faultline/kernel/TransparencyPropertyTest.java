package dev.faultline.kernel;

import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.cli.Main;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Paging is transparent, as a property: seeded random programs that store, load, fork, wait, mprotect and
 * madvise over private and shared memory print a checksum of everything they read, and that checksum and
 * the exit status must be the same under every frame count, policy, TLB size, refill mode and quantum,
 * with the kernel checking its invariants. A lost write, a stale TLB entry or a page swapped in wrong
 * changes the checksum.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES) // a property test must fail, never hang
class TransparencyPropertyTest {
    private static final int SEEDS = 20;
    private static final int PRIVATE_PAGES = 24;
    private static final int SHARED_PAGES = 6;
    private static final int FILE_PAGES = 3;
    private static final java.time.Duration SEED_LIMIT = java.time.Duration.ofMinutes(3);

    private static final String[][] VARIANTS = {
        {"--frames", "1024"},
        {"--frames", "20", "--check"},
        {"--frames", "24", "--policy", "fifo", "--quantum", "7"},
        {"--frames", "24", "--policy", "lru", "--tlb", "1"},
        {"--frames", "28", "--policy", "random", "--seed", "3", "--tlb-refill", "sw", "--check"},
        {"--frames", "32", "--tlb", "0", "--quantum", "1"},
    };

    /**
     * With children running side by side, preemption points matter: every variant keeps one quantum. Six
     * live processes hold about 30 frames of page tables, which are never evicted, so pressure starts
     * higher than for one process.
     */
    private static final String[][] CONCURRENT_VARIANTS = {
        {"--frames", "1024", "--quantum", "40"},
        {"--frames", "44", "--quantum", "40", "--check"},
        {"--frames", "48", "--quantum", "40", "--policy", "fifo", "--tlb", "2"},
        {"--frames", "52", "--quantum", "40", "--policy", "lru", "--tlb-refill", "sw", "--check"},
    };

    @TempDir
    Path tmp;

    @TestFactory
    Stream<DynamicTest> everyConfigurationPrintsTheSameChecksum() {
        return checksums(VARIANTS, false, 1000L);
    }

    @TestFactory
    Stream<DynamicTest> processesRunningSideBySideAgreeUnderEveryPagingSetup() {
        return checksums(CONCURRENT_VARIANTS, true, 7000L);
    }

    static {
        // Translate a branch target on its second taken branch, so that even short loops run in the second tier.
        System.setProperty("faultline.tier2.hot", "1");
    }

    /** The second tier changes nothing: output, the file, every trace record and the statistics (docs/tier.md). */
    @TestFactory
    Stream<DynamicTest> theSecondTierGivesTheSameTraceAndStatistics() {
        String[][] setups = {VARIANTS[0], VARIANTS[2], VARIANTS[3], CONCURRENT_VARIANTS[0], CONCURRENT_VARIANTS[2]};
        return IntStream.range(0, SEEDS / 2).mapToObj(seed -> DynamicTest.dynamicTest("seed " + seed, () -> {
            for (int k = 0; k < setups.length; k++) {
                boolean concurrent = k >= 3;
                Path program = tmp.resolve("tier" + seed + "-" + k + ".s");
                Files.writeString(program, generate(new Random((concurrent ? 7000L : 1000L) + seed), concurrent));
                String[] interp = traced(program, setups[k], "interp");
                String[] auto = traced(program, setups[k], "auto");
                String where = String.join(" ", setups[k]);
                assertTrue(interp[0].startsWith("exit 0: sum "), where + ": " + interp[0]);
                assertEquals(interp[0], auto[0], where + ": outcome");
                assertEquals(interp[1], auto[1], where + ": trace");
                assertEquals(interp[2].replaceAll("\"(wall_ms|mips)\": [0-9.]+", ""),
                        auto[2].replaceAll("\"(wall_ms|mips)\": [0-9.]+", ""), where + ": statistics");
            }
        }));
    }

    /** Outcome, JSONL trace (every kind) and statistics of one run under a tier. */
    private String[] traced(Path program, String[] variant, String tier) throws java.io.IOException {
        Path trace = Files.createTempFile(tmp, "trace", ".jsonl");
        Path stats = Files.createTempFile(tmp, "stats", ".json");
        List<String> args = new ArrayList<>(List.of(variant));
        args.addAll(List.of("--tier", tier, "--trace", "all", "--trace-format", "jsonl", "--trace-file", trace.toString(),
                "--stats-json", stats.toString()));
        String outcome = run(program, args.toArray(String[]::new));
        return new String[] {outcome, Files.readString(trace), Files.readString(stats)};
    }

    private Stream<DynamicTest> checksums(String[][] variants, boolean concurrent, long base) {
        // @Timeout does not reach dynamic tests: each seed has its own limit, so a livelock fails, never hangs.
        return IntStream.range(0, SEEDS).mapToObj(seed -> DynamicTest.dynamicTest("seed " + seed, () ->
                assertTimeoutPreemptively(SEED_LIMIT, () -> checkSeed(variants, concurrent, base, seed))));
    }

    private void checkSeed(String[][] variants, boolean concurrent, long base, int seed) throws Exception {
        {
            Path program = tmp.resolve("random" + seed + ".s");
            Files.writeString(program, generate(new Random(base + seed), concurrent));
            String first = null;
            for (String[] variant : variants) {
                String outcome = run(program, variant);
                assertTrue(outcome.startsWith("exit 0: sum "), String.join(" ", variant) + ": " + outcome);
                if (first == null) first = outcome;
                else assertEquals(first, outcome, "with " + String.join(" ", variant));
            }
        }
    }

    private String run(Path program, String[] variant) throws java.io.IOException {
        Path root = Files.createTempDirectory(tmp, "root");
        byte[] file = new byte[FILE_PAGES * 4096 - 100]; // the last page is partial: its tail reads zero
        for (int i = 0; i < file.length; i++) file[i] = (byte) (i * 7 + 3);
        Files.write(root.resolve("f.bin"), file);
        List<String> args = new ArrayList<>(List.of("run", program.toString(), "--swap", "512",
                "--max-steps", "20000000", "--root", root.toString()));
        args.addAll(List.of(variant));
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int status = Main.run(args.toArray(String[]::new), new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true), new PrintStream(err, true));
        byte[] after = Files.readAllBytes(root.resolve("f.bin"));
        return "exit " + status + ": " + out.toString(StandardCharsets.UTF_8) + " file " + java.util.Arrays.hashCode(after)
                + " (" + after.length + " bytes)" + (status == 0 ? "" : " / " + err.toString(StandardCharsets.UTF_8));
    }

    /**
     * A random program. s0 = private area, s1 = shared area, s2 = the running checksum (mixed with each
     * value read). Children run a few operations of their own and exit with their checksum's low byte,
     * which the parent adds to its own after wait.
     */
    static String generate(Random rnd, boolean concurrent) {
        StringBuilder sb = new StringBuilder();
        sb.append("        .text\n");
        sb.append("_start: li    a0, 0\n        li    a1, ").append(PRIVATE_PAGES).append(" * PAGE_SIZE\n")
                .append("        li    a2, PROT_READ | PROT_WRITE\n        li    a3, MAP_PRIVATE | MAP_ANONYMOUS\n")
                .append("        li    a4, -1\n        li    a5, 0\n        sys   mmap\n        mov   s0, a0\n");
        sb.append("        li    a0, 0\n        li    a1, ").append(SHARED_PAGES).append(" * PAGE_SIZE\n")
                .append("        li    a2, PROT_READ | PROT_WRITE\n        li    a3, MAP_SHARED | MAP_ANONYMOUS\n")
                .append("        li    a4, -1\n        li    a5, 0\n        sys   mmap\n        mov   s1, a0\n")
                .append("        li    s2, 17\n");
        // fp = a shared mapping of /f.bin (FILE_PAGES pages, made by the test in each run's root)
        sb.append("        la    a0, path\n        li    a1, O_RDWR\n        sys   open\n        mov   a4, a0\n")
                .append("        la    t0, fd\n        sw    a0, 0(t0)\n")
                .append("        li    a0, 0\n        li    a1, ").append(FILE_PAGES).append(" * PAGE_SIZE\n")
                .append("        li    a2, PROT_READ | PROT_WRITE\n        li    a3, MAP_SHARED\n        li    a5, 0\n")
                .append("        sys   mmap\n        mov   fp, a0\n");
        int label = 0;
        int forks = 0;
        for (int op = 0; op < 160; op++) {
            int kind = rnd.nextInt(100);
            if (kind < 40) {
                store(sb, rnd);
            } else if (kind < 80) {
                load(sb, rnd);
            } else if (kind < 86 && forks < 5) {
                forks++;
                String child = "child" + label, join = "join" + label++;
                sb.append("        sys   fork\n        beqz  a0, ").append(child).append('\n');
                if (!concurrent) {
                    sb.append("        la    a0, status\n        sys   wait\n");
                    sb.append("        la    t0, status\n        lw    t0, 0(t0)\n        add   s2, s2, t0\n");
                }
                sb.append("        j     ").append(join).append('\n');
                sb.append(child).append(":\n");
                for (int k = 0; k < (concurrent ? 30 : 6); k++) {
                    if (rnd.nextBoolean()) store(sb, rnd);
                    else load(sb, rnd);
                }
                sb.append("        andi  a0, s2, 255\n        sys   exit\n");
                sb.append(join).append(":\n");
            } else if (kind < 92) {
                int page = rnd.nextInt(PRIVATE_PAGES);
                sb.append("        li    t0, ").append(page).append(" * PAGE_SIZE\n        add   a0, s0, t0\n")
                        .append("        li    a1, PAGE_SIZE\n        li    a2, PROT_READ\n        sys   mprotect\n");
                load(sb, rnd);
                sb.append("        li    t0, ").append(page).append(" * PAGE_SIZE\n        add   a0, s0, t0\n")
                        .append("        li    a1, PAGE_SIZE\n        li    a2, PROT_READ | PROT_WRITE\n")
                        .append("        sys   mprotect\n");
            } else if (kind < 94) {
                int page = rnd.nextInt(PRIVATE_PAGES);
                sb.append("        li    t0, ").append(page).append(" * PAGE_SIZE\n        add   a0, s0, t0\n")
                        .append("        li    a1, PAGE_SIZE\n        li    a2, MADV_DONTNEED\n        sys   madvise\n");
            } else if (kind < 96) {
                // copy a random run from one area to the other (a continuable instruction)
                int from = rnd.nextInt(SHARED_PAGES * 4096 - 5000), to = rnd.nextInt(PRIVATE_PAGES * 4096 - 5000);
                int count = 1 + rnd.nextInt(4999);
                sb.append("        li    t0, ").append(from).append("\n        add   t1, s1, t0\n")
                        .append("        li    t0, ").append(to).append("\n        add   t0, s0, t0\n")
                        .append("        li    t2, ").append(count).append("\n        copy  t0, t1, t2\n");
                load(sb, rnd);
            } else if (kind < 97) {
                fileIo(sb, rnd);
            } else if (kind < 98) {
                // a burst of pushes and pops across stack pages
                int words = 1 + rnd.nextInt(3000);
                String loop = "push" + label, back = "pop" + label++;
                sb.append("        li    t0, ").append(words).append('\n').append(loop).append(":\n")
                        .append("        push  s2\n        addi  t0, t0, -1\n        bnez  t0, ").append(loop).append('\n')
                        .append("        li    t0, ").append(words).append('\n').append(back).append(":\n")
                        .append("        pop   t1\n        add   s2, s2, t1\n        addi  t0, t0, -1\n")
                        .append("        bnez  t0, ").append(back).append('\n');
            } else if (rnd.nextBoolean()) {
                // replace a private page with a fresh zero page (MAP_FIXED)
                int page = rnd.nextInt(PRIVATE_PAGES);
                sb.append("        li    t0, ").append(page).append(" * PAGE_SIZE\n        add   a0, s0, t0\n")
                        .append("        li    a1, PAGE_SIZE\n        li    a2, PROT_READ | PROT_WRITE\n")
                        .append("        li    a3, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED\n        li    a4, -1\n")
                        .append("        li    a5, 0\n        sys   mmap\n");
            } else {
                sb.append("        sys   yield\n");
            }
        }
        if (concurrent) { // reap every child, in pid order of finishing, adding their statuses
            sb.append("reap:   la    a0, status\n        sys   wait\n        blt   a0, zero, reaped\n")
                    .append("        la    t0, status\n        lw    t0, 0(t0)\n        add   s2, s2, t0\n")
                    .append("        j     reap\nreaped:\n");
            for (int page = 0; page < SHARED_PAGES; page++) { // what the children left in shared memory
                sb.append("        li    t0, ").append(page * 4096 + rnd.nextInt(1024) * 4).append('\n')
                        .append("        add   t0, s1, t0\n        lw    t1, 0(t0)\n        xor   s2, s2, t1\n");
            }
        }
        // print the checksum as 8 hex digits and a newline
        sb.append("        la    t1, out + 12\n        li    t2, 8\n");
        sb.append("hex:    andi  t0, s2, 15\n        la    t3, digits\n        add   t3, t3, t0\n")
                .append("        lbu   t0, 0(t3)\n        addi  t1, t1, -1\n        sb    t0, 0(t1)\n")
                .append("        shri  s2, s2, 4\n        addi  t2, t2, -1\n        bnez  t2, hex\n");
        sb.append("        li    a0, 1\n        la    a1, out\n        li    a2, 13\n        sys   write\n");
        sb.append("        li    a0, 0\n        sys   exit\n");
        sb.append("        .rodata\ndigits: .ascii \"0123456789abcdef\"\npath:   .asciz \"/f.bin\"\n");
        sb.append("        .data\nout:    .ascii \"sum 00000000\\n\"\n");
        sb.append("        .bss\nstatus: .space 4\nfd:     .space 4\n");
        return sb.toString();
    }

    /** One of the three areas: private anonymous (s0), shared anonymous (s1), a shared file mapping (fp). */
    private static String area(Random rnd) {
        int k = rnd.nextInt(8);
        return k == 0 ? "s1" : k == 1 ? "fp" : "s0";
    }

    private static int pagesOf(String base) {
        return base.equals("s1") ? SHARED_PAGES : base.equals("fp") ? FILE_PAGES : PRIVATE_PAGES;
    }

    /** A store of a value derived from the checksum to a random word of any area. */
    private static void store(StringBuilder sb, Random rnd) {
        String base = area(rnd);
        int pages = pagesOf(base);
        int offset = rnd.nextInt(pages) * 4096 + rnd.nextInt(1024) * 4;
        sb.append("        li    t0, ").append(offset).append("\n        add   t0, ").append(base).append(", t0\n")
                .append("        xori  t1, s2, ").append(rnd.nextInt(1 << 20)).append('\n')
                .append("        sw    t1, 0(t0)\n");
    }

    /**
     * write() from, or read() into, a random run of private memory at a random file offset: the kernel's
     * own accesses to user memory (copy-on-write, swap-in) and the page cache shared with the mapping.
     */
    private static void fileIo(StringBuilder sb, Random rnd) {
        int count = 1 + rnd.nextInt(300);
        int fileOffset = rnd.nextInt(FILE_PAGES * 4096 - 100 - count);
        int memOffset = rnd.nextInt(PRIVATE_PAGES * 4096 - count);
        sb.append("        la    t0, fd\n        lw    a0, 0(t0)\n        li    a1, ").append(fileOffset)
                .append("\n        li    a2, 0\n        sys   lseek\n");
        sb.append("        la    t0, fd\n        lw    a0, 0(t0)\n        li    t1, ").append(memOffset)
                .append("\n        add   a1, s0, t1\n        li    a2, ").append(count).append('\n')
                .append(rnd.nextBoolean() ? "        sys   write\n" : "        sys   read\n")
                .append("        add   s2, s2, a0\n");
    }

    /** A load from a random word of any area, mixed into the checksum. */
    private static void load(StringBuilder sb, Random rnd) {
        String base = area(rnd);
        int pages = pagesOf(base);
        int offset = rnd.nextInt(pages) * 4096 + rnd.nextInt(1024) * 4;
        sb.append("        li    t0, ").append(offset).append("\n        add   t0, ").append(base).append(", t0\n")
                .append("        lw    t1, 0(t0)\n        shli  t2, s2, 5\n        add   s2, t2, s2\n")
                .append("        xor   s2, s2, t1\n");
    }
}
