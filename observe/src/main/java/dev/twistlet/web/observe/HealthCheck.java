package dev.twistlet.web.observe;

/**
 * One named check of a {@link HealthResource}: is a part the application needs working now
 * (a database answers, a queue is not full)? It runs on every request for the health page,
 * on the request's thread, so it must be quick: check with a short timeout, or read a state
 * kept up to date elsewhere.
 */
@FunctionalInterface
public interface HealthCheck {

    /**
     * @return whether the part works; an exception counts as not working
     * @throws Exception what made the check fail
     */
    boolean isUp() throws Exception;
}
