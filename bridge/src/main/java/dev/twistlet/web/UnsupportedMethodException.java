package dev.twistlet.web;

import java.util.List;

/**
 * Thrown by a resource asked to render a method it does not implement, the counterpart of
 * Twisted's {@code server.UnsupportedMethod}. The request answers 405 with an {@code Allow}
 * header naming {@link #getAllowedMethods()} for a standard method, and 501 for a method
 * token HTTP does not define.
 */
public class UnsupportedMethodException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final List<String> allowedMethods;

    /**
     * @param allowedMethods the methods the resource does implement, in the order they are
     *                       to be listed in {@code Allow}
     */
    public UnsupportedMethodException(List<String> allowedMethods) {
        super("allowed methods: " + String.join(", ", allowedMethods));
        this.allowedMethods = List.copyOf(allowedMethods);
    }

    /** @return the methods the resource implements, never {@code null} */
    public List<String> getAllowedMethods() {
        return allowedMethods;
    }
}
