package dev.faultline.cli;

import dev.faultline.asm.AsmResult;
import dev.faultline.asm.Assembler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code faultline asm PROG.s [-o PROG.flx] [--listing]}: assemble; errors on stderr, exit 2, no file written. */
@Command(name = "asm", mixinStandardHelpOptions = true, version = Main.VERSION,
        description = "Assemble an FL32 program into an FLX executable.")
public final class AsmCommand implements Callable<Integer> {
    @ParentCommand
    Main main;


    @Parameters(index = "0", paramLabel = "PROG.s", description = "the assembly source")
    Path source;

    @Option(names = "-o", paramLabel = "PROG.flx", description = "the executable to write (default: beside the source)")
    Path output;

    @Option(names = "--listing", description = "print address, bytes and source line of every line")
    boolean listing;

    @Option(names = "--confine-includes",
            description = "let .include read only files inside the source's own folder (docs/assembler.md)")
    boolean confineIncludes;

    @Override
    public Integer call() {
        Path target = output != null ? output : defaultOutput(source);
        if (sameFile(source, target)) {
            main.io().err().println("faultline: -o " + target + " is the source itself; refusing to overwrite it");
            return 2;
        }
        AsmResult result = Assembler.assembleFile(source, confineIncludes ? Assembler.folderOf(source) : null);
        if (!result.ok()) {
            main.io().err().print(result.formatDiagnostics());
            return 2;
        }
        try {
            Files.write(target, result.flx().write());
        } catch (IOException | RuntimeException e) {
            main.io().err().println("faultline: cannot write " + target + ": " + reason(e));
            return 2;
        }
        if (listing) {
            main.io().out().print(result.listing());
            if (main.io().out().checkError()) return Io.cannotWrite(main.io(), "the listing");
        }
        return 0;
    }

    /** Whether the output would replace the source (the same file, under any name). */
    static boolean sameFile(Path source, Path target) {
        try {
            if (Files.exists(target) && Files.exists(source)) return Files.isSameFile(source, target);
        } catch (IOException | SecurityException e) {
            // fall through to the name comparison
        }
        return source.toAbsolutePath().normalize().equals(target.toAbsolutePath().normalize());
    }

    /** PROG.s becomes PROG.flx beside it; a name without .s gets .flx appended. */
    static Path defaultOutput(Path source) {
        String name = source.getFileName().toString();
        String base = name.endsWith(".s") ? name.substring(0, name.length() - 2) : name;
        return source.resolveSibling(base + ".flx");
    }

    private static String reason(Exception e) {
        if (e instanceof java.nio.file.NoSuchFileException) return "no such folder";
        if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
