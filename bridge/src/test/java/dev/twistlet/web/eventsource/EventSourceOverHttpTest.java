package dev.twistlet.web.eventsource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twistlet.testing.Readme;
import dev.twistlet.web.ConnectionLostException;
import dev.twistlet.web.Resource;
import dev.twistlet.web.Site;
import dev.twistlet.web.servlet.ConnectionWatcher;
import dev.twistlet.web.servlet.JettyFixture;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link EventSourceResource} on embedded Jetty, read as raw bytes from a socket while the stream is open. */
class EventSourceOverHttpTest {
    /** Streams opened, by the request's {@code probe} argument, so that tests do not see each other's. */
    private static final Map<String, BlockingQueue<Opened>> OPENED = new ConcurrentHashMap<>();
    private static ScheduledExecutorService clockTicker;
    private static JettyFixture jetty;
    private static EventSourceResource events;
    private static EventSourceResource fast;

    /** One stream a handler was given, and its request's finish notice. */
    record Opened(EventStream stream, CompletionStage<Void> finish) {
    }

    /**
     * Records each stream under its {@code probe}; {@code mode=refuse} answers 403 instead,
     * {@code mode=fail} throws, {@code mode=lastid} sends the {@code Last-Event-ID} it got,
     * {@code mode=once} sends one event and closes.
     */
    static EventSourceResource recording() {
        return new EventSourceResource((stream, request) -> {
            opened(request.getArg("probe")).add(new Opened(stream, request.notifyFinish()));
            switch (String.valueOf(request.getArg("mode"))) {
                case "refuse" -> request.writeError(403, "Forbidden", "not this one");
                case "fail" -> throw new IllegalStateException("the handler failed");
                case "lastid" -> stream.sendEvent("seen", String.valueOf(stream.getLastEventId()), null);
                case "once" -> {
                    stream.sendEvent("only", "one", "1");
                    stream.close();
                }
                default -> {
                }
            }
        });
    }

    private static BlockingQueue<Opened> opened(String probe) {
        return OPENED.computeIfAbsent(String.valueOf(probe), p -> new LinkedBlockingQueue<>());
    }

    private static Opened take(String probe) throws InterruptedException {
        Opened opened = opened(probe).poll(10, TimeUnit.SECONDS);
        assertThat(opened).as("a stream opened for %s", probe).isNotNull();
        return opened;
    }

    @BeforeAll
    static void serve() throws Exception {
        Resource root = new Resource();
        events = recording();
        events.setKeepAliveInterval(Duration.ofMinutes(1));
        root.putChild("events", events);
        fast = recording();
        fast.setKeepAliveInterval(Duration.ofMillis(200));
        root.putChild("fast", fast);
        // The README's clock, as written there (README_CLOCK).
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        clockTicker = ticker;
        root.putChild("clock", new EventSourceResource((stream, request) -> {
            ScheduledFuture<?> ticks = ticker.scheduleAtFixedRate(
                    () -> stream.sendEvent("tick", Instant.now().toString(), null), 0, 1, TimeUnit.SECONDS);
            stream.whenClosed().thenRun(() -> ticks.cancel(false));
        }));
        jetty = JettyFixture.serve(new Site(root));
    }

    @AfterAll
    static void stop() throws Exception {
        jetty.close();
        clockTicker.shutdownNow();
    }

    @Test
    void theHeadGoesOutAtOnceAndEventsArriveFramedWhileTheStreamIsOpen() throws Exception {
        try (RawEventClient client = RawEventClient.open(jetty.port(), "GET", "/events?probe=framed",
                "Accept: text/event-stream")) {
            // The head came before any event was sent.
            assertThat(client.status()).isEqualTo(200);
            assertThat(client.header("Content-Type")).startsWith("text/event-stream").containsIgnoringCase("utf-8");
            assertThat(client.header("Cache-Control")).isEqualTo("no-cache");
            assertThat(client.header("X-Accel-Buffering")).isEqualTo("no");
            assertThat(client.chunked()).as("streamed: %s", client.head()).isTrue();
            Opened opened = take("framed");
            EventStream stream = opened.stream();
            assertThat(events.getOpenStreams()).contains(stream);

            assertThat(stream.sendEvent("tick", "one\ntwo\r\nthree\rfour", "7")).isTrue();
            assertThat(client.nextBlock())
                    .isEqualTo("event: tick\nid: 7\ndata: one\ndata: two\ndata: three\ndata: four\n\n");
            assertThat(stream.sendEvent("plain é")).isTrue();
            assertThat(client.nextBlock()).isEqualTo("data: plain é\n\n");
            assertThat(stream.sendComment("just saying")).isTrue();
            assertThat(client.nextBlock()).isEqualTo(": just saying\n\n");
            assertThat(stream.sendRetry(Duration.ofMillis(2500))).isTrue();
            assertThat(client.nextBlock()).isEqualTo("retry: 2500\n\n");
            assertThat(stream.isOpen()).isTrue();

            stream.close();
            assertThat(client.rest()).as("the response ends cleanly after close()").isEmpty();
            assertThat(stream.isOpen()).isFalse();
            assertThat(stream.whenClosed().toCompletableFuture()).isCompleted();
            assertThat(opened.finish().toCompletableFuture()).as("finished, not lost").isCompleted()
                    .isNotCompletedExceptionally();
            assertThat(stream.keepAliveScheduled()).isFalse();
            assertThat(events.getOpenStreams()).doesNotContain(stream);
            assertThat(stream.sendEvent("too late")).as("a send after close is dropped").isFalse();
            stream.close(); // a second close does nothing
        }
    }

