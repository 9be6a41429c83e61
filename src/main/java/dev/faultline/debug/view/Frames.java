package dev.faultline.debug.view;

import java.util.ArrayList;
import java.util.List;

/**
 * The frame table: how many frames there are, used (and the peak), free, and each frame in use with its use,
 * reference count, the swap slot whose cache it is (-1), the file page it caches (page-cache frames), the pid
 * whose page tables it holds (page-table frames, else -1) and the PTEs that map it.
 */
public record Frames(int total, int used, int peak, int free, List<Frame> frames) implements View {
    public enum Use { PAGE_TABLE, ANONYMOUS, FILE }

    /** A PTE of process pid mapping the frame at address va. */
    public record Mapper(int pid, int va) {}

    /** One frame in use; {@code file} is null unless the frame caches a file page. */
    public record Frame(int pfn, Use use, int refs, int swapSlot, String file, int filePage, int tableOwner,
                        List<Mapper> mappers) {
        public Frame {
            mappers = List.copyOf(mappers);
        }

        public String toJson() {
            List<String> m = new ArrayList<>();
            for (Mapper x : mappers) m.add(JsonText.row().num("pid", x.pid()).num("va", x.va()).toString());
            return JsonText.row().num("pfn", pfn).str("use", use.name().toLowerCase(java.util.Locale.ROOT))
                    .num("refs", refs).num("swapSlot", swapSlot).str("file", file).num("filePage", filePage)
                    .num("tableOwner", tableOwner).objects("mappers", m).toString();
        }
    }

    public Frames {
        frames = List.copyOf(frames);
    }

    @Override
    public String toJson() {
        List<String> json = new ArrayList<>();
        for (Frame f : frames) json.add(f.toJson());
        return new JsonText("frames").num("total", total).num("used", used).num("peak", peak).num("free", free)
                .objects("frames", json).toString();
    }
}
