package dev.twistlet.web.servlet;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the TCP socket an HTTP/1.x request arrived on, in the containers Twistlet knows,
 * without compiling against them: Jetty 12 (through its public request API) and Tomcat 10/11
 * with the NIO connector (through the fields behind its request facade). This is the
 * default finder of {@link SocketWatcher}, for a WAR, whose container is not known when
 * Twistlet is built; code that embeds a container passes a finder written against its API
 * instead (the launcher does, for Jetty).
 *
 * <p>TLS on Jetty, HTTP/2 streams and Unix sockets give {@code null}: those connections are
 * not watched, and a client that leaves is noticed at the next write. So does a request
 * whose class this lookup does not know (another container, a request wrapped by a filter)
 * or whose container has changed the API it goes through; that is logged once per request
 * class, naming it.
 */
final class ContainerSockets {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerSockets.class);

    /** The request classes already reported as giving no socket. */
    private static final Set<Class<?>> REPORTED = ConcurrentHashMap.newKeySet();

    private ContainerSockets() {
    }

    /**
     * @param request the container's own request object
     * @return its connection's socket channel, or {@code null} when it cannot be found
     */
    static SocketChannel of(HttpServletRequest request) {
        if (!"HTTP/1.1".equals(request.getProtocol()) && !"HTTP/1.0".equals(request.getProtocol())) {
            return null;
        }
        Object transport;
        try {
            String type = request.getClass().getName();
            if (type.startsWith("org.eclipse.jetty.")) {
                Object core = call(request, "getRequest"); // ServletApiRequest's core request
                transport = call(call(call(call(core, "getConnectionMetaData"), "getConnection"), "getEndPoint"),
                        "getTransport");
            } else if (type.equals("org.apache.catalina.connector.RequestFacade")) {
                Object catalina = field(request, "request");
                Object processor = field(call(catalina, "getCoyoteRequest"), "hook");
                transport = call(call(field(processor, "socketWrapper"), "getSocket"), "getIOChannel");
            } else {
                if (REPORTED.add(request.getClass())) {
                    LOG.info("Twistlet does not know how to find the connection of a {}: a client that leaves while "
                            + "its response is held will be noticed at the next write", request.getClass().getName());
                }
                return null;
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // Another version of the container: no watch, as for an unknown container.
            if (REPORTED.add(request.getClass())) {
                LOG.warn("Twistlet could not find the connection of a {} ({}): a client that leaves while its "
                        + "response is held will be noticed at the next write", request.getClass().getName(), e.toString());
            }
            return null;
        }
        try {
            // A TLS connection's transport on Jetty is the raw end point, not a channel; a
            // Unix socket's peer has no internet address.
            return transport instanceof SocketChannel channel && channel.getRemoteAddress() instanceof InetSocketAddress
                    ? channel : null;
        } catch (IOException e) {
            return null; // closed already
        }
    }

    private static Object call(Object target, String name) throws ReflectiveOperationException {
        if (target == null) {
            throw new NoSuchMethodException(name + " on null");
        }
        return METHODS.get(target.getClass()).apply(name).invoke(target);
    }

    private static Object field(Object target, String name) throws ReflectiveOperationException {
        if (target == null) {
            throw new NoSuchFieldException(name + " on null");
        }
        return FIELDS.get(target.getClass()).apply(name).get(target);
    }

    /** Per class: its methods by name, looked up once (the lookups, not the calls, are costly). */
    private static final ClassValue<Lookup<Method>> METHODS = new ClassValue<>() {
        @Override
        protected Lookup<Method> computeValue(Class<?> type) {
            return new Lookup<>(name -> {
                Method method = type.getMethod(name);
                method.setAccessible(true); // public, perhaps in a class that is not
                return method;
            });
        }
    };

    /** Per class: its fields (or its superclasses') by name, made accessible once. */
    private static final ClassValue<Lookup<Field>> FIELDS = new ClassValue<>() {
        @Override
        protected Lookup<Field> computeValue(Class<?> type) {
            return new Lookup<>(name -> {
                for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                    try {
                        Field field = c.getDeclaredField(name);
                        field.setAccessible(true);
                        return field;
                    } catch (NoSuchFieldException e) {
                        // look in the superclass
                    }
                }
                throw new NoSuchFieldException(name + " in " + type.getName());
            });
        }
    };

    /** A memo of reflective lookups by name. */
    private static final class Lookup<T> {
        private final ConcurrentHashMap<String, T> found = new ConcurrentHashMap<>();
        private final Finder<T> finder;

        Lookup(Finder<T> finder) {
            this.finder = finder;
        }

        T apply(String name) throws ReflectiveOperationException {
            T known = found.get(name);
            if (known == null) {
                known = finder.find(name);
                found.put(name, known);
            }
            return known;
        }
    }

    /** One reflective lookup. */
    @FunctionalInterface
    private interface Finder<T> {
        T find(String name) throws ReflectiveOperationException;
    }
}
