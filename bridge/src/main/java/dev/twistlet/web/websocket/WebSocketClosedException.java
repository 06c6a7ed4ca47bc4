package dev.twistlet.web.websocket;

/**
 * Why a WebSocket connection ended, as {@link WebSocketProtocol#connectionLost} is told: the
 * close code (1000 for a normal close, 1006 when the connection dropped without one, 1009
 * for a message over the size limit, ...) and the close reason text.
 */
public final class WebSocketClosedException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int code;
    private final String reasonPhrase;

    /**
     * @param code         the close code
     * @param reasonPhrase the close reason, possibly empty
     * @param cause        the error that ended the connection, or {@code null}
     */
    public WebSocketClosedException(int code, String reasonPhrase, Throwable cause) {
        super("websocket closed with " + code + (reasonPhrase == null || reasonPhrase.isEmpty() ? "" : ": " + reasonPhrase),
                cause);
        this.code = code;
        this.reasonPhrase = reasonPhrase == null ? "" : reasonPhrase;
    }

    /** @return the close code */
    public int getCode() {
        return code;
    }

    /** @return the close reason text, possibly empty */
    public String getReasonPhrase() {
        return reasonPhrase;
    }
}
