package dev.faultline.cli;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code faultline studio [PROG.s] [--port N] [--no-open]}: serves the studio that the build wrote beside the
 * jar (target/studio) on a local port, prints its address, opens a browser where one is available, and runs
 * until Ctrl-C (docs/studio.md).
 */
@Command(name = "studio", mixinStandardHelpOptions = true, version = Main.VERSION,
        description = "Serve Faultline Studio (the machine in a web page) on a local port and open it.")
public final class StudioCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Parameters(index = "0", arity = "0..1", paramLabel = "PROG.s", description = "a program to open in the editor")
    Path program;

    @Option(names = "--port", paramLabel = "N", description = "the port (default: any free one)")
    int port;

    @Option(names = "--no-open", description = "do not open a browser")
    boolean noOpen;

    @Override
    public Integer call() {
        Path folder = folder();
        if (folder == null || !Files.isRegularFile(folder.resolve("index.html"))) {
            main.io().err().println("faultline: the studio is not built (target/studio/index.html is missing);"
                    + " build it with ./mvnw package");
            return 2;
        }
        if (program != null && !Files.isRegularFile(program)) {
            main.io().err().println("faultline: " + program + ": no such file");
            return 2;
        }
        if (port < 0 || port > 65535) {
            main.io().err().println("faultline: --port must be 0..65535, not " + port);
            return 2;
        }
        StudioServer server;
        try {
            server = new StudioServer(folder, program, port);
        } catch (IOException e) {
            main.io().err().println("faultline: cannot serve on port " + port + ": " + e.getMessage());
            return 2;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        main.io().out().println("Faultline Studio: " + server.address() + "  (Ctrl-C stops it)");
        main.io().out().flush();
        if (!noOpen) openBrowser(server.address());
        try {
            new CountDownLatch(1).await(); // until Ctrl-C
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** target/studio beside the jar (or beside target/classes when run from the build). */
    static Path folder() {
        try {
            Path code = Path.of(StudioCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return code.getParent() == null ? null : code.getParent().resolve("studio");
        } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
            return null;
        }
    }

    /** Opens the address with the desktop's opener, if there is one; a missing one is no error. */
    private void openBrowser(String address) {
        for (String opener : new String[] {"xdg-open", "open"}) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, opener))) {
                    try {
                        new ProcessBuilder(opener, address).redirectErrorStream(true)
                                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                        return;
                    } catch (IOException e) {
                        break; // try the next opener
                    }
                }
            }
        }
        main.io().out().println("(no browser opener found: open the address yourself)");
    }
}
