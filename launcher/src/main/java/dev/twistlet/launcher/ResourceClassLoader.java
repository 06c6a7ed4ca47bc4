package dev.twistlet.launcher;

import dev.twistlet.web.IResource;
import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the user's classes named on the command line ({@code --class}, later
 * {@code --servlet} and {@code --processor}) on the launcher's own class path plus the
 * jars and folders of {@code --classpath}.
 */
final class ResourceClassLoader {
    private final ClassLoader loader;

    /**
     * @param classpath jars and folders separated by the platform's path separator, or
     *                  {@code null}
     * @throws UsageException when an entry does not exist
     */
    ResourceClassLoader(String classpath) {
        List<URL> urls = new ArrayList<>();
        if (classpath != null && !classpath.isBlank()) {
            for (String entry : classpath.split(File.pathSeparator)) {
                if (entry.isBlank()) {
                    continue;
                }
                Path path = Path.of(entry);
                if (!Files.exists(path)) {
                    throw new UsageException("--classpath entry '" + entry + "' does not exist");
                }
                try {
                    urls.add(path.toAbsolutePath().toUri().toURL());
                } catch (MalformedURLException e) {
                    throw new UsageException("--classpath entry '" + entry + "' is not a usable path");
                }
            }
        }
        ClassLoader parent = ResourceClassLoader.class.getClassLoader();
        this.loader = urls.isEmpty() ? parent : new URLClassLoader("twistlet-user", urls.toArray(URL[]::new), parent);
    }

    /** @return the loader, for code that must run with the user's classes visible */
    ClassLoader loader() {
        return loader;
    }

    /**
     * Instantiates a class with its public no-argument constructor.
     *
     * @param option   the option that named it, for messages
     * @param name     the fully qualified class name
     * @param expected the type it must have
     * @param <T>      that type
     * @return a new instance
     * @throws UsageException when the class is missing, of the wrong type, or fails to build
     */
    <T> T instantiate(String option, String name, Class<T> expected) {
        Class<?> type;
        try {
            type = Class.forName(name, true, loader);
        } catch (ClassNotFoundException e) {
            throw new UsageException(option + " " + name + ": class not found (add its jar or folder with --classpath)");
        } catch (LinkageError e) {
            throw new UsageException(option + " " + name + ": cannot be loaded: " + e);
        }
        if (!expected.isAssignableFrom(type)) {
            throw new UsageException(option + " " + name + ": not a " + expected.getName());
        }
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return expected.cast(type.getConstructor().newInstance());
        } catch (NoSuchMethodException e) {
            throw new UsageException(option + " " + name + ": needs a public no-argument constructor");
        } catch (InvocationTargetException e) {
            throw new UsageException(option + " " + name + ": constructor failed: " + e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new UsageException(option + " " + name + ": cannot be instantiated: " + e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /**
     * @param name a class implementing {@link IResource}
     * @return a new root resource
     */
    IResource resource(String name) {
        return instantiate("--class", name, IResource.class);
    }
}
