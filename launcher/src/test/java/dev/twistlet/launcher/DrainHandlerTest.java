package dev.twistlet.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link DrainHandler} over real sockets: a stop waits for the request in flight and no
 * longer; a request that reaches the server once the stop has begun gets 503; requests the
 * inner handler did not take, or threw on, do not hold a stop up.
 */
class DrainHandlerTest {
    private final CountDownLatch held = new CountDownLatch(1);
    private volatile Callback heldCallback;
    private volatile Response heldResponse;
    private LoopbackJetty server;
    private DrainHandler drain;
    private int port;

    /** {@code /ok} answers 200, {@code /hold} waits for the test, {@code /none} is not taken, {@code /throw} throws. */
    private final Handler site = new Handler.Abstract() {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            switch (Request.getPathInContext(request)) {
                case "/ok" -> {
                    response.write(true, ByteBuffer.wrap("ok".getBytes(StandardCharsets.US_ASCII)), callback);
                    return true;
                }
                case "/hold" -> {
                    heldResponse = response;
                    heldCallback = callback;
                    held.countDown();
                    return true;
                }
                case "/throw" -> throw new IllegalStateException("thrown by the test's handler");
                default -> {
                    return false;
                }
            }
        }
    };

    @BeforeEach
    void start() throws Exception {
        drain = new DrainHandler(site);
        server = new LoopbackJetty(drain);
        port = server.port();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void aStopWaitsForTheRequestInFlightAndCompletesWhenItEnds() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            send(socket, "GET /hold HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertThat(held.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(drain.getRequestsInFlight()).isEqualTo(1);

            CompletableFuture<Void> drained = drain.shutdown();
            Thread.sleep(300);
            assertThat(drained).as("a request is still in flight").isNotDone();

            heldResponse.write(true, ByteBuffer.wrap("late".getBytes(StandardCharsets.US_ASCII)), heldCallback);
            drained.get(5, TimeUnit.SECONDS);
            RawHttp.Exchange exchange = RawHttp.readAll(socket);
            assertThat(exchange.statuses()).containsExactly(200);
            assertThat(exchange.bodies()).containsExactly("late");
        }
        assertThat(drain.getRequestsInFlight()).isZero();
    }

    @Test
    void aRequestReachingTheServerOnceTheStopHasBegunIsAnswered503() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            send(socket, "GET /ok HTTP/1.1\r\nHost: x\r\n\r\n");
            // Read up to the end of the answer (Content-Length 2): a silence cannot end it early.
            socket.setSoTimeout(10_000);
            assertThat(RawHttp.parse(Served.readUntil(socket.getInputStream(), "\r\n\r\nok")).stream()
                    .map(RawHttp.Response::status)).containsExactly(200);

            drain.shutdown().get(5, TimeUnit.SECONDS);
            // The connection was open before the stop: its next request reaches the handler.
            send(socket, "GET /ok HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertThat(RawHttp.readAll(socket).statuses()).containsExactly(503);
        }
        assertThat(drain.getRequestsInFlight()).isZero();
    }

    @Test
    void requestsNotTakenOrThrownOnDoNotHoldAStopUp() throws Exception {
        assertThat(RawHttp.exchange(port, "GET /none HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").statuses())
                .containsExactly(404);
        assertThat(RawHttp.exchange(port, "GET /throw HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").statuses())
                .containsExactly(500);
        assertThat(RawHttp.exchange(port, "GET /ok HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").statuses())
                .containsExactly(200);

        // The client can read a whole answer before Jetty completes its callback: the stop
        // waits for that (and fails here if a request is never released), then none is left.
        drain.shutdown().get(5, TimeUnit.SECONDS);
        assertThat(drain.getRequestsInFlight()).isZero();
    }

    private static void send(Socket socket, String request) throws Exception {
        OutputStream out = socket.getOutputStream();
        out.write(RawHttp.bytes(request));
        out.flush();
    }
}
