package dev.faultline.studio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.cli.StudioServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The studio's page files and its server, without a browser. */
class StudioFilesTest {
    @TempDir
    Path tmp;

    /** Every example of examples/ (kernel and bare) is one click away: the page's list names exactly them. */
    @Test
    void thePageListsEveryExample() throws IOException {
        String js = Files.readString(Path.of("src/studio/web/examples.js"));
        TreeSet<String> listed = new TreeSet<>();
        Matcher m = Pattern.compile("\"([\\w/]+)\"").matcher(js);
        while (m.find()) listed.add(m.group(1));
        assertEquals(examples(), listed);
    }

    static TreeSet<String> examples() throws IOException {
        TreeSet<String> names = new TreeSet<>();
        for (String dir : List.of("examples", "examples/bare")) {
            try (Stream<Path> files = Files.list(Path.of(dir))) {
                files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".s"))
                        .forEach(n -> names.add((dir.equals("examples") ? "" : "bare/") + n.substring(0, n.length() - 2)));
            }
        }
        return names;
    }

    @Test
    void theServerServesTheFolderAndTheProgramOnly() throws Exception {
        Files.writeString(tmp.resolve("index.html"), "<p>page</p>");
        Files.writeString(tmp.resolve("m.wasm"), "wasm");
        Path secret = Files.writeString(tmp.resolveSibling(tmp.getFileName() + "-secret.txt"), "secret");
        Path prog = Files.writeString(Files.createTempDirectory("prog").resolve("mine.s"), "_start: halt\n");
        try (StudioServer server = new StudioServer(tmp, prog, 0)) {
            String base = server.address().replaceAll("index\\.html.*$", "");
            assertTrue(server.address().endsWith("/index.html?file=program/mine.s"), server.address());
            assertEquals("200 text/html; charset=utf-8 <p>page</p>", get(base));
            assertEquals("200 application/wasm wasm", get(base + "m.wasm"));
            assertEquals("200 text/plain; charset=utf-8 _start: halt\n", get(base + "program/mine.s"));
            assertEquals("404 text/plain not found\n", get(base + "nothing.html"));
            assertEquals("404 text/plain not found\n", get(base + "..%2f" + secret.getFileName()));
        } finally {
            Files.deleteIfExists(secret);
        }
    }

    private static String get(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.statusCode() + " " + r.headers().firstValue("Content-Type").orElse("") + " " + r.body();
    }
}
