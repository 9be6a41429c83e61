package dev.faultline.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Serves the built studio folder (and, if given, one program at {@code /program/NAME.s}) on the loopback
 * interface with the JDK's own HTTP server: GET only, files inside the folder only.
 */
public final class StudioServer implements AutoCloseable {
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8", "wasm", "application/wasm", "s", "text/plain; charset=utf-8",
            "md", "text/plain; charset=utf-8", "txt", "text/plain; charset=utf-8");

    private final Path root;
    private final Path program;
    private final HttpServer server;

    /** Starts serving {@code root} on {@code port} (0: any free one); {@code program} may be null. */
    public StudioServer(Path root, Path program, int port) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.program = program;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The page's address, as http://127.0.0.1:PORT/ (plus the program to open, if there is one). */
    public String address() {
        String base = "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort() + "/";
        return program == null ? base : base + "index.html?file=program/" + program.getFileName();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
                send(ex, 405, "text/plain", "only GET\n".getBytes());
                return;
            }
            Path file = resolve(ex.getRequestURI());
            if (file == null || !Files.isRegularFile(file)) {
                send(ex, 404, "text/plain", "not found\n".getBytes());
                return;
            }
            String name = file.getFileName().toString();
            String ext = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
            send(ex, 200, TYPES.getOrDefault(ext, "application/octet-stream"), Files.readAllBytes(file));
        }
    }

    /** The file a request names: the program, or one inside the folder; null for anything else. */
    private Path resolve(URI uri) {
        String path = uri.getPath();
        if (path == null) return null;
        if (program != null && path.equals("/program/" + program.getFileName())) return program;
        if (path.endsWith("/")) path += "index.html";
        Path file = root.resolve(path.substring(1)).normalize();
        return file.startsWith(root) ? file : null;
    }

    private static void send(HttpExchange ex, int code, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("Cache-Control", "no-cache");
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(code, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
