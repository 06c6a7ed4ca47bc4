package dev.twistlet.web;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The container's side of one exchange, as {@link Request} needs it: what the client sent
 * and how the response leaves. The servlet bridge implements it over the servlet API;
 * tests and other transports may implement it too. {@link Request} serialises every call on
 * the response side, so an implementation need not be thread-safe.
 */
public interface RequestChannel {

    /** @return the request method as sent, e.g. {@code GET} */
    String method();

    /** @return the protocol, e.g. {@code HTTP/1.1} */
    String protocol();

    /**
     * @return the raw (still percent-encoded) part of the request path that lies before the
     *         site's root, e.g. {@code /ctx/app} for a servlet mapped on {@code /app/*} in
     *         context {@code /ctx}; empty when the site is at the server's root
     */
    String sitePath();

    /**
     * @return the raw (still percent-encoded) path below {@link #sitePath()}, starting with
     *         {@code /}, or empty when the request named the site's root without a slash
     */
    String rawPath();

    /** @return the raw query string without {@code ?}, or {@code null} when there is none */
    String rawQuery();

    /**
     * @param name a header name, in any case
     * @return the first value of that request header, or {@code null}
     */
    String header(String name);

    /**
     * @param name a header name, in any case
     * @return every value of that request header, in order; empty when absent
     */
    List<String> headers(String name);

    /** @return the names of the request's headers */
    Collection<String> headerNames();

    /** @return query and form parameters, decoded, in the order sent */
    Map<String, List<String>> parameters();

    /**
     * @return the request body as a stream
     * @throws IOException when the container cannot give it
     */
    InputStream content() throws IOException;

