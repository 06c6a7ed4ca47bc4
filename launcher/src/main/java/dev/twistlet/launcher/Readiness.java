package dev.twistlet.launcher;

/**
 * Whether this launcher should be sent traffic, as a load balancer's health check asks it:
 * {@link State#STARTING} until every listener is bound, {@link State#READY} while serving,
 * {@link State#STOPPING} from the stop signal on (while requests in flight finish). One per
 * process; safe from any thread.
 */
public final class Readiness {
    /** The launcher's course. */
    public enum State {
        /** Binding listeners, opening stores: not yet. */
        STARTING,
        /** Serving. */
        READY,
        /** Asked to stop: finishing what is in flight, taking nothing new if the balancer listens. */
        STOPPING
    }

    private volatile State state = State.STARTING;

    /** Every listener is up. Ignored once stopping. */
    public void ready() {
        if (state == State.STARTING) {
            state = State.READY;
        }
    }

    /** The stop signal came. */
    public void stopping() {
        state = State.STOPPING;
    }

    /** @return the state now */
    public State state() {
        return state;
    }
}
