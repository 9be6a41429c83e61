package dev.faultline.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.asm.Assembler;
import dev.faultline.kernel.Kernel;
import dev.faultline.kernel.KernelConfig;
import dev.faultline.machine.Machine;
import dev.faultline.trace.Tracer;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.json.Json;

/**
 * {@link RunRecorder#stateJson}, the state the studio draws at a debugger stop, is the state the report draws for
 * the same moment: after a whole run of swapping.s in 12 frames (evictions, swap slots, page tables coming and
 * going), the report's last version, rebuilt from its whole copies and changes as the page rebuilds it, equals
 * stateJson of the kernel then. And taking it changes nothing: the run goes on as before.
 */
class StateJsonTest {
    private static Kernel boot(RunRecorder recorder) throws Exception {
        KernelConfig cfg = KernelConfig.defaults().withFrames(12);
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        Tracer tracer = recorder == null ? Tracer.off() : new Tracer(Set.of(), null, false, null, recorder);
        Kernel kernel = new Kernel(Machine.build(cfg.frames(), cfg.tlbSize(), cfg.softwareRefill()), cfg, tracer,
                new ByteArrayInputStream(new byte[0]), quiet, quiet);
        assertEquals(null, kernel.boot(Assembler.assembleFile(Path.of("examples/swapping.s")).flx(), "swapping.s"));
        return kernel;
    }

    @Test
    void theStudiosStateIsTheReportsLastVersion() throws Exception {
        RunRecorder recorder = new RunRecorder();
        Kernel kernel = boot(recorder);
        recorder.attach(kernel);
        assertEquals(Kernel.Outcome.EXITED, kernel.run(Long.MAX_VALUE));
        recorder.finish();
        StringBuilder data = new StringBuilder("{");
        recorder.appendJson(data);
        Map<String, Object> report = parse(data.append('}').toString());
        List<?> deltas = (List<?>) report.get("deltas");
        assertEquals(69, deltas.size(), "versions: one a kernel operation that wrote events");
        int keyEvery = ((Number) report.get("keyEvery")).intValue();
        int last = deltas.size() - 1;
        Map<String, Object> state = copy(((List<?>) report.get("keyframes")).get(last / keyEvery));
        for (int v = last / keyEvery * keyEvery + 1; v <= last; v++) apply(state, (Map<?, ?>) deltas.get(v));
        assertEquals(state, parse(RunRecorder.stateJson(kernel)));
    }

    @Test
    void takingTheStateChangesNothing() throws Exception {
        Kernel quiet = boot(null);
        Kernel looked = boot(null);
        for (long t = 5_000; ; t += 5_000) {
            Kernel.Outcome a = quiet.run(t);
            RunRecorder.stateJson(looked);
            Kernel.Outcome b = looked.run(t);
            assertEquals(a, b);
            assertEquals(quiet.stats(0).toText().replaceAll("(?m)^(wall_ms|mips) .*\\R", ""),
                    looked.stats(0).toText().replaceAll("(?m)^(wall_ms|mips) .*\\R", ""), "at " + t);
            if (a == Kernel.Outcome.EXITED) break;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(String json) {
        return (Map<String, Object>) new Json().toType(json, Object.class);
    }

    /** A whole copy, deep enough to change (the page's cloneState). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> copy(Object keyframe) {
        Map<String, Object> k = (Map<String, Object>) keyframe;
        Map<String, Object> st = new HashMap<>();
        for (String sec : List.of("p", "r", "f", "s")) st.put(sec, new HashMap<>((Map<String, Object>) k.get(sec)));
        st.put("c", k.get("c"));
        Map<String, Object> g = new HashMap<>();
        ((Map<String, Object>) k.get("g")).forEach((pid, m) -> g.put(pid, new HashMap<>((Map<String, Object>) m)));
        st.put("g", g);
        return st;
    }

    /** One version's changes, as the report's page applies them. */
    @SuppressWarnings("unchecked")
    private static void apply(Map<String, Object> st, Map<?, ?> d) {
        for (String sec : List.of("p", "r", "f", "s")) {
            Map<String, Object> part = (Map<String, Object>) d.get(sec);
            if (part == null) continue;
            Map<String, Object> into = (Map<String, Object>) st.get(sec);
            part.forEach((key, value) -> {
                if (value == null) into.remove(key);
                else into.put(key, value);
            });
        }
        if (d.containsKey("c")) st.put("c", d.get("c"));
        Map<String, Object> g = (Map<String, Object>) d.get("g");
        if (g == null) return;
        Map<String, Object> pages = (Map<String, Object>) st.get("g");
        g.forEach((pid, changes) -> {
            if (changes == null) {
                pages.remove(pid);
                return;
            }
            Map<String, Object> m = (Map<String, Object>) pages.computeIfAbsent(pid, x -> new HashMap<>());
            ((Map<String, Object>) changes).forEach((vpn, pte) -> {
                if (((Number) pte).longValue() == 0) m.remove(vpn);
                else m.put(vpn, pte);
            });
        });
    }
}
