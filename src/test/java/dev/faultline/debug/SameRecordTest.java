package dev.faultline.debug;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.faultline.asm.Assembler;
import dev.faultline.debug.view.Areas;
import dev.faultline.debug.view.Frames;
import dev.faultline.debug.view.KernelViews;
import dev.faultline.debug.view.Processes;
import dev.faultline.debug.view.SwapSlots;
import dev.faultline.debug.view.View;
import dev.faultline.kernel.Kernel;
import dev.faultline.kernel.KernelConfig;
import dev.faultline.machine.Machine;
import dev.faultline.report.RunRecorder;
import dev.faultline.trace.Tracer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.json.Json;

/**
 * The debugger's terminal face and the report take the same view record for the same moment: swapping.s in 12
 * frames, stopped mid-run with pages in swap; the frames, ps, vmas and swap the face prints and the state the
 * report records ({@link RunRecorder#stateJson}) are both the records {@link KernelViews} builds, value for value.
 */
class SameRecordTest {
    private static Kernel stoppedMidRun() throws Exception {
        KernelConfig cfg = KernelConfig.defaults().withFrames(12);
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        Kernel kernel = new Kernel(Machine.build(cfg.frames(), cfg.tlbSize(), cfg.softwareRefill()), cfg, Tracer.off(),
                new ByteArrayInputStream(new byte[0]), quiet, quiet);
        assertEquals(null, kernel.boot(Assembler.assembleFile(Path.of("examples/swapping.s")).flx(), "swapping.s"));
        assertEquals(Kernel.Outcome.MAX_STEPS, kernel.run(STOP));
        return kernel;
    }

    private static final long STOP = 300;

    private static List<String> face(View v) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new TerminalFace(new PrintStream(bytes, true, StandardCharsets.UTF_8), Target.Kind.KERNEL).show(v);
        return List.of(bytes.toString(StandardCharsets.UTF_8).split("\n"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> report(Kernel k) {
        return (Map<String, Object>) new Json().toType(RunRecorder.stateJson(k), Object.class);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> section(Map<String, Object> report, String name) {
        return (Map<String, Object>) report.get(name);
    }

    @Test
    void framesAreOneRecordForTheFaceAndTheReport() throws Exception {
        Kernel k = stoppedMidRun();
        Frames frames = new KernelViews(k).frames();
        List<String> text = face(frames);
        Map<String, Object> f = section(report(k), "f");

        assertEquals("12 frames, 12 used (peak 12), 0 free", text.get(0));
        assertEquals("  frame    1  refs 2  anonymous (swap cache slot 4) pid 1 @0x00016000", text.get(2));
        assertEquals("[2, 2, 4, [1, 22], null, -1]", String.valueOf(f.get("1")));
        assertEquals("  frame    3  refs 2  page cache swapping.s[0] page 0 pid 1 @0x00010000", text.get(4));
        assertEquals("[3, 2, -1, [1, 16], swapping.s[0] page 0, -1]", String.valueOf(f.get("3")));
        assertEquals("  frame    0  refs 0  page table", text.get(1));
        assertEquals("[1, 0, -1, [], null, 1]", String.valueOf(f.get("0")));

        assertEquals(frames.frames().size(), f.size());
        assertEquals(frames.frames().size() + 1, text.size());
        for (int i = 0; i < frames.frames().size(); i++) {
            Frames.Frame fr = frames.frames().get(i);
            List<Object> mappers = new ArrayList<>();
            StringBuilder owners = new StringBuilder();
            for (Frames.Mapper m : fr.mappers()) {
                mappers.add(m.pid());
                mappers.add(m.va() >>> 12);
                owners.append(String.format(" pid %d @0x%08x", m.pid(), m.va()));
            }
            int use = fr.use().ordinal() + 1;
            String label = fr.file() == null ? null : fr.file() + " page " + fr.filePage();
            assertEquals(String.valueOf(List.of(use, fr.refs(), fr.swapSlot(), mappers, String.valueOf(label),
                    fr.tableOwner())), String.valueOf(f.get(Integer.toString(fr.pfn()))), "frame " + fr.pfn());
            assertEquals(true, text.get(i + 1).startsWith(String.format("  frame %4d  refs %d  ", fr.pfn(), fr.refs())));
            assertEquals(true, text.get(i + 1).endsWith(owners.toString()), text.get(i + 1));
        }
    }

    @Test
    void processesAndAreasAreOneRecordForTheFaceAndTheReport() throws Exception {
        Kernel k = stoppedMidRun();
        KernelViews views = new KernelViews(k);
        Processes ps = views.processes(0);
        Areas areas = views.areas(1);
        Map<String, Object> report = report(k);

        assertEquals(List.of("  pid 1   ppid 0   runnable pc 0x00010048  resident 10  (running)"), face(ps));
        List<?> proc = (List<?>) section(report, "p").get("1");
        assertEquals("[0, runnable]", String.valueOf(proc.subList(0, 2)));
        assertEquals(10L, section(report, "r").get("1"));
        assertEquals(1L, report.get("c"));
        assertEquals(new Processes.Proc(1, 0, "runnable", 0x10048, 10, true), ps.processes().get(0));

        assertEquals(List.of("00010000-00011000 r-xp text      swapping.s[0] @page 0",
                "00011000-00012000 r--p rodata    swapping.s[1] @page 0",
                "00012000-00032000 rw-p bss",
                "7ffff000-80000000 rw-p stack",
                "brk 0x00032000 (heap from 0x00032000), 10 pages resident"), face(areas));
        assertEquals("[[65536, 69632, r-xp, text, swapping.s[0], 0], [69632, 73728, r--p, rodata, swapping.s[1], 0],"
                + " [73728, 204800, rw-p, bss, null, 0], [2147479552, 2147483648, rw-p, stack, null, 0]]",
                String.valueOf(proc.get(2)));
        List<?> reported = (List<?>) proc.get(2);
        for (int i = 0; i < areas.areas().size(); i++) {
            Areas.Area a = areas.areas().get(i);
            assertEquals(String.valueOf(List.of(Integer.toUnsignedLong(a.start()), Integer.toUnsignedLong(a.end()),
                    a.perms(), a.role(), String.valueOf(a.file()), a.filePage())), String.valueOf(reported.get(i)));
        }
    }

    @Test
    void swapSlotsAreOneRecordForTheFaceAndTheReport() throws Exception {
        Kernel k = stoppedMidRun();
        SwapSlots swap = new KernelViews(k).swap();
        List<String> text = face(swap);
        Map<String, Object> s = section(report(k), "s");

        assertEquals("1024 slots, 32 in use", text.get(0));
        assertEquals("  slot    0  refs 1", text.get(1));
        assertEquals("[1, -1, [1, 18]]", String.valueOf(s.get("0")));
        assertEquals("  slot    1  refs 0  cached in frame 9", text.get(2));
        assertEquals("[0, 9, []]", String.valueOf(s.get("1")));
        assertEquals(32, s.size());
        for (SwapSlots.Slot slot : swap.used()) {
            List<?> reported = (List<?>) s.get(Integer.toString(slot.slot()));
            assertEquals(String.valueOf(List.of(slot.refs(), slot.cacheFrame())), String.valueOf(reported.subList(0, 2)));
        }
    }
}
