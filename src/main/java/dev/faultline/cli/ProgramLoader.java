package dev.faultline.cli;

import dev.faultline.abi.Flx;
import dev.faultline.abi.FlxFormatException;
import dev.faultline.asm.AsmResult;
import dev.faultline.asm.Assembler;
import dev.faultline.io.InputFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Gets an executable from PROG.s (assembled in memory) or PROG.flx (read and validated). */
final class ProgramLoader {
    private ProgramLoader() {}

    /** A loaded program, or the message (diagnostics or one sentence) saying why there is none. */
    record Loaded(Flx image, String name, String error) {}

    static Loaded load(Path path) {
        return load(path, false);
    }

    /**
     * Loads PROG; with confineIncludes, the source's {@code .include}s may read only files inside its own
     * folder (the assembler's include root, docs/assembler.md).
     */
    static Loaded load(Path path, boolean confineIncludes) {
        if (path.toString().isEmpty()) return new Loaded(null, "", "faultline: no file name given: PROG is empty\n");
        String name = path.getFileName() == null ? path.toString() : path.getFileName().toString();
        if (Files.isDirectory(path)) return new Loaded(null, name, "faultline: " + path + ": it is a folder, not a program\n");
        if (!Files.exists(path)) return new Loaded(null, name, "faultline: " + path + ": no such file\n");
        byte[] bytes;
        try {
            bytes = InputFiles.readBytes(path);
        } catch (IOException | OutOfMemoryError e) {
            return new Loaded(null, name, "faultline: " + path + ": cannot read it: " + e.getMessage() + "\n");
        }
        boolean flx = bytes.length >= 4 && bytes[0] == 'F' && bytes[1] == 'L' && bytes[2] == 'X' && bytes[3] == '1';
        if (flx || name.endsWith(".flx")) {
            try {
                return new Loaded(Flx.read(bytes), name, null);
            } catch (FlxFormatException e) {
                return new Loaded(null, name, "faultline: " + path + ": " + e.getMessage() + "\n");
            }
        }
        AsmResult result = Assembler.assembleFile(path, confineIncludes ? Assembler.folderOf(path) : null);
        if (!result.ok()) return new Loaded(null, name, result.formatDiagnostics());
        return new Loaded(result.flx(), name, null);
    }
}
