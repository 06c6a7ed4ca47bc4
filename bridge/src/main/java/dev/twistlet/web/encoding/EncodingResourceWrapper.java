package dev.twistlet.web.encoding;

import dev.twistlet.web.IResource;
import dev.twistlet.web.Request;
import java.util.List;
import java.util.Objects;

/**
 * Wraps a resource so its responses are encoded by the first of its factories that offers an
 * encoder, the counterpart of Twisted's {@code resource.EncodingResourceWrapper}:
 * {@code new EncodingResourceWrapper(resource, List.of(new GzipEncoderFactory()))}.
 *
 * <p>Unlike Twisted, which wraps only the resource itself, the children traversal reaches
 * below it are wrapped too. Every response from a wrapped resource carries
 * {@code Vary: Accept-Encoding}, compressed or not.
 */
public class EncodingResourceWrapper implements IResource {
    private final IResource wrapped;
    private final List<EncoderFactory> factories;

    /**
     * @param wrapped   the resource to encode
     * @param factories tried in order; the first to return an encoder wins
     */
    public EncodingResourceWrapper(IResource wrapped, List<EncoderFactory> factories) {
        this.wrapped = Objects.requireNonNull(wrapped, "wrapped");
        this.factories = List.copyOf(factories);
    }

    /** @return the resource being encoded */
    public IResource getWrapped() {
        return wrapped;
    }

    @Override
    public boolean isLeaf() {
        return wrapped.isLeaf();
    }

    /** Returns the wrapped resource's child, wrapped the same way. */
    @Override
    public IResource getChildWithDefault(String name, Request request) {
        IResource child = wrapped.getChildWithDefault(name, request);
        return child instanceof EncodingResourceWrapper ? child : new EncodingResourceWrapper(child, factories);
    }

    @Override
    public void putChild(String path, IResource child) {
        wrapped.putChild(path, child);
    }

    /** Picks the encoder, marks the response as varying by {@code Accept-Encoding}, then renders the wrapped resource. */
    @Override
    public Object render(Request request) {
        String vary = request.getResponseHeader("Vary");
        if (vary == null) {
            request.setHeader("Vary", "Accept-Encoding");
        } else if (!vary.toLowerCase(java.util.Locale.ROOT).contains("accept-encoding")) {
            request.setHeader("Vary", vary + ", Accept-Encoding");
        }
        for (EncoderFactory factory : factories) {
            var encoder = factory.encoderForRequest(request);
            if (encoder != null) {
                request.setEncoder(encoder);
                break;
            }
        }
        return wrapped.render(request);
    }
}
