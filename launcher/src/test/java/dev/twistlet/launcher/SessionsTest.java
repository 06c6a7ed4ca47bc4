package dev.twistlet.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twistlet.web.Request;
import dev.twistlet.web.Resource;
import dev.twistlet.web.Session;
import dev.twistlet.web.Site;
import java.io.Serializable;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The seed's "Session" section on the launcher's Jetty: one session per browser, in the container's HttpSession. */
class SessionsTest {

    /** The seed's counter, a session component. */
    static final class Counter implements Serializable {
        private static final long serialVersionUID = 1L;
        int value;
    }

    final AtomicInteger expiries = new AtomicInteger();

    /** {@code /count} counts per browser; {@code /expire}, {@code /rotate}, {@code /uid} do what they say. */
    Resource tree() {
        Resource root = new Resource();
        root.putChild("count", new Resource() {
            @Override
            public Object renderGet(Request request) {
                Session session = request.getSession();
                session.getLock().lock();
                try {
                    Counter counter = session.getComponent(Counter.class);
                    if (counter == null) {
                        counter = new Counter();
                        session.notifyOnExpire(expiries::incrementAndGet);
                    }
                    counter.value++;
                    session.setComponent(Counter.class, counter);
                    return "visit " + counter.value;
                } finally {
                    session.getLock().unlock();
                }
            }
        });
        root.putChild("uid", new Resource() {
            @Override
            public Object renderGet(Request request) {
                Session session = request.getSession(false);
                return session == null ? "none" : session.getUid();
            }
        });
        root.putChild("expire", new Resource() {
            @Override
            public Object renderGet(Request request) {
                request.getSession().expire();
                return "expired";
            }
        });
        root.putChild("rotate", new Resource() {
            @Override
            public Object renderGet(Request request) {
                return request.getSession().rotate();
            }
        });
        return root;
    }

    /**
     * A browser: its own cookie jar. HTTP/1.1, as a browser without TLS speaks it: asked for
     * HTTP/2, JDK 17's client upgrades to h2c and then fails requests past the server's 128
     * concurrent streams instead of queueing them.
     */
    static final class Browser {
        final HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .version(HttpClient.Version.HTTP_1_1).build();
        final int port;

        Browser(int port) {
            this.port = port;
        }

        HttpResponse<String> get(String path) throws Exception {
            return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        String body(String path) throws Exception {
            return get(path).body();
        }
    }

    @Test
    void eachBrowserHasItsOwnCounter() throws Exception {
        try (Served jetty = Served.site(new Site(tree()))) {
            Browser a = new Browser(jetty.port());
            Browser b = new Browser(jetty.port());
            assertThat(a.body("/count")).isEqualTo("visit 1");
            assertThat(a.body("/count")).isEqualTo("visit 2");
            assertThat(b.body("/count")).isEqualTo("visit 1");
            assertThat(a.body("/count")).isEqualTo("visit 3");
            assertThat(b.body("/count")).isEqualTo("visit 2");
            assertThat(a.body("/uid")).isNotEqualTo(b.body("/uid")).isNotEqualTo("none");
        }
    }

    @Test
    void theCookieIsHttpOnlyLaxAndScopedToTheSite() throws Exception {
        try (Served jetty = Served.site(new Site(tree()))) {
            String cookie = new Browser(jetty.port()).get("/count").headers().firstValue("Set-Cookie").orElseThrow();
            assertThat(cookie).startsWith("TWISTLET_SESSION=").containsIgnoringCase("HttpOnly")
                    .containsIgnoringCase("SameSite=Lax").containsIgnoringCase("Path=/")
                    .as("not Secure over plain HTTP").doesNotContainIgnoringCase("Secure;").doesNotEndWith("Secure");
        }
    }

