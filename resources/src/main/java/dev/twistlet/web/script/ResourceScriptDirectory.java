package dev.twistlet.web.script;

import dev.twistlet.web.IResource;
import dev.twistlet.web.NoResource;
import dev.twistlet.web.Request;
import dev.twistlet.web.Resource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A directory whose every file is a resource script, whatever its name; subdirectories
 * are script directories too and the directory itself is a 404. Twisted's
 * {@code script.ResourceScriptDirectory}, except that segments such as {@code ..} and
 * links leading out of the directory answer 404 instead of reaching outside it.
 */
public class ResourceScriptDirectory extends Resource {
    private final Path path;
    private final Path realRoot;
    private final Registry registry;

    /**
     * @param path the directory
     */
    public ResourceScriptDirectory(Path path) {
        this(path, new Registry());
    }

    /**
     * @param path     the directory
     * @param registry the registry its scripts see
     */
    public ResourceScriptDirectory(Path path, Registry registry) {
        this(path, realPath(path), registry);
    }

    private ResourceScriptDirectory(Path path, Path realRoot, Registry registry) {
        this.path = path;
        this.realRoot = realRoot;
        this.registry = registry;
    }

    /** A subdirectory, a script's resource, or a 404. */
    @Override
    public IResource getChild(String name, Request request) {
        if (name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0
                || name.indexOf('\\') >= 0 || name.indexOf('\0') >= 0) {
            return new NoResource();
        }
        Path child = path.resolve(name);
        Path real = realPath(child);
        if (real == null || realRoot == null || !real.startsWith(realRoot)) {
            return new NoResource();
        }
        if (Files.isDirectory(real)) {
            return new ResourceScriptDirectory(child, realRoot, registry);
        }
        return ResourceScript.load(child, registry);
    }

    /** The directory itself has no page. */
    @Override
    public Object render(Request request) {
        return new NoResource().render(request);
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return null;
        }
    }
}
