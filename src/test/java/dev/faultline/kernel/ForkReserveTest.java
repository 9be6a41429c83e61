package dev.faultline.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * docs/kernel.md, "Swap and replacement": fork keeps a reserve, so a fork bomb on a small machine ends in -ENOMEM or -EAGAIN
 * and never in the OOM killer; and the OOM killer never picks process 1 while another process lives.
 */
@Timeout(120)
class ForkReserveTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0} at --frames 24 {1}")
    @CsvSource({
        "fork_bomb_small, ''", "fork_bomb_small, --check",
        "fork_bomb, ''", "fork_bomb, --check",
    })
    void aForkBombOnTwentyFourFramesReapsEveryChildAndExitsZero(String program, String check) throws Exception {
        Path stats = tmp.resolve("stats.json");
        String[] args = check.isEmpty()
                ? new String[] {"run", "programs/" + program + ".s", "--frames", "24", "--stats-json", stats.toString()}
                : new String[] {"run", "programs/" + program + ".s", "--frames", "24", check, "--stats-json", stats.toString()};
        Runs.Result r = Runs.run(args);
        assertEquals(0, r.status(), r.err());
        assertEquals("", r.err(), "no process is killed, least of all by the OOM killer");
        assertFalse(r.out().isEmpty());
        if (program.equals("fork_bomb")) {
            // fork stopped on memory (the reserve), not on the process limit, and every child was reaped
            assertTrue(r.out().contains("then fork returned: -12\n"), r.out());
            Matcher forked = Pattern.compile("children forked: (\\d+)").matcher(r.out());
            Matcher reaped = Pattern.compile("children reaped: (\\d+)").matcher(r.out());
            assertTrue(forked.find() && reaped.find());
            assertEquals(forked.group(1), reaped.group(1));
            assertTrue(Integer.parseInt(forked.group(1)) >= 2, "the reserve still lets a few forks through");
        }
        String json = Files.readString(stats);
        Matcher forks = Pattern.compile("\"forks\": (\\d+)").matcher(json);
        assertTrue(forks.find());
        assertTrue(Integer.parseInt(forks.group(1)) >= 3, json);
    }

    @Test
    void theReserveIsTheFramesOfOneInstructionAtWorst() {
        // a straddling fetch (2) + a straddling data access (2) + a copy-on-write copy (1) + a page table (1)
        assertEquals(6, ForkReserve.FRAMES);
    }

    @Test
    void theOomKillerTakesTheChildEvenWhenProcessOneIsLarger() {
        Runs.Result r = Runs.run("run", "programs/oom_spares_init.s", "--frames", "96", "--swap", "0");
        assertEquals(0, r.status(), r.err());
        assertEquals("the child was killed: 137\nprocess 1's pages intact: 1\n", r.out());
        assertTrue(r.err().contains("out of memory: killed process 2"), r.err());
        assertFalse(r.err().contains("killed process 1"), r.err());
    }
}
