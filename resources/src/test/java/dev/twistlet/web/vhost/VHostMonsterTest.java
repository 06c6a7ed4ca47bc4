package dev.twistlet.web.vhost;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twistlet.web.Request;
import dev.twistlet.web.Resource;
import dev.twistlet.web.Site;
import dev.twistlet.web.proxy.ReverseProxyResource;
import dev.twistlet.web.servlet.JettyFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** VHostMonsterResource: reached directly, and behind Twistlet's own reverse proxy as in the seed. */
class VHostMonsterTest {
    static JettyFixture backend;
    static JettyFixture front;

    @BeforeAll
    static void start() throws Exception {
        Resource root = new Resource();
        root.putChild("vhost.rpy", new VHostMonsterResource());
        root.putChild("where", new Resource() {
            @Override
            public Object renderGet(Request request) {
                return "url=" + request.prePathURL() + " uri=" + request.getUri() + " secure=" + request.isSecure();
            }
        });
        root.putChild("go", new Resource() {
            @Override
            public Object renderGet(Request request) {
                request.redirect(request.prePathURL() + "/there");
                return "";
            }
        });
        backend = JettyFixture.serve(new Site(root));

        // The seed's last VHostMonster example, with the backend on loopback.
        String vhostName = "example.com";
        ReverseProxyResource reverseProxy = new ReverseProxyResource("127.0.0.1", backend.port(),
                "/vhost.rpy/http/" + vhostName + "/");
        NameVirtualHost hosts = new NameVirtualHost();
        hosts.addHost(vhostName, reverseProxy);
        front = JettyFixture.serve(new Site(hosts));
    }

    @AfterAll
    static void stop() throws Exception {
        front.close();
        backend.close();
    }

    @Test
    void thePublicHostPortAndSchemeReplaceTheBackendsOwn() throws Exception {
        assertThat(backend.get("/vhost.rpy/http/example.com:8000/where?q=1").body())
                .isEqualTo("url=http://example.com:8000/where uri=/where?q=1 secure=false");
        assertThat(backend.get("/vhost.rpy/https/example.com/where").body())
                .as("no port: 443 for https").isEqualTo("url=https://example.com/where uri=/where secure=true");
        assertThat(backend.get("/vhost.rpy/http/%5B::1%5D:81/where").body()).startsWith("url=http://[::1]:81/where ");
    }

    @Test
    void redirectsNameThePublicSite() throws Exception {
        var r = backend.get("/vhost.rpy/http/example.com:80/go");
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.headers().firstValue("Location")).hasValue("http://example.com/go/there");
    }

    @Test
    void badSchemesAndPortsAreRefused() throws Exception {
        assertThat(backend.get("/vhost.rpy/gopher/example.com/where").statusCode()).isEqualTo(404);
        assertThat(backend.get("/vhost.rpy/http/example.com:99999/where").statusCode()).isEqualTo(400);
        assertThat(backend.get("/vhost.rpy/http/example.com:abc/where").statusCode()).isEqualTo(400);
    }

    @Test
    void behindTwistletsOwnReverseProxyAndNameVirtualHost() throws Exception {
        String answer = NameVirtualHostTest.get(front, "/go", "example.com");
        assertThat(answer).startsWith("HTTP/1.1 302").contains("Location: http://example.com/go/there");
        assertThat(NameVirtualHostTest.body(NameVirtualHostTest.get(front, "/where", "example.com")))
                .isEqualTo("url=http://example.com/where uri=/where secure=false");
        assertThat(NameVirtualHostTest.get(front, "/where", "other.org")).startsWith("HTTP/1.1 404");
    }
}
