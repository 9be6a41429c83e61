package dev.faultline.cli;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Where a run's trace records go: the {@code --trace-file}, which this owns and closes, or stderr. A kernel run
 * and a bare run open, flush and close it the same way.
 */
final class TraceOutput implements AutoCloseable {
    /** The stream records are written to; null when tracing is off. */
    final PrintStream stream;
    private final Path file; // non-null when the stream is a file this owns

    private TraceOutput(PrintStream stream, Path file) {
        this.stream = stream;
        this.file = file;
    }

    /** Opens the trace file (or takes stderr) for the options; prints why not and fails with exit 2. */
    static TraceOutput open(MachineOptions options, Io io) {
        if (options.trace == null) return new TraceOutput(null, null);
        if (options.traceFile == null) return new TraceOutput(io.err(), null);
        try {
            return new TraceOutput(new PrintStream(new BufferedOutputStream(
                    new FileOutputStream(options.traceFile.toFile()), 1 << 16), false, StandardCharsets.UTF_8),
                    options.traceFile);
        } catch (IOException e) {
            io.err().println("faultline: cannot write the trace file " + options.traceFile + ": " + e.getMessage());
            throw new Session.Failed(Session.USAGE);
        }
    }

    /** Flushes what was written; false, after saying so on stderr, when the trace file could not be written. */
    boolean flush(Io io) {
        if (file == null) {
            // a text trace on a full stderr: nothing can be said there, but the status tells (74)
            return stream == null || !io.err().checkError();
        }
        stream.flush();
        if (!stream.checkError()) return true;
        io.err().println("faultline: cannot write the trace file " + file);
        return false;
    }

    @Override
    public void close() {
        if (file != null) stream.close();
    }
}
