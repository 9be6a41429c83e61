package dev.faultline.kernel;

import dev.faultline.abi.Flx;

/**
 * Maps an FLX executable into an address space, copying and zeroing nothing: each segment becomes a
 * private file mapping of its bytes (the page past the last file byte reads zero), the rest of its memory
 * and the bss anonymous; then the heap (empty, at the first page boundary after the last segment) and a
 * one-page stack below 0x80000000 that grows down on faults. The very first instruction fetch faults.
 */
final class Loader {
    private Loader() {}

    /** Returns null, or the sentence saying why the image cannot be loaded. */
    static String load(AddressSpace as, Flx image, String name) {
        long top = 0x10000;
        for (int i = 0; i < image.segments().size(); i++) {
            Flx.Segment seg = image.segments().get(i);
            if (seg.memsz() == 0) continue;
            int prot = (seg.flags() & Flx.FLAG_R) != 0 ? Vma.READ : 0;
            if ((seg.flags() & Flx.FLAG_W) != 0) prot |= Vma.WRITE;
            if ((seg.flags() & Flx.FLAG_X) != 0) prot |= Vma.EXEC;
            long start = Integer.toUnsignedLong(seg.vaddr());
            long fileEnd = start + ((seg.filesz() + 0xFFFL) & ~0xFFFL);
            long end = (start + Integer.toUnsignedLong(seg.memsz()) + 0xFFF) & ~0xFFFL;
            if (!as.isFree((int) start, (int) end)) return "segment " + i + " overlaps another";
            if (seg.filesz() > 0) {
                Inode file = Inode.ofBytes(name + "[" + i + "]", seg.data());
                as.vmas.put((int) start, new Vma((int) start, (int) fileEnd, prot, false, file, 0, Vma.Role.SEGMENT, false));
            }
            if (end > fileEnd) {
                as.vmas.put((int) fileEnd, new Vma((int) fileEnd, (int) end, prot, false, null, 0, Vma.Role.SEGMENT, false));
            }
            top = Math.max(top, end);
        }
        as.brkStart = (int) top;
        as.brk = (int) top;
        int stackTop = AddressSpace.USER_TOP;
        if (!as.isFree(stackTop - 4096, stackTop)) return "a segment lies where the stack goes";
        as.vmas.put(stackTop - 4096, new Vma(stackTop - 4096, stackTop, Vma.READ | Vma.WRITE, false, null, 0,
                Vma.Role.STACK, false));
        return null;
    }
}
