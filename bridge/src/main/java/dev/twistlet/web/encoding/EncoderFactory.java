package dev.twistlet.web.encoding;

import dev.twistlet.web.Request;
import dev.twistlet.web.RequestEncoder;

/**
 * Offers an encoder for a request, the counterpart of Twisted's
 * {@code _IRequestEncoderFactory}. {@link EncodingResourceWrapper} asks its factories in
 * order; the first that returns one wins.
 */
public interface EncoderFactory {

    /**
     * @param request the request, with its {@code Accept-Encoding} header
     * @return a fresh encoder for this request, or {@code null} when this encoding does not apply
     */
    RequestEncoder encoderForRequest(Request request);
}
