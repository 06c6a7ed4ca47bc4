package dev.twistlet.web.websocket;

import java.time.Duration;

/** The limits a {@link WebSocketResource} applies to each session it opens. */
record WebSocketLimits(int maxTextMessageSize, int maxBinaryMessageSize, Duration idleTimeout,
        long writeBufferLimit) {
}
