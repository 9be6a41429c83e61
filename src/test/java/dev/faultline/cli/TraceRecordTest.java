package dev.faultline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trace records that tell the truth (docs/cli.md, Traces): the by field, restart, and the text form. */
class TraceRecordTest {
    @TempDir
    Path tmp;

    private List<String> lines(String text) {
        return text.lines().filter(l -> l.contains(" pid ") || l.startsWith("{")).toList();
    }

    @Test
    void aFaultTheKernelTakesDuringWriteHasByKernelAndNoRestart() {
        CommandLineTest.Result r = CommandLineTest.run("run", "examples/hello.s", "--trace=fault,restart,syscall");
        assertEquals(0, r.status(), r.err());
        List<String> l = lines(r.err());
        assertEquals(5, l.size(), r.err());
        assertTrue(l.get(0).matches("\\s+0  pid 1   fault     access=fetch addr=0x00010000 pc=0x00010000 <_start \\(hello.s:9\\)>"
                + " kind=file major=true frame=1 by=user"), l.get(0));
        assertTrue(l.get(1).endsWith("restart   pc=0x00010000 <_start (hello.s:9)>"), l.get(1));
        assertTrue(l.get(2).contains("fault     access=load addr=0x00011000 pc=0x00010012 <_start+18 (hello.s:12)>"
                + " kind=file major=true frame=3 by=kernel"), l.get(2));
        assertTrue(l.get(3).endsWith("syscall   name=write args=(1, 0x00011000, 13) ret=13"), l.get(3));
        assertTrue(l.get(4).endsWith("syscall   name=exit args=(0) ret=0"), l.get(4));
    }

    @Test
    void jsonFaultRecordsCarryByAndSignalsStayNumbers() {
        CommandLineTest.Result r = CommandLineTest.run("run", "examples/sigsegv_handler.s", "--trace=fault,signal,restart,syscall",
                "--trace-format", "jsonl");
        List<String> l = lines(r.err());
        assertTrue(l.get(0).endsWith("\"kind\":\"file\",\"major\":true,\"frame\":1,\"by\":\"user\"}"), l.get(0));
        assertTrue(l.stream().anyMatch(s -> s.contains("\"ev\":\"signal\",\"sig\":11,\"code\":\"maperr\"")), r.err());
        assertTrue(l.stream().anyMatch(s -> s.contains("\"ev\":\"syscall\",\"name\":\"sigaction\",\"args\":[11,")), r.err());
        for (String s : l) if (s.contains("\"ev\":\"fault\"")) assertTrue(s.contains("\"by\":\""), s);
    }

    @Test
    void theSigsegvLessonRestartsTheStoreOnlyWhenItRunsAgain() {
        CommandLineTest.Result r = CommandLineTest.run("run", "examples/sigsegv_handler.s", "--trace=fault,signal,restart,syscall");
        String[] want = {
            "fault     access=fetch addr=0x00010000",
            "restart   pc=0x00010000",
            "syscall   name=sigaction args=(SIGSEGV, 0x",
            "fault     access=store addr=0x50000010 pc=0x0001001d <_start+29 (sigsegv_handler.s:19)> kind=segv",
            "signal    sig=SIGSEGV code=maperr addr=0x50000010",
            "fault     access=store addr=0x7fffffb0 pc=0x0001001d <_start+29 (sigsegv_handler.s:19)> kind=demand-zero major=false frame=3 by=kernel",
            "syscall   name=mmap args=(0x50000000, 4096, 0x3, 0x32, -1, 0) ret=0x50000000",
            "syscall   name=sigreturn args=() ret=0",
            "restart   pc=0x0001001d",
            "fault     access=store addr=0x50000010 pc=0x0001001d <_start+29 (sigsegv_handler.s:19)> kind=demand-zero",
            "restart   pc=0x0001001d",
            "fault     access=load addr=0x00011000",
            "syscall   name=write args=(1, 0x00011000, 59) ret=59",
            "syscall   name=exit args=(0) ret=0"};
        List<String> l = lines(r.err());
        assertEquals(want.length, l.size(), r.err());
        for (int i = 0; i < want.length; i++) assertTrue(l.get(i).contains(want[i]), i + ": " + l.get(i) + "\n" + r.err());
    }

    @Test
    void errorsShowByNameAndSignalsByName() throws IOException {
        Path p = tmp.resolve("errs.s");
        Files.writeString(p, """
                _start: li a0, 1
                        li a1, 16
                        li a2, 4
                        sys write            ; a bad buffer: -EFAULT
                        li a0, 99
                        sys close            ; -EBADF
                        li a0, 1
                        li a1, 15
                        sys kill             ; SIGTERM to itself
                        li a0, 0
                        sys exit
                """);
        CommandLineTest.Result r = CommandLineTest.run("run", p.toString(), "--trace=syscall,signal");
        assertTrue(r.err().contains("name=write args=(1, 0x00000010, 4) ret=-EFAULT"), r.err());
        assertTrue(r.err().contains("name=close args=(99) ret=-EBADF"), r.err());
        assertTrue(r.err().contains("name=kill args=(1, SIGTERM) ret=0"), r.err());
        assertTrue(r.err().contains("signal    sig=SIGTERM code=- addr=0x00000000"), r.err());
        assertFalse(r.err().contains("fault"), r.err());
    }

    @Test
    void statsTextUsesTheJsonKeysAndPlainIntegers() {
        CommandLineTest.Result r = CommandLineTest.run("run", "examples/cow.s", "--stats");
        String[] keys = {"instructions", "minor_faults", "major_faults", "demand_zero", "file_faults", "cow_copies",
            "cow_reuses", "swap_ins", "swap_outs", "evictions", "segv", "tlb_hits", "tlb_misses", "forks",
            "processes_max", "frames", "frames_peak_used", "injected", "wall_ms"};
        List<String> lines = r.err().lines().toList();
        for (int i = 0; i < keys.length; i++) {
            assertTrue(lines.get(i).matches(String.format("%-18s \\d+", keys[i])), lines.get(i) + "\n" + r.err());
        }
        assertTrue(r.err().contains("\ncow_copies         2\ncow_reuses         1\n"), r.err());
        assertTrue(r.err().contains("\nforks              1\n"), r.err());
        assertTrue(r.err().contains("per_process pid 2: minor_faults "), r.err());
        assertFalse(r.err().contains(","), r.err()); // no thousands separators
        CommandLineTest.Result injected = CommandLineTest.run("run", "examples/cow.s", "--inject", "alloc=3", "--stats");
        assertTrue(injected.err().contains("\ninjected           1\n"), injected.err());
    }
}
