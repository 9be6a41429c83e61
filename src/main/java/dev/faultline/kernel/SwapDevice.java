package dev.faultline.kernel;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The swap device: {@code slots} pages, in memory or in a host file. Each slot has a reference count (the
 * swap entries in PTEs that name it) and at most one swap-cache frame: a swapped-in page still shared by
 * other swap entries, so each slot is read at most once while it is shared.
 */
final class SwapDevice implements AutoCloseable {
    private final int slots;
    private final byte[][] memory;
    private final RandomAccessFile file;
    private final int[] refs;
    /** Swap-cache frame of each slot, or -1. */
    private final int[] cacheFrame;
    private final boolean[] used;
    private int next;
    int inUse;

    /** The swap entries in PTEs that name the slot. */
    int refs(int slot) {
        return refs[slot];
    }

    /** One more swap entry names the slot (an eviction, or fork's copy of a swap entry). */
    void ref(int slot) {
        refs[slot]++;
    }

    /** One swap entry fewer names the slot; the count left. */
    int unref(int slot) {
        return --refs[slot];
    }

    /** The frame that caches the slot, or -1. */
    int cacheFrame(int slot) {
        return cacheFrame[slot];
    }

    /** Links the slot to its swap-cache frame, or unlinks it with -1. */
    void setCacheFrame(int slot, int pfn) {
        cacheFrame[slot] = pfn;
    }

    SwapDevice(int slots, Path hostFile) throws IOException {
        this.slots = slots;
        this.refs = new int[slots];
        this.cacheFrame = new int[slots];
        Arrays.fill(cacheFrame, -1);
        this.used = new boolean[slots];
        if (hostFile != null) {
            refuseForeignFile(hostFile);
            this.file = new RandomAccessFile(hostFile.toFile(), "rw");
            this.file.setLength((long) (slots + 1) << 12);
            byte[] header = new byte[4096];
            System.arraycopy(MAGIC, 0, header, 0, MAGIC.length);
            header[8] = (byte) slots;
            header[9] = (byte) (slots >>> 8);
            header[10] = (byte) (slots >>> 16);
            header[11] = (byte) (slots >>> 24);
            this.file.seek(0);
            this.file.write(header);
            this.memory = null;
        } else {
            this.file = null;
            this.memory = new byte[slots][];
        }
    }

    /**
     * The first bytes of a swap file Faultline made: its page 0 is a header (this magic, then the slot count
     * as a 32-bit little-endian word), and slot n is page n + 1.
     */
    static final byte[] MAGIC = {'F', 'L', 'S', 'W', 'A', 'P', '0', '1'};

    /**
     * A swap file may replace only an empty file or one Faultline made: anything else is someone's data.
     */
    static void refuseForeignFile(Path hostFile) throws IOException {
        if (!java.nio.file.Files.exists(hostFile)) return;
        if (java.nio.file.Files.isDirectory(hostFile)) throw new IOException("it is a folder");
        if (java.nio.file.Files.size(hostFile) == 0) return;
        byte[] start = new byte[MAGIC.length];
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(hostFile)) {
            if (in.readNBytes(start, 0, start.length) == start.length && Arrays.equals(start, MAGIC)) return;
        }
        throw new IOException("it exists and is not a Faultline swap file; refusing to overwrite it");
    }

    int slots() {
        return slots;
    }

    /** A free slot, or -1 when the device is full (or absent). Slots are taken in a fixed rotating order. */
    int allocate() {
        for (int i = 0; i < slots; i++) {
            int s = (next + i) % slots;
            if (!used[s]) {
                used[s] = true;
                next = (s + 1) % slots;
                inUse++;
                return s;
            }
        }
        return -1;
    }

    boolean inUse(int slot) {
        return slot >= 0 && slot < slots && used[slot];
    }

    /** Frees a slot that no swap entry and no cache frame names any more. */
    void free(int slot) {
        if (!used[slot]) throw new IllegalStateException("SwapDevice.free: slot " + slot + " is not in use");
        used[slot] = false;
        refs[slot] = 0;
        cacheFrame[slot] = -1;
        inUse--;
        if (memory != null) memory[slot] = null;
    }

    void write(int slot, byte[] page) throws IOException {
        if (memory != null) {
            byte[] copy = memory[slot];
            if (copy == null) memory[slot] = copy = new byte[4096];
            System.arraycopy(page, 0, copy, 0, 4096);
        } else {
            file.seek((long) (slot + 1) << 12);
            file.write(page, 0, 4096);
        }
    }

    void read(int slot, byte[] page) throws IOException {
        if (memory != null) {
            byte[] copy = memory[slot];
            if (copy == null) Arrays.fill(page, (byte) 0);
            else System.arraycopy(copy, 0, page, 0, 4096);
        } else {
            file.seek((long) (slot + 1) << 12);
            file.readFully(page, 0, 4096);
        }
    }

    @Override
    public void close() throws IOException {
        if (file != null) file.close();
    }
}
