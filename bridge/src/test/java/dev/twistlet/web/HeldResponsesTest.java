package dev.twistlet.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twistlet.testing.InMemoryChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Site#endHeldResponses}: what a server stopping does to responses still held open,
 * over an in-memory channel: a 503 when nothing was sent, a cut when part was, the reason in
 * each {@code notifyFinish()} failure, and nothing done to responses that already ended.
 */
class HeldResponsesTest {
    private static final String REASON = "the server stopped before the response was finished";
    private final Site site = new Site(new Resource());

    @AfterEach
    void closeSite() {
        site.close();
    }

    private static IResource returning(Object body) {
        return new Resource() {
            @Override
            public Object render(Request request) {
                return body;
            }
        };
    }

    private Request held(InMemoryChannel channel) {
        Request request = new Request(site, channel);
        request.render(returning(IResource.NOT_DONE_YET));
        return request;
    }

    private static Throwable failure(CompletableFuture<Void> done) {
        assertThat(done).isCompletedExceptionally();
        try {
            done.join();
            throw new AssertionError("completed normally");
        } catch (CompletionException e) {
            return e.getCause();
        }
    }

    @Test
    void aHeldResponseWithNothingSentIsAnswered503AndToldWhy() {
        InMemoryChannel channel = new InMemoryChannel("GET", "/poll");
        Request request = held(channel);
        CompletableFuture<Void> done = request.notifyFinish().toCompletableFuture();
        assertThat(site.endHeldResponses(REASON)).isEqualTo(1);
        assertThat(channel.status()).isEqualTo(503);
        assertThat(channel.ending()).isEqualTo("abandon");
        assertThat(failure(done)).isInstanceOf(ConnectionLostException.class).hasMessage(REASON);
        assertThat(failure(request.notifyFinish().toCompletableFuture())).as("asked afterwards").hasMessage(REASON);
        request.write("late");
        request.finish();
        assertThat(channel.bodyText()).as("later calls are ignored quietly").isEmpty();
    }

    @Test
    void aHeldResponseUnderWayIsCutNotEndedCleanly() {
        InMemoryChannel channel = new InMemoryChannel("GET", "/stream");
        Request request = new Request(site, channel);
        request.write("part one;");
        request.render(returning(IResource.NOT_DONE_YET));
        CompletableFuture<Void> done = request.notifyFinish().toCompletableFuture();
        assertThat(site.endHeldResponses(REASON)).isEqualTo(1);
        assertThat(channel.ending()).isEqualTo("abort");
        assertThat(failure(done)).hasMessage(REASON);
    }

    @Test
    void finishedResponsesAreLeftAloneAndLaterHeldOnesEndAtOnce() {
        InMemoryChannel finished = new InMemoryChannel("GET", "/a");
        Request first = held(finished);
        first.write("whole");
        first.finish();
        InMemoryChannel plain = new InMemoryChannel("GET", "/b");
        new Request(site, plain).render(returning("at once"));
        assertThat(site.endHeldResponses(REASON)).as("none is still held").isZero();
        assertThat(finished.ending()).isEqualTo("complete");
        assertThat(plain.ending()).isEqualTo("complete");

        InMemoryChannel late = new InMemoryChannel("GET", "/c");
        Request after = held(late);
        assertThat(late.ending()).as("held after the site ended its held responses").isEqualTo("abandon");
        assertThat(failure(after.notifyFinish().toCompletableFuture())).hasMessage(REASON);
    }
}
