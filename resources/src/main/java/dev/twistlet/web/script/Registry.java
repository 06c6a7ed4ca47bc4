package dev.twistlet.web.script;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * State shared by the scripts of a site, keyed by class, the counterpart of Twisted's
 * {@code static.Registry}. Scripts run again on every request and are recompiled when
 * edited; what they keep here lives on. Keep instances of classes from the class path
 * here, not of classes the script declares itself: those are replaced by each edit.
 * Thread-safe.
 */
public final class Registry {
    private final ConcurrentMap<Class<?>, Object> components = new ConcurrentHashMap<>();
    private final ScriptCache scripts = new ScriptCache();

    /** An empty registry. */
    public Registry() {
    }

    /**
     * @param type the component's class
     * @param <T>  its type
     * @return the component stored under {@code type}, or {@code null}
     */
    public <T> T getComponent(Class<T> type) {
        return type.cast(components.get(type));
    }

    /**
     * The component stored under {@code type}, made by {@code create} and stored first if
     * there is none: the race-free form of "get, and set if missing".
     *
     * @param type   the component's class
     * @param create makes the component when missing; called at most once per missing key
     * @param <T>    its type
     * @return the component
     */
    public <T> T getComponent(Class<T> type, Supplier<? extends T> create) {
        return type.cast(components.computeIfAbsent(type, t -> Objects.requireNonNull(create.get(), "component")));
    }

    /**
     * @param type      the component's class
     * @param component the component, or {@code null} to remove it
     * @param <T>       its type
     */
    public <T> void setComponent(Class<T> type, T component) {
        if (component == null) {
            components.remove(type);
        } else {
            components.put(type, type.cast(component));
        }
    }

    /** @return the compiled scripts of this registry's site */
    ScriptCache scripts() {
        return scripts;
    }
}
