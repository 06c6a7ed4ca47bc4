package dev.twistlet.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Debian's nginx, started by a test in a folder of its own on a free loopback port: one
 * process (no daemon, no master), its temporary files and logs in that folder, stopped by
 * {@link #close()}.
 */
public final class Nginx implements AutoCloseable {
    private final Process process;
    private final int port;

    private Nginx(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Writes the configuration and starts nginx, returning once it accepts connections.
     *
     * @param dir    the folder nginx keeps its configuration, temporary files and logs in
     * @param config what goes inside {@code http { }}: upstreams and servers; {@code %1$s} in it
     *               is {@code dir}, {@code %2$d} the port to listen on
     * @return the running nginx
     * @throws Exception when it cannot be started or never listens
     */
    public static Nginx start(Path dir, String config) throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Files.createDirectories(dir.resolve("logs"));
        Path file = dir.resolve("nginx.conf");
        Files.writeString(file, ("""
                daemon off;
                master_process off;
                pid %1$s/nginx.pid;
                error_log %1$s/logs/error.log warn;
                events { worker_connections 256; }
                http {
                    access_log off;
                    client_body_temp_path %1$s/body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                """ + config + "}\n").formatted(dir, port));
        Process process = new ProcessBuilder("nginx", "-p", dir.toString(), "-c", file.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("logs/nginx.out").toFile()).start();
        Nginx nginx = new Nginx(process, port);
        for (int i = 0; i < 400; i++) {
            if (!process.isAlive()) {
                throw new IllegalStateException("nginx exited; see " + dir.resolve("logs"));
            }
            try (Socket probe = new Socket("127.0.0.1", port)) {
                return nginx;
            } catch (IOException notYet) {
                Thread.sleep(25);
            }
        }
        nginx.close();
        throw new IllegalStateException("nginx did not listen on " + port);
    }

    /** @return the port nginx listens on, on 127.0.0.1 */
    public int port() {
        return port;
    }

    /** Stops nginx, forcibly if it does not stop within ten seconds. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
