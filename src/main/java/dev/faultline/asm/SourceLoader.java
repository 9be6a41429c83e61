package dev.faultline.asm;

import dev.faultline.io.InputFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Reads the main file and, in place of each {@code .include "file"}, the lines of that file (a path
 * relative to the including file's folder), giving every line of the program in reading order.
 * Any file that cannot be read, and an include cycle, is a diagnostic at the place that asked for it.
 *
 * <p>Includes are bounded in depth, and in the lines and bytes they add in all: a file that includes the
 * next one twice, forty deep, would otherwise ask for 2^40 lines. With include roots, an include may only
 * read a file inside one of those folders (after following links), so a program cannot read the host's other
 * files; the first include refused is kept ({@link #refused()}) for a grader to word its own sentence.
 */
final class SourceLoader {
    /** Largest source file read; a bigger one is an error, not an OutOfMemoryError. */
    static final long MAX_FILE_BYTES = InputFiles.MAX_BYTES;
    static final int MAX_INCLUDE_DEPTH = 64;
    /** The most lines all includes together may add to a program. */
    static final int MAX_INCLUDED_LINES = 1 << 16;
    /** The most bytes all includes together may add: the size of one input file. */
    static final long MAX_INCLUDED_BYTES = InputFiles.MAX_BYTES;

    private final Diagnostics diagnostics;
    private final LineParser parser;
    private final List<SourceLine> lines = new ArrayList<>();
    /** Identities (normalised absolute paths) of the files being read, outermost first. */
    private final Deque<Path> including = new ArrayDeque<>();
    /** The folders includes are confined to; empty for anywhere. */
    private final List<Path> includeRoots = new ArrayList<>();
    /** The first include that named a file outside every root, or null. */
    private Assembler.OutsideInclude refused;
    private long includedLines;
    private long includedBytes;
    /** Set once the includes went over a limit: the error is given once, and no further file is read. */
    private boolean overBudget;
    /** Each file included so far, by identity, read once however often it is included. */
    private final java.util.Map<Path, List<String>> read = new java.util.HashMap<>();
    /** The identity of each path asked for so far: finding it asks the host several questions. */
    private final java.util.Map<Path, Path> identities = new java.util.HashMap<>();

    SourceLoader(Diagnostics diagnostics, List<Path> includeRoots) {
        this.diagnostics = diagnostics;
        this.parser = new LineParser(diagnostics);
        for (Path root : includeRoots) this.includeRoots.add(identity(root, Path.of("")));
    }

    /** The first include refused for leaving the include roots, or null when none was. */
    Assembler.OutsideInclude refused() {
        return refused;
    }

    /** Every line of the program whose main file has this name, folder and text. */
    List<SourceLine> load(String name, Path folder, String text) {
        SourceFile main = new SourceFile(name, folder, SourceFile.splitLines(text));
        readLines(main, identity(folder, Path.of(fileName(name))));
        return lines;
    }

    /** Reads the main file from disk; an unreadable file is a diagnostic at its line 1. */
    List<SourceLine> loadFile(Path path) {
        String name = path.toString();
        Path folder = path.toAbsolutePath().getParent();
        SourceFile unread = new SourceFile(name, folder, List.of());
        try {
            return load(name, folder, read(path));
        } catch (IOException e) {
            diagnostics.error(new Pos(unread, 1, 1, 0), "cannot read " + name + ": " + reason(e));
            return List.of();
        }
    }

    private void readLines(SourceFile file, Path identity) {
        including.push(identity);
        for (int n = 1; n <= file.lines().size(); n++) {
            SourceLine line = parser.parse(file, n, lines.size());
            lines.add(line);
            for (Statement s : line.statements()) {
                if (s instanceof Statement.Directive d && d.name().equals(".include")) include(file, d);
            }
        }
        including.pop();
    }

    /** Inserts the lines of the file an {@code .include} names, after the {@code .include} line. */
    private void include(SourceFile from, Statement.Directive directive) {
        if (directive.operands().size() != 1 || !(directive.operands().get(0) instanceof Operand.Text text)) {
            diagnostics.error(directive.pos(), ".include expects one file name in double quotes");
            return;
        }
        String wanted = new String(text.bytes(), StandardCharsets.UTF_8);
        Path path;
        try {
            path = from.folder().resolve(wanted);
        } catch (InvalidPathException e) {
            diagnostics.error(text.pos(), "'" + wanted + "' is not a valid file name");
            return;
        }
        if (overBudget) return;
        Path identity = identities.computeIfAbsent(path.toAbsolutePath().normalize(), p -> identity(p, Path.of("")));
        if (!insideRoots(identity)) {
            if (refused == null) refused = new Assembler.OutsideInclude(from.name(), wanted);
            diagnostics.error(text.pos(), "cannot include " + wanted + ": it is outside " + rootsNamed()
                    + " includes may read (--confine-includes)");
            return;
        }
        if (including.contains(identity)) {
            diagnostics.error(text.pos(), "include cycle: " + wanted + " is already being included");
            return;
        }
        if (including.size() >= MAX_INCLUDE_DEPTH) {
            diagnostics.error(text.pos(), "includes nested more than " + MAX_INCLUDE_DEPTH + " deep");
            return;
        }
        try {
            String name = displayName(from.name(), wanted);
            List<String> fileLines = read.get(identity);
            if (fileLines == null) {
                fileLines = SourceFile.splitLines(read(path));
                read.put(identity, fileLines);
            }
            if (!withinBudget(text.pos(), fileLines)) return;
            readLines(new SourceFile(name, path.toAbsolutePath().getParent(), fileLines), identity);
        } catch (IOException e) {
            diagnostics.error(text.pos(), "cannot include " + wanted + ": " + reason(e));
        }
    }

    private boolean insideRoots(Path identity) {
        if (includeRoots.isEmpty()) return true;
        for (Path root : includeRoots) {
            if (identity.startsWith(root)) return true;
        }
        return false;
    }

    /** "DIR, the only folder" or "DIR1, DIR2, the only folders". */
    private String rootsNamed() {
        StringBuilder sb = new StringBuilder();
        for (Path root : includeRoots) sb.append(root).append(", ");
        return sb + (includeRoots.size() == 1 ? "the only folder" : "the only folders");
    }

    /**
     * Counts an included file's lines and characters against the limits; false, after the one error, when
     * they are exceeded.
     */
    private boolean withinBudget(Pos at, List<String> fileLines) {
        includedLines += fileLines.size();
        for (String line : fileLines) includedBytes += line.length() + 1;
        if (includedLines <= MAX_INCLUDED_LINES && includedBytes <= MAX_INCLUDED_BYTES) return true;
        overBudget = true;
        diagnostics.error(at, "includes add more than " + MAX_INCLUDED_LINES + " lines or " + (MAX_INCLUDED_BYTES >> 20)
                + " MiB of text in all (files included many times over?); no further file is included");
        return false;
    }

    /** A source or an included file, refused past 64 MiB before it is read whole (InputFiles). */
    private static String read(Path path) throws IOException {
        return InputFiles.readString(path);
    }

    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) return "no such file";
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /** The name an included file goes by in diagnostics: its path next to the including file's. */
    private static String displayName(String fromName, String wanted) {
        Path parent = Path.of(fromName).getParent();
        return (parent == null ? Path.of(wanted) : parent.resolve(wanted)).normalize().toString();
    }

    private static Path identity(Path folder, Path file) {
        Path p = folder.resolve(file).toAbsolutePath().normalize();
        try {
            return p.toRealPath();
        } catch (IOException | SecurityException e) {
            return p;
        }
    }

    private static String fileName(String name) {
        try {
            Path p = Path.of(name).getFileName();
            return p == null ? name : p.toString();
        } catch (InvalidPathException e) {
            return "";
        }
    }
}
