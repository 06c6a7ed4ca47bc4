package dev.twistlet.web;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Processes a request: traversal, reading the body, the resource's {@code render}, what it
 * returns, and the failure pages (Twisted's {@code server.Request.process}, {@code render}
 * and {@code processingFailed}; Helidon's {@code ErrorHandlers}). Stateless: every method
 * takes the request it works for.
 */
final class Renderer {
    private static final Logger LOG = LoggerFactory.getLogger(Renderer.class);

    /** Methods HTTP defines: an unimplemented one answers 405; any other token 501. */
    private static final Set<String> STANDARD_METHODS =
            Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT");

    private Renderer() {
    }

    /** See {@link Request#process()}. */
    static void process(Request request) {
        if (request.badPath() != null) {
            request.writeError(400, "Bad Request", request.badPath());
            return;
        }
        Site site = request.getSite();
        IResource target;
        try {
            target = site.getResourceFor(request);
        } catch (RuntimeException e) {
            processingFailed(request, e, site.getResource());
            return;
        }
        RequestChannel channel = request.channel();
        if (target instanceof StreamingResource) {
            ContentException refused = ContentReader.refusedAtOnce(site.getContentLimits(), channel);
            if (refused != null) {
                refuseContent(request, refused);
            } else {
                render(request, target);
            }
        } else if (channel.hasContent()) {
            ContentReader.read(site, channel, body -> {
                request.setContent(body);
                request.notifyFinish().whenComplete((ok, gone) -> body.close());
                render(request, target);
            }, cause -> contentFailed(request, cause));
        } else {
            render(request, target);
        }
    }

    /** See {@link Request#render(IResource)}. */
    static void render(Request request, IResource resource) {
        Object body;
        try {
            body = resource.render(request);
        } catch (UnsupportedMethodException e) {
            unsupportedMethod(request, e);
            return;
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            processingFailed(request, e, resource);
            return;
        }
        sendResult(request, body, resource);
    }

    private static void sendResult(Request request, Object body, IResource resource) {
        if (body == IResource.NOT_DONE_YET) {
            request.response().keepOpen(request.getSite());
        } else if (body instanceof String text) {
            finishWith(request, text.getBytes(StandardCharsets.UTF_8), resource);
        } else if (body instanceof byte[] bytes) {
            finishWith(request, bytes, resource);
        } else if (body instanceof CompletionStage<?> stage) {
            if (!(stage instanceof Future<?> future && future.isDone())) {
                request.response().keepOpen(request.getSite());
            }
            stage.whenComplete((value, error) -> {
                if (error != null) {
                    processingFailed(request, unwrap(error), resource);
                } else if (value instanceof String || value instanceof byte[]) {
                    sendResult(request, value, resource);
                } else {
                    processingFailed(request, new IllegalStateException(resource.getClass().getName()
                            + ".render returned a CompletionStage that completed with " + describe(value)
                            + "; expected a String or a byte[]"), resource);
                }
            });
        } else {
            processingFailed(request, new IllegalStateException(resource.getClass().getName() + ".render returned "
                    + describe(body) + "; expected a String, a byte[], NOT_DONE_YET or a CompletionStage"), resource);
        }
    }

    private static void finishWith(Request request, byte[] body, IResource resource) {
        if (!request.response().finishWith(body)) {
            LOG.warn("{} returned a body for {} {} after finish() was called; body dropped",
                    resource.getClass().getName(), request.getMethod(), request.getUri());
        }
    }

    /** See {@link Request#processingFailed}. */
    static void processingFailed(Request request, Throwable error, IResource resource) {
        if (error instanceof SessionUnavailableException) {
            // The store said why, once per outage: this is no fault of the resource's.
            LOG.debug("{} {}: {}", request.getMethod(), request.getUri(), error.getMessage());
            request.writeError(503, "Retry-After", "5", "Service Unavailable",
                    "Sessions cannot be reached just now; try again in a moment.");
            return;
        }
        String name = resource == null ? "(no resource)" : resource.getClass().getName();
        LOG.error("Processing failed for {} {} in {}", request.getMethod(), request.getUri(), name, error);
        String page = request.getSite().isDisplayTracebacks() ? tracebackPage(error) : ErrorPage.PROCESSING_FAILED;
        request.response().replace(500, null, null, page.getBytes(StandardCharsets.UTF_8), error);
    }

    private static void unsupportedMethod(Request request, UnsupportedMethodException e) {
        String method = request.getMethod();
        if (STANDARD_METHODS.contains(method)) {
            List<String> allowed = e.getAllowedMethods();
            String detail = "Your browser approached me (at " + request.getUri() + ") with the method \"" + method
                    + "\".  I only allow the method" + (allowed.size() == 1 ? " " : "s ")
                    + String.join(", ", allowed) + " here.";
            request.writeError(405, "Allow", String.join(", ", allowed), "Method Not Allowed", detail);
        } else {
            request.writeError(501, "Huh?", "I don't know how to treat a " + method + " request.");
        }
    }

    /** The body could not be read whole: the client's fault (or a busy server), said in one line. */
    private static void contentFailed(Request request, Throwable cause) {
        if (cause instanceof ContentException refused) {
            refuseContent(request, refused);
        } else if (cause instanceof TimeoutException) {
            refuseContent(request, new ContentException(408, "the request body did not arrive in time"));
        } else {
            // Broken framing (a bad chunk), or a client that left: then nobody reads the answer.
            refuseContent(request, new ContentException(400, "the request body could not be read: " + cause.getMessage()));
        }
    }

    /** Answers a refused body with its status and closes the connection: its rest is never read. */
    private static void refuseContent(Request request, ContentException refused) {
        int status = refused.getStatus();
        InetSocketAddress client = request.getClientAddress();
        LOG.info("{} {} from {}: {} ({})", request.getMethod(), request.getUri(),
                client == null ? "-" : client.getHostString(), status, refused.getMessage());
        String brief = switch (status) {
            case 400 -> "Bad Request";
            case 408 -> "Request Timeout";
            case 413 -> "Content Too Large";
            case 503 -> "Service Unavailable";
            default -> "Error";
        };
        request.writeError(status, "Connection", "close", brief, refused.getMessage());
    }

    private static Throwable unwrap(Throwable error) {
        while ((error instanceof CompletionException || error instanceof ExecutionException)
                && error.getCause() != null) {
            error = error.getCause();
        }
        return error;
    }

    private static String describe(Object value) {
        return value == null ? "null" : "a " + value.getClass().getName();
    }

    private static String tracebackPage(Throwable error) {
        StringWriter trace = new StringWriter();
        error.printStackTrace(new PrintWriter(trace));
        return "<html><head><title>web.Server Traceback (most recent call last)</title></head><body>"
                + "<b>web.Server Traceback (most recent call last):</b>\n\n<pre>" + Html.escape(trace.toString())
                + "</pre>\n</body></html>";
    }
}
