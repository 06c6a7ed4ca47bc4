package dev.twistlet.it;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The sample's reverse-proxy upstream: the JDK's own HTTP server, echoing the path it was
 * asked for, and the length of the body it got, if any.
 */
final class Upstream implements AutoCloseable {
    private final HttpServer server;

    Upstream() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            int got = exchange.getRequestBody().readAllBytes().length;
            byte[] body = ("upstream saw " + exchange.getRequestURI() + " for "
                    + exchange.getRequestHeaders().getFirst("X-Forwarded-Host") + (got > 0 ? " with " + got + " bytes" : ""))
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    /** @return {@code 127.0.0.1:PORT} */
    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
