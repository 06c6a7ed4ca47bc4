package dev.twistlet.web.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The rule for components of sessions shared by several servers: what the context's class
 * loader can read back passes; a class that is not serialisable, or that only a loader of
 * this server's own defines (as a {@code .rpy} script's classes are), is refused by name.
 */
class SharedComponentsTest {
    private final ClassLoader context = getClass().getClassLoader();

    /** A component another server could read back, when its class is on the class path. */
    public static final class Tally implements Serializable {
        private static final long serialVersionUID = 1L;
        final List<Object> parts = new ArrayList<>();
    }

    /** Serialisable itself, but holding what is not. */
    static final class Holder implements Serializable {
        private static final long serialVersionUID = 1L;
        final Object held = new Object();
    }

    @Test
    void jdkTypesAndClassPathClassesPass() {
        SharedComponents.requireReadableElsewhere(new AtomicInteger(3), context);
        Tally tally = new Tally();
        tally.parts.add("text");
        tally.parts.add(new int[] {1, 2});
        SharedComponents.requireReadableElsewhere(tally, context);
    }

    @Test
    void somethingNotSerialisableIsRefusedNamingTheClassAtFault() {
        assertThatThrownBy(() -> SharedComponents.requireReadableElsewhere(new Holder(), context))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Session component " + Holder.class.getName())
                .hasMessageContaining("java.lang.Object is not java.io.Serializable");
    }

    @Test
    void aClassOnlyAScriptsLoaderDefinesIsRefusedByName() throws Exception {
        Class<?> scripted = new ScriptLikeLoader(context).loadClass(Tally.class.getName());
        assertThat(scripted).isNotSameAs(Tally.class);
        Object component = scripted.getDeclaredConstructor().newInstance();
        assertThatThrownBy(() -> SharedComponents.requireReadableElsewhere(component, context))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Tally.class.getName())
                .hasMessageContaining("which other servers do not have");
    }

    /** Defines {@link Tally} anew, as a script's loader defines the classes a script declares. */
    private static final class ScriptLikeLoader extends ClassLoader {
        ScriptLikeLoader(ClassLoader parent) {
            super(parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.equals(Tally.class.getName())) {
                return super.loadClass(name, resolve);
            }
            try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                byte[] bytes = in.readAllBytes();
                return defineClass(name, bytes, 0, bytes.length);
            } catch (IOException e) {
                throw new ClassNotFoundException(name, e);
            }
        }
    }
}
