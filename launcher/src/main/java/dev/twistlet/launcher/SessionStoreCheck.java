package dev.twistlet.launcher;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Whether a {@link SessionStore} answers, for {@code /health/ready}: down as soon as requests
 * or probes found it down. A health check that finds the last probe a second old or more asks
 * the database again, on a thread of its own (while the database is gone, asking may take the
 * pool's connection timeout, and a load balancer's check must not wait for that); the answer
 * it gives is the last known. No probes once the launcher is stopping (the store closes then).
 */
final class SessionStoreCheck implements HealthCheck {
    private static final long PROBE_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final ExecutorService PROBES = probes();

    private final String name;
    private final SessionStore store;
    private final Readiness readiness;
    private final AtomicBoolean probing = new AtomicBoolean();
    private final AtomicLong lastProbe = new AtomicLong(System.nanoTime() - PROBE_EVERY_NANOS);

    SessionStoreCheck(String name, SessionStore store, Readiness readiness) {
        this.name = name;
        this.store = store;
        this.readiness = readiness;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean isUp() {
        long now = System.nanoTime();
        if (readiness.state() == Readiness.State.READY && now - lastProbe.get() >= PROBE_EVERY_NANOS
                && probing.compareAndSet(false, true)) {
            lastProbe.set(now);
            PROBES.execute(() -> {
                try {
                    store.probe();
                } finally {
                    probing.set(false);
                }
            });
        }
        return !store.isDown();
    }

    private static ExecutorService probes() {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
            Thread thread = new Thread(task, "twistlet-session-store-probe");
            thread.setDaemon(true);
            return thread;
        });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
