package dev.faultline.asm;

import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.abi.Flx;
import dev.faultline.abi.FlxFormatException;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded fuzzing: mutated and random sources must give a result or clean diagnostics, never an
 * exception or a hang; random and mutated bytes given to {@link Flx#read} must give an executable or a
 * {@link FlxFormatException}.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES) // a property test must fail, never hang
class FuzzTest {
    private static final String SEED_PROGRAM = DisassemblyTest.PROGRAMS.get(1);
    private static final String ALPHABET = "abcdefgrstz0123456789 \t,:;#()+-*/%<>&^|~.=\"'\\\nxLi$@\0";

    /** Assembles and checks every diagnostic is well formed. */
    private static void assembleCleanly(String source) {
        AsmResult r = Assembler.assembleString("f.s", source);
        if (r.ok()) {
            assertTrue(r.flx() != null);
            return;
        }
        for (Diagnostic d : r.diagnostics()) {
            assertTrue(d.line() >= 1 && d.column() >= 1, d::headline);
            assertFalse(d.message().isBlank());
        }
        assertFalse(r.formatDiagnostics().contains("Exception"));
    }

    @Test
    void mutatedSources() {
        Random random = new Random(1);
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            for (int i = 0; i < 400; i++) {
                StringBuilder s = new StringBuilder(SEED_PROGRAM);
                int edits = 1 + random.nextInt(8);
                for (int e = 0; e < edits; e++) mutate(s, random);
                assembleCleanly(s.toString());
            }
        });
    }

    @Test
    void randomSources() {
        Random random = new Random(2);
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            for (int i = 0; i < 300; i++) {
                StringBuilder s = new StringBuilder();
                int n = random.nextInt(300);
                for (int k = 0; k < n; k++) s.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                assembleCleanly(s.toString());
                byte[] garbage = new byte[random.nextInt(200)];
                random.nextBytes(garbage);
                assembleCleanly(new String(garbage, java.nio.charset.StandardCharsets.ISO_8859_1));
            }
        });
    }

    @Test
    void pathologicalSources() {
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            assembleCleanly("");
            assembleCleanly("\0\0\0\uFFFF");
            assembleCleanly("        li a0, " + "(".repeat(100_000) + "1" + ")".repeat(100_000) + "\n");
            assembleCleanly("        li a0, " + "-".repeat(100_000) + "1\n");
            assembleCleanly("        li a0, " + "1+".repeat(20_000) + "1\n");
            assembleCleanly("        .byte " + "1,".repeat(20_000) + "1\n");
            assembleCleanly("x".repeat(10 << 20));
            assembleCleanly("        nop ; " + "y".repeat(2 << 20) + "\n        nop\n");
            assembleCleanly("        .space 0x7FFFFFFF\n");
            assembleCleanly("        .org 0x7FFFFFF0\n        .space 100\n");
            StringBuilder chain = new StringBuilder("e0 = 1\n");
            for (int i = 1; i < 5_000; i++) chain.append("e").append(i).append(" = e").append(i - 1).append(" + 1\n");
            chain.append("        li a0, e4999\n");
            assembleCleanly(chain.toString());
            StringBuilder backwards = new StringBuilder("        li a0, e0\n");
            for (int i = 0; i < 5_000; i++) backwards.append("e").append(i).append(" = e").append(i + 1).append(" + 1\n");
            backwards.append("e5000 = 0\n");
            assembleCleanly(backwards.toString());
        });
    }

    @Test
    void deepNestingIsAnErrorAtItsColumn() {
        Asm.error("        li a0, " + "(".repeat(1000) + "1" + ")".repeat(1000) + "\n", 1, 16 + LineParser.MAX_NESTING,
                "nested more than");
        Asm.error("        li a0, " + "-(".repeat(200) + "1" + ")".repeat(200) + "\n", 1, 16 + LineParser.MAX_NESTING,
                "nested more than");
        assertEquals(1, Asm.equ("(".repeat(200) + "1" + ")".repeat(200)));
        assertEquals(-1, Asm.equ("-".repeat(201) + "1"));
        assertEquals(200, Asm.equ("1" + " + 1".repeat(199)));
        assertEquals(1, Asm.symbol(Asm.ok("e0 = 1\n" + "e1 = e0\n".repeat(1) + "        nop\n"), "e1"));
    }

    @Test
    void chainsOfDefinitionsDeeperThanTheLimitAreAFewErrors() {
        StringBuilder backwards = new StringBuilder("        li a0, e0\n");
        for (int i = 0; i < 3000; i++) backwards.append("e").append(i).append(" = e").append(i + 1).append("\n");
        backwards.append("e3000 = 0\n");
        var errors = Asm.errors(backwards.toString());
        assertTrue(errors.size() <= 3000 / Evaluator.MAX_CHAIN, errors::toString);
        assertTrue(errors.stream().allMatch(e -> e.contains("more than " + Evaluator.MAX_CHAIN + " deep")), errors::toString);
    }

    @Test
    void randomAndMutatedExecutables() {
        Random random = new Random(3);
        byte[] good = Asm.ok(SEED_PROGRAM).write();
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            for (int i = 0; i < 3000; i++) {
                byte[] file = i % 3 == 0 ? randomBytes(random) : mutated(good, random);
                try {
                    Flx flx = Flx.read(file);
                    Disassembly.of(flx);
                } catch (FlxFormatException e) {
                    assertFalse(e.getMessage().isBlank());
                }
            }
        });
    }

    private static byte[] randomBytes(Random random) {
        byte[] b = new byte[random.nextInt(300)];
        random.nextBytes(b);
        if (b.length >= 4 && random.nextBoolean()) {
            b[0] = 'F';
            b[1] = 'L';
            b[2] = 'X';
            b[3] = '1';
        }
        return b;
    }

    private static byte[] mutated(byte[] good, Random random) {
        byte[] b = random.nextInt(10) == 0 ? java.util.Arrays.copyOf(good, random.nextInt(good.length)) : good.clone();
        int edits = 1 + random.nextInt(6);
        for (int e = 0; e < edits && b.length > 0; e++) {
            int at = random.nextInt(Math.min(b.length, random.nextBoolean() ? 160 : b.length));
            b[at] = (byte) (random.nextInt(4) == 0 ? 0xFF : random.nextInt(256));
        }
        return b;
    }

    private static void mutate(StringBuilder s, Random random) {
        if (s.length() == 0) {
            s.append('x');
            return;
        }
        int at = random.nextInt(s.length());
        switch (random.nextInt(4)) {
            case 0 -> s.deleteCharAt(at);
            case 1 -> s.insert(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            case 2 -> s.setCharAt(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            default -> {
                int from = random.nextInt(s.length());
                int len = Math.min(20, s.length() - from);
                s.insert(at, s.substring(from, from + len));
            }
        }
    }
}
