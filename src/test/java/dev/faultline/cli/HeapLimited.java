package dev.faultline.cli;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the faultline command in a JVM of its own, as a user's shell would, with a small heap (-Xmx256m by
 * default): what must hold under a heap limit is tested where the limit is real.
 */
final class HeapLimited {
    private HeapLimited() {}

    /** The heap the tests of issue "nothing lost" name: an input must end with a sentence within it. */
    static final String HEAP = "-Xmx256m";

    static CommandLineTest.Result run(String... args) {
        return runWithHeap(HEAP, args);
    }

    static CommandLineTest.Result runWithHeap(String heap, String... args) {
        Process p = start(heap, args);
        try {
            p.getOutputStream().close();
            var out = p.getInputStream();
            var err = p.getErrorStream();
            // stderr is read on a thread of its own, so that neither pipe can fill and stall the child
            var errText = new java.util.concurrent.CompletableFuture<String>();
            Thread reader = new Thread(() -> {
                try {
                    errText.complete(new String(err.readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    errText.complete("");
                }
            });
            reader.start();
            String outText = new String(out.readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("faultline " + String.join(" ", args) + " did not end");
            }
            reader.join();
            return new CommandLineTest.Result(p.exitValue(), outText, errText.join());
        } catch (IOException | InterruptedException e) {
            p.destroyForcibly();
            throw new IllegalStateException("HeapLimited.run: " + e, e);
        }
    }

    /** Starts faultline with these arguments in a child JVM; its streams are the caller's to read. */
    static Process start(String heap, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                heap, "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        try {
            return new ProcessBuilder(command).directory(new File(".")).start();
        } catch (IOException e) {
            throw new IllegalStateException("HeapLimited.start: " + e, e);
        }
    }
}
