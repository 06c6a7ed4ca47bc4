package dev.twistlet.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twistlet.web.Request;
import dev.twistlet.web.Resource;
import dev.twistlet.web.Site;
import dev.twistlet.web.observe.LauncherMetrics;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

/** The seam the admin endpoint serves {@code /metrics} from: {@link WebServer#enableMetrics()}. */
class WebServerMetricsTest {

    @Test
    void enableMetricsMeasuresTheSiteAndNamesEachListenerAfterItsEndpoint() throws Exception {
        Resource root = new Resource();
        root.putChild("hello", new Resource() {
            @Override
            public Object renderGet(Request request) {
                return "hello";
            }
        });
        AtomicReference<LauncherMetrics> metrics = new AtomicReference<>();
        try (Served served = Served.site(new Site(root), null, null, server -> {
            metrics.set(server.enableMetrics());
            assertThat(server.enableMetrics()).isSameAs(metrics.get());
        })) {
            assertThat(served.get("/hello").body()).isEqualTo("hello");
            assertThat(served.get("/nothing").statusCode()).isEqualTo(404);
            String text = metrics.get().scrape();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!text.contains("status=\"404\"") && System.nanoTime() < deadline) {
                Thread.sleep(20);
                text = metrics.get().scrape();
            }
            assertThat(metrics.get().contentType()).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
            assertThat(text)
                    .contains("http_server_requests_seconds_count{method=\"GET\",outcome=\"SUCCESS\",status=\"200\"} 1")
                    .contains("http_server_requests_seconds_count{method=\"GET\",outcome=\"CLIENT_ERROR\",status=\"404\"} 1")
                    .contains("twistlet_connections_open{listener=\"tcp:127.0.0.1:0\"}")
                    .contains("twistlet_responses_held 0")
                    .contains("jvm_memory_used_bytes");
            assertThat(served.server().getSite().getMonitor()).isSameAs(metrics.get().metrics().siteMonitor());
        }
    }

    @Test
    void endpointsNameTheirConnectorsWithoutSecrets() {
        assertThat(ConnectorNames.name(Endpoint.parse("tcp:8080"))).isEqualTo("tcp:8080");
        assertThat(ConnectorNames.name(Endpoint.parse("tcp:port=8080:interface=\\:\\:1"))).isEqualTo("tcp:[::1]:8080");
        assertThat(ConnectorNames.name(Endpoint.parse("unix:/run/web.sock:mode=600"))).isEqualTo("unix:/run/web.sock");
        assertThat(ConnectorNames.name(Endpoint.parse("ssl:8443:keystore=k.p12:password=secret"))).isEqualTo("ssl:8443");
    }

    @Test
    void aNameGivenTwiceIsMadeUnique() {
        Server jetty = new Server();
        Connector[] connectors = {new ServerConnector(jetty), new ServerConnector(jetty)};
        ConnectorNames.apply(connectors, List.of(Endpoint.parse("tcp:0"), Endpoint.parse("tcp:0")));
        assertThat(connectors).extracting(Connector::getName).containsExactly("tcp:0", "tcp:0#2");
    }
}
