package dev.twistlet.web;

import java.util.concurrent.locks.ReentrantLock;

/**
 * A reentrant lock, held for a {@code try}-with-resources block, whose outermost release runs
 * the tasks queued with {@link #then(Runnable)} while it was held.
 *
 * <p>The response state machine completes its {@code notifyFinish()} stages this way: their
 * callbacks are user code, which may call back into the request from another thread, so they
 * must never run under the lock.
 */
final class ScopedLock extends ReentrantLock implements AutoCloseable {
    private static final long serialVersionUID = 1L;

    /** Guarded by this lock: what the outermost release runs, in the order queued. */
    private transient Runnable queued;

    /**
     * Takes the lock, waiting as long as needed.
     *
     * @return this lock, to close in a {@code try}-with-resources block
     */
    ScopedLock hold() {
        lock();
        return this;
    }

    /**
     * Queues {@code task} to run once the outermost holder has released the lock. Call it
     * with the lock held.
     *
     * @param task what to run, outside the lock
     */
    void then(Runnable task) {
        Runnable before = queued;
        queued = before == null ? task : () -> {
            before.run();
            task.run();
        };
    }

    /** Releases one hold; the outermost release then runs the queued tasks. */
    @Override
    public void close() {
        Runnable tasks = null;
        if (getHoldCount() == 1) {
            tasks = queued;
            queued = null;
        }
        unlock();
        if (tasks != null) {
            tasks.run();
        }
    }
}
