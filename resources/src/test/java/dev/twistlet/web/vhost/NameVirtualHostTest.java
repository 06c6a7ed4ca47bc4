package dev.twistlet.web.vhost;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twistlet.web.Request;
import dev.twistlet.web.Resource;
import dev.twistlet.web.Site;
import dev.twistlet.web.servlet.JettyFixture;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** NameVirtualHost over a real socket, each request with the Host header a browser would send. */
class NameVirtualHostTest {
    static JettyFixture withDefault;
    static JettyFixture withoutDefault;
    static NameVirtualHost hosts;

    /** Answers with its name and what traversal left it. */
    static Resource named(String name, boolean leaf) {
        return new Resource() {
            @Override
            public boolean isLeaf() {
                return leaf;
            }

            @Override
            public Object renderGet(Request request) {
                return name + " prepath=" + request.getPrepath() + " postpath=" + request.getPostpath();
            }
        };
    }

    @BeforeAll
    static void start() throws Exception {
        hosts = new NameVirtualHost();
        hosts.setDefault(named("default", true));
        hosts.addHost("foo.com", named("foo", true));
        Resource bar = new Resource();
        bar.putChild("page", named("bar page", false));
        hosts.addHost("Bar.com", bar);
        hosts.addHost("*.wild.example", named("wildcard", true));
        hosts.addHost("[::1]", named("ipv6", true));
        withDefault = JettyFixture.serve(new Site(hosts));
        NameVirtualHost strict = new NameVirtualHost();
        strict.addHost("foo.com", named("foo", true));
        withoutDefault = JettyFixture.serve(new Site(strict));
    }

    @AfterAll
    static void stop() throws Exception {
        withDefault.close();
        withoutDefault.close();
    }

    static String get(JettyFixture jetty, String path, String host) throws Exception {
        return get(jetty.port(), path, host);
    }

    /** A raw request to a loopback port with the given {@code Host} (none, as HTTP/1.0, when {@code null}). */
    static String get(int port, String path, String host) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            String headers = host == null ? "" : "Host: " + host + "\r\n";
            String version = host == null ? "HTTP/1.0" : "HTTP/1.1";
            socket.getOutputStream().write(("GET " + path + " " + version + "\r\n" + headers + "Connection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static String body(String answer) {
        return answer.substring(answer.indexOf("\r\n\r\n") + 4);
    }

    @Test
    void eachHostGetsItsResourceWhateverTheCaseAndPort() throws Exception {
        assertThat(body(get(withDefault, "/a/b", "foo.com"))).isEqualTo("foo prepath=[] postpath=[a, b]");
        assertThat(body(get(withDefault, "/a/b", "FOO.com:8080"))).isEqualTo("foo prepath=[] postpath=[a, b]");
        assertThat(body(get(withDefault, "/page", "bar.com"))).isEqualTo("bar page prepath=[page] postpath=[]");
        assertThat(body(get(withDefault, "/x", "other.org"))).isEqualTo("default prepath=[] postpath=[x]");
    }

    @Test
    void wildcardsAndIpv6LiteralsAreMatched() throws Exception {
        assertThat(body(get(withDefault, "/", "a.b.wild.example"))).startsWith("wildcard ");
        assertThat(body(get(withDefault, "/", "wild.example"))).as("the wildcard is for names below it").startsWith("default ");
        assertThat(body(get(withDefault, "/", "[::1]:8080"))).startsWith("ipv6 ");
    }

    @Test
    void withoutAMatchOrADefaultItIs404NamingTheHostEscaped() throws Exception {
        String answer = get(withoutDefault, "/", "unknown.org");
        assertThat(answer).startsWith("HTTP/1.1 404").contains("host &#x27;unknown.org&#x27; not in vhost map");
        assertThat(get(withoutDefault, "/", "<b>evil</b>.com")).as("not a host name: the container refuses it")
                .startsWith("HTTP/1.1 400").doesNotContain("<b>evil");
        assertThat(get(withoutDefault, "/", null)).startsWith("HTTP/1.1 404");
        assertThat(body(get(withoutDefault, "/", "foo.com"))).startsWith("foo ");
    }

    @Test
    void hostsComeAndGoWhileServing() throws Exception {
        hosts.addHost("late.org", named("late", true));
        assertThat(body(get(withDefault, "/", "late.org"))).startsWith("late ");
        hosts.removeHost("late.org");
        assertThat(body(get(withDefault, "/", "late.org"))).startsWith("default ");
    }
}
