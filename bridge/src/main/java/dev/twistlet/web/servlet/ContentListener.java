package dev.twistlet.web.servlet;

import dev.twistlet.web.RequestContent;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * Reads a request body with the servlet API's non-blocking input: the container calls back
 * as bytes arrive, so no thread waits on a slow client. Each call reads what is ready into
 * the {@link RequestContent}; the end of the body runs {@code done}. A failure (the
 * content's own refusal, broken framing, a client that left) goes to {@code failed}, once,
 * and reading stops.
 */
final class ContentListener implements ReadListener {
    private final ServletInputStream in;
    private final RequestContent into;
    private final Runnable done;
    private final Consumer<Throwable> failed;
    private final byte[] buffer = new byte[16 * 1024];
    private volatile boolean stopped;

    ContentListener(ServletInputStream in, RequestContent into, Runnable done, Consumer<Throwable> failed) {
        this.in = in;
        this.into = into;
        this.done = done;
        this.failed = failed;
    }

    @Override
    public void onDataAvailable() {
        try {
            // Returning without isReady() having said false means no further call: how reading stops.
            while (!stopped && in.isReady()) {
                int n = in.read(buffer);
                if (n < 0) {
                    return;
                }
                into.write(buffer, 0, n);
            }
        } catch (IOException | RuntimeException e) {
            stopped = true;
            failed.accept(e);
        }
    }

    @Override
    public void onAllDataRead() {
        if (!stopped) {
            done.run();
        }
    }

    @Override
    public void onError(Throwable cause) {
        if (!stopped) {
            stopped = true;
            failed.accept(cause);
        }
    }
}
