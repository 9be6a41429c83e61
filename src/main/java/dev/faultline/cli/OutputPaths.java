package dev.faultline.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The files a run writes (--stats-json, --trace-file, --report) are checked before the run starts, so a
 * folder that does not exist is exit 2 at once rather than a run's worth of work lost (docs/cli.md). A write
 * that still fails later is exit 74.
 */
final class OutputPaths {
    private OutputPaths() {}

    /** Exit status for an output file that could not be written once the run had started. */
    static final int CANNOT_WRITE = 74;

    /**
     * Checks the files of run and debug before any is opened: each output can be written, and no two of the
     * run's own files (the program, --swap-file, --trace-file, --stats-json, --report) are one file. Prints the
     * first problem and fails with exit 2.
     */
    static void check(MachineOptions options, Io io, Path program, Path report) {
        String clash = HostFiles.clash(program, List.of(new HostFiles.Named("--swap-file", options.system.swapFile),
                new HostFiles.Named("--trace-file", options.traceFile), new HostFiles.Named("--stats-json", options.statsJson),
                new HostFiles.Named("--report", report)));
        for (String problem : new String[] {clash, problem("--stats-json", options.statsJson),
                problem("--trace-file", options.traceFile)}) {
            if (problem != null) {
                io.err().println("faultline: " + problem);
                throw new Session.Failed(Session.USAGE);
            }
        }
    }

    /**
     * Prints the statistics' text (--stats) and writes their JSON (--stats-json); false, after saying so, when the
     * JSON file could not be written.
     */
    static boolean writeStats(MachineOptions options, Io io, String text, String json) {
        if (options.stats) io.err().print(text);
        if (options.statsJson == null) return true;
        try {
            Files.writeString(options.statsJson, json);
            return true;
        } catch (java.io.IOException e) {
            io.err().println("faultline: cannot write " + options.statsJson + ": " + e.getMessage());
            return false;
        }
    }

    /** Why {@code option path} cannot be written, as one sentence; null when it can. */
    static String problem(String option, Path path) {
        if (path == null) return null;
        if (Files.isDirectory(path)) return option + " " + path + " is a folder, not a file";
        Path parent = path.toAbsolutePath().normalize().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            return option + " " + path + ": the folder " + parent + " does not exist";
        }
        if (Files.exists(path) ? !Files.isWritable(path) : !Files.isWritable(parent)) {
            return option + " " + path + ": permission denied";
        }
        return null;
    }
}
