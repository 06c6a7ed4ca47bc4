package dev.twistlet.web.vhost;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.twistlet.web.Request;
import dev.twistlet.web.RequestChannel;
import dev.twistlet.web.Resource;
import dev.twistlet.web.Site;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Fuzzes the reading of {@code Forwarded} and {@code X-Forwarded-*} in
 * {@link ForwardedResource#apply}: any header block, from a trusted peer, never throws and
 * names a port a URL can carry; from an untrusted peer it changes nothing. Inputs:
 * {@code ForwardedResourceFuzzTestInputs/apply/}, each file request header lines.
 */
class ForwardedResourceFuzzTest {
    private static final Site SITE = new Site(new Resource());
    private static final ForwardedResource FORWARDED = new ForwardedResource(new Resource());

    @FuzzTest
    void apply(FuzzedDataProvider data) {
        Map<String, List<String>> headers = headers(data.consumeRemainingAsString());

        Request untrusted = request(headers, "203.0.113.9");
        FORWARDED.apply(untrusted);
        assertThat(untrusted.getHost()).isEqualTo("backend");
        assertThat(untrusted.getPort()).isEqualTo(8080);
        assertThat(untrusted.isSecure()).isFalse();
        assertThat(untrusted.getClientAddress().getHostString()).isEqualTo("203.0.113.9");

        Request trusted = request(headers, "127.0.0.1");
        FORWARDED.apply(trusted);
        assertThat(trusted.getPort()).isBetween(1, 65535);
        assertThat(trusted.getHost()).isNotNull();
        assertThat(trusted.getClientAddress()).isNotNull();
    }

    /** {@code Name: value} lines; repeated names keep every value, in order. */
    private static Map<String, List<String>> headers(String block) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String line : block.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(line.substring(0, colon).strip(), n -> new ArrayList<>())
                        .add(line.substring(colon + 1).strip());
            }
        }
        return headers;
    }

    /** A GET for {@code /} on {@code backend:8080} from {@code peer}, answering only what apply asks. */
    private static Request request(Map<String, List<String>> headers, String peer) {
        InetSocketAddress client = new InetSocketAddress(peer, 40000);
        RequestChannel channel = (RequestChannel) Proxy.newProxyInstance(RequestChannel.class.getClassLoader(),
                new Class<?>[] {RequestChannel.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "method" -> "GET";
                    case "protocol" -> "HTTP/1.1";
                    case "sitePath" -> "";
                    case "rawPath" -> "/";
                    case "rawQuery" -> null;
                    case "host" -> "backend";
                    case "port" -> 8080;
                    case "secure" -> false;
                    case "clientAddress" -> client;
                    case "headers" -> headers.getOrDefault((String) args[0], List.of());
                    case "header" -> headers.getOrDefault((String) args[0], List.of()).stream().findFirst().orElse(null);
                    case "headerNames" -> headers.keySet();
                    case "toString" -> "channel from " + peer;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName().toLowerCase(Locale.ROOT));
                });
        return new Request(SITE, channel);
    }
}
