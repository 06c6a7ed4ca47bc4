package dev.twistlet.it;

import java.net.URI;
import java.nio.file.Path;

/**
 * The sample WAR deployed twice in one container on a real socket: at the root context
 * ({@code ""}) and at {@code /ctx}.
 */
interface Deployment extends AutoCloseable {
    /** The context paths the WAR is deployed at. */
    String[] CONTEXTS = {"", "/ctx"};

    /** @return the container's name, for messages */
    String name();

    /** @return the port the container listens on, at 127.0.0.1 */
    int port();

    /**
     * @param context one of {@link #CONTEXTS}
     * @return the folder the container unpacked that deployment's WAR into
     */
    Path unpacked(String context);

    /** Stops the container; a failure to stop is an {@link IllegalStateException}. */
    @Override
    void close();

    /** @return {@code http://127.0.0.1:PORT} */
    default URI origin() {
        return URI.create("http://127.0.0.1:" + port());
    }
}
