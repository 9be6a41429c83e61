package dev.faultline.cli;

import dev.faultline.kernel.Kernel;
import dev.faultline.kernel.KernelConfig;
import dev.faultline.report.ReportWriter;
import dev.faultline.report.RunRecorder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code --report FILE.html}: checks the path before a run and writes the page after it. */
final class ReportOutput {
    private ReportOutput() {}

    /** Exit status when the report cannot be written after the run (docs/cli.md). */
    static final int CANNOT_WRITE = OutputPaths.CANNOT_WRITE;

    /** Null when the report can be written, else prints one sentence and returns the usage status. */
    static Integer checkBeforeRun(Path report, Io io) {
        String problem = OutputPaths.problem("--report", report);
        if (problem == null) return null;
        io.err().println("faultline: " + problem);
        return Session.USAGE;
    }

    /** The command as typed, for the report's header. */
    static String command(List<String> args) {
        StringBuilder sb = new StringBuilder("faultline");
        for (String a : args) sb.append(' ').append(a.isEmpty() || a.matches(".*[\\s\"'$].*") ? "'" + a + "'" : a);
        return sb.toString();
    }

    /** Writes the report of a finished run; returns status, or 74 when the file could not be written. */
    static int writeRun(Session s, KernelConfig cfg, RunRecorder recorder, Path report, Path programPath, String command,
                        int status, Io io) {
        recorder.finish();
        Kernel k = s.kernel;
        Map<String, String> config = new LinkedHashMap<>();
        config.put("frames", Integer.toString(cfg.frames()));
        config.put("policy", cfg.policy().name());
        config.put("swap", cfg.swapSlots() == 0 ? "none" : cfg.swapSlots() + " slots");
        config.put("tlb", cfg.tlbSize() + (cfg.softwareRefill() ? " entries, software refill" : " entries"));
        config.put("quantum", Integer.toString(cfg.quantum()));
        String outcome = s.outcome == null ? "exited" : s.outcome;
        ReportWriter.RunSummary summary = new ReportWriter.RunSummary(s.program.name(), command, status, outcome,
                k.stats(0).toJson(), config, s.program.image().sourceName(), sourceLines(s.program, programPath));
        return write(summary, recorder, report, status, io);
    }

    /** Writes the report of a finished bare run: its events and trap counts, with no kernel state to draw. */
    static int writeBare(Session s, RunRecorder recorder, Path report, Path programPath, String command, int status,
                         Io io) {
        recorder.finish();
        Map<String, String> config = new LinkedHashMap<>();
        config.put("machine", "bare (no kernel)");
        config.put("frames", Integer.toString(s.bareConfig().frames()));
        config.put("tlb", s.bareConfig().tlbSize() + (s.bareConfig().softwareRefill() ? " entries, software refill"
                : " entries"));
        String outcome = s.outcome == null ? "exited" : s.outcome;
        ReportWriter.RunSummary summary = new ReportWriter.RunSummary(s.program.name(), command, status, outcome,
                s.bareStats().toJson(), config, s.program.image().sourceName(), sourceLines(s.program, programPath));
        return write(summary, recorder, report, status, io);
    }

    private static List<String> sourceLines(ProgramLoader.Loaded program, Path programPath) {
        if (program.name().endsWith(".flx")) return List.of();
        try {
            return Files.readAllLines(programPath, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return List.of(); // the listing shows file:line without the text
        }
    }

    private static int write(ReportWriter.RunSummary summary, RunRecorder recorder, Path report, int status, Io io) {
        try {
            ReportWriter.write(report, ReportWriter.runPage(summary, recorder));
        } catch (IOException e) {
            io.err().println("faultline: cannot write the report " + report + ": " + e.getMessage());
            return CANNOT_WRITE;
        }
        return status;
    }
}
