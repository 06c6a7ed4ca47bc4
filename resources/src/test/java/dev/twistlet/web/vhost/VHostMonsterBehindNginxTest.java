package dev.twistlet.web.vhost;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twistlet.testing.Nginx;
import dev.twistlet.web.Request;
import dev.twistlet.web.Resource;
import dev.twistlet.web.Site;
import dev.twistlet.web.servlet.JettyFixture;
import java.nio.file.Path;
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
        try (JettyFixture backend = JettyFixture.serve(new Site(root));
                Nginx nginx = Nginx.start(dir, """
                        server {
                            listen 127.0.0.1:%2$d;
                            server_name example.com;
                            location / {
                                proxy_pass http://127.0.0.1:BACKEND/vhost.rpy/http/example.com:80/;
                            }
                        }
                        """.replace("BACKEND", Integer.toString(backend.port())))) {
            String answer = NameVirtualHostTest.get(nginx.port(), "/go", "example.com");
            assertThat(answer).startsWith("HTTP/1.1 302").contains("Location: http://example.com/go/there");
            assertThat(NameVirtualHostTest.body(NameVirtualHostTest.get(nginx.port(), "/where?x=1", "example.com")))
                    .isEqualTo("url=http://example.com/where uri=/where?x=1");
        }
    }
}
