package dev.twistlet.launcher;

import dev.twistlet.web.IResource;
import java.io.File;
import dev.twistlet.web.files.FileResource;
import dev.twistlet.web.files.Processor;
import java.lang.reflect.Constructor;
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
        Class<?> type = load(option, name);
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
     * A processor for {@code --processor}: the class is a {@link Processor} with a public
     * no-argument constructor, or a resource with a public constructor taking the file's
     * {@link Path} (optionally followed by the {@link FileResource} it was found in).
     *
     * @param name the class name
     * @return the processor
     */
    Processor processor(String name) {
        Class<?> type = load("--processor", name);
        if (Processor.class.isAssignableFrom(type)) {
            return instantiate("--processor", name, Processor.class);
        }
        if (!IResource.class.isAssignableFrom(type)) {
            throw new UsageException("--processor " + name + ": neither a " + Processor.class.getName() + " nor a "
                    + IResource.class.getName());
        }
        try {
            Constructor<?> twoArgs = type.getConstructor(Path.class, FileResource.class);
            return (file, directory) -> construct(twoArgs, name, file, directory);
        } catch (NoSuchMethodException e) {
            try {
                Constructor<?> oneArg = type.getConstructor(Path.class);
                return (file, directory) -> construct(oneArg, name, file);
            } catch (NoSuchMethodException none) {
                throw new UsageException("--processor " + name + ": needs a public constructor taking a java.nio.file.Path");
            }
        }
    }

    private static IResource construct(Constructor<?> constructor, String name, Object... args) {
        try {
            return (IResource) constructor.newInstance(args);
        } catch (ReflectiveOperationException e) {
            Throwable cause = e instanceof InvocationTargetException ? e.getCause() : e;
            throw new IllegalStateException("processor " + name + " failed for " + args[0] + ": " + cause, cause);
        }
    }

    private Class<?> load(String option, String name) {
        try {
            return Class.forName(name, true, loader);
        } catch (ClassNotFoundException e) {
            throw new UsageException(option + " " + name + ": class not found (add its jar or folder with --classpath)");
        } catch (LinkageError e) {
            throw new UsageException(option + " " + name + ": cannot be loaded: " + e);
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
