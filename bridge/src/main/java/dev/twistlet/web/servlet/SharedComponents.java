package dev.twistlet.web.servlet;

import java.io.IOException;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;

/**
 * The rule for session components when sessions are shared by several servers: another
 * server must be able to read each one back, so it must serialise, and every class in it must
 * be one the context's class loader finds by name (not a class declared in a {@code .rpy}
 * script, whose loader only this server has). Checked when the component is set, where the
 * mistake is, rather than when the store writes the session later.
 */
final class SharedComponents {
    private SharedComponents() {
    }

    /**
     * @param component the component about to be set
     * @param loader    the class loader another server reads sessions with
     * @throws IllegalArgumentException naming the class at fault
     */
    static void requireReadableElsewhere(Object component, ClassLoader loader) {
        try (ObjectOutputStream out = new Checking(loader)) {
            out.writeObject(component);
        } catch (NotSerializableException e) {
            throw new IllegalArgumentException("Session component " + component.getClass().getName()
                    + " cannot be kept in the shared session store: " + e.getMessage()
                    + " is not java.io.Serializable", e);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("Session component " + component.getClass().getName()
                    + " cannot be kept in the shared session store: " + e.getMessage(), e);
        }
    }

    /** Serialises to nowhere, checking each class as it is described. */
    private static final class Checking extends ObjectOutputStream {
        private final ClassLoader loader;

        Checking(ClassLoader loader) throws IOException {
            super(OutputStream.nullOutputStream());
            this.loader = loader;
        }

        @Override
        protected void annotateClass(Class<?> type) throws IOException {
            Class<?> named = type;
            while (named.isArray()) {
                named = named.getComponentType();
            }
            if (named.isPrimitive()) {
                return;
            }
            Class<?> found;
            try {
                found = Class.forName(named.getName(), false, loader);
            } catch (ClassNotFoundException e) {
                found = null;
            }
            if (found != named) {
                throw new InvalidClassException(named.getName(), "its class is loaded by " + named.getClassLoader()
                        + ", which other servers do not have (a class declared in a script?); "
                        + "put it in a jar on the class path, or keep a JDK type in the session");
            }
        }
    }
}
