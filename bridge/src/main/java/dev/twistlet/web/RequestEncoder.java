package dev.twistlet.web;

/**
 * Transforms a response body on its way out, such as gzip compression; the counterpart of
 * Twisted's {@code _IRequestEncoder}. An {@code EncoderFactory} picks one per request, and
 * {@link Request#setEncoder(RequestEncoder)} installs it.
 *
 * <p>The request calls {@link #begin(Request)} once, when the first body byte is about to be
 * sent (the status and headers are known then); if it returns {@code true}, every write
 * passes through {@link #encode(byte[])} and the end through {@link #finish()}. Each is
 * called under the request's lock, never concurrently.
 */
public interface RequestEncoder {

    /**
     * Decides whether to encode this response and, if so, sets its headers (such as
     * {@code Content-Encoding}); the request drops {@code Content-Length} itself.
     *
     * @param request the request, whose status and response headers are final but for this
     * @return whether the body is to be encoded
     */
    boolean begin(Request request);

    /**
     * @param data body bytes written by the resource
     * @return the encoded bytes to send now (possibly none); each call's output is flushed,
     *         so a streamed response reaches the client write by write
     */
    byte[] encode(byte[] data);

    /**
     * Ends the encoding and releases what it holds; called once, also when the response was
     * abandoned.
     *
     * @return the last encoded bytes
     */
    byte[] finish();
}
