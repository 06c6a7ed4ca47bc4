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

    /** Live threads whose names start with {@code prefix}: one site's, as Site names them. */
    private static long threads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith(prefix)).count();
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

    /**
     * Counts this site's own threads only (named {@code twistlet-site<id>-<role>-<n>}): sites
     * of earlier tests may still be winding their threads down meanwhile.
     */
    @Test
    void closeStopsEveryThreadAndRefusesNewWork() throws Exception {
        Site site = new Site(new Resource());
        site.callLater(Duration.ofHours(1), () -> { });
        String worker = site.deferToThread(() -> Thread.currentThread().getName()).get(5, TimeUnit.SECONDS);
        String prefix = worker.substring(0, worker.indexOf("-worker-") + 1);
        assertThat(prefix).startsWith("twistlet-site");
        assertThat(threads(prefix)).as("a worker and the scheduler").isGreaterThanOrEqualTo(2);
        site.close();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (threads(prefix) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(threads(prefix)).isZero();
        assertThatThrownBy(() -> site.callLater(Duration.ZERO, () -> { })).isInstanceOf(RejectedExecutionException.class);
    }
}
