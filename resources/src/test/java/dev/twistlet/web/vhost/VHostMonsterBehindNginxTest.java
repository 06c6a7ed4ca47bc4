package dev.twistlet.web.vhost;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twistlet.web.Request;
import dev.twistlet.web.Resource;
import dev.twistlet.web.Site;
import dev.twistlet.web.servlet.JettyFixture;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's VHostMonster set-up with a real front end: Debian's nginx on loopback,
 * configured here, proxying to {@code /vhost.rpy/http/example.com:80/} of a Twistlet
 * backend; the backend's redirects and URLs name example.com.
 */
class VHostMonsterBehindNginxTest {
    @TempDir
    Path dir;

    @Test
    void redirectsFromTheBackendNameThePublicHost() throws Exception {
        Resource root = new Resource();
        root.putChild("vhost.rpy", new VHostMonsterResource());
        root.putChild("go", new Resource() {
            @Override
            public Object renderGet(Request request) {
                request.redirect(request.prePathURL() + "/there");
                return "";
            }
        });
        root.putChild("where", new Resource() {
            @Override
            public Object renderGet(Request request) {
                return "url=" + request.prePathURL() + " uri=" + request.getUri();
            }
        });
        try (JettyFixture backend = JettyFixture.serve(new Site(root))) {
            int port;
            try (ServerSocket free = new ServerSocket(0)) {
                port = free.getLocalPort();
            }
            Files.createDirectories(dir.resolve("logs"));
            Path conf = dir.resolve("nginx.conf");
            Files.writeString(conf, """
                    daemon off;
                    master_process off;
                    pid %1$s/nginx.pid;
                    error_log %1$s/logs/error.log warn;
                    events { worker_connections 64; }
                    http {
                        access_log off;
                        client_body_temp_path %1$s/body;
                        proxy_temp_path %1$s/proxy;
                        fastcgi_temp_path %1$s/fastcgi;
                        uwsgi_temp_path %1$s/uwsgi;
                        scgi_temp_path %1$s/scgi;
                        server {
                            listen 127.0.0.1:%2$d;
                            server_name example.com;
                            location / {
                                proxy_pass http://127.0.0.1:%3$d/vhost.rpy/http/example.com:80/;
                            }
                        }
                    }
                    """.formatted(dir, port, backend.port()));
            Process nginx = new ProcessBuilder("nginx", "-p", dir.toString(), "-c", conf.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("logs/nginx.out").toFile()).start();
            try {
                waitForPort(port, nginx);
                String answer = NameVirtualHostTest.get(port, "/go", "example.com");
                assertThat(answer).startsWith("HTTP/1.1 302").contains("Location: http://example.com/go/there");
                assertThat(NameVirtualHostTest.body(NameVirtualHostTest.get(port, "/where?x=1", "example.com")))
                        .isEqualTo("url=http://example.com/where uri=/where?x=1");
            } finally {
                nginx.destroy();
                if (!nginx.waitFor(10, TimeUnit.SECONDS)) {
                    nginx.destroyForcibly().waitFor();
                }
            }
        }
    }

    private static void waitForPort(int port, Process nginx) throws Exception {
        for (int i = 0; i < 200; i++) {
            assertThat(nginx.isAlive()).as("nginx is running").isTrue();
            try (Socket probe = new Socket("127.0.0.1", port)) {
                return;
            } catch (java.io.IOException notYet) {
                Thread.sleep(25);
            }
        }
        throw new AssertionError("nginx did not listen on " + port);
    }
}
