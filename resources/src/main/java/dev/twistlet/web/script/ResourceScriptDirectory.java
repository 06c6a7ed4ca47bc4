package dev.twistlet.web.script;

import dev.twistlet.web.IResource;
import dev.twistlet.web.NoResource;
import dev.twistlet.web.Request;
import dev.twistlet.web.Resource;
import dev.twistlet.web.files.Confinement;
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
        this(path, Confinement.realPath(path), registry);
    }

    private ResourceScriptDirectory(Path path, Path realRoot, Registry registry) {
        this.path = path;
        this.realRoot = realRoot;
        this.registry = registry;
    }

    /** A subdirectory, a script's resource, or a 404. */
    @Override
    public IResource getChild(String name, Request request) {
        Path child = Confinement.child(path, realRoot, name);
        if (child == null) {
            return new NoResource("File not found.");
        }
        if (Files.isDirectory(child)) {
            return new ResourceScriptDirectory(child, realRoot, registry);
        }
        return ResourceScript.load(child, registry);
    }

    /** The directory itself has no page. */
    @Override
    public Object render(Request request) {
        return new NoResource().render(request);
    }
}
