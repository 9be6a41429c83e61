package dev.faultline.kernel;

import dev.faultline.io.InputFiles;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.TreeMap;

/**
 * A file the kernel can map: a host file under the root, or bytes held in memory (an executable's segment).
 * Its page-cache pages live in {@link #pages} (file page to frame). Bytes past the end of the file read as zero.
 */
final class Inode {
    private final String name;
    private final Path host;
    private byte[] memory;
    private long size;
    /** Shared anonymous memory (MAP_SHARED | MAP_ANONYMOUS): a file with no name, held in memory. */
    private boolean anonymous;
    /** Page-cache pages: file page number to frame number. Sorted, for write-back in file order. */
    final TreeMap<Integer, Integer> pages = new TreeMap<>();
    /** Told when the file shrinks, so the cut-off pages leave the cache and every mapping ({@link Vm#truncate}). */
    private Shrinking onShrink = (file, newSize) -> { };

    /** What a file that got shorter must do to its cached pages. */
    interface Shrinking {
        void shrunk(Inode file, long newSize);
    }

    private Inode(String name, Path host, byte[] memory, long size) {
        this.name = name;
        this.host = host;
        this.memory = memory;
        this.size = size;
    }

    static Inode ofHost(String name, Path host, Shrinking onShrink) throws IOException {
        Inode inode = new Inode(name, host, null, java.nio.file.Files.size(host));
        inode.onShrink = onShrink;
        return inode;
    }

    /**
     * Whether this is a regular file: only one can be executed (a FIFO would block the reader, a device
     * never ends). Shared anonymous memory and a segment's bytes count as regular.
     */
    boolean isRegularFile() {
        return host == null || java.nio.file.Files.isRegularFile(host);
    }

    static Inode ofBytes(String name, byte[] bytes) {
        return new Inode(name, null, bytes, bytes.length);
    }

    /**
     * The backing of a shared anonymous area: like Linux's shmem, a nameless in-memory file, so that
     * pages never touched before fork are still shared, and an evicted page keeps its data.
     */
    static Inode anonymous(long size) {
        Inode inode = new Inode("[shared anonymous]", null, new byte[0], size);
        inode.anonymous = true;
        return inode;
    }

    /** For shared anonymous memory: whether page index was ever written back (else it is still zero). */
    boolean holdsPage(int index) {
        return memory != null && ((long) index << 12) < memory.length;
    }

    boolean isAnonymous() {
        return anonymous;
    }

    String name() {
        return name;
    }

    long size() {
        return size;
    }

    /** Reads file page {@code index} into dst (4096 bytes, zero past the end of the file). */
    void readPage(int index, byte[] dst) throws IOException {
        Arrays.fill(dst, (byte) 0);
        read((long) index << 12, dst, 0, 4096);
    }

    /** Writes a page's bytes back, but never past the end of the file (a mapping cannot grow a file). */
    void writeBackPage(int index, byte[] src) throws IOException {
        long pos = (long) index << 12;
        if (anonymous && pos < size) {
            int n = (int) Math.min(4096, size - pos);
            if (memory.length < pos + n) memory = Arrays.copyOf(memory, (int) (pos + n));
            System.arraycopy(src, 0, memory, (int) pos, n);
            return;
        }
        if (host == null || pos >= size) return;
        int n = (int) Math.min(4096, size - pos);
        try (RandomAccessFile f = new RandomAccessFile(host.toFile(), "rw")) {
            f.seek(pos);
            f.write(src, 0, n);
        }
    }

    /** write(): bytes to the host file at pos (the file grows as needed). */
    void write(long pos, byte[] src, int off, int len) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(host.toFile(), "rw")) {
            f.seek(pos);
            f.write(src, off, len);
            size = Math.max(size, f.length());
        }
    }

    /** read() of bytes not in the page cache (and readPage's); bytes past the end of the file are not read. */
    int read(long pos, byte[] dst, int off, int len) throws IOException {
        if (pos >= size) return 0;
        int n = (int) Math.min(len, size - pos);
        if (memory != null) { // shared anonymous memory holds only what was written back: the rest is zero
            int held = (int) Math.max(0, Math.min(n, memory.length - pos));
            if (held > 0) System.arraycopy(memory, (int) pos, dst, off, held);
            Arrays.fill(dst, off + held, off + n, (byte) 0);
            return n;
        }
        try (RandomAccessFile f = new RandomAccessFile(host.toFile(), "r")) {
            f.seek(pos);
            int done = 0;
            while (done < n) {
                int got = f.read(dst, off + done, n - done);
                if (got < 0) break;
                done += got;
            }
            return done;
        }
    }

    /**
     * The whole file (exec reads an executable this way), never more than {@link InputFiles#MAX_BYTES}:
     * {@link InputFiles.TooLarge} for a larger file, found without reading it.
     */
    byte[] readAll() throws IOException {
        if (memory != null) {
            if (memory.length > InputFiles.MAX_BYTES) throw new InputFiles.TooLarge();
            return memory.clone();
        }
        return InputFiles.readBytes(host);
    }

    /** O_TRUNC: the file becomes empty, and its cached pages go (see {@link Shrinking}). */
    void truncate() throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(host.toFile(), "rw")) {
            f.setLength(0);
        }
        size = 0;
        onShrink.shrunk(this, 0);
    }

    /** Re-reads the host size (another writer may have changed it; a file that shrank drops its cut-off pages). */
    void refreshSize() {
        if (host == null) return;
        long now;
        try {
            now = java.nio.file.Files.size(host);
        } catch (IOException e) {
            return; // keep the size we knew
        }
        boolean shrank = now < size;
        size = now;
        if (shrank) onShrink.shrunk(this, now);
    }
}
