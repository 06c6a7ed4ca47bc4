package dev.twistlet.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twistlet.testing.InMemoryChannel;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The site's monitor hears of each response held open past render once, and of its end once, however it ends. */
class SiteMonitorTest {
    private final Site site = new Site(new Resource());
    private final Counting monitor = new Counting();

    /** Counts held responses as a gauge would. */
    static final class Counting implements SiteMonitor {
        final AtomicInteger held = new AtomicInteger();
        final AtomicInteger ended = new AtomicInteger();

        @Override
        public void responseHeld() {
            held.incrementAndGet();
        }

        @Override
        public void heldResponseEnded() {
            ended.incrementAndGet();
        }
    }

    @AfterEach
    void closeSite() {
        site.close();
    }

    private Request held(InMemoryChannel channel) {
        Request request = new Request(site, channel);
        request.render(new Resource() {
            @Override
            public Object render(Request r) {
                return NOT_DONE_YET;
            }
        });
        return request;
    }

    @Test
    void theDefaultMonitorsNothing() {
        assertThat(site.getMonitor()).isSameAs(SiteMonitor.NONE);
        held(new InMemoryChannel("GET", "/")).finish();
    }

    @Test
    void aResponseReturnedWholeIsNeverHeld() {
        site.setMonitor(monitor);
        new Request(site, new InMemoryChannel("GET", "/")).render(new Resource() {
            @Override
            public Object render(Request r) {
                return "whole";
            }
        });
        assertThat(monitor.held).hasValue(0);
        assertThat(monitor.ended).hasValue(0);
    }

    @Test
    void heldThenFinishedOnce() {
        site.setMonitor(monitor);
        Request request = held(new InMemoryChannel("GET", "/"));
        assertThat(monitor.held).hasValue(1);
        assertThat(monitor.ended).hasValue(0);
        request.finish();
        request.finish();
        assertThat(monitor.ended).hasValue(1);
    }

    @Test
    void heldThenTheClientLeaves() {
        site.setMonitor(monitor);
        InMemoryChannel channel = new InMemoryChannel("GET", "/");
        Request request = held(channel);
        channel.loseConnection(new IOException("gone"));
        request.finish();
        assertThat(monitor.held).hasValue(1);
        assertThat(monitor.ended).hasValue(1);
    }

    @Test
    void heldThenReplacedByAnErrorPage() {
        site.setMonitor(monitor);
        Request request = held(new InMemoryChannel("GET", "/"));
        request.writeError(502, "Bad Gateway", "upstream gone");
        assertThat(monitor.ended).hasValue(1);
    }

    @Test
    void theEndGoesToTheMonitorThatSawTheHoldEvenIfReplaced() {
        site.setMonitor(monitor);
        Request request = held(new InMemoryChannel("GET", "/"));
        Counting next = new Counting();
        site.setMonitor(next);
        request.finish();
        assertThat(monitor.ended).hasValue(1);
        assertThat(next.ended).hasValue(0);
    }
}
