package dev.faultline.bare;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The bare machine is the machine without the kernel: neither its package nor the machine imports it. */
class BareWallTest {
    @Test
    void neitherTheMachineNorTheBareRunnerMentionsTheKernel() throws IOException {
        for (String pkg : List.of("machine", "bare")) {
            try (Stream<Path> files = Files.walk(Path.of("src/main/java/dev/faultline", pkg))) {
                List<String> offenders = files.filter(Files::isRegularFile).filter(f -> {
                    try {
                        return Files.readString(f).contains("dev.faultline.kernel");
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }).map(Path::toString).toList();
                assertEquals(List.of(), offenders, pkg);
            }
        }
    }
}
