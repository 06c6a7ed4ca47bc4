package dev.twistlet.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twistlet.testing.WsClient;
import dev.twistlet.web.script.ScriptCompiler;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code examples/chat/chat.java}, compiled and run in process, served on a free port: three
 * JDK WebSocket clients, each with its own session, each say five lines; each hears the
 * other two's ten, in each sender's order, and none of its own.
 */
class ChatExampleTest {
    private static final Path SCRIPT = Examples.SOURCE.resolve("chat/chat.java");

    @Test
    void everyLineGoesToEveryOtherMemberInOrderUnderItsSessionName() throws Exception {
        Application application = new Application();
        ScriptCompiler.compile(SCRIPT, ConfigurationScript.class, ChatExampleTest.class.getClassLoader())
                .getConstructor().newInstance().run(SCRIPT, application);
        try (Served served = Served.site(application.listeners().get(0).site())) {
            HttpResponse<String> page = served.get("/");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("new WebSocket(");
            List<WsClient> clients = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                String cookie = served.get("/").headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
                WsClient client = WsClient.connect(served.port(), "/chat", "Cookie", cookie);
                String welcome = client.next().text();
                assertThat(welcome).startsWith("* you are user-");
                names.add(welcome.substring("* you are ".length()));
                clients.add(client);
            }
            assertThat(names).doesNotHaveDuplicates();
            for (int line = 0; line < 5; line++) {
                for (WsClient client : clients) {
                    client.socket().sendText("line " + line, true).get(10, TimeUnit.SECONDS);
                }
            }
            for (int i = 0; i < 3; i++) {
                List<String> heard = new ArrayList<>();
                for (int n = 0; n < 10; n++) {
                    heard.add(clients.get(i).next().text());
                }
                for (int j = 0; j < 3; j++) {
                    String from = names.get(j) + ": ";
                    List<String> lines = heard.stream().filter(h -> h.startsWith(from)).toList();
                    if (i == j) {
                        assertThat(lines).as(names.get(i) + " hears none of its own").isEmpty();
                    } else {
                        assertThat(lines).as(names.get(i) + " hears " + names.get(j))
                                .containsExactly(from + "line 0", from + "line 1", from + "line 2",
                                        from + "line 3", from + "line 4");
                    }
                }
            }
            for (WsClient client : clients) {
                client.socket().sendClose(1000, "").get(10, TimeUnit.SECONDS);
            }
        }
    }
}
