package dev.twistlet.web;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * How a response's body bytes reach the channel: one strategy per case (plain, HEAD,
 * encoded, HEAD and encoded), chosen once by {@link #choose} when the body starts. A HEAD
 * answer states the length a GET would have sent.
 *
 * <p>Called only by {@link ResponseState}, with its lock held, and only with bytes the
 * response may carry (never for a 204 or 304). The plain and HEAD strategies hold nothing,
 * so every response shares them.
 */
abstract class BodyWriter {
    private static final BodyWriter PLAIN = new Plain();
    private static final BodyWriter HEAD = new Head();

    /**
     * @param head    whether the request is HEAD: bytes are counted, none sent
     * @param encoder the encoder that accepted this response, or {@code null}
     * @return the strategy for this response's body
     */
    static BodyWriter choose(boolean head, RequestEncoder encoder) {
        if (encoder == null) {
            return head ? HEAD : PLAIN;
        }
        return head ? new EncodedHead(encoder) : new Encoded(encoder);
    }

    /**
     * Takes body bytes, from the buffer's position to its limit.
     *
     * @param channel where they go
     * @param data    at least one byte; consumed
     * @throws IOException when the channel cannot take them
     */
    abstract void write(RequestChannel channel, ByteBuffer data) throws IOException;

    /**
     * Sends what remains at a normal end and, for HEAD, states the length GET would send
     * unless a length was set already or the response is committed.
     *
     * @param channel     where the bytes go
     * @param bodyAllowed whether the status allows a body (not 1xx, 204 or 304)
     * @param written     the body bytes handed to {@link #write}, before any encoding
     * @throws IOException when the channel cannot take the last bytes
     */
    abstract void end(RequestChannel channel, boolean bodyAllowed, long written) throws IOException;

    /** At an abnormal end: releases what an encoder holds. Sends nothing. */
    void release() {
    }

    /** @return whether bytes reach the client, so that flushing them has a point */
    abstract boolean sends();

    static byte[] bytes(ByteBuffer data) {
        if (data.hasArray() && data.arrayOffset() == 0 && data.position() == 0
                && data.remaining() == data.array().length) {
            data.position(data.limit());
            return data.array();
        }
        byte[] copy = new byte[data.remaining()];
        data.get(copy);
        return copy;
    }

    /** A HEAD answer without a length would announce an empty body: state what GET sends. */
    static void tellLength(RequestChannel channel, boolean bodyAllowed, long length) {
        if (bodyAllowed && !channel.committed() && channel.responseHeader("Content-Length") == null) {
            channel.setContentLength(length);
        }
    }

    /** Bytes go out as written. */
    private static final class Plain extends BodyWriter {
        @Override
        void write(RequestChannel channel, ByteBuffer data) throws IOException {
            if (data.hasArray()) {
                channel.write(data.array(), data.arrayOffset() + data.position(), data.remaining());
                data.position(data.limit());
            } else {
                channel.write(data);
            }
        }

        @Override
        void end(RequestChannel channel, boolean bodyAllowed, long written) {
        }

        @Override
        boolean sends() {
            return true;
        }
    }

    /** HEAD: bytes are counted (by the caller), none sent. */
    private static final class Head extends BodyWriter {
        @Override
        void write(RequestChannel channel, ByteBuffer data) {
            data.position(data.limit());
        }

        @Override
        void end(RequestChannel channel, boolean bodyAllowed, long written) {
            tellLength(channel, bodyAllowed, written);
        }

        @Override
        boolean sends() {
            return false;
        }
    }

    /** The encoded cases: the encoder is finished once, at the end or at an abnormal end. */
    private abstract static class Encoding extends BodyWriter {
        final RequestEncoder encoder;

        Encoding(RequestEncoder encoder) {
            this.encoder = encoder;
        }

        @Override
        void release() {
            encoder.finish();
        }
    }

    /** Bytes go through the encoder; its tail goes out at the end. */
    private static final class Encoded extends Encoding {
        Encoded(RequestEncoder encoder) {
            super(encoder);
        }

        @Override
        void write(RequestChannel channel, ByteBuffer data) throws IOException {
            send(channel, encoder.encode(bytes(data)));
        }

        @Override
        void end(RequestChannel channel, boolean bodyAllowed, long written) throws IOException {
            send(channel, encoder.finish());
        }

        private static void send(RequestChannel channel, byte[] encoded) throws IOException {
            if (encoded.length > 0) {
                channel.write(encoded, 0, encoded.length);
            }
        }

        @Override
        boolean sends() {
            return true;
        }
    }

    /** HEAD with an encoder: bytes are encoded only to learn the length GET would send. */
    private static final class EncodedHead extends Encoding {
        private long length;

        EncodedHead(RequestEncoder encoder) {
            super(encoder);
        }

        @Override
        void write(RequestChannel channel, ByteBuffer data) {
            length += encoder.encode(bytes(data)).length;
        }

        @Override
        void end(RequestChannel channel, boolean bodyAllowed, long written) {
            length += encoder.finish().length;
            tellLength(channel, bodyAllowed, length);
        }

        @Override
        boolean sends() {
            return false;
        }
    }
}