    @Test
    void aTimeoutEndsTheSessionAndRunsItsCallbackOnce() throws Exception {
        Site site = new Site(tree());
        site.setSessionTimeout(Duration.ofSeconds(1));
        try (Served jetty = Served.site(site, null, Duration.ofSeconds(1))) {
            Browser a = new Browser(jetty.port());
            assertThat(a.body("/count")).isEqualTo("visit 1");
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (expiries.get() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(expiries.get()).isEqualTo(1);
            Thread.sleep(2500);
            assertThat(expiries.get()).as("exactly once").isEqualTo(1);
            assertThat(a.body("/count")).as("a new session").isEqualTo("visit 1");
        }
    }

    @Test
    void everyRequestThatPresentsTheSessionKeepsItAlive() throws Exception {
        Site site = new Site(tree());
        // Five requests a second apart outlive the timeout, with 2 s to spare between any two.
        site.setSessionTimeout(Duration.ofSeconds(3));
        try (Served jetty = Served.site(site, null, Duration.ofSeconds(1))) {
            Browser a = new Browser(jetty.port());
            a.body("/count");
            String uid = a.body("/uid");
            for (int i = 0; i < 5; i++) {
                Thread.sleep(1000);
                assertThat(a.body("/uid")).as("after %d s", i + 1).isEqualTo(uid);
            }
            assertThat(expiries.get()).isZero();
        }
    }

    @Test
    void expireEndsItAndTheNextRequestGetsANewOne() throws Exception {
        try (Served jetty = Served.site(new Site(tree()))) {
            Browser a = new Browser(jetty.port());
            a.body("/count");
            a.body("/count");
            String before = a.body("/uid");
            assertThat(a.body("/expire")).isEqualTo("expired");
            assertThat(expiries.get()).isEqualTo(1);
            assertThat(a.body("/uid")).isEqualTo("none");
            assertThat(a.body("/count")).isEqualTo("visit 1");
            assertThat(a.body("/uid")).isNotEqualTo(before);
            assertThat(expiries.get()).isEqualTo(1);
        }
    }

    @Test
    void rotationChangesTheIdAndKeepsTheComponents() throws Exception {
        try (Served jetty = Served.site(new Site(tree()))) {
            Browser a = new Browser(jetty.port());
            a.body("/count");
            String before = a.body("/uid");
            String rotated = a.body("/rotate");
            assertThat(rotated).isNotEqualTo(before);
            assertThat(a.body("/uid")).isEqualTo(rotated);
            assertThat(a.body("/count")).isEqualTo("visit 2");
            assertThat(expiries.get()).isZero();
        }
    }

    @Test
    void aForgedCookieNeverBecomesASessionId() throws Exception {
        try (Served jetty = Served.site(new Site(tree()))) {
            HttpClient plain = HttpClient.newHttpClient();
            HttpResponse<String> r = plain.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + jetty.port() + "/count"))
                    .header("Cookie", "TWISTLET_SESSION=forged-by-the-client").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.body()).isEqualTo("visit 1");
            String cookie = r.headers().firstValue("Set-Cookie").orElseThrow();
            assertThat(cookie).startsWith("TWISTLET_SESSION=").doesNotContain("forged-by-the-client");
        }
    }

    @Test
    void aThousandConcurrentRequestsLoseNoUpdate() throws Exception {
        try (Served jetty = Served.site(new Site(tree()))) {
            Browser a = new Browser(jetty.port());
            assertThat(a.body("/count")).isEqualTo("visit 1");
            List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                all.add(a.client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + jetty.port() + "/count"))
                        .build(), HttpResponse.BodyHandlers.ofString()));
            }
            for (CompletableFuture<HttpResponse<String>> f : all) {
                assertThat(f.get().statusCode()).isEqualTo(200);
            }
            assertThat(a.body("/count")).isEqualTo("visit 1002");
        }
    }

    /** Over TLS the session cookie is also {@code Secure}. */
    @Test
    void overTlsTheCookieIsSecure(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path keystore = dir.resolve("ks.p12");
        Process keytool = new ProcessBuilder("keytool", "-genkeypair", "-keystore", keystore.toString(),
                "-storetype", "PKCS12", "-storepass", "secret", "-keypass", "secret", "-alias", "t", "-keyalg", "RSA",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2").redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).isZero();
        org.eclipse.jetty.util.ssl.SslContextFactory.Server tls = new org.eclipse.jetty.util.ssl.SslContextFactory.Server();
        tls.setKeyStorePath(keystore.toString());
        tls.setKeyStorePassword("secret");
        org.eclipse.jetty.server.ServerConnector[] secure = new org.eclipse.jetty.server.ServerConnector[1];
        try (Served jetty = Served.site(new Site(tree()), null, null, server -> {
            org.eclipse.jetty.server.HttpConfiguration https = new org.eclipse.jetty.server.HttpConfiguration();
            https.addCustomizer(new org.eclipse.jetty.server.SecureRequestCustomizer(false));
            secure[0] = new org.eclipse.jetty.server.ServerConnector(server.jetty(), tls,
                    new org.eclipse.jetty.server.HttpConnectionFactory(https));
            secure[0].setHost("127.0.0.1");
            server.jetty().addConnector(secure[0]);
        })) {
            javax.net.ssl.SSLContext trustAll = javax.net.ssl.SSLContext.getInstance("TLS");
            trustAll.init(null, new javax.net.ssl.TrustManager[] {new javax.net.ssl.X509TrustManager() {
                @Override
                public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String type) {
                }

                @Override
                public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String type) {
                }

                @Override
                public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                    return new java.security.cert.X509Certificate[0];
                }
            }}, null);
            HttpClient client = HttpClient.newBuilder().sslContext(trustAll).build();
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(
                    URI.create("https://127.0.0.1:" + secure[0].getLocalPort() + "/count")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.body()).isEqualTo("visit 1");
            assertThat(r.headers().firstValue("Set-Cookie").orElseThrow()).containsIgnoringCase("Secure")
                    .containsIgnoringCase("HttpOnly");
        }
    }

    /** Components are plain session attributes: a container that stores sessions keeps them across a restart. */
    @Test
    void serializableComponentsSurviveARestartWithAPersistentStore(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.util.function.Consumer<WebServer> fileStore = server -> {
            org.eclipse.jetty.session.FileSessionDataStoreFactory files = new org.eclipse.jetty.session.FileSessionDataStoreFactory();
            files.setStoreDir(dir.toFile());
            server.jetty().addBean(files);
        };
        Browser a;
        int port;
        try (Served first = Served.site(new Site(tree()), null, null, fileStore)) {
            port = first.port();
            a = new Browser(port);
            assertThat(a.body("/count")).isEqualTo("visit 1");
            assertThat(a.body("/count")).isEqualTo("visit 2");
        }
        assertThat(expiries.get()).as("a stop is not an expiry").isZero();
        try (Served second = Served.site(new Site(tree()), null, null, fileStore)) {
            Browser again = new Browser(second.port());
            java.net.CookieManager jar = (java.net.CookieManager) again.client.cookieHandler().orElseThrow();
            for (java.net.HttpCookie cookie : ((java.net.CookieManager) a.client.cookieHandler().orElseThrow())
                    .getCookieStore().getCookies()) {
                jar.getCookieStore().add(URI.create("http://127.0.0.1:" + second.port() + "/"), cookie);
            }
            assertThat(again.body("/count")).isEqualTo("visit 3");
        }
    }
}
