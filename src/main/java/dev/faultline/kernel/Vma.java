package dev.faultline.kernel;

/**
 * A virtual memory area: [start, end) with permissions, shared or private, anonymous or backed by a file
 * from a page offset. Areas are never copied or zeroed when made: every page arrives through a fault.
 */
final class Vma {
    static final int READ = 1, WRITE = 2, EXEC = 4;

    enum Role { SEGMENT, HEAP, STACK, MMAP }

    int start;
    int end;
    int prot;
    final boolean shared;
    final Inode file;
    /** File page of {@link #start}. */
    int filePage;
    final Role role;
    /** For a file mapping: whether the file was opened for writing (mprotect to PROT_WRITE of a shared one). */
    final boolean fileWritable;

    Vma(int start, int end, int prot, boolean shared, Inode file, int filePage, Role role, boolean fileWritable) {
        this.start = start;
        this.end = end;
        this.prot = prot;
        this.shared = shared;
        this.file = file;
        this.filePage = filePage;
        this.role = role;
        this.fileWritable = fileWritable;
    }

    Vma copy() {
        return new Vma(start, end, prot, shared, file, filePage, role, fileWritable);
    }

    /** A copy covering [from, to) of this area, with the file offset moved along. */
    Vma slice(int from, int to) {
        Vma v = copy();
        v.start = from;
        v.end = to;
        if (file != null) v.filePage = filePage + ((from - start) >>> 12);
        return v;
    }

    boolean contains(int va) {
        return Integer.compareUnsigned(va, start) >= 0 && Integer.compareUnsigned(va, end) < 0;
    }

    /** The file page that backs virtual page vpn. */
    int filePageOf(int vpn) {
        return filePage + (vpn - (start >>> 12));
    }

    boolean permits(dev.faultline.isa.Access access) {
        return switch (access) {
            case FETCH -> (prot & EXEC) != 0;
            case LOAD -> (prot & READ) != 0;
            case STORE -> (prot & WRITE) != 0;
        };
    }

    String protString() {
        return ((prot & READ) != 0 ? "r" : "-") + ((prot & WRITE) != 0 ? "w" : "-") + ((prot & EXEC) != 0 ? "x" : "-");
    }

    @Override
    public String toString() {
        return String.format("%08x-%08x %s%s %s%s", start, end, protString(), shared ? "s" : "p",
                role.name().toLowerCase(java.util.Locale.ROOT),
                file != null ? " " + file.name() + " @page " + filePage : "");
    }
}
