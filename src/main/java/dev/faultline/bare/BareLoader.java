package dev.faultline.bare;

import dev.faultline.abi.Flx;
import dev.faultline.machine.PhysicalMemory;

/**
 * Loads an executable for the bare machine: in a bare run the FLX addresses are physical, so each segment's
 * bytes are copied into physical memory at its own address (the rest of its memory, and every other byte,
 * stays zero). This is not the kernel's loader: there is no address space, no mapping, no stack.
 */
public final class BareLoader {
    private BareLoader() {}

    /** Copies the image's segments into mem; returns null, or the sentence saying why it cannot be loaded. */
    public static String load(Flx image, PhysicalMemory mem) {
        long ramEnd = (long) mem.frameCount() << PhysicalMemory.PAGE_SHIFT;
        for (int i = 0; i < image.segments().size(); i++) {
            Flx.Segment seg = image.segments().get(i);
            if (seg.memsz() == 0) continue;
            long start = Integer.toUnsignedLong(seg.vaddr());
            if (seg.end() > ramEnd) {
                return String.format("segment %d (0x%08x..0x%08x) lies outside physical memory, which ends at 0x%08x"
                        + " with %d frames", i, start, seg.end() - 1, ramEnd, mem.frameCount());
            }
        }
        if (!insideSomeSegment(image, image.entry())) {
            return String.format("the entry point 0x%08x lies outside every segment", image.entry());
        }
        for (Flx.Segment seg : image.segments()) copyIn(seg, mem);
        return null;
    }

    private static boolean insideSomeSegment(Flx image, int pa) {
        long at = Integer.toUnsignedLong(pa);
        for (Flx.Segment seg : image.segments()) {
            if (at >= Integer.toUnsignedLong(seg.vaddr()) && at < seg.end()) return true;
        }
        return false;
    }

    /** Copies a segment's file bytes to its physical address, page by page. */
    private static void copyIn(Flx.Segment seg, PhysicalMemory mem) {
        byte[] data = seg.data();
        int done = 0;
        while (done < data.length) {
            int pa = seg.vaddr() + done;
            int off = pa & PhysicalMemory.OFFSET_MASK;
            int n = Math.min(data.length - done, PhysicalMemory.PAGE_SIZE - off);
            mem.write(pa >>> PhysicalMemory.PAGE_SHIFT, off, data, done, n);
            done += n;
        }
    }
}
