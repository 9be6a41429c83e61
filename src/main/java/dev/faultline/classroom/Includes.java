package dev.faultline.classroom;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps a graded program's {@code .include}s inside its own folder, so that a student's file cannot pull in
 * the teacher's solution or any other file of the grading machine (and show it in an error message). It reads
 * the {@code .include "file"} lines the way the assembler resolves them (relative to the including file) and
 * refuses a file whose real path is outside the program's folder. Anything it cannot read is left for the
 * assembler to report.
 */
final class Includes {
    private Includes() {}

    private static final Pattern INCLUDE = Pattern.compile("^[^;\"]*?\\.include\\s+\"([^\"]*)\"", Pattern.MULTILINE);
    private static final int MAX_FILES = 1000;

    /**
     * null when every include stays in the program's folder (or in one of the folders also allowed), else the
     * one sentence saying which does not.
     */
    static String check(Path program, java.util.List<Path> alsoAllowed) {
        java.util.List<Path> folders = new java.util.ArrayList<>();
        try {
            folders.add(program.toAbsolutePath().getParent().toRealPath());
            for (Path p : alsoAllowed) folders.add(p.toAbsolutePath().normalize().toRealPath());
        } catch (IOException | RuntimeException e) {
            return null;
        }
        Deque<Path> todo = new ArrayDeque<>();
        Set<Path> seen = new HashSet<>();
        todo.add(program.toAbsolutePath());
        while (!todo.isEmpty() && seen.size() < MAX_FILES) {
            Path file = todo.pop();
            if (!seen.add(file)) continue;
            String text;
            try {
                text = Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1);
            } catch (IOException | RuntimeException e) {
                continue;
            }
            Matcher m = INCLUDE.matcher(text);
            while (m.find()) {
                Path wanted;
                try {
                    wanted = file.getParent().resolve(m.group(1)).toAbsolutePath().normalize();
                } catch (RuntimeException e) {
                    continue;
                }
                Path real;
                try {
                    real = wanted.toRealPath();
                } catch (IOException e) {
                    real = wanted;
                }
                if (folders.stream().noneMatch(real::startsWith)) {
                    return program + ": .include \"" + m.group(1) + "\" in " + file.getFileName()
                            + " leaves the program's folder, which a graded program may not do";
                }
                todo.add(real);
            }
        }
        return null;
    }
}
