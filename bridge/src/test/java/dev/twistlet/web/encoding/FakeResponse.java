package dev.twistlet.web.encoding;

import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.twistlet.web.Request;

/** A Mockito request with no response headers set, for encoder unit tests. */
final class FakeResponse {
    private final Request request = mock(Request.class);

    FakeResponse() {
        when(request.getResponseHeader(anyString())).thenReturn(null);
    }

    Request request() {
        return request;
    }
}
