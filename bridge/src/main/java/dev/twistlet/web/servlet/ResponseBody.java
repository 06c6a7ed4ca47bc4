package dev.twistlet.web.servlet;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;

/**
 * The body bytes of a servlet response: the container's output stream, opened on first
 * use, written from arrays or buffers, flushed and closed.
 */
final class ResponseBody {
    private final HttpServletResponse response;
    private ServletOutputStream out;

    ResponseBody(HttpServletResponse response) {
        this.response = response;
    }

    void write(byte[] data, int off, int len) throws IOException {
        output().write(data, off, len);
    }

    /** Writes from the buffer's position to its limit, without a copy where the stream allows. */
    void write(ByteBuffer data) throws IOException {
        if (data.hasArray()) {
            output().write(data.array(), data.arrayOffset() + data.position(), data.remaining());
            data.position(data.limit());
            return;
        }
        ServletOutputStream stream = output();
        MethodHandle direct = BUFFER_WRITERS.get(stream.getClass());
        if (direct == null) {
            byte[] copy = new byte[data.remaining()];
            data.get(copy);
            stream.write(copy, 0, copy.length);
            return;
        }
        try {
            direct.invoke(stream, data);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IOException(e);
        }
    }

    /**
     * The output stream's own {@code write(ByteBuffer)}, when its class has one: Servlet 6.1
     * adds it, and Jetty's stream has it already. Looked up once per class.
     */
    private static final ClassValue<MethodHandle> BUFFER_WRITERS = new ClassValue<>() {
        @Override
        protected MethodHandle computeValue(Class<?> type) {
            try {
                return MethodHandles.publicLookup().findVirtual(type, "write",
                        MethodType.methodType(void.class, ByteBuffer.class));
            } catch (NoSuchMethodException | IllegalAccessException e) {
                return null;
            }
        }
    };

    void flush() throws IOException {
        output().flush();
    }

    void close() throws IOException {
        output().close();
    }

    private ServletOutputStream output() throws IOException {
        if (out == null) {
            out = response.getOutputStream();
        }
        return out;
    }
}
