package dev.faultline.cli;

import dev.faultline.abi.Flx;
import dev.faultline.abi.FlxFormatException;
import dev.faultline.asm.Disassembly;
import dev.faultline.io.InputFiles;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code faultline disasm PROG.flx}: print the executable's code with symbols; a bad file is exit 2. */
@Command(name = "disasm", mixinStandardHelpOptions = true, version = Main.VERSION,
        description = "Disassemble an FLX executable, with its symbols.")
public final class DisasmCommand implements Callable<Integer> {
    @ParentCommand
    Main main;


    /** Larger than any executable the assembler writes; refused rather than read into memory. */

    @Parameters(index = "0", paramLabel = "PROG.flx", description = "the executable")
    Path file;

    @Override
    public Integer call() {
        Flx flx;
        try {
            flx = Flx.read(read(file));
        } catch (NoSuchFileException e) {
            return fail("no such file");
        } catch (AccessDeniedException e) {
            return fail("permission denied");
        } catch (IOException e) {
            return fail("cannot read it: " + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()));
        } catch (FlxFormatException e) {
            return fail(e.getMessage());
        }
        main.io().out().print(Disassembly.of(flx));
        if (main.io().out().checkError()) return Io.cannotWrite(main.io(), "the disassembly");
        return 0;
    }

    private static byte[] read(Path path) throws IOException {
        return InputFiles.readBytes(path);
    }

    private int fail(String sentence) {
        main.io().err().println("faultline: " + file + ": " + sentence);
        return 2;
    }
}
