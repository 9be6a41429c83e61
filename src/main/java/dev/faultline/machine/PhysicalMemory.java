package dev.faultline.machine;

/**
 * Emulated physical memory: {@code frameCount} frames of 4 KiB. A frame's host array is made on first use,
 * so host memory is spent only on frames in use. Each frame may carry a cache of predecoded instructions,
 * dropped whenever anything writes the frame.
 */
public final class PhysicalMemory {
    public static final int PAGE_SHIFT = 12;
    public static final int PAGE_SIZE = 1 << PAGE_SHIFT;
    public static final int OFFSET_MASK = PAGE_SIZE - 1;

    /** A page of zeros to copy from: System.arraycopy is fast even before the JIT has compiled anything. */
    private static final byte[] ZERO_PAGE = new byte[PAGE_SIZE];

    private final int frameCount;
    final byte[][] frames;
    /** Predecoded instructions per frame (see {@link Decoder}); null when none are cached. */
    final long[][] decoded;
    /** The console device, attached on the bare machine only; null when there is none. */
    private Console console;

    public PhysicalMemory(int frameCount) {
        if (frameCount < 1 || frameCount > (1 << 22)) {
            throw new IllegalArgumentException("frame count must be 1.." + (1 << 22) + ", not " + frameCount);
        }
        this.frameCount = frameCount;
        this.frames = new byte[frameCount][];
        this.decoded = new long[frameCount][];
    }

    public int frameCount() {
        return frameCount;
    }

    /**
     * Attaches the console device at frame {@link Console#PFN} (before the processor is built). RAM must end
     * below it.
     */
    public void attach(Console device) {
        if (frameCount > Console.PFN) {
            throw new IllegalArgumentException(frameCount + " frames of RAM would cover the console at 0x"
                    + Integer.toHexString(Console.BASE));
        }
        this.console = device;
    }

    /** The console device, or null. */
    public Console console() {
        return console;
    }

    /** True when frame number pfn is a device page (the console), not RAM. */
    public boolean isDevice(int pfn) {
        return pfn == Console.PFN && console != null;
    }

    /** The host array behind frame pfn, made (zero) on first use. */
    public byte[] frame(int pfn) {
        byte[] f = frames[pfn];
        if (f == null) {
            f = new byte[PAGE_SIZE];
            frames[pfn] = f;
        }
        return f;
    }

    /** Fills frame pfn with zeros (making its host array if it has none). */
    public void zeroFrame(int pfn) {
        byte[] f = frames[pfn];
        if (f != null) System.arraycopy(ZERO_PAGE, 0, f, 0, PAGE_SIZE);
        else frames[pfn] = new byte[PAGE_SIZE];
        decoded[pfn] = null;
    }

    /** Makes sure frame pfn has host memory (its contents are about to be overwritten whole). */
    public void prepareFrame(int pfn) {
        frame(pfn);
        decoded[pfn] = null;
    }

    /** Copies frame {@code from} into frame {@code to}. */
    public void copyFrame(int from, int to) {
        System.arraycopy(frame(from), 0, frame(to), 0, PAGE_SIZE);
        decoded[to] = null;
    }

    public int readInt(int pfn, int offset) {
        return LittleEndian.getInt(frame(pfn), offset);
    }

    public void writeInt(int pfn, int offset, int value) {
        LittleEndian.setInt(frame(pfn), offset, value);
        decoded[pfn] = null;
    }

    public int readByte(int pfn, int offset) {
        return frame(pfn)[offset] & 0xFF;
    }

    public void writeByte(int pfn, int offset, int value) {
        frame(pfn)[offset] = (byte) value;
        decoded[pfn] = null;
    }

    /** Copies {@code length} bytes out of frame pfn from offset into dst. */
    public void read(int pfn, int offset, byte[] dst, int dstPos, int length) {
        System.arraycopy(frame(pfn), offset, dst, dstPos, length);
    }

    /** Copies {@code length} bytes from src into frame pfn at offset. */
    public void write(int pfn, int offset, byte[] src, int srcPos, int length) {
        System.arraycopy(src, srcPos, frame(pfn), offset, length);
        decoded[pfn] = null;
    }

    /** Reads entry {@code index} (0..1023) of the page table in frame pfn. */
    public int readPte(int pfn, int index) {
        return LittleEndian.getInt(frame(pfn), index << 2);
    }

    public void writePte(int pfn, int index, int pte) {
        LittleEndian.setInt(frame(pfn), index << 2, pte);
        decoded[pfn] = null;
    }

    /**
     * Reads all 1024 entries of the page table in frame pfn into dst. Fork copies tables a whole table at a
     * time: one call per table instead of one per entry, which matters most before the JIT has compiled it.
     */
    public void readPtes(int pfn, int[] dst) {
        byte[] f = frame(pfn);
        for (int i = 0; i < 1024; i++) dst[i] = LittleEndian.getInt(f, i << 2);
    }

    /** Writes all 1024 entries of the page table in frame pfn from src (see {@link #readPtes}). */
    public void writePtes(int pfn, int[] src) {
        byte[] f = frame(pfn);
        for (int i = 0; i < 1024; i++) LittleEndian.setInt(f, i << 2, src[i]);
        decoded[pfn] = null;
    }

    /** Drops the decoded-instruction cache of frame pfn (done by every write path). */
    public void invalidateCode(int pfn) {
        decoded[pfn] = null;
    }
}
