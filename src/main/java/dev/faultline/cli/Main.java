package dev.faultline.cli;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code faultline} command: asm, disasm, run, debug, compare. The only code that prints or exits. */
@Command(name = "faultline", mixinStandardHelpOptions = true, version = Main.VERSION,
        description = Main.DESCRIPTION,
        subcommands = {AsmCommand.class, DisasmCommand.class, RunCommand.class, DebugCommand.class,
                CompareCommand.class, ExerciseCommand.class, TestCommand.class, StudioCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements java.util.concurrent.Callable<Integer> {
    /** What {@code -V} prints, for the command and every subcommand. */
    static final String VERSION = "faultline 0.1.0";
    /** The command's description, in its annotation and in the model {@link #commandLine} builds. */
    static final String DESCRIPTION = "An FL32 assembler and a machine whose every access goes through an MMU.";

    private final Io io;

    public Main(Io io) {
        this.io = io;
    }

    public Main() {
        this(Io.system());
    }

    Io io() {
        return io;
    }

    /** {@code faultline} alone: the usage, and status 2 (bad usage). */
    @Override
    public Integer call() {
        new CommandLine(new Main(io)).usage(io.err());
        return 2;
    }

    public static void main(String[] args) {
        Io io = Io.system();
        // A plug-in policy that can be neither finished nor stopped holds a thread we cannot get back: the
        // process ends with its sentence (docs/policies.md). Only main owns the process, so only main says so.
        dev.faultline.policy.Policy.whenStuck(sentence -> {
            io.err().println("faultline: " + sentence);
            io.err().flush();
            System.out.flush();
            Runtime.getRuntime().halt(2);
        });
        int status = run(args, io.in(), io.out(), io.err(), io.guestOut());
        System.out.flush();
        System.exit(status);
    }

    /**
     * Runs the command line with these streams and returns the exit status (docs/cli.md). Never calls
     * System.exit and never lets a Java exception escape.
     */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        return run(args, in, out, err, out);
    }

    /** As {@link #run(String[], InputStream, PrintStream, PrintStream)}, with the guest's stdout apart. */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err, OutputStream guestOut) {
        Io io = new Io(in, out, err, guestOut);
        try {
            RunCommand plain = RunCommand.withoutOptions(new Main(io), args);
            if (plain != null) return plain.call(); // as picocli's execute would, with no model to build
            CommandLine cl = commandLine(new Main(io), args);
            cl.setOverwrittenOptionsAllowed(true); // a later --frames overrides an earlier one, as in most tools
            cl.setExpandAtFiles(false); // "@FILE" belongs to the options that take it (compare --refs @FILE)
            cl.setOut(new java.io.PrintWriter(out, true));
            cl.setErr(new java.io.PrintWriter(err, true));
            cl.setParameterExceptionHandler((ex, a) -> {
                err.println(usageError(ex));
                return 2;
            });
            cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> internalError(err, ex));
            return cl.execute(args);
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            return internalError(err, e);
        }
    }

    /**
     * The command line for args. When args name a subcommand first (the usual case), only that subcommand's
     * model is built: picocli's reflection over every subcommand and its options took about half of a short
     * run's start. Anything else (no subcommand, a root option, an unknown or misspelled name) gets the whole
     * command, so help, versions and suggestions are as before.
     */
    static CommandLine commandLine(Main main, String[] args) {
        Class<?> only = args.length == 0 ? null : switch (args[0]) {
            case "asm" -> AsmCommand.class;
            case "disasm" -> DisasmCommand.class;
            case "run" -> RunCommand.class;
            case "debug" -> DebugCommand.class;
            case "compare" -> CompareCommand.class;
            case "exercise" -> ExerciseCommand.class;
            case "test" -> TestCommand.class;
            case "studio" -> StudioCommand.class;
            default -> null;
        };
        if (only == null) return new CommandLine(main);
        // The root's attributes as constants, not read from Main's annotation: reading it would load every
        // subcommand class named there (its subcommands list), which this path exists to avoid.
        CommandLine.Model.CommandSpec spec = CommandLine.Model.CommandSpec.wrapWithoutInspection(main);
        spec.name("faultline").version(VERSION).mixinStandardHelpOptions(true);
        spec.usageMessage().description(DESCRIPTION);
        CommandLine cl = new CommandLine(spec);
        cl.addSubcommand(args[0], only);
        return cl;
    }

    /**
     * A command-line mistake as one sentence and a hint, never a usage dump: {@code faultline: Unknown
     * option: '--framez' (did you mean --frames?); see 'faultline run --help'}.
     */
    static String usageError(CommandLine.ParameterException ex) {
        String message = String.valueOf(ex.getMessage()).strip().replaceAll("\\s*\\R\\s*", " ");
        String hint = "";
        CommandLine.Model.CommandSpec spec = ex.getCommandLine().getCommandSpec();
        java.util.regex.Matcher helpOf = java.util.regex.Pattern.compile("Unknown subcommand '(.*)'\\.?").matcher(message);
        if (helpOf.matches()) { // faultline help NOSUCH
            CommandLine.Model.CommandSpec root = spec.root();
            return "faultline: no command '" + helpOf.group(1) + "'"
                    + didYouMean(helpOf.group(1), new ArrayList<>(root.subcommands().keySet()), List.of()) + "; see 'faultline --help'";
        }
        if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String first = u.getUnmatched().get(0);
            List<String> candidates = new ArrayList<>();
            if (first.startsWith("-")) {
                // name only the option: the words after it are its value or the next argument, not the mistake
                String name = first.contains("=") ? first.substring(0, first.indexOf('=')) : first;
                message = "Unknown option: '" + name + "'";
                for (CommandLine.Model.OptionSpec o : spec.options()) {
                    if (!o.hidden()) candidates.addAll(List.of(o.names()));
                }
                hint = didYouMean(name, candidates, u.getSuggestions());
            } else if (spec.parent() == null && !spec.subcommands().isEmpty()) {
                message = "no command '" + first + "'";
                candidates.addAll(spec.subcommands().keySet());
                hint = didYouMean(first, candidates, List.of());
            }
        }
        return "faultline: " + message + hint + "; see '" + spec.qualifiedName() + " --help'";
    }

    /** {@code " (did you mean --frames?)"}: the closest names by edit distance (at most 2, or a third of the word). */
    static String didYouMean(String word, List<String> names, List<String> picocliSuggestions) {
        List<String> close = new ArrayList<>();
        int best = Integer.MAX_VALUE;
        for (String name : names) {
            int d = distance(word.toLowerCase(java.util.Locale.ROOT), name.toLowerCase(java.util.Locale.ROOT));
            if (d > Math.max(2, word.length() / 3)) continue;
            if (d < best) {
                best = d;
                close.clear();
            }
            if (d == best && !close.contains(name)) close.add(name);
        }
        if (close.isEmpty()) {
            for (String s : picocliSuggestions) if (names.contains(s) && close.size() < 3) close.add(s);
        }
        if (close.isEmpty()) return "";
        return " (did you mean " + String.join(" or ", close.subList(0, Math.min(3, close.size()))) + "?)";
    }

    /** Levenshtein distance, with a swap of two neighbours counted as one edit ("rnu" is one from "run"). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    private static int internalError(PrintStream err, Throwable ex) {
        if (ex instanceof dev.faultline.policy.PolicyFailure) { // a plug-in policy broke the rules: one sentence
            err.println("faultline: " + ex.getMessage());
            return 2;
        }
        if (ex instanceof OutOfMemoryError) {
            err.println("faultline: out of host memory: " + ex.getMessage());
        } else {
            StackTraceElement where = ex.getStackTrace().length > 0 ? ex.getStackTrace()[0] : null;
            err.println("faultline: internal error: " + ex + (where != null ? " (in " + where.getClassName()
                    .replaceFirst("^dev\\.faultline\\.", "") + "." + where.getMethodName() + ")" : ""));
        }
        return 70;
    }
}
