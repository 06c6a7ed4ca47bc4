package dev.twistlet.web.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twistlet.web.Resource;
import dev.twistlet.web.servlet.JettyFixture;
import java.io.File;
import java.lang.reflect.Proxy;
import java.net.Socket;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A container without Jakarta WebSocket: no {@code ServerContainer} in the servlet context
 * (the upgrade answers 500 and the rest of the tree serves), or no API at all (a Jetty base
 * without its {@code ee10-websocket-jakarta} module: a {@link WebSocketResource} still loads).
 */
class WithoutWebSocketContainerTest {
    private static final String UPGRADE = "Upgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nConnection: close";

    @Test
    void anUpgradeIsA500AndTheRestOfTheTreeServes() throws Exception {
        Resource root = new Resource();
        root.putChild("echo", new WebSocketResource(request -> new WebSocketProtocol() { }));
        root.putChild("hello", new Resource() {
            @Override
            public Object renderGet(dev.twistlet.web.Request request) {
                return "hello";
            }
        });
        try (JettyFixture jetty = JettyFixture.serve(root)) {
            try (Socket socket = JettyFixture.rawRequest(jetty.port(), "GET /echo HTTP/1.1\r\n" + UPGRADE)) {
                String answer = JettyFixture.readUntil(socket.getInputStream(), "does not support websockets");
                assertThat(answer).startsWith("HTTP/1.1 500 ");
            }
            try (Socket socket = JettyFixture.rawRequest(jetty.port(), "GET /hello HTTP/1.1\r\nConnection: close")) {
                assertThat(new String(socket.getInputStream().readAllBytes())).startsWith("HTTP/1.1 200 ")
                        .endsWith("hello");
            }
        }
    }

    @Test
    void theResourceLoadsWhereTheApiIsMissing() throws Exception {
        try (URLClassLoader withoutApi = new URLClassLoader(classPathWithoutWebSocketApi(),
                ClassLoader.getPlatformClassLoader())) {
            assertThatThrownBy(() -> Class.forName("jakarta.websocket.Endpoint", true, withoutApi))
                    .as("the API is hidden").isInstanceOf(ClassNotFoundException.class);
            Class<?> factory = Class.forName(WebSocketServerFactory.class.getName(), true, withoutApi);
            Class<?> resource = Class.forName(WebSocketResource.class.getName(), true, withoutApi);
            Object built = resource.getConstructor(factory).newInstance(Proxy.newProxyInstance(withoutApi,
                    new Class<?>[] {factory}, (proxy, method, args) -> null));
            assertThat(resource.getMethod("isLeaf").invoke(built)).isEqualTo(true);
        }
    }

    private static URL[] classPathWithoutWebSocketApi() throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.contains("jakarta.websocket")) {
                urls.add(Path.of(entry).toUri().toURL());
            }
        }
        return urls.toArray(URL[]::new);
    }
}