    @Test
    void keepAliveCommentsArriveWhenTheStreamIsSilent() throws Exception {
        // Timed from before the request, so that a slow test thread cannot find comments waiting.
        long start = System.nanoTime();
        try (RawEventClient client = RawEventClient.open(jetty.port(), "GET", "/fast?probe=keepalive")) {
            EventStream stream = take("keepalive").stream();
            for (int i = 0; i < 3; i++) {
                assertThat(client.nextBlock()).isEqualTo(": keep-alive\n\n");
            }
            long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(elapsedMillis).as("three comments, each after 200 ms of silence").isBetween(600L, 5_000L);
            await(stream::keepAliveScheduled); // re-armed once the write that sent the third is done
            stream.close();
            assertThat(client.rest()).isIn("", ": keep-alive\n\n");
            assertThat(stream.keepAliveScheduled()).as("no tick left after the end").isFalse();
        }
    }

    @Test
    void aClientThatLeavesIsNoticedAndItsKeepAliveCancelled() throws Exception {
        EventStream stream;
        Opened opened;
        try (RawEventClient client = RawEventClient.open(jetty.port(), "GET", "/fast?probe=leaves")) {
            opened = take("leaves");
            stream = opened.stream();
            assertThat(client.nextBlock()).isEqualTo(": keep-alive\n\n");
        }
        assertLeft(opened, fast);
    }

    /** Without a connection watcher only a write notices the client left: the keep-alive does. */
    @Test
    void withoutAWatcherTheKeepAliveWriteNoticesAClientThatLeft() throws Exception {
        Resource root = new Resource();
        EventSourceResource unwatched = recording();
        unwatched.setKeepAliveInterval(Duration.ofMillis(200));
        root.putChild("fast", unwatched);
        ConnectionWatcher never = (request, onClosed) -> () -> {
        };
        try (JettyFixture blind = JettyFixture.serve(new Site(root), never)) {
            Opened opened;
            try (RawEventClient client = RawEventClient.open(blind.port(), "GET", "/fast?probe=unwatched")) {
                opened = take("unwatched");
                assertThat(client.nextBlock()).isEqualTo(": keep-alive\n\n");
            }
            assertLeft(opened, unwatched);
        }
    }

