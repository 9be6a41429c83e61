package dev.faultline.asm;

import dev.faultline.abi.Flx;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The assembler facade: FL32 assembly source in, an FLX executable or diagnostics out (docs/assembler.md,
 * docs/flx.md). It never throws for any input: unreadable files, syntax errors and
 * pathological input all become diagnostics.
 *
 * <p>Passes: read and parse every line, includes expanded ({@link SourceLoader}); sort statements into
 * sections and define symbols ({@link Program}); give every item an address ({@link Layout}); write the
 * bytes ({@link Emitter}); build the executable.
 */
public final class Assembler {
    private final Diagnostics diagnostics = new Diagnostics();
    private final SourceLoader loader;

    private Assembler(Path includeRoot) {
        this.loader = new SourceLoader(diagnostics, includeRoot == null ? List.of() : List.of(includeRoot));
    }

    /** An {@code .include "wanted"} in the file named {@code file} that names a file outside the include roots. */
    public record OutsideInclude(String file, String wanted) {}

    /** Reads and assembles {@code file}; {@code .include}s are relative to the including file. */
    public static AsmResult assembleFile(Path file) {
        return assembleFile(file, null);
    }

    /**
     * As {@link #assembleFile(Path)}, with {@code .include} confined to the folder {@code includeRoot} (null:
     * any file the user can read). A grader of untrusted work passes the program's own folder
     * ({@link #folderOf(Path)}), so a submission cannot read and echo the grader's other files.
     */
    public static AsmResult assembleFile(Path file, Path includeRoot) {
        Assembler a = new Assembler(includeRoot);
        return a.guarded(() -> a.assemble(a.loader.loadFile(file), fileName(file.toString())));
    }

    /**
     * The first {@code .include} of file, or of the files it includes, that names a file outside every one of
     * roots, or null when all stay inside. Only files inside the roots are read, the way the assembler reads
     * them with an include root, so a grader can refuse a submission with a sentence of its own.
     */
    public static OutsideInclude includeOutside(Path file, List<Path> roots) {
        SourceLoader loader = new SourceLoader(new Diagnostics(), roots);
        try {
            loader.loadFile(file);
        } catch (StackOverflowError e) {
            // nested too deeply to read: the assembly will say so; nothing was refused up to here
        }
        return loader.refused();
    }

    /** The folder a source file is in: its include root when includes are confined. */
    public static Path folderOf(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        return parent != null ? parent : Path.of("").toAbsolutePath();
    }

    /**
     * Assembles {@code text}, named {@code sourceName} in diagnostics; {@code .include}s are relative to
     * sourceName's folder, or to the current directory when it has none.
     */
    public static AsmResult assembleString(String sourceName, String text) {
        return assembleString(sourceName, text, null);
    }

    /** As {@link #assembleString(String, String)}, with {@code .include} confined to includeRoot (null: not). */
    public static AsmResult assembleString(String sourceName, String text, Path includeRoot) {
        Assembler a = new Assembler(includeRoot);
        return a.guarded(() -> a.assemble(a.loader.load(sourceName, folderOf(sourceName), text), fileName(sourceName)));
    }

    /** Runs the assembly; a stack overflow that got past every limit is still a diagnostic, not a crash. */
    private AsmResult guarded(java.util.function.Supplier<AsmResult> assembly) {
        try {
            return assembly.get();
        } catch (StackOverflowError e) {
            SourceFile none = new SourceFile("<input>", Path.of(""), List.of());
            diagnostics.error(new Pos(none, 1, 1, Integer.MAX_VALUE), "the program is nested too deeply to assemble");
            return failed();
        }
    }

