package dev.twistlet.web;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link Site} takes request bodies. Before {@code render}, the dispatcher reads a body
 * whole, as Twisted's {@code Request.content} is, without holding a thread while the client
 * is slow: in memory up to {@link #inMemoryBytes()}, in a temporary file past it. A body
 * longer than {@link #maxBytes()} is refused with 413 (before reading, when its length is
 * declared); one that arrives slower than {@link #minBytesPerSecond()} once {@link #grace()}
 * has passed is cut with 408 (Apache's {@code mod_reqtimeout} rule: the deadline moves one
 * second later for every {@code minBytesPerSecond} bytes received); past
 * {@link #maxPending()} bodies being read at once, a new one is refused with 503.
 *
 * @param maxBytes          the longest body taken (100 MiB by default)
 * @param inMemoryBytes     bodies up to this length stay in memory (64 KiB by default)
 * @param minBytesPerSecond the slowest a body may arrive after the grace period (500 by
 *                          default); 0 for no minimum
 * @param grace             how long a body may take before the minimum rate applies (20 s)
 * @param maxPending        how many bodies may be read at once (1024 by default)
 */
public record ContentLimits(long maxBytes, int inMemoryBytes, long minBytesPerSecond, Duration grace, int maxPending) {
    /** The longest body taken by default: 100 MiB. */
    public static final long DEFAULT_MAX_BYTES = 100L << 20;
    /** The slowest a body may arrive by default, once the grace period has passed. */
    public static final long DEFAULT_MIN_BYTES_PER_SECOND = 500;
    /** How long a body may take by default before the minimum rate applies, in seconds. */
    public static final int DEFAULT_GRACE_SECONDS = 20;

    /** How many bodies may be read at once by default. */
    public static final int DEFAULT_MAX_PENDING = 1024;

    /** The defaults: 100 MiB, 64 KiB in memory, 500 bytes/s after 20 s, 1024 at once. */
    public static final ContentLimits DEFAULTS = new ContentLimits(DEFAULT_MAX_BYTES, 64 << 10,
            DEFAULT_MIN_BYTES_PER_SECOND, Duration.ofSeconds(DEFAULT_GRACE_SECONDS), DEFAULT_MAX_PENDING);

    /** Checks the values: none negative, {@code maxPending} at least 1. */
    public ContentLimits {
        Objects.requireNonNull(grace, "grace");
        if (maxBytes < 0 || inMemoryBytes < 0 || minBytesPerSecond < 0 || grace.isNegative() || maxPending < 1) {
            throw new IllegalArgumentException("content limits must not be negative, and maxPending at least 1");
        }
    }

    /** @param bytes the longest body taken @return these limits with it */
    public ContentLimits withMaxBytes(long bytes) {
        return new ContentLimits(bytes, inMemoryBytes, minBytesPerSecond, grace, maxPending);
    }

    /** @param bytes bodies up to this length stay in memory @return these limits with it */
    public ContentLimits withInMemoryBytes(int bytes) {
        return new ContentLimits(maxBytes, bytes, minBytesPerSecond, grace, maxPending);
    }

    /**
     * @param bytesPerSecond the slowest a body may arrive once {@code grace} has passed; 0 for no minimum
     * @param grace          how long before the minimum applies
     * @return these limits with them
     */
    public ContentLimits withMinDataRate(long bytesPerSecond, Duration grace) {
        return new ContentLimits(maxBytes, inMemoryBytes, bytesPerSecond, grace, maxPending);
    }

    /** @param bodies how many bodies may be read at once @return these limits with it */
    public ContentLimits withMaxPending(int bodies) {
        return new ContentLimits(maxBytes, inMemoryBytes, minBytesPerSecond, grace, bodies);
    }
}
