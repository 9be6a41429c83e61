package dev.faultline.machine;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;

/**
 * The console device of the bare machine: one page of physical addresses at {@link #BASE} (frame
 * {@link #PFN}). A store whose first byte is at offset {@link #OUT} writes the value's low 8 bits to the
 * output; a load whose first byte is at offset {@link #IN} consumes one byte of input (0..255, or -1 at the
 * end), cut to the access width. Every other byte reads 0 and ignores stores. Each access has its effect
 * exactly once: the processor calls it only for an access that has translated and will complete.
 */
public final class Console {
    public static final int PFN = 0xF0000;
    public static final int BASE = PFN << PhysicalMemory.PAGE_SHIFT;
    public static final int OUT = 0x0;
    public static final int IN = 0x4;

    private final InputStream in;
    private final PrintStream out;

    public Console(InputStream in, PrintStream out) {
        this.in = in;
        this.out = out;
    }

    /** A load of size (1, 2, 4) bytes at offset: the next input byte (or -1) at {@link #IN}, zero-extended to the width. */
    int load(int offset, int size) {
        if (offset != IN) return 0;
        int value = nextInputByte();
        return size == 4 ? value : value & ((1 << (8 * size)) - 1);
    }

    /** A store at offset: at {@link #OUT}, writes one byte, the value's low 8 bits. */
    void store(int offset, int value) {
        if (offset == OUT) out.write(value & 0xFF);
    }

    private int nextInputByte() {
        try {
            return in.read();
        } catch (IOException e) {
            return -1; // an input that cannot be read has ended
        }
    }
}
