package dev.twistlet.web.script;

import java.util.Map;

/**
 * Holds the classes of one compiled script, nothing else; everything else comes from its
 * parent. One per compile, so replacing a script lets its old classes be unloaded.
 */
final class ScriptClassLoader extends ClassLoader {
    static {
        registerAsParallelCapable();
    }

    private final Map<String, byte[]> classes;

    ScriptClassLoader(String script, ClassLoader parent, Map<String, byte[]> classes) {
        super("script:" + script, parent);
        this.classes = Map.copyOf(classes);
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes = classes.get(name);
        if (bytes == null) {
            throw new ClassNotFoundException(name);
        }
        return defineClass(name, bytes, 0, bytes.length);
    }
}
