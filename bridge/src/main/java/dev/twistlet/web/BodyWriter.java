package dev.twistlet.web;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * How a response's body bytes reach the channel: one strategy per case (plain, HEAD,
 * encoded, HEAD and encoded), chosen once by {@link #choose} when the body starts. Every
 * strategy counts what a GET would send, so a HEAD answer can state that length.
 *
 * <p>Called only by {@link ResponseState}, with its lock held, and only with bytes the
 * response may carry (never for a 204 or 304).
 */
abstract class BodyWriter {
    final RequestChannel channel;
    /** What a GET would have sent so far, after encoding. */
    long length;

    private BodyWriter(RequestChannel channel) {
        this.channel = channel;
    }

    /**
     * @param head    whether the request is HEAD: bytes are counted, none sent
     * @param encoder the encoder that accepted this response, or {@code null}
     * @param channel where the bytes go
     * @return the strategy for this response's body
     */
    static BodyWriter choose(boolean head, RequestEncoder encoder, RequestChannel channel) {
        if (encoder == null) {
            return head ? new Head(channel) : new Plain(channel);
        }
        return head ? new EncodedHead(channel, encoder) : new Encoded(channel, encoder);
    }

    /**
     * Takes body bytes, from the buffer's position to its limit.
     *
     * @param data at least one byte; consumed
     * @throws IOException when the channel cannot take them
     */
    abstract void write(ByteBuffer data) throws IOException;

    /**
     * Sends what remains at a normal end and, for HEAD, states the length GET would send
     * unless a length was set already or the response is committed.
     *
     * @param bodyAllowed whether the status allows a body (not 1xx, 204 or 304)
     * @throws IOException when the channel cannot take the last bytes
     */
    abstract void end(boolean bodyAllowed) throws IOException;

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
    void tellLength(boolean bodyAllowed) {
        if (bodyAllowed && !channel.committed() && channel.responseHeader("Content-Length") == null) {
            channel.setContentLength(length);
        }
    }

    /** Bytes go out as written. */
    private static final class Plain extends BodyWriter {
        Plain(RequestChannel channel) {
            super(channel);
        }

        @Override
        void write(ByteBuffer data) throws IOException {
            length += data.remaining();
            if (data.hasArray()) {
                channel.write(data.array(), data.arrayOffset() + data.position(), data.remaining());
                data.position(data.limit());
            } else {
                channel.write(data);
            }
        }

        @Override
        void end(boolean bodyAllowed) {
        }

        @Override
        boolean sends() {
            return true;
        }
    }

    /** HEAD: bytes are counted, none sent. */
    private static final class Head extends BodyWriter {
        Head(RequestChannel channel) {
            super(channel);
        }

        @Override
        void write(ByteBuffer data) {
            length += data.remaining();
            data.position(data.limit());
        }

        @Override
        void end(boolean bodyAllowed) {
            tellLength(bodyAllowed);
        }

        @Override
        boolean sends() {
            return false;
        }
    }

    /** The encoded cases: the encoder is finished once, at the end or at an abnormal end. */
    private abstract static class Encoding extends BodyWriter {
        final RequestEncoder encoder;

        Encoding(RequestChannel channel, RequestEncoder encoder) {
            super(channel);
            this.encoder = encoder;
        }

        @Override
        void release() {
            encoder.finish();
        }
    }

    /** Bytes go through the encoder; its tail goes out at the end. */
    private static final class Encoded extends Encoding {
        Encoded(RequestChannel channel, RequestEncoder encoder) {
            super(channel, encoder);
        }

        @Override
        void write(ByteBuffer data) throws IOException {
            send(encoder.encode(bytes(data)));
        }

        @Override
        void end(boolean bodyAllowed) throws IOException {
            send(encoder.finish());
        }

        private void send(byte[] encoded) throws IOException {
            length += encoded.length;
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
        EncodedHead(RequestChannel channel, RequestEncoder encoder) {
            super(channel, encoder);
        }

        @Override
        void write(ByteBuffer data) {
            length += encoder.encode(bytes(data)).length;
        }

        @Override
        void end(boolean bodyAllowed) {
            length += encoder.finish().length;
            tellLength(bodyAllowed);
        }

        @Override
        boolean sends() {
            return false;
        }
    }
}
