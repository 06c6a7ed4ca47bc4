package dev.twistlet.web.script;

import dev.twistlet.web.Request;
import dev.twistlet.web.Resource;
import java.nio.file.Path;

/**
 * A resource that is one script, wherever it is mounted: every request runs the script
 * once (see {@link ResourceScript#load}) and hands the rest of the path and the rendering
 * to the resource it builds. The root of {@code twistlet web --resource-script FILE}; Twisted's
 * {@code script.ResourceScriptWrapper}.
 */
public class ResourceScriptWrapper extends Resource {
    private final Path file;
    private final Registry registry;

    /**
     * @param file the script
     */
    public ResourceScriptWrapper(Path file) {
        this(file, new Registry());
    }

    /**
     * @param file     the script
     * @param registry the registry it sees
     */
    public ResourceScriptWrapper(Path file, Registry registry) {
        this.file = file;
        this.registry = registry;
    }

    /** @return {@code true}: the script's resource takes over traversal in {@link #render} */
    @Override
    public boolean isLeaf() {
        return true;
    }

    /**
     * Runs the script once, walks the rest of the path from the resource it built, and
     * renders what that finds.
     */
    @Override
    public Object render(Request request) {
        return Resource.getChildForRequest(ResourceScript.load(file, registry), request).render(request);
    }
}
