package dev.twistlet.web;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The resource class users extend, the counterpart of Twisted's
 * {@code twisted.web.resource.Resource}.
 *
 * <p>Children registered with {@link #putChild(String, IResource)} are found first; for any
 * other segment {@link #getChild(String, Request)} is asked, and answers 404 unless
 * overridden. {@link #render(Request)} calls the {@code renderXxx} method named after the
 * request's method. {@code HEAD} falls back to {@link #renderGet(Request)} (the body is
 * dropped, its length kept), {@code OPTIONS} answers with {@code Allow}, and a method the
 * class does not implement answers 405 with an {@code Allow} header naming exactly the
 * methods it does implement.
 */
public class Resource implements IResource {

    /** The render methods a subclass may override, in the order {@code Allow} lists them. */
    private static final String[][] RENDER_METHODS = {
        {"GET", "renderGet"}, {"HEAD", "renderHead"}, {"POST", "renderPost"}, {"PUT", "renderPut"},
        {"DELETE", "renderDelete"}, {"PATCH", "renderPatch"}, {"OPTIONS", "renderOptions"},
    };

    /** What each class implements, computed once per class. */
    private static final ClassValue<List<String>> ALLOWED = new ClassValue<>() {
        @Override
        protected List<String> computeValue(Class<?> type) {
            return computeAllowedMethods(type);
        }
    };

    private final Map<String, IResource> children = new ConcurrentHashMap<>();

    /** @return {@code false}: by default traversal continues below a resource */
    @Override
    public boolean isLeaf() {
        return false;
    }

    /** Registers a static child; it wins over {@link #getChild(String, Request)}. */
    @Override
    public void putChild(String path, IResource child) {
        children.put(Objects.requireNonNull(path, "path"), Objects.requireNonNull(child, "child"));
    }

    /** @return a read-only live view of the children registered with {@code putChild} */
    public Map<String, IResource> getStaticChildren() {
        return Collections.unmodifiableMap(children);
    }

    /**
     * Computes a child that was not registered with {@code putChild}. Override it for
     * dynamic URL spaces.
     *
     * @param name    the decoded segment
     * @param request the request being traversed
     * @return by default a 404 {@link NoResource}
     */
    public IResource getChild(String name, Request request) {
        return new NoResource();
    }

    /** Returns the static child for {@code name}, else {@link #getChild(String, Request)}. */
    @Override
    public IResource getChildWithDefault(String name, Request request) {
        IResource child = children.get(name);
        return child != null ? child : getChild(name, request);
    }

    /** Dispatches to the {@code renderXxx} method named after the request's method. */
    @Override
    public Object render(Request request) {
        return switch (request.getMethod()) {
            case "GET" -> renderGet(request);
            case "HEAD" -> renderHead(request);
            case "POST" -> renderPost(request);
            case "PUT" -> renderPut(request);
            case "DELETE" -> renderDelete(request);
            case "PATCH" -> renderPatch(request);
            case "OPTIONS" -> renderOptions(request);
            default -> throw unsupported();
        };
    }

    /**
     * Renders {@code GET}. Not implemented here: a resource that does not override it
     * answers 405.
     *
     * @param request the request
     * @return what {@link IResource#render(Request)} may return
     */
    public Object renderGet(Request request) {
        throw unsupported();
    }

    /**
     * Renders {@code HEAD}: by default {@link #renderGet(Request)}, whose body the request
     * drops while keeping its length; 405 when the class has no {@code renderGet}.
     *
     * @param request the request
     * @return what {@link IResource#render(Request)} may return
     */
    public Object renderHead(Request request) {
        if (!getAllowedMethods().contains("GET")) {
            throw unsupported();
        }
        return renderGet(request);
    }

    /**
     * Renders {@code POST}; 405 unless overridden.
     *
     * @param request the request
     * @return what {@link IResource#render(Request)} may return
     */
    public Object renderPost(Request request) {
        throw unsupported();
    }

    /**
     * Renders {@code PUT}; 405 unless overridden.
     *
     * @param request the request
     * @return what {@link IResource#render(Request)} may return
     */
    public Object renderPut(Request request) {
        throw unsupported();
    }

    /**
     * Renders {@code DELETE}; 405 unless overridden.
     *
     * @param request the request
     * @return what {@link IResource#render(Request)} may return
     */
    public Object renderDelete(Request request) {
        throw unsupported();
    }

    /**
     * Renders {@code PATCH}; 405 unless overridden.
     *
     * @param request the request
     * @return what {@link IResource#render(Request)} may return
     */
    public Object renderPatch(Request request) {
        throw unsupported();
    }

    /**
     * Renders {@code OPTIONS}: by default an empty 200 whose {@code Allow} header names
     * {@link #getAllowedMethods()}.
     *
     * @param request the request
     * @return what {@link IResource#render(Request)} may return
     */
    public Object renderOptions(Request request) {
        request.setHeader("Allow", String.join(", ", getAllowedMethods()));
        return "";
    }

    /**
     * The methods this resource's class implements, in a fixed order: {@code GET} when it
     * overrides {@code renderGet}, {@code HEAD} when it overrides {@code renderHead} or
     * {@code renderGet}, each other method when its {@code renderXxx} is overridden, and
     * always {@code OPTIONS}. Computed once per class.
     *
     * @return an immutable list of method names
     */
    public List<String> getAllowedMethods() {
        return ALLOWED.get(getClass());
    }

    /** @return the exception that makes the request answer 405 with this class's methods */
    protected final UnsupportedMethodException unsupported() {
        return new UnsupportedMethodException(getAllowedMethods());
    }

    /**
     * Walks from {@code resource} down the request's postpath, moving each segment to the
     * prepath, until the postpath is empty or a leaf is reached; Twisted's
     * {@code getChildForRequest}.
     *
     * @param resource where to start
     * @param request  the request whose prepath and postpath are updated
     * @return the resource to render
     * @throws IllegalStateException when a resource answers {@code null} for a child
     */
    public static IResource getChildForRequest(IResource resource, Request request) {
        List<String> prepath = request.getPrepath();
        List<String> postpath = request.getPostpath();
        while (!postpath.isEmpty() && !resource.isLeaf()) {
            String segment = postpath.remove(0);
            prepath.add(segment);
            IResource child = resource.getChildWithDefault(segment, request);
            if (child == null) {
                throw new IllegalStateException(resource.getClass().getName()
                        + ".getChildWithDefault returned null for segment \"" + segment + "\"");
            }
            resource = child;
        }
        return resource;
    }

    private static List<String> computeAllowedMethods(Class<?> type) {
        List<String> allowed = new ArrayList<>();
        boolean get = overrides(type, "renderGet");
        for (String[] method : RENDER_METHODS) {
            String name = method[0];
            boolean implemented = switch (name) {
                case "GET" -> get;
                case "HEAD" -> get || overrides(type, "renderHead");
                case "OPTIONS" -> true;
                default -> overrides(type, method[1]);
            };
            if (implemented) {
                allowed.add(name);
            }
        }
        return List.copyOf(allowed);
    }

    private static boolean overrides(Class<?> type, String javaMethod) {
        try {
            return type.getMethod(javaMethod, Request.class).getDeclaringClass() != Resource.class;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
