package dev.faultline.debug;

import java.io.IOException;
import java.io.OutputStream;

/**
 * An output stream that writes each byte position of a run once. Every replay of the run writes its output
 * again from position 0; the bytes below the high-water mark already reached the sink and are dropped, the
 * rest go through. So going back never takes output back, and going forward again never repeats it.
 */
final class Tail extends OutputStream {
    private final OutputStream sink;
    /** Bytes the sink has received: the furthest any replay got. */
    private long written;
    /** Bytes the present replay has written. */
    private long position;

    Tail(OutputStream sink) {
        this.sink = sink;
    }

    /** A new replay starts writing from the beginning. */
    void rewind() {
        position = 0;
    }

    long position() {
        return position;
    }

    long written() {
        return written;
    }

    @Override
    public void write(int b) throws IOException {
        if (position++ >= written) {
            sink.write(b);
            written++;
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        long skip = Math.max(0, Math.min(len, written - position));
        if (len > skip) {
            sink.write(b, off + (int) skip, len - (int) skip);
            written += len - skip;
        }
        position += len;
    }

    @Override
    public void flush() throws IOException {
        sink.flush();
    }

    /** The sink belongs to the caller: closing a replay's stream leaves it open. */
    @Override
    public void close() throws IOException {
        flush();
    }
}
