package dev.twistlet.web.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twistlet.web.Site;
import dev.twistlet.web.servlet.JettyFixture;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A reverse proxy to an https upstream, its certificate checked against a trust store. */
class HttpsUpstreamTest {
    @TempDir
    Path dir;

    @Test
    void anHttpsUpstreamIsReachedAndItsCertificateChecked() throws Exception {
        Path keystore = dir.resolve("upstream.p12");
        Process keytool = new ProcessBuilder("keytool", "-genkeypair", "-keystore", keystore.toString(),
                "-storetype", "PKCS12", "-storepass", "secret", "-keypass", "secret", "-alias", "upstream", "-keyalg", "RSA",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity", "2").redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).isZero();
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStorePath(keystore.toString());
        tls.setKeyStorePassword("secret");

        SslContextFactory.Client trusting = new SslContextFactory.Client();
        trusting.setTrustStorePath(keystore.toString());
        trusting.setTrustStorePassword("secret");
        HttpClient client = new HttpClient();
        client.setSslContextFactory(trusting);
        client.getContentDecoderFactories().clear();
        client.start();
        try (Upstream upstream = new Upstream(tls)) {
            dev.twistlet.web.Resource root = new dev.twistlet.web.Resource();
            root.putChild("trusted", new ReverseProxyResource("https", "127.0.0.1", upstream.port(), "",
                    ReverseProxyOptions.DEFAULTS.withClient(client)));
            root.putChild("untrusted", new ReverseProxyResource("https", "127.0.0.1", upstream.port(), "",
                    ReverseProxyOptions.DEFAULTS));
            try (JettyFixture proxy = JettyFixture.serve(new Site(root))) {
                HttpResponse<String> r = proxy.get("/trusted/secure/page");
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.body()).startsWith("GET /secure/page\n");
                HttpResponse<String> refused = proxy.get("/untrusted/secure/page");
                assertThat(refused.statusCode()).as("a certificate nobody vouches for").isEqualTo(502);
            }
        } finally {
            client.stop();
        }
    }
}
