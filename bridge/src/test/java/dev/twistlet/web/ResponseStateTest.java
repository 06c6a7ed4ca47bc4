package dev.twistlet.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twistlet.testing.InMemoryChannel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The response state machine ({@link ResponseState}, through {@link Request}'s API) over an
 * in-memory channel, with no container and no socket, as Twisted tests with {@code DummyRequest}.
 */
class ResponseStateTest {
    private final Site site = new Site(new Resource());

    @AfterEach
    void closeSite() {
        site.close();
    }

    private Request request(InMemoryChannel channel) {
        return new Request(site, channel);
    }

    /** A resource whose render is the given body. */
    private static IResource returning(Object body) {
        return new Resource() {
            @Override
            public Object render(Request request) {
                return body;
            }
        };
    }

    /** A resource that sets {@code Content-Length} itself, then returns the given body. */
    private static IResource statingLength(String length, String body) {
        return new Resource() {
            @Override
            public Object renderGet(Request request) {
                request.setHeader("Content-Length", length);
                return body;
            }
        };
    }

    @Test
    void aReturnedBodyGetsTypeAndLengthAndEndsTheExchange() {
        InMemoryChannel channel = new InMemoryChannel("GET", "/");
        Request request = request(channel);
        CompletableFuture<Void> done = request.notifyFinish().toCompletableFuture();
        request.render(returning("héllo"));
        assertThat(channel.bodyText()).isEqualTo("héllo");
        assertThat(channel.responseHeader("Content-Type")).isEqualTo("text/html; charset=utf-8");
        assertThat(channel.responseHeader("Content-Length")).isEqualTo("6");
        assertThat(channel.ending()).isEqualTo("complete");
        assertThat(channel.isAsync()).isFalse();
        assertThat(done).isCompleted();
        assertThat(request.isFinished()).isTrue();
    }

    @Test
    void heldOpenEachWriteIsFlushedAndFinishCompletes() {
        InMemoryChannel channel = new InMemoryChannel("GET", "/");
        Request request = request(channel);
        request.write("before ");
        request.render(returning(IResource.NOT_DONE_YET));
        assertThat(channel.isAsync()).isTrue();
        assertThat(channel.flushes()).as("what render wrote goes out when the response is held").isEqualTo(1);
        request.write("after");
        assertThat(channel.flushes()).isEqualTo(2);
        assertThat(channel.ending()).isNull();
        request.finish();
        assertThat(channel.ending()).isEqualTo("complete");
        assertThat(channel.bodyText()).isEqualTo("before after");
        assertThat(channel.responseHeader("Content-Length")).as("a streamed body has no length").isNull();
    }

    @Test
    void writesFromManyThreadsArriveWholeAndInOneBody() throws Exception {
        InMemoryChannel channel = new InMemoryChannel("GET", "/");
        Request request = request(channel);
        request.render(returning(IResource.NOT_DONE_YET));
        int threads = 8;
        int writes = 500;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<java.util.concurrent.Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String record = "<" + (char) ('a' + t) + "0123456789>";
            boolean buffer = t % 2 == 0;
            done.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < writes; i++) {
                    if (buffer) {
                        request.write(ByteBuffer.wrap(record.getBytes(StandardCharsets.US_ASCII)));
                    } else {
                        request.write(record);
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (var f : done) {
            f.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();
        request.finish();
        String body = channel.bodyText();
        assertThat(body).hasSize(threads * writes * 13);
        assertThat(body).matches("(<[a-h]0123456789>)+");
        for (int t = 0; t < threads; t++) {
            String record = "<" + (char) ('a' + t) + "0123456789>";
            assertThat(body.split(java.util.regex.Pattern.quote(record), -1)).hasSize(writes + 1);
        }
        assertThat(channel.ending()).isEqualTo("complete");
    }

    @Test
    void aSecondFinishIsIgnoredAndAWriteAfterFinishIsABug() {
        InMemoryChannel channel = new InMemoryChannel("GET", "/");
        Request request = request(channel);
        request.render(returning(IResource.NOT_DONE_YET));
        request.write("x");
        request.finish();
        request.finish(); // the channel would throw on a second end
        assertThat(channel.ending()).isEqualTo("complete");
        assertThatThrownBy(() -> request.write("y")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("after Request.finish");
        assertThat(channel.bodyText()).isEqualTo("x");
        assertThat(request.getResponseHeader("Content-Type")).as("headers are gone after the end").isNull();
    }

    @Test
    void abortBeforeCommitEndsTheExchangeAndFailsTheNotice() {
        InMemoryChannel channel = new InMemoryChannel("GET", "/");
        Request request = request(channel);
        request.render(returning(IResource.NOT_DONE_YET));
        CompletableFuture<Void> done = request.notifyFinish().toCompletableFuture();
        request.response().abort(new IOException("upstream broke"));
        assertThat(channel.ending()).isEqualTo("abort");
        assertThat(done).isCompletedExceptionally();
        assertThatThrownBy(done::join).hasCauseInstanceOf(ConnectionLostException.class);
        request.write("ignored"); // after an abort, writes are dropped quietly
        request.finish();
        assertThat(channel.bodyText()).isEmpty();
    }

    @Test
    void anErrorBeforeCommitReplacesTheResponseAndAfterCommitCutsIt() {
        InMemoryChannel fresh = new InMemoryChannel("GET", "/");
        Request before = request(fresh);
        before.setHeader("X-Dropped", "1");
        before.write("partial, still buffered");
        before.writeError(502, "Bad Gateway", "upstream <down>");
        assertThat(fresh.status()).isEqualTo(502);
        assertThat(fresh.responseHeader("X-Dropped")).isNull();
        assertThat(fresh.bodyText()).contains("<h1>Bad Gateway</h1>").contains("upstream &lt;down&gt;")
                .doesNotContain("partial");
        assertThat(fresh.ending()).isEqualTo("complete");

        InMemoryChannel sent = new InMemoryChannel("GET", "/");
        Request after = request(sent);
        after.render(returning(IResource.NOT_DONE_YET));
        after.write("first part"); // held open: flushed, so committed
        CompletableFuture<Void> done = after.notifyFinish().toCompletableFuture();
        after.writeError(502, "Bad Gateway", "too late");
        assertThat(sent.ending()).isEqualTo("abort");
        assertThat(sent.bodyText()).isEqualTo("first part");
        assertThat(done).isCompletedExceptionally();
    }

    @Test
    void aFailedRenderAnswers500BeforeCommitAndAbortsAfter() {
        InMemoryChannel fresh = new InMemoryChannel("GET", "/");
        request(fresh).render(new Resource() {
            @Override
            public Object renderGet(Request request) {
                throw new IllegalStateException("secret detail");
            }
        });
        assertThat(fresh.status()).isEqualTo(500);
        assertThat(fresh.bodyText()).isEqualTo(ErrorPage.PROCESSING_FAILED);

        InMemoryChannel big = new InMemoryChannel("GET", "/");
        request(big).render(new Resource() {
            @Override
            public Object renderGet(Request request) {
                request.write(new byte[InMemoryChannel.BUFFER_SIZE + 1]); // past the buffer: committed
                throw new IllegalStateException("late failure");
            }
        });
        assertThat(big.ending()).isEqualTo("abort");
        assertThat(big.status()).isEqualTo(200);
    }

    /**
     * A container that states the length of a small body itself gets it unstated, so that the
     * write of the last byte does not send the response and wait (see
     * {@code RequestChannel.statesLengthOf}); what the client sees is the same.
     */
    @Test
    void aSmallReturnedBodyLeavesItsLengthToAContainerThatStatesIt() {
        InMemoryChannel small = new InMemoryChannel("GET", "/").statingLengths();
        request(small).render(returning("héllo"));
        assertThat(small.lengthStatedAtEnd()).as("left to the container").isTrue();
        assertThat(small.responseHeader("Content-Length")).isEqualTo("6");
        assertThat(small.bodyText()).isEqualTo("héllo");

        InMemoryChannel large = new InMemoryChannel("GET", "/").statingLengths();
        request(large).render(returning(new byte[InMemoryChannel.BUFFER_SIZE + 1]));
        assertThat(large.lengthStatedAtEnd()).as("more than the container holds").isFalse();
        assertThat(large.responseHeader("Content-Length")).isEqualTo(String.valueOf(InMemoryChannel.BUFFER_SIZE + 1));

        InMemoryChannel wrong = new InMemoryChannel("GET", "/").statingLengths();
        request(wrong).render(statingLength("99", "abc"));
        assertThat(wrong.responseHeader("Content-Length")).as("a wrong length is corrected").isEqualTo("3");

        InMemoryChannel head = new InMemoryChannel("HEAD", "/").statingLengths();
        request(head).render(returning("twelve bytes"));
        assertThat(head.lengthStatedAtEnd()).as("HEAD sends no body to count").isFalse();
        assertThat(head.responseHeader("Content-Length")).isEqualTo("12");

        InMemoryChannel held = new InMemoryChannel("GET", "/").statingLengths();
        CompletableFuture<Object> later = new CompletableFuture<>();
        request(held).render(returning(later));
        later.complete("late");
        assertThat(held.lengthStatedAtEnd()).as("a held response's body is flushed as it comes").isFalse();
        assertThat(held.responseHeader("Content-Length")).isEqualTo("4");
    }

    @Test
    void headCountsTheBodyAndStatesItsLengthButSendsNothing() {
        InMemoryChannel returned = new InMemoryChannel("HEAD", "/");
        request(returned).render(returning("twelve bytes"));
        assertThat(returned.bodyBytes()).isEmpty();
        assertThat(returned.responseHeader("Content-Length")).isEqualTo("12");

        InMemoryChannel streamed = new InMemoryChannel("HEAD", "/");
        Request request = request(streamed);
        request.render(returning(IResource.NOT_DONE_YET));
        request.write("abc");
        request.write(ByteBuffer.wrap(new byte[] {1, 2}));
        request.flush();
        assertThat(streamed.flushes()).as("HEAD headers wait for the length").isZero();
        request.finish();
        assertThat(streamed.bodyBytes()).isEmpty();
        assertThat(streamed.responseHeader("Content-Length")).isEqualTo("5");

        InMemoryChannel stated = new InMemoryChannel("HEAD", "/");
        request(stated).render(statingLength("1234", ""));
        assertThat(stated.responseHeader("Content-Length")).as("a stated length is kept").isEqualTo("1234");
    }

    @Test
    void noBodyFor204Or304() {
        InMemoryChannel channel = new InMemoryChannel("GET", "/");
        request(channel).render(new Resource() {
            @Override
            public Object renderGet(Request request) {
                request.setResponseCode(304);
                return "dropped";
            }
        });
        assertThat(channel.status()).isEqualTo(304);
        assertThat(channel.bodyBytes()).isEmpty();
        assertThat(channel.responseHeader("Content-Length")).isNull();
        assertThat(channel.responseHeader("Content-Type")).isNull();
    }

    /** Wraps each write in brackets and ends with a tail: an encoder whose output is easy to read. */
    private static final class Bracketing implements RequestEncoder {
        final List<String> calls = new ArrayList<>();

        @Override
        public boolean begin(Request request) {
            calls.add("begin");
            request.setHeader("Content-Encoding", "brackets");
            return true;
        }

        @Override
        public byte[] encode(byte[] data) {
            calls.add("encode");
            return ("[" + new String(data, StandardCharsets.UTF_8) + "]").getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public byte[] finish() {
            calls.add("finish");
            return "$".getBytes(StandardCharsets.UTF_8);
        }
    }

    @Test
    void anEncodedBodyGoesThroughTheEncoderWithoutALength() {
        InMemoryChannel channel = new InMemoryChannel("GET", "/");
        Request request = request(channel);
        Bracketing encoder = new Bracketing();
        request.setEncoder(encoder);
        request.render(returning("body"));
        assertThat(channel.bodyText()).isEqualTo("[body]$");
        assertThat(channel.responseHeader("Content-Encoding")).isEqualTo("brackets");
        assertThat(channel.responseHeader("Content-Length")).isNull();
        assertThat(encoder.calls).containsExactly("begin", "encode", "finish");
        assertThatThrownBy(() -> request.setEncoder(new Bracketing())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anEncodedHeadStatesTheEncodedLengthAndSendsNothing() {
        InMemoryChannel channel = new InMemoryChannel("HEAD", "/");
        Request request = request(channel);
        request.setEncoder(new Bracketing());
        request.render(returning(IResource.NOT_DONE_YET));
        request.write("ab");
        request.write("cde");
        request.finish();
        assertThat(channel.bodyBytes()).isEmpty();
        assertThat(channel.responseHeader("Content-Length")).isEqualTo("10"); // [ab][cde]$
    }

    @Test
    void anAbortReleasesTheEncoderOnce() {
        InMemoryChannel channel = new InMemoryChannel("GET", "/");
        Request request = request(channel);
        Bracketing encoder = new Bracketing();
        request.setEncoder(encoder);
        request.render(returning(IResource.NOT_DONE_YET));
        request.write("x");
        channel.loseConnection(new IOException("reset by peer"));
        assertThat(encoder.calls).containsExactly("begin", "encode", "finish");
        assertThat(channel.ending()).isEqualTo("abandon");
    }

    @Test
    void notifyFinishInEveryState() {
        InMemoryChannel channel = new InMemoryChannel("GET", "/");
        Request request = request(channel);
        CompletableFuture<Void> whileRendering = request.notifyFinish().toCompletableFuture();
        request.render(returning(IResource.NOT_DONE_YET));
        CompletableFuture<Void> whileHeld = request.notifyFinish().toCompletableFuture();
        assertThat(whileRendering).isNotDone();
        assertThat(whileHeld).isNotDone();
        request.finish();
        assertThat(whileRendering).isCompleted();
        assertThat(whileHeld).isCompleted();
        assertThat(request.notifyFinish().toCompletableFuture()).as("asked after the end").isCompleted();

        InMemoryChannel left = new InMemoryChannel("GET", "/");
        Request gone = request(left);
        gone.render(returning(IResource.NOT_DONE_YET));
        CompletableFuture<Void> held = gone.notifyFinish().toCompletableFuture();
        left.loseConnection(new IOException("client left"));
        assertThat(held).isCompletedExceptionally();
        assertThat(gone.notifyFinish().toCompletableFuture()).as("asked after the client left")
                .isCompletedExceptionally();
        assertThat(left.ending()).isEqualTo("abandon");
        gone.write("dropped quietly");
        gone.finish();
        assertThat(left.bodyText()).isEmpty();
    }

    @Test
    void noticesRunAfterTheLockIsReleased() throws Exception {
        InMemoryChannel channel = new InMemoryChannel("GET", "/");
        Request request = request(channel);
        request.render(returning(IResource.NOT_DONE_YET));
        CompletableFuture<Boolean> otherThreadGotThrough = new CompletableFuture<>();
        request.notifyFinish().thenRun(() -> {
            // Under the lock, another thread's call would block until this callback returned.
            Thread other = new Thread(request::isFinished);
            other.start();
            try {
                other.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            otherThreadGotThrough.complete(!other.isAlive());
        });
        request.finish();
        assertThat(otherThreadGotThrough.get(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void theAsyncTimeoutAnswers503BeforeCommitAndCutsAfter() {
        InMemoryChannel quiet = new InMemoryChannel("GET", "/");
        Request waiting = request(quiet);
        waiting.render(returning(IResource.NOT_DONE_YET));
        quiet.loseConnection(new TimeoutException("async timeout"));
        assertThat(quiet.status()).isEqualTo(503);
        assertThat(quiet.ending()).isEqualTo("abandon");

        InMemoryChannel talking = new InMemoryChannel("GET", "/");
        Request streaming = request(talking);
        streaming.render(returning(IResource.NOT_DONE_YET));
        streaming.write("part");
        talking.loseConnection(new TimeoutException("async timeout"));
        assertThat(talking.status()).isEqualTo(200);
        assertThat(talking.ending()).isEqualTo("abort");
    }

    @Test
    void aStatusOrHeaderAfterTheEndIsIgnored() {
        InMemoryChannel channel = new InMemoryChannel("GET", "/");
        Request request = request(channel);
        request.render(returning("done"));
        request.setResponseCode(404);
        request.setHeader("X-Late", "1");
        request.addHeader("X-Late", "2");
        assertThat(channel.status()).isEqualTo(200);
        assertThat(channel.responseHeader("X-Late")).isNull();
        assertThat(request.getResponseCode()).isEqualTo(200);
    }
}
