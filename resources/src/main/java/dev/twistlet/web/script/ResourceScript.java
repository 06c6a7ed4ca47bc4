package dev.twistlet.web.script;

import dev.twistlet.web.ErrorPage;
import dev.twistlet.web.IResource;
import dev.twistlet.web.files.FileResource;
import dev.twistlet.web.files.Processor;
import java.nio.file.Path;

/**
 * Runs {@code .rpy} resource scripts: Java statements, compiled in memory, that assign
 * {@code resource} (see {@link ResourceScriptScope}). The counterpart of Twisted's
 * {@code script.ResourceScript}, used as a {@link FileResource} processor:
 *
 * <pre>{@code root.setProcessors(Map.of(".rpy", new ResourceScript()));}</pre>
 *
 * <p>As in Twisted the script runs on every request, so an edit shows on the next one;
 * it is compiled only when its content changed. Traversal goes on below the script's
 * resource: for {@code /s.rpy/a/b} a leaf resource sees a postpath of {@code [a, b]}.
 * A script that does not compile answers 500 until it is edited: its compiler errors are
 * logged once per version of the file, one line each, and each request logs one short line
 * (the errors are on the page only when the site displays tracebacks). One that throws or
 * cannot be read fails the request with a 500 as any failed render does, its stack trace
 * logged; one that assigns no {@code resource} answers a 500 saying so. None affects other
 * scripts.
 */
public final class ResourceScript implements Processor {

    /** The processor, for {@code addProcessor(".rpy", new ResourceScript())} or {@code --processor}. */
    public ResourceScript() {
    }

    /** Runs the script with the registry of the directory it was found in. */
    @Override
    public IResource create(Path file, FileResource directory) {
        return load(file, directory.getRegistry());
    }

    /**
     * Compiles the script if its content is new, runs it, and returns the resource it
     * assigned (the one it {@linkplain ResourceScriptScope#cache() cached}, if it did).
     *
     * @param file     the script
     * @param registry the site's registry, in scope as {@code registry}
     * @return the script's resource, or a 500 page when it does not compile or assigned none
     * @throws ScriptException when the script cannot be read or throws
     */
    public static IResource load(Path file, Registry registry) {
        ScriptCache.Compiled compiled;
        try {
            compiled = registry.scripts().current(file, parentLoader());
        } catch (ScriptException e) {
            if (e.getProblems().isEmpty()) {
                throw e;
            }
            return new BrokenScript(file, e);
        }
        IResource cached = compiled.cachedResource();
        if (cached != null) {
            return cached;
        }
        ResourceScriptScope scope;
        IResource resource;
        try {
            scope = compiled.newScope();
            resource = scope.run(file, registry);
        } catch (ScriptException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new ScriptException("script " + file + " failed: " + e, e);
        }
        if (resource == null) {
            return new ErrorPage(500, "Whoops! Internal Error",
                    "You forgot to assign to the variable \"resource\" in your script " + file.getFileName() + ".");
        }
        if (scope.isCached()) {
            compiled.cacheResource(resource);
        }
        return resource;
    }

    private static ClassLoader parentLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : ResourceScript.class.getClassLoader();
    }
}
