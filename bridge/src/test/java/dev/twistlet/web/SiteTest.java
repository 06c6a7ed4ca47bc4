package dev.twistlet.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The site's scheduler and worker threads: they run work, and stop with the site. */
class SiteTest {

    private static long siteThreads(Site site) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("twistlet-site")).count();
    }

    @Test
    void callLaterRunsAfterTheDelayAndDeferToThreadOnAWorker() throws Exception {
        try (Site site = new Site(new Resource())) {
            CountDownLatch ran = new CountDownLatch(1);
            long start = System.nanoTime();
            site.callLater(Duration.ofMillis(100), ran::countDown);
            assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(100));
            assertThat(site.deferToThread(() -> Thread.currentThread().getName()).get(5, TimeUnit.SECONDS))
                    .contains("-worker-");
            assertThat(site.deferToThread(() -> {
                throw new IllegalStateException("failed work");
            })).failsWithin(Duration.ofSeconds(5)).withThrowableThat().withMessageContaining("failed work");
        }
    }

    @Test
    void closeStopsEveryThreadAndRefusesNewWork() throws Exception {
        long before = siteThreads(null);
        Site site = new Site(new Resource());
        site.callLater(Duration.ofHours(1), () -> { });
        site.deferToThread(() -> 1).get(5, TimeUnit.SECONDS);
        assertThat(siteThreads(site)).isGreaterThan(before);
        site.close();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (siteThreads(site) > before && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(siteThreads(site)).isEqualTo(before);
        assertThatThrownBy(() -> site.callLater(Duration.ZERO, () -> { })).isInstanceOf(RejectedExecutionException.class);
    }
}
