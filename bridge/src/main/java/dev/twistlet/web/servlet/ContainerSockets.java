package dev.twistlet.web.servlet;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;

/**
 * Finds the TCP socket an HTTP/1.x request arrived on, in the containers Twistlet knows,
 * without compiling against them: Jetty 12 (through its public request API) and Tomcat 10/11
 * with the NIO connector (through the fields behind its request facade). The servlet API
 * offers no way to see a client leave while a response is held, so {@link SocketWatcher}
 * watches the socket itself. Anything else (another container, TLS on Jetty, HTTP/2, Unix
 * sockets, a wrapped request) gives {@code null}, and a departure is then noticed at the
 * next write.
 */
final class ContainerSockets {
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
        try {
            String type = request.getClass().getName();
            Object transport;
            if (type.startsWith("org.eclipse.jetty.")) {
                Object core = call(request, "getRequest"); // ServletApiRequest's core request
                transport = call(call(call(call(core, "getConnectionMetaData"), "getConnection"), "getEndPoint"),
                        "getTransport");
            } else if (type.equals("org.apache.catalina.connector.RequestFacade")) {
                Object catalina = field(request, "request");
                Object processor = field(call(catalina, "getCoyoteRequest"), "hook");
                transport = call(call(field(processor, "socketWrapper"), "getSocket"), "getIOChannel");
            } else {
                return null;
            }
            return transport instanceof SocketChannel channel && channel.getRemoteAddress() instanceof InetSocketAddress
                    ? channel : null;
        } catch (ReflectiveOperationException | RuntimeException | java.io.IOException e) {
            return null; // another version of the container: no watch, as for an unknown container
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
        private final java.util.concurrent.ConcurrentHashMap<String, T> found = new java.util.concurrent.ConcurrentHashMap<>();
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
