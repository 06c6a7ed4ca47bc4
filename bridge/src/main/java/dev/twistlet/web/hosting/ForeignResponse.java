package dev.twistlet.web.hosting;

import dev.twistlet.web.ErrorPage;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * The container's response as a {@link ServletResource}'s servlet writes it. All goes to
 * the container unchanged, except {@code sendError}, which writes Twistlet's error page at
 * once (a container's error page dispatch would not reach a servlet running on a pool of
 * its own), and the writer, flushed when the exchange ends.
 */
final class ForeignResponse extends HttpServletResponseWrapper {
    private PrintWriter writer;

    ForeignResponse(HttpServletResponse response) {
        super(response);
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        PrintWriter w = super.getWriter();
        writer = w;
        return w;
    }

    @Override
    public void sendError(int sc) throws IOException {
        sendError(sc, null);
    }

    @Override
    public void sendError(int sc, String msg) throws IOException {
        if (isCommitted()) {
            throw new IllegalStateException("sendError after the response was committed");
        }
        resetBuffer();
        setStatus(sc);
        String brief = reason(sc);
        byte[] page = ErrorPage.page(sc, brief, msg == null ? brief : msg).getBytes(StandardCharsets.UTF_8);
        setContentType("text/html; charset=utf-8");
        setContentLength(page.length);
        if (writer != null) {
            writer.write(new String(page, StandardCharsets.UTF_8));
            writer.flush();
        } else {
            getOutputStream().write(page);
        }
        flushBuffer();
    }

    private static String reason(int sc) {
        return switch (sc) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 410 -> "Gone";
            case 413 -> "Content Too Large";
            case 415 -> "Unsupported Media Type";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            default -> "Error " + sc;
        };
    }

    /** Sends what the servlet left in its writer. */
    void flushWriter() {
        if (writer != null) {
            writer.flush();
        }
    }
}