    /** The stream ended as lost within a bounded time, its tick cancelled; later sends are dropped quietly. */
    private static void assertLeft(Opened opened, EventSourceResource resource) throws Exception {
        EventStream stream = opened.stream();
        CompletableFuture<Void> closed = stream.whenClosed().toCompletableFuture();
        closed.get(10, TimeUnit.SECONDS);
        assertThat(stream.isOpen()).isFalse();
        assertThatThrownBy(() -> opened.finish().toCompletableFuture().get(1, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(ConnectionLostException.class);
        assertThat(resource.getOpenStreams()).doesNotContain(stream);
        assertThat(stream.keepAliveScheduled()).as("no tick left for a client that left").isFalse();
        assertThat(stream.sendEvent("anyone?")).isFalse();
        stream.close();
    }

    @Test
    void lastEventIdReachesTheHandler() throws Exception {
        try (RawEventClient client = RawEventClient.open(jetty.port(), "GET", "/events?probe=lastid&mode=lastid",
                "Last-Event-ID: 41")) {
            EventStream stream = take("lastid").stream();
            assertThat(stream.getLastEventId()).isEqualTo("41");
            assertThat(client.nextBlock()).as("sent by the handler, with the head").isEqualTo("event: seen\ndata: 41\n\n");
            stream.close();
        }
        try (RawEventClient client = RawEventClient.open(jetty.port(), "GET", "/events?probe=noid&mode=lastid")) {
            EventStream stream = take("noid").stream();
            assertThat(stream.getLastEventId()).isNull();
            assertThat(client.nextBlock()).isEqualTo("event: seen\ndata: null\n\n");
            stream.close();
        }
    }

    @Test
    void lineBreaksInAnEventNameOrIdAreRefusedAndNothingIsSent() throws Exception {
        try (RawEventClient client = RawEventClient.open(jetty.port(), "GET", "/events?probe=crlf")) {
            EventStream stream = take("crlf").stream();
            assertThatThrownBy(() -> stream.sendEvent("a\r\nevent: forged", "x", null))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> stream.sendEvent("ok", "x", "1\n2")).isInstanceOf(IllegalArgumentException.class);
            assertThat(stream.isOpen()).isTrue();
            stream.sendEvent("ok", "after", "3");
            assertThat(client.nextBlock()).isEqualTo("event: ok\nid: 3\ndata: after\n\n");
            stream.close();
        }
    }

    @Test
    void eventsSentFromManyThreadsNeverInterleave() throws Exception {
        int threads = 4;
        int each = 200;
        try (RawEventClient client = RawEventClient.open(jetty.port(), "GET", "/events?probe=threads")) {
            EventStream stream = take("threads").stream();
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> senders = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String name = "t" + t;
                Thread sender = new Thread(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < each; i++) {
                        stream.sendEvent(name, name + " " + i + "\nsecond line of " + name + " " + i, null);
                    }
                });
                sender.start();
                senders.add(sender);
            }
            go.countDown();
            int[] next = new int[threads];
            for (int n = 0; n < threads * each; n++) {
                String block = client.nextBlock();
                assertThat(block).matches("event: (t\\d)\ndata: \\1 \\d+\ndata: second line of \\1 \\d+\n\n");
                int t = block.charAt(8) - '0';
                assertThat(block).as("thread %d's events in order", t)
                        .isEqualTo("event: t" + t + "\ndata: t" + t + " " + next[t] + "\ndata: second line of t" + t
                                + " " + next[t] + "\n\n");
                next[t]++;
            }
            for (Thread sender : senders) {
                sender.join(10_000);
            }
            stream.close();
        }
    }

    @Test
    void aClientThatExcludesEventStreamsGets406() throws Exception {
        try (RawEventClient client = RawEventClient.open(jetty.port(), "GET", "/events?probe=406",
                "Accept: text/html")) {
            assertThat(client.status()).isEqualTo(406);
        }
        assertThat(opened("406")).as("no stream opened").isEmpty();
    }

    @Test
    void headGetsTheHeadAloneWithoutAStream() throws Exception {
        try (RawEventClient client = RawEventClient.open(jetty.port(), "HEAD", "/events?probe=head")) {
            assertThat(client.status()).isEqualTo(200);
            assertThat(client.header("Content-Type")).startsWith("text/event-stream");
        }
        assertThat(opened("head")).isEmpty();
    }

    @Test
    void theHandlerMayRefuseOrFailAndTheStreamIsClosed() throws Exception {
        try (RawEventClient client = RawEventClient.open(jetty.port(), "GET", "/events?probe=refuse&mode=refuse")) {
            assertThat(client.status()).isEqualTo(403);
            assertThat(client.header("Content-Type")).startsWith("text/html");
        }
        EventStream refused = take("refuse").stream();
        await(() -> !refused.isOpen());
        assertThat(refused.sendEvent("x")).isFalse();
        assertThat(events.getOpenStreams()).doesNotContain(refused);

        try (RawEventClient client = RawEventClient.open(jetty.port(), "GET", "/events?probe=fail&mode=fail")) {
            assertThat(client.status()).isEqualTo(500);
        }
        EventStream failed = take("fail").stream();
        await(() -> !failed.isOpen());
        assertThat(events.getOpenStreams()).doesNotContain(failed);
    }

    @Test
    void theHandlerMaySendAndCloseAtOnce() throws Exception {
        try (RawEventClient client = RawEventClient.open(jetty.port(), "GET", "/events?probe=once&mode=once")) {
            assertThat(client.status()).isEqualTo(200);
            assertThat(client.header("Content-Type")).startsWith("text/event-stream");
            assertThat(client.nextBlock()).isEqualTo("event: only\nid: 1\ndata: one\n\n");
        }
        EventStream once = take("once").stream();
        assertThat(once.isOpen()).isFalse();
        assertThat(once.keepAliveScheduled()).isFalse();
        assertThat(events.getOpenStreams()).doesNotContain(once);
    }

    /** The README's clock, as served by {@link #serve()}; the README must show it as it is here. */
    private static final String README_CLOCK = """
            ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
            root.putChild("clock", new EventSourceResource((stream, request) -> {
                ScheduledFuture<?> ticks = ticker.scheduleAtFixedRate(
                        () -> stream.sendEvent("tick", Instant.now().toString(), null), 0, 1, TimeUnit.SECONDS);
                stream.whenClosed().thenRun(() -> ticks.cancel(false));
            }));
            """;

    @Test
    void theReadmeShowsTheClockThisTestServes() throws Exception {
        assertThat(Files.readString(Readme.CHECKOUT.resolve("README.md"))).contains("```java\n" + README_CLOCK + "```");
    }

    @Test
    void theReadmeClockTicksEverySecond() throws Exception {
        try (RawEventClient client = RawEventClient.open(jetty.port(), "GET", "/clock")) {
            for (int i = 0; i < 2; i++) {
                String tick = client.nextBlock();
                assertThat(tick).startsWith("event: tick\ndata: ");
                Instant.parse(tick.substring("event: tick\ndata: ".length()).strip());
            }
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition met within 10 s").isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
