package dev.twistlet.launcher;

/**
 * What one path of the {@link AdminServer} answers to {@code GET} (and {@code HEAD}), e.g.
 * {@code /health/ready} or a metrics scrape. Called on one of the admin listener's own
 * threads, possibly by several at once; it should answer quickly, since a load balancer's
 * check waits for it.
 */
@FunctionalInterface
public interface AdminRoute {
    /**
     * @return the answer; never {@code null}
     * @throws Exception when it cannot answer: the client gets 500 and the log the exception
     */
    AdminAnswer answer() throws Exception;
}
