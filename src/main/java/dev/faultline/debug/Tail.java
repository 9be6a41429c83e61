package dev.faultline.debug;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;

/**
 * An output stream that writes each byte position of a run once. Every replay of the run writes its output
 * again from position 0; the bytes below the high-water mark already reached the sink and are dropped, the
 * rest go through. So going back never takes output back, and going forward again never repeats it.
 * A write the sink refused (a closed pipe, a full disk) is refused again, with the same error, when a
 * replay makes it: the guest saw it fail, and the replay must see what the guest saw.
 */
final class Tail extends OutputStream {
    private final OutputStream sink;
    /** Bytes the sink has received: the furthest any replay got. */
    private long written;
    /** Bytes the present replay has written. */
    private long position;
    /** Writes (numbered in each replay) the sink refused, with the refusal. */
    private final Map<Long, IOException> refused = new HashMap<>();
    private long writes;

    Tail(OutputStream sink) {
        this.sink = sink;
    }

    /** A new replay starts writing from the beginning. */
    void rewind() {
        position = 0;
        writes = 0;
    }

    /** Where the present replay is: bytes written and write calls made (for a checkpoint). */
    long[] mark() {
        return new long[] {position, writes};
    }

    /** Goes back to a {@link #mark()} (a replay that starts from a checkpoint). */
    void reset(long[] mark) {
        position = mark[0];
        writes = mark[1];
    }

    long position() {
        return position;
    }

    long written() {
        return written;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        long call = writes++;
        IOException before = refused.get(call);
        if (before != null) throw before;
        long skip = Math.max(0, Math.min(len, written - position));
        if (len > skip) {
            try {
                sink.write(b, off + (int) skip, len - (int) skip);
                if (sink instanceof PrintStream ps && ps.checkError()) throw new IOException("write error");
            } catch (IOException e) {
                refused.put(call, e);
                throw e;
            }
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
