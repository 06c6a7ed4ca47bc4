package dev.twistlet.launcher;

import java.util.List;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Puts the headers of {@code --add-header} on every response before the site handles it,
 * as Twisted's {@code _AddHeadersResource} does: a resource that sets the same header
 * replaces the value.
 */
final class AddHeadersHandler extends Handler.Wrapper {
    private final List<HttpField> headers;

    /**
     * @param handler the handler to wrap
     * @param headers the headers to add
     */
    AddHeadersHandler(Handler handler, List<HttpField> headers) {
        super(handler);
        this.headers = List.copyOf(headers);
    }

    /**
     * @param option an {@code --add-header} value, {@code Name: Value}
     * @return the header
     * @throws UsageException when it has no name or no colon
     */
    static HttpField parse(String option) {
        int colon = option.indexOf(':');
        String name = colon < 0 ? "" : option.substring(0, colon).strip();
        if (name.isEmpty() || !name.chars().allMatch(c -> c > ' ' && c < 0x7f && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0)) {
            throw new UsageException("--add-header '" + option + "': expected \"Name: Value\"");
        }
        String value = option.substring(colon + 1).strip();
        if (value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
            throw new UsageException("--add-header '" + option + "': the value holds a line break");
        }
        return new HttpField(name, value);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        for (HttpField header : headers) {
            response.getHeaders().add(header);
        }
        return super.handle(request, response, callback);
    }
}