    /** @return the body's declared length ({@code Content-Length}), or -1 when none was declared */
    default long contentLength() {
        String declared = header("Content-Length");
        try {
            return declared == null ? -1 : Long.parseLong(declared.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** @return whether the request has a body: a declared length above 0, or a transfer coding */
    default boolean hasContent() {
        return contentLength() > 0 || header("Transfer-Encoding") != null;
    }

    /**
     * Reads the whole request body into {@code into}, then runs {@code done}; or calls
     * {@code failed} with why it could not: the {@link ContentException} that
     * {@code into} threw, or the failure of the connection (broken framing, a client that
     * left). Exactly one of the two is called. This default reads {@link #content()} on the
     * calling thread; the servlet bridge reads without holding a thread while the client is
     * slow, calling back on a container thread.
     *
     * @param into         where the bytes go
     * @param asyncTimeout the site's timeout for a response left open, should the exchange
     *                     go asynchronous to read
     * @param done         run once the body is whole
     * @param failed       given why it is not
     */
    default void readContent(RequestContent into, Duration asyncTimeout, Runnable done, Consumer<Throwable> failed) {
        byte[] buffer = new byte[8192];
        try (InputStream in = content()) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                into.write(buffer, 0, n);
            }
        } catch (IOException | RuntimeException e) {
            failed.accept(e);
            return;
        }
        done.run();
    }

    /** @return whether the request came over TLS */
    boolean secure();

    /** @return the host name the client asked for (the {@code Host} header, port removed) */
    String host();

    /** @return the port the client asked for */
    int port();

    /** @return the client's address, or {@code null} when the transport has none */
    InetSocketAddress clientAddress();

    /**
     * The response is being written straight to the container by someone else (a foreign
     * servlet): {@link #complete()} must only end the exchange, not close a stream of its own.
     */
    default void handOver() {
    }

    /**
     * @param type what the caller needs, e.g. the servlet bridge's own channel
     * @param <T>  its type
     * @return this channel as {@code type}, or {@code null} when it is not one
     */
    default <T> T unwrap(Class<T> type) {
        return type.isInstance(this) ? type.cast(this) : null;
    }

    /**
     * @return the container's own worker pool, for clients whose callbacks write to this
     *         request (the proxy's HTTP client), or {@code null} when the container does
     *         not share it (the default)
     */
    default Executor containerExecutor() {
        return null;
    }

    /** @return the user the container authenticated, or {@code null} (the default) */
    default String remoteUser() {
        return null;
    }

    /** @return how the container authenticated the user ({@code BASIC}, ...), or {@code null} */
    default String authType() {
        return null;
    }

    /**
     * The browser's session.
     *
     * @param create     whether to create one when the request presents none
     * @param newTimeout the timeout a session created now gets
     * @return the session, or {@code null} when there is none and {@code create} is false
     */
    Session session(boolean create, Duration newTimeout);

    /** @param code the status code to send */
    void setStatus(int code);

    /**
     * Sets a response header, replacing its values; a {@code null} value removes it.
     *
     * @param name  header name
     * @param value header value or {@code null}
     */
    void setHeader(String name, String value);

    /**
     * Adds a value to a response header.
     *
     * @param name  header name
     * @param value header value
     */
    void addHeader(String name, String value);

    /**
     * @param name a header name, in any case
     * @return the first value of that response header, or {@code null}
     */
    String responseHeader(String name);

    /** @return the response's {@code Content-Type}, or {@code null} while none is set */
    String contentType();

    /** @param type the response's {@code Content-Type} */
    void setContentType(String type);

    /** @param length the response body's length in bytes */
    void setContentLength(long length);

    /**
     * Whether a body of {@code length} bytes, written whole with no length set and before
     * {@link #complete()}, is held by the container until the exchange ends and then sent
     * with a {@code Content-Length} the container states itself. The model then leaves the
     * length to the container: a length stated beforehand makes the write of the last byte
     * send the response at once and wait for the socket, where the container's end of the
     * exchange sends it without holding the thread. This default answers {@code false}.
     *
     * @param length the whole body's length in bytes
     * @return whether the container states that length itself
     */
    default boolean statesLengthOf(long length) {
        return false;
    }

    /** @return whether the status and headers have been sent */
    boolean committed();

    /** Clears status, headers and buffered body; only before {@link #committed()}. */
    void reset();

    /**
     * Writes body bytes (the container may buffer them).
     *
     * @param data bytes to send
     * @param off  first byte
     * @param len  how many
     * @throws IOException when the client has gone away
     */
    void write(byte[] data, int off, int len) throws IOException;

    /**
     * Writes body bytes from a buffer, consuming it. This default copies into an array;
     * containers that take buffers directly (a direct buffer then reaches the socket without
     * a copy through the heap) override it.
     *
     * @param data bytes to send, from its position to its limit
     * @throws IOException when the client has gone away
     */
    default void write(java.nio.ByteBuffer data) throws IOException {
        byte[] copy = new byte[data.remaining()];
        data.get(copy);
        write(copy, 0, copy.length);
    }

    /**
     * Sends what is buffered.
     *
     * @throws IOException when the client has gone away
     */
    void flush() throws IOException;

    /**
     * Keeps the exchange open after the container's call returns, until {@link #complete()}.
     *
     * @param timeout          how long it may stay open, or {@code null} for no limit
     * @param onConnectionLost told, once, when the client goes away or the timeout passes
     *                         before {@link #complete()}; {@link Request} then calls
     *                         {@link #abandon()}
     */
    void startAsync(Duration timeout, Consumer<Throwable> onConnectionLost);

    /**
     * Ends the response normally: closes the body and, after {@link #startAsync}, completes
     * the exchange.
     *
     * @throws IOException when the client has gone away
     */
    void complete() throws IOException;

    /**
     * Releases the exchange after the client has gone away or the async timeout passed:
     * stops watching the connection and completes async mode, sending nothing more.
     * {@link Request} calls it once, with no other call to this channel in progress.
     */
    void abandon();

    /**
     * Ends the exchange abnormally, so the client cannot take a partly sent response for a
     * whole one: the connection is closed without a proper end of the body.
     *
     * @param cause why
     */
    void abort(Throwable cause);
}
