package dev.twistlet.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.HttpClientTransportOverHTTP2;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.util.thread.Invocable.InvocationType;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link DispatchHandler} under a {@link DispatchingServer}, over real sockets: the server
 * reports {@code EITHER}; with no spare thread to hand the reading to, Jetty calls the
 * dispatch in non-blocking mode and the request reaches the context queued to another thread;
 * the context never runs in non-blocking mode; a request the context does not take is
 * answered 404, one it throws on 500, as Jetty answers them. Over HTTP/2 (the launcher's
 * {@link Http2Factories}) each stream runs whole on one thread, as on Jetty's own server.
 */
class DispatchHandlerTest {
    private Server server;

    /**
     * Answers {@code /ok} with where it ran: "queued" when on another thread than the one that
     * called the dispatch, else "inline", and "non-blocking" if Jetty's non-blocking mode
     * reached it. {@code /none} is not taken; {@code /throw} throws.
     */
    private static final class Context extends Handler.Abstract {
        Context() {
            super(InvocationType.BLOCKING);
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            switch (Request.getPathInContext(request)) {
                case "/ok" -> {
                    String where = (request.getAttribute("caller") == Thread.currentThread() ? "inline" : "queued")
                            + (Invocable.isNonBlockingInvocation() ? " non-blocking" : "");
                    response.write(true, ByteBuffer.wrap(where.getBytes(StandardCharsets.US_ASCII)), callback);
                    return true;
                }
                case "/throw" -> throw new IllegalStateException("thrown by the test's context");
                default -> {
                    return false;
                }
            }
        }
    }

    /** Notes the thread that calls the dispatch, for the context to compare with its own. */
    private static final class NoteCaller extends Handler.Wrapper {
        NoteCaller(Handler handler) {
            super(handler);
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            request.setAttribute("caller", Thread.currentThread());
            return super.handle(request, response, callback);
        }
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void jettysServerWouldMakeTheDispatchNonBlockingTheDispatchingServerReportsEither() {
        Server plain = new Server();
        plain.setHandler(new DispatchHandler(new Context()));
        assertThat(plain.getInvocationType()).isEqualTo(InvocationType.NON_BLOCKING);

        Server dispatching = new DispatchingServer(new QueuedThreadPool());
        dispatching.setHandler(new NoteCaller(new DispatchHandler(new Context())));
        assertThat(dispatching.getInvocationType()).isEqualTo(InvocationType.EITHER);

        Server blocking = new DispatchingServer(new QueuedThreadPool());
        blocking.setHandler(new Context());
        assertThat(blocking.getInvocationType()).isEqualTo(InvocationType.BLOCKING);
    }

    @Test
    void withNoSpareThreadEveryNewConnectionsRequestIsQueuedAndTheContextNeverRunsNonBlocking() throws Exception {
        int port = start();
        List<CompletableFuture<List<String>>> clients = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            clients.add(CompletableFuture.supplyAsync(() -> {
                List<String> bodies = new ArrayList<>();
                for (int i = 0; i < 25; i++) {
                    try {
                        bodies.addAll(RawHttp.exchange(port, "GET /ok HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                                .bodies());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
                return bodies;
            }));
        }
        for (CompletableFuture<List<String>> client : clients) {
            assertThat(client.get(30, TimeUnit.SECONDS)).hasSize(25).containsOnly("queued");
        }
    }

    /**
     * Requests pipelined behind the first are read by the pool thread that finished the one
     * before, in blocking mode, and run there: inline, and never non-blocking.
     */
    @Test
    void pipelinedRequestsAfterTheFirstRunWhereTheyAreRead() throws Exception {
        int port = start();
        StringBuilder requests = new StringBuilder();
        for (int i = 0; i < 49; i++) {
            requests.append("GET /ok HTTP/1.1\r\nHost: x\r\n\r\n");
        }
        requests.append("GET /ok HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        List<String> bodies = RawHttp.exchange(port, requests.toString()).bodies();
        assertThat(bodies).hasSize(50).containsOnly("queued", "inline");
        assertThat(bodies.get(0)).isEqualTo("queued");
    }

    @Test
    void aRequestTheContextDoesNotTakeIs404AndOneItThrowsOnIs500WhenQueued() throws Exception {
        int port = start();
        assertThat(RawHttp.exchange(port, "GET /none HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").statuses())
                .containsExactly(404);
        assertThat(RawHttp.exchange(port, "GET /throw HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").statuses())
                .containsExactly(500);
        RawHttp.Exchange ok = RawHttp.exchange(port, "GET /ok HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(ok.statuses()).containsExactly(200);
        assertThat(ok.bodies()).containsExactly("queued");
    }

    /**
     * Over h2c, with no spare thread either, Jetty queues each stream whole, as a blocking
     * server's, and the context runs where the stream was started: inline, never queued a
     * second time, never non-blocking. 200 requests sent at once, multiplexed.
     */
    @Test
    void overHttp2EachStreamRunsWholeOnOneThread() throws Exception {
        int port = start();
        HttpClient client = new HttpClient(new HttpClientTransportOverHTTP2(new HTTP2Client()));
        client.start();
        try {
            List<CompletableFuture<ContentResponse>> answers = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                answers.add(new CompletableResponseListener(
                        client.newRequest("127.0.0.1", port).path("/ok").timeout(30, TimeUnit.SECONDS)).send());
            }
            for (CompletableFuture<ContentResponse> answer : answers) {
                ContentResponse response = answer.get(30, TimeUnit.SECONDS);
                assertThat(response.getVersion()).hasToString("HTTP/2.0");
                assertThat(response.getContentAsString()).isEqualTo("inline");
            }
        } finally {
            client.stop();
        }
    }

    /** Starts the server with no reserved threads, so that Jetty never has a spare one ready. */
    private int start() throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setReservedThreads(0);
        server = new DispatchingServer(threads);
        HttpConfiguration http = new HttpConfiguration();
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http), Http2Factories.h2c(http));
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(new NoteCaller(new DispatchHandler(new Context())));
        server.start();
        return connector.getLocalPort();
    }
}