    private AsmResult assemble(List<SourceLine> lines, String sourceName) {
        if (lines.isEmpty() && !diagnostics.isEmpty()) return failed();
        Program program = Program.collect(lines, diagnostics);
        Evaluator evaluator = new Evaluator(program.symbols);
        Map<Section, Layout.Extent> extents = new Layout(evaluator, diagnostics).place(program);
        List<Flx.Symbol> symbols = symbols(program, evaluator); // in order: a chain of .equs stays shallow
        Map<Section, byte[]> images = new Emitter(evaluator, diagnostics).emit(program, extents);
        int entry = entry(program, evaluator, extents);
        List<Flx.Segment> segments = segments(extents, images);
        if (segments.isEmpty() && diagnostics.isEmpty()) {
            diagnostics.error(new Pos(lines.get(0).file(), 1, 1, 0), "empty program: no instructions and no data");
        } else if (extents.get(Section.TEXT).isEmpty() && diagnostics.isEmpty()) {
            noCode(program);
        }
        if (!diagnostics.isEmpty()) return failed();
        Flx flx = new Flx(entry, segments, symbols, lineTable(program), sourceName);
        return new AsmResult(flx, List.of(), () -> Listing.of(program, extents, images), SourceMap.of(program, sourceName));
    }

    /**
     * Data but nothing in .text: the machine would start at an address holding no instruction and die of a
     * fetch fault, far from the mistake. Say so at the first data statement instead.
     */
    private void noCode(Program program) {
        for (Item item : program.items) {
            if (item.isCodeOrData() && item.size > 0) {
                diagnostics.error(item.pos(), "no code: the program has data (this is the first) but no instruction in"
                        + " .text to run");
                return;
            }
        }
    }

    private AsmResult failed() {
        return new AsmResult(null, diagnostics.sorted(), () -> "");
    }

    /** One segment per non-empty section, in section order; bss keeps no bytes in the file. */
    private static List<Flx.Segment> segments(Map<Section, Layout.Extent> extents, Map<Section, byte[]> images) {
        List<Flx.Segment> out = new ArrayList<>();
        for (Section s : Section.values()) {
            Layout.Extent e = extents.get(s);
            if (e.isEmpty()) continue;
            out.add(new Flx.Segment((int) e.vaddr(), (int) (e.end() - e.vaddr()), s.flags, images.get(s)));
        }
        return out;
    }

    /** Every label (its section) and every {@code .equ} (absolute), in the order written. */
    private List<Flx.Symbol> symbols(Program program, Evaluator evaluator) {
        List<Flx.Symbol> out = new ArrayList<>();
        for (SymbolTable.Definition d : program.symbols.all()) {
            try {
                long value = evaluator.valueOf(d, d.pos());
                int section = d.isLabel() ? d.item().section.flxSection : Flx.SECTION_ABSOLUTE;
                out.add(new Flx.Symbol(d.name(), (int) value, section));
            } catch (AsmException e) {
                diagnostics.error(e);
            }
        }
        return out;
    }

    /** {@code _start}, else the {@code .entry} symbol, else the start of .text. */
    private int entry(Program program, Evaluator evaluator, Map<Section, Layout.Extent> extents) {
        SymbolTable.Definition start = program.symbols.get("_start");
        try {
            if (start != null) return (int) evaluator.valueOf(start, start.pos());
            if (program.entry != null) return (int) evaluator.eval(program.entry, null);
        } catch (AsmException e) {
            diagnostics.error(e);
        }
        return (int) extents.get(Section.TEXT).start();
    }

    /**
     * One row (address, line) per instruction or data statement of the main file, by address. Rows for
     * included files are left out: a row has no field naming its file.
     */
    private static List<Flx.LineRow> lineTable(Program program) {
        List<Flx.LineRow> rows = new ArrayList<>();
        SourceFile main = program.lines.isEmpty() ? null : program.lines.get(0).file();
        for (Item item : program.items) {
            if (item.line.file() == main && item.isCodeOrData() && item.size > 0) {
                rows.add(new Flx.LineRow((int) item.address, item.line.number()));
            }
        }
        rows.sort(Comparator.comparingLong(r -> Integer.toUnsignedLong(r.address())));
        return rows;
    }

    private static Path folderOf(String sourceName) {
        try {
            Path parent = Path.of(sourceName).toAbsolutePath().getParent();
            return parent != null ? parent : Path.of("").toAbsolutePath();
        } catch (InvalidPathException e) {
            return Path.of("").toAbsolutePath();
        }
    }

    private static String fileName(String name) {
        try {
            Path p = Path.of(name).getFileName();
            return p == null ? name : p.toString();
        } catch (InvalidPathException e) {
            return name;
        }
    }
}
