package dev.twistlet.web.vhost;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twistlet.web.Request;
import dev.twistlet.web.Resource;
import dev.twistlet.web.Site;
import dev.twistlet.web.servlet.JettyFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** ForwardedResource: forwarding headers believed from a trusted proxy only. */
class ForwardedResourceTest {
    static JettyFixture trusting;
    static JettyFixture distrusting;

    static Resource where() {
        Resource root = new Resource();
        root.putChild("where", new Resource() {
            @Override
            public Object renderGet(Request request) {
                return "url=" + request.prePathURL() + " client=" + request.getClientAddress().getHostString()
                        + " secure=" + request.isSecure();
            }
        });
        return root;
    }

    @BeforeAll
    static void start() throws Exception {
        trusting = JettyFixture.serve(new Site(new ForwardedResource(where())));
        distrusting = JettyFixture.serve(new Site(new ForwardedResource(where(), address -> false)));
    }

    @AfterAll
    static void stop() throws Exception {
        trusting.close();
        distrusting.close();
    }

    static String where(JettyFixture jetty, String headers) throws Exception {
        return NameVirtualHostTest.body(NameVirtualHostTest.get(jetty, "/where", "backend:8080\r\n" + headers.strip()));
    }

    @Test
    void xForwardedHeadersFromATrustedPeerNameThePublicSiteAndClient() throws Exception {
        assertThat(where(trusting, "X-Forwarded-For: 203.0.113.7, 127.0.0.1\r\nX-Forwarded-Proto: https\r\n"
                + "X-Forwarded-Host: example.com"))
                .isEqualTo("url=https://example.com/where client=203.0.113.7 secure=true");
        assertThat(where(trusting, "X-Forwarded-For: 198.51.100.1, 203.0.113.7\r\nX-Forwarded-Host: example.com:8443\r\n"
                + "X-Forwarded-Proto: http"))
                .as("the rightmost untrusted address is the client").isEqualTo("url=http://example.com:8443/where client=203.0.113.7 secure=false");
    }

    @Test
    void rfc7239ForwardedIsReadToo() throws Exception {
        assertThat(where(trusting, "Forwarded: for=\"[2001:db8::1]:4711\";proto=https;host=example.org"))
                .isEqualTo("url=https://example.org/where client=2001:db8::1 secure=true");
    }

    @Test
    void forgedHeadersFromAnUntrustedPeerAreIgnored() throws Exception {
        assertThat(where(distrusting, "X-Forwarded-For: 203.0.113.7\r\nX-Forwarded-Host: evil.example\r\nX-Forwarded-Proto: https"))
                .isEqualTo("url=http://backend:8080/where client=127.0.0.1 secure=false");
        assertThat(where(distrusting, "Forwarded: for=203.0.113.7;host=evil.example"))
                .startsWith("url=http://backend:8080/where client=127.0.0.1");
    }
}
