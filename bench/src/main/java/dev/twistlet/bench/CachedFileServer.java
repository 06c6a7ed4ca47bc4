package dev.twistlet.bench;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.DateGenerator;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable.InvocationType;

/**
 * The static scenario's ceilings: one file read into memory at start and sent for every
 * request, with the headers a file server sends ({@code Content-Type}, {@code ETag},
 * {@code Last-Modified}, {@code Accept-Ranges}, {@code Content-Length}) and no lookup, no
 * condition, no range. What is left is what Jetty itself costs per answer, three ways:
 * <ul>
 * <li>{@code nonblocking}: a Jetty core {@code Handler.Abstract} declared non-blocking, which Jetty runs
 * on the thread that read the request, as nginx and Twisted answer on their event loop;</li>
 * <li>{@code blocking}: the same handler declared blocking, as any handler that may wait is,
 * which Jetty hands to a pool thread;</li>
 * <li>{@code servlet}: an {@code HttpServlet} in a {@code ServletContextHandler}, as the
 * launcher runs the resource tree.</li>
 * </ul>
 * Jetty's defaults otherwise, HTTP/1.1 only, no {@code Server} header.
 *
 * <p>Usage: {@code CachedFileServer PORT FILE nonblocking|blocking|servlet}, on 127.0.0.1.
 */
public final class CachedFileServer {
    private CachedFileServer() {
    }

    /**
     * @param args the port, the file, and how to answer (see above)
     * @throws Exception when the file cannot be read or Jetty cannot start
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: CachedFileServer PORT FILE nonblocking|blocking|servlet");
            System.exit(2);
        }
        Answer answer = Answer.of(Path.of(args[1]));
        Server server = new Server();
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(Integer.parseInt(args[0]));
        server.addConnector(connector);
        server.setHandler(switch (args[2]) {
            case "nonblocking" -> new Core(answer, InvocationType.NON_BLOCKING);
            case "blocking" -> new Core(answer, InvocationType.BLOCKING);
            case "servlet" -> servlet(answer);
            default -> throw new IllegalArgumentException(args[2] + ": give nonblocking, blocking or servlet");
        });
        server.start();
        System.out.println("cached file, " + args[2] + ": serving http://127.0.0.1:" + connector.getLocalPort() + "/");
        server.join();
    }

    private static ServletContextHandler servlet(Answer answer) {
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(new ServletHolder("file", new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                resp.setContentType(answer.type());
                resp.setHeader("ETag", answer.etag());
                resp.setHeader("Last-Modified", answer.modified());
                resp.setHeader("Accept-Ranges", "bytes");
                resp.setContentLength(answer.bytes().length);
                resp.getOutputStream().write(answer.bytes());
            }
        }), "/*");
        return context;
    }

    /** A Jetty core handler sending the answer; its invocation type tells Jetty which thread may run it. */
    private static final class Core extends Handler.Abstract {
        private final Answer answer;

        Core(Answer answer, InvocationType type) {
            super(type);
            this.answer = answer;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            return answer.send(response, callback);
        }
    }

    /** The file's bytes and the headers sent with them, computed once. */
    private record Answer(byte[] bytes, String type, String etag, String modified) {
        static Answer of(Path file) throws IOException {
            long millis = Files.getLastModifiedTime(file).toMillis();
            String type = Files.probeContentType(file);
            return new Answer(Files.readAllBytes(file), type != null ? type : "application/octet-stream",
                    "\"" + Long.toHexString(Files.size(file)) + "-" + Long.toHexString(millis) + "\"",
                    DateGenerator.formatDate(millis));
        }

        boolean send(Response response, Callback callback) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
            response.getHeaders().put(HttpHeader.ETAG, etag);
            response.getHeaders().put(HttpHeader.LAST_MODIFIED, modified);
            response.getHeaders().put(HttpHeader.ACCEPT_RANGES, "bytes");
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
            response.write(true, ByteBuffer.wrap(bytes), callback);
            return true;
        }
    }
}
