package dev.faultline.report;

import dev.faultline.abi.Flx;
import dev.faultline.debug.view.Areas;
import dev.faultline.debug.view.Frames;
import dev.faultline.debug.view.KernelViews;
import dev.faultline.debug.view.Processes;
import dev.faultline.debug.view.SwapSlots;
import dev.faultline.kernel.Kernel;
import dev.faultline.kernel.KernelListener;
import dev.faultline.kernel.StateView;
import dev.faultline.abi.Symbols;
import dev.faultline.machine.Pte;
import dev.faultline.trace.TraceKind;
import dev.faultline.trace.SyscallText;
import dev.faultline.trace.Tracer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Records a run for the HTML report from the two things {@code --trace} and {@code --check} see: every
 * trace record (as a {@link Tracer.Tap}) and the kernel's state each time it finishes handling a trap (as a
 * {@link KernelListener}). The state is kept as versions: version v is the state after the kernel operation
 * that wrote the events pointing at it. Each version stores only what changed since the one before (frames,
 * page-table entries, processes, swap slots), and every {@link #KEYFRAME_EVERY} versions a whole copy, so
 * the page rebuilds any moment from the nearest copy and the changes after it.
 *
 * <p>Past {@link #EVENT_LIMIT} events the recorder keeps nothing more (no events, no versions) and counts
 * what it left out, by kind; the statistics in the summary still cover the whole run.
 */
public final class RunRecorder implements Tracer.Tap, KernelListener {
    /** Events kept at most; the report says how many more there were. */
    public static final int EVENT_LIMIT = 250_000;
    /** A whole copy of the state every this many versions. */
    static final int KEYFRAME_EVERY = 400;

    private final int eventLimit;
    private Kernel kernel;
    private StateView view;
    private KernelViews views;
    /** The program of a bare run (no kernel: events only, one empty state); null for a kernel run. */
    private Flx bareImage;

    // events: [t, pid, schema, version, values...], written straight as JSON
    private final StringBuilder events = new StringBuilder(1 << 16);
    private int eventCount;
    private final Map<String, Integer> schemas = new LinkedHashMap<>();
    private final Map<TraceKind, Long> leftOut = new EnumMap<>(TraceKind.class);
    private long leftOutFromT = -1;
    private final Map<Long, String> whereCache = new HashMap<>();
    private final StringBuilder wheres = new StringBuilder();

    // versions
    private int versions;
    private boolean pending;
    private final StringBuilder deltas = new StringBuilder(1 << 16);
    private final StringBuilder keyframes = new StringBuilder();
    private final StringBuilder versionTimes = new StringBuilder();

    // the mirror of the last version
    private int[] prevUse, prevRefs, prevSlot, prevMappers;
    private boolean[] touchedFrame;
    private String[] frameJson;
    private final Map<Integer, String> procJson = new TreeMap<>();
    private final Map<Integer, Integer> residentOf = new TreeMap<>();
    private int running;
    private final Map<Integer, Map<Integer, int[]>> tablesOf = new TreeMap<>();
    private final Map<Integer, Set<Long>> slotUsers = new HashMap<>();
    private final Set<Integer> touchedSlots = new TreeSet<>();
    private final Map<Integer, String> slotJson = new TreeMap<>();
    private final Map<Integer, StringBuilder> residentSeries = new TreeMap<>();
    private int[] scratch = new int[1024];

    public RunRecorder() {
        this(EVENT_LIMIT);
    }

    /** A recorder keeping at most eventLimit events (tests use small limits). */
    public RunRecorder(int eventLimit) {
        this.eventLimit = eventLimit;
    }

    /** Starts listening to a booted kernel: records version 0, the state after boot. */
    public void attach(Kernel k) {
        mirror(k);
        k.setListener(this);
        takeVersion();
    }

    /**
     * The state of a kernel at this moment, as one whole copy in the report's shape ({@code p}, {@code r},
     * {@code c}, {@code g}, {@code f}, {@code s}): what the report's page draws, for a page that shows a
     * machine it drives itself (the studio). Listens to nothing and changes nothing.
     */
    public static String stateJson(Kernel k) {
        RunRecorder r = new RunRecorder();
        r.mirror(k);
        r.takeVersion();
        return r.keyframes.toString();
    }

    private void mirror(Kernel k) {
        this.kernel = k;
        this.view = k.stateView();
        this.views = new KernelViews(k);
        int n = view.frameCount();
        prevUse = new int[n];
        prevRefs = new int[n];
        prevSlot = new int[n];
        java.util.Arrays.fill(prevSlot, -1);
        prevMappers = new int[n];
        touchedFrame = new boolean[n];
        frameJson = new String[n];
    }

    /**
     * Starts listening to a bare machine's run: there is no kernel, so no frames, page tables or swap to
     * mirror; the report holds the events (traps, restarts, the halt) and one empty state they all point at.
     */
    public void attachBare(Flx image) {
        this.bareImage = image;
        prevUse = new int[0];
        deltas.append("{\"c\":0}");
        keyframes.append("{\"p\":{},\"r\":{},\"c\":0,\"g\":{},\"f\":{},\"s\":{}}");
        versionTimes.append(0);
        versions = 1;
    }

    public int eventCount() {
        return eventCount;
    }

    public boolean truncated() {
        return !leftOut.isEmpty();
    }

    // ------------------------------------------------------------------ events

    @Override
    public void record(TraceKind kind, long t, int pid, Object[] fields) {
        if (kernel == null && bareImage == null) return;
        if (eventCount >= eventLimit) {
            leftOut.merge(kind, 1L, Long::sum);
            if (leftOutFromT < 0) leftOutFromT = t;
            return;
        }
        StringBuilder names = new StringBuilder(kind.ev());
        for (int i = 0; i + 1 < fields.length; i += 2) names.append('|').append(fields[i]);
        Integer schema = schemas.computeIfAbsent(names.toString(), key -> schemas.size());
        if (eventCount > 0) events.append(',');
        int version = bareImage != null ? 0 : versions;
        events.append('[').append(t).append(',').append(pid).append(',').append(schema).append(',').append(version);
        for (int i = 0; i + 1 < fields.length; i += 2) {
            events.append(',');
            Object v = fields[i + 1];
            if (v instanceof Tracer.Pc pc) noteWhere(pid, pc.value());
            value(events, v);
        }
        events.append(']');
        eventCount++;
        pending = bareImage == null;
    }

    /**
     * A field value as JSON. Addresses and pcs are numbers; a signal, a syscall's arguments and its result are
     * written as the text trace shows them ({@code SIGSEGV}, {@code (1, 0x00011000, 13)}, {@code -EFAULT}),
     * since the page shows them to people. Every value the tracer can hand over has its own case: a type
     * without one is a bug here, never a Java {@code toString} in the page.
     */
    static void value(StringBuilder sb, Object v) {
        if (v == null) sb.append("null");
        else if (v instanceof Tracer.Addr a) sb.append(Integer.toUnsignedLong(a.value()));
        else if (v instanceof Tracer.Pc p) sb.append(Integer.toUnsignedLong(p.value()));
        else if (v instanceof Tracer.Sig g) Json.str(sb, SyscallText.signalName(g.value()));
        else if (v instanceof Tracer.Args a) Json.str(sb, SyscallText.args(a.call(), a.regs()));
        else if (v instanceof Tracer.Ret r) Json.str(sb, SyscallText.result(r.call(), r.value()));
        else if (v instanceof String s) Json.str(sb, s);
        else if (v instanceof int[] arr) Json.ints(sb, arr);
        else if (v instanceof Integer || v instanceof Long || v instanceof Boolean) sb.append(v);
        else throw new IllegalStateException("RunRecorder.value: no JSON form for a " + v.getClass().getName());
    }

    /** Keeps, once per (pid, pc), the label and source line of the pc. */
    private void noteWhere(int pid, int pc) {
        long key = (long) pid << 32 | (pc & 0xFFFFFFFFL);
        if (whereCache.containsKey(key)) return;
        StateView.Where w = bareImage != null
                ? new StateView.Where(Symbols.label(bareImage, pc), bareImage.sourceName(), Symbols.line(bareImage, pc))
                : view.where(pid, pc);
        String json = w == null ? null : "[" + Json.str(w.label()) + "," + Json.str(w.file()) + "," + w.line() + "]";
        whereCache.put(key, json);
        if (json == null) return;
        if (wheres.length() > 0) wheres.append(',');
        Json.str(wheres, pid + ":" + Integer.toUnsignedLong(pc)).append(':').append(json);
    }

    // ------------------------------------------------------------------ versions

    @Override
    public void trapHandled() {
        if (pending) takeVersion(); // only kept events set pending: past the limit no version is taken
    }

    /** Records the final state if the last events still wait for theirs (call after the run). */
    public void finish() {
        if (kernel != null && pending) takeVersion();
    }

    private void takeVersion() {
        pending = false;
        StringBuilder d = new StringBuilder(128);
        diffProcesses(d);
        diffPages(d);
        diffFrames(d);
        diffSlots(d);
        if (versions > 0) deltas.append(',');
        deltas.append('{').append(d).append('}');
        if (versionTimes.length() > 0) versionTimes.append(',');
        versionTimes.append(kernel.cpu().instret());
        if (versions % KEYFRAME_EVERY == 0) {
            if (versions > 0) keyframes.append(',');
            keyframes.append(fullState());
        }
        versions++;
    }

    private static void section(StringBuilder d, String name, StringBuilder body) {
        if (body.length() == 0) return;
        if (d.length() > 0) d.append(',');
        d.append('"').append(name).append("\":{").append(body).append('}');
    }

    private static StringBuilder entry(StringBuilder body, Object key, String json) {
        if (body.length() > 0) body.append(',');
        return body.append('"').append(key).append("\":").append(json);
    }

    private void diffProcesses(StringBuilder d) {
        StringBuilder p = new StringBuilder();
        StringBuilder r = new StringBuilder();
        Set<Integer> seen = new HashSet<>();
        int nowRunning = 0;
        long t = kernel.cpu().instret();
        for (Processes.Proc proc : views.processes(0).processes()) {
            seen.add(proc.pid());
            if (proc.running()) nowRunning = proc.pid();
            StringBuilder json = new StringBuilder().append('[').append(proc.ppid()).append(',');
            Json.str(json, proc.state()).append(",[");
            List<Areas.Area> areas = views.areas(proc.pid()).areas();
            for (int i = 0; i < areas.size(); i++) {
                Areas.Area a = areas.get(i);
                if (i > 0) json.append(',');
                json.append('[').append(Integer.toUnsignedLong(a.start())).append(',').append(Integer.toUnsignedLong(a.end()))
                        .append(',');
                Json.str(json, a.perms()).append(',');
                Json.str(json, a.role()).append(',');
                Json.str(json, a.file()).append(',').append(a.filePage()).append(']');
            }
            json.append("]]");
            String s = json.toString();
            if (!s.equals(procJson.get(proc.pid()))) {
                procJson.put(proc.pid(), s);
                entry(p, proc.pid(), s);
            }
            Integer before = residentOf.get(proc.pid());
            if (before == null || before != proc.resident()) {
                residentOf.put(proc.pid(), proc.resident());
                entry(r, proc.pid(), Integer.toString(proc.resident()));
                StringBuilder series = residentSeries.computeIfAbsent(proc.pid(), x -> new StringBuilder());
                if (series.length() > 0) series.append(',');
                series.append(t).append(',').append(proc.resident());
            }
        }
        for (Integer gone : new ArrayList<>(procJson.keySet())) {
            if (seen.contains(gone)) continue;
            procJson.remove(gone);
            residentOf.remove(gone);
            entry(p, gone, "null");
            entry(r, gone, "null");
            StringBuilder series = residentSeries.get(gone);
            if (series != null) series.append(',').append(t).append(",0");
        }
        section(d, "p", p);
        section(d, "r", r);
        if (nowRunning != running || versions == 0) {
            running = nowRunning;
            if (d.length() > 0) d.append(',');
            d.append("\"c\":").append(nowRunning);
        }
    }

    private void diffPages(StringBuilder d) {
        StringBuilder g = new StringBuilder();
        Set<Integer> seen = new HashSet<>();
        for (StateView.Proc proc : view.processes()) {
            if (proc.spaceId() < 0) continue;
            seen.add(proc.pid());
            Map<Integer, int[]> tables = tablesOf.computeIfAbsent(proc.pid(), x -> new TreeMap<>());
            StringBuilder pg = new StringBuilder();
            for (int i = 0; i < 1024; i++) {
                int[] before = tables.get(i);
                if (view.leafTable(proc.spaceId(), i, scratch)) {
                    comparePtes(proc.pid(), i, before, scratch, pg);
                    if (before == null) {
                        tables.put(i, scratch);
                        scratch = new int[1024];
                    } else {
                        System.arraycopy(scratch, 0, before, 0, 1024);
                    }
                } else if (before != null) {
                    comparePtes(proc.pid(), i, before, new int[1024], pg);
                    tables.remove(i);
                }
            }
            if (pg.length() > 0) entry(g, proc.pid(), "{" + pg + "}");
        }
        for (Integer gone : new ArrayList<>(tablesOf.keySet())) {
            if (seen.contains(gone)) continue;
            Map<Integer, int[]> tables = tablesOf.remove(gone);
            for (Map.Entry<Integer, int[]> e : tables.entrySet()) comparePtes(gone, e.getKey(), e.getValue(), new int[1024], new StringBuilder());
            entry(g, gone, "null");
        }
        section(d, "g", g);
    }

    private void comparePtes(int pid, int rootIndex, int[] before, int[] now, StringBuilder pg) {
        for (int j = 0; j < 1024; j++) {
            int old = before == null ? 0 : before[j];
            if (old == now[j]) continue;
            int vpn = rootIndex << 10 | j;
            noteEntry(pid, vpn, old, false);
            noteEntry(pid, vpn, now[j], true);
            if (pg.length() > 0) pg.append(',');
            pg.append('"').append(vpn).append("\":").append(Integer.toUnsignedLong(now[j]));
        }
    }

    /** A PTE appeared or went: its frame or swap slot must be looked at again. */
    private void noteEntry(int pid, int vpn, int pte, boolean added) {
        if (Pte.isValid(pte)) {
            int pfn = Pte.pfn(pte);
            if (pfn < touchedFrame.length) touchedFrame[pfn] = true;
        } else if (Pte.isSwap(pte)) {
            int slot = Pte.swapSlot(pte);
            touchedSlots.add(slot);
            long user = (long) pid << 32 | vpn;
            if (added) slotUsers.computeIfAbsent(slot, x -> new TreeSet<>()).add(user);
            else {
                Set<Long> users = slotUsers.get(slot);
                if (users != null) {
                    users.remove(user);
                    if (users.isEmpty()) slotUsers.remove(slot);
                }
            }
        }
    }

    private void diffFrames(StringBuilder d) {
        StringBuilder f = new StringBuilder();
        for (int pfn = 0; pfn < prevUse.length; pfn++) {
            int use = view.use(pfn);
            int refs = view.refs(pfn);
            int slot = view.swapCacheSlot(pfn);
            int mappers = view.mapperCount(pfn);
            if (use == prevUse[pfn] && refs == prevRefs[pfn] && slot == prevSlot[pfn] && mappers == prevMappers[pfn]
                    && !touchedFrame[pfn] && versions > 0) continue;
            touchedFrame[pfn] = false;
            if (slot != prevSlot[pfn]) {
                if (slot >= 0) touchedSlots.add(slot);
                if (prevSlot[pfn] >= 0) touchedSlots.add(prevSlot[pfn]);
            }
            prevUse[pfn] = use;
            prevRefs[pfn] = refs;
            prevSlot[pfn] = slot;
            prevMappers[pfn] = mappers;
            String json = use == StateView.FREE ? null : frameJson(views.frame(pfn));
            if (json == null ? frameJson[pfn] == null : json.equals(frameJson[pfn])) continue;
            frameJson[pfn] = json;
            entry(f, pfn, json == null ? "null" : json);
        }
        section(d, "f", f);
    }

    /**
     * A frame as [use, refs, swap-cache slot, [pid, vpn, …], file label, page-table owner], from the record the
     * debugger's {@code frames} prints.
     */
    static String frameJson(Frames.Frame f) {
        int use = switch (f.use()) {
            case PAGE_TABLE -> StateView.PAGE_TABLE;
            case ANONYMOUS -> StateView.ANONYMOUS;
            case FILE -> StateView.FILE;
        };
        StringBuilder sb = new StringBuilder().append('[').append(use).append(',').append(f.refs()).append(',')
                .append(f.swapSlot()).append(",[");
        for (int i = 0; i < f.mappers().size(); i++) {
            Frames.Mapper m = f.mappers().get(i);
            sb.append(i == 0 ? "" : ",").append(m.pid()).append(',').append(m.va() >>> 12);
        }
        sb.append("],");
        Json.str(sb, f.file() == null ? null : f.file() + " page " + f.filePage()).append(',');
        return sb.append(f.tableOwner()).append(']').toString();
    }

    private void diffSlots(StringBuilder d) {
        StringBuilder s = new StringBuilder();
        for (int slot : touchedSlots) {
            String json = null;
            if (view.slotInUse(slot)) {
                SwapSlots.Slot record = views.slot(slot);
                StringBuilder sb = new StringBuilder().append('[').append(record.refs()).append(',')
                        .append(record.cacheFrame()).append(",[");
                Set<Long> users = slotUsers.getOrDefault(slot, Set.of());
                boolean first = true;
                for (long u : users) {
                    if (!first) sb.append(',');
                    first = false;
                    sb.append(u >>> 32).append(',').append((int) u);
                }
                json = sb.append("]]").toString();
            }
            if (json == null ? slotJson.get(slot) == null : json.equals(slotJson.get(slot))) continue;
            if (json == null) slotJson.remove(slot);
            else slotJson.put(slot, json);
            entry(s, slot, json == null ? "null" : json);
        }
        touchedSlots.clear();
        section(d, "s", s);
    }

    /** The whole mirrored state, in the same shape as a change. */
    private String fullState() {
        StringBuilder sb = new StringBuilder("{");
        StringBuilder p = new StringBuilder();
        for (Map.Entry<Integer, String> e : procJson.entrySet()) entry(p, e.getKey(), e.getValue());
        sb.append("\"p\":{").append(p).append("},");
        StringBuilder r = new StringBuilder();
        for (Map.Entry<Integer, Integer> e : residentOf.entrySet()) entry(r, e.getKey(), e.getValue().toString());
        sb.append("\"r\":{").append(r).append("},\"c\":").append(running).append(',');
        StringBuilder g = new StringBuilder();
        for (Map.Entry<Integer, Map<Integer, int[]>> e : tablesOf.entrySet()) {
            StringBuilder pg = new StringBuilder();
            for (Map.Entry<Integer, int[]> t : e.getValue().entrySet()) {
                int[] ptes = t.getValue();
                for (int j = 0; j < 1024; j++) {
                    if (ptes[j] == 0) continue;
                    if (pg.length() > 0) pg.append(',');
                    pg.append('"').append(t.getKey() << 10 | j).append("\":").append(Integer.toUnsignedLong(ptes[j]));
                }
            }
            entry(g, e.getKey(), "{" + pg + "}");
        }
        sb.append("\"g\":{").append(g).append("},");
        StringBuilder f = new StringBuilder();
        for (int pfn = 0; pfn < frameJson.length; pfn++) if (frameJson[pfn] != null) entry(f, pfn, frameJson[pfn]);
        sb.append("\"f\":{").append(f).append("},");
        StringBuilder s = new StringBuilder();
        for (Map.Entry<Integer, String> e : slotJson.entrySet()) entry(s, e.getKey(), e.getValue());
        sb.append("\"s\":{").append(s).append("}}");
        return sb.toString();
    }

    // ------------------------------------------------------------------ output

    /** The recorded run as the JSON fields of the report's data (without the surrounding braces). */
    void appendJson(StringBuilder out) {
        out.append("\"bare\":").append(bareImage != null).append(",\"schemas\":[");
        boolean first = true;
        for (String names : schemas.keySet()) {
            if (!first) out.append(',');
            first = false;
            String[] parts = names.split("\\|");
            out.append('[');
            for (int i = 0; i < parts.length; i++) {
                if (i > 0) out.append(',');
                Json.str(out, parts[i]);
            }
            out.append(']');
        }
        out.append("],\"events\":[").append(events).append(']');
        out.append(",\"where\":{").append(wheres).append('}');
        out.append(",\"keyEvery\":").append(KEYFRAME_EVERY);
        out.append(",\"keyframes\":[").append(keyframes).append(']');
        out.append(",\"deltas\":[").append(deltas).append(']');
        out.append(",\"versionT\":[").append(versionTimes).append(']');
        out.append(",\"frames\":").append(prevUse.length);
        out.append(",\"residentSeries\":{");
        first = true;
        for (Map.Entry<Integer, StringBuilder> e : residentSeries.entrySet()) {
            if (!first) out.append(',');
            first = false;
            out.append('"').append(e.getKey()).append("\":[").append(e.getValue()).append(']');
        }
        out.append('}');
        out.append(",\"leftOut\":{");
        first = true;
        for (Map.Entry<TraceKind, Long> e : leftOut.entrySet()) {
            if (!first) out.append(',');
            first = false;
            Json.str(out, e.getKey().ev()).append(':').append(e.getValue());
        }
        out.append("},\"leftOutFromT\":").append(leftOutFromT).append(",\"eventLimit\":").append(eventLimit);
    }
}
