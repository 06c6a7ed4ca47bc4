package dev.twistlet.web.script;

import dev.twistlet.web.IResource;
import java.nio.file.Path;

/**
 * What a {@code .rpy} script sees: its statements run in {@link #run()} of a subclass
 * generated from the file, so these fields are its variables. The script must assign
 * {@link #resource}; it may call {@link #cache()}.
 *
 * <pre>{@code
 * import dev.twistlet.web.Request;
 * import dev.twistlet.web.Resource;
 *
 * class MyResource extends Resource {
 *     public Object renderGet(Request request) { return "<html>Hello, world!</html>"; }
 * }
 * resource = new MyResource();
 * }</pre>
 */
public abstract class ResourceScriptScope {
    /** The script's own file, Twisted's {@code __file__}. */
    protected Path file;
    /** The registry shared by every script of the site: where state outlives an edit. */
    protected Registry registry;
    /** The resource the script builds; it renders the request and any path below the script. */
    protected IResource resource;

    private boolean cached;

    /** Creates the scope; {@link ResourceScript} fills in {@link #file} and {@link #registry}. */
    protected ResourceScriptScope() {
    }

    /**
     * Asks for the resource this run builds to be kept and reused for every later request
     * until the file changes, instead of running the script per request (Twisted's
     * {@code cache()}).
     */
    protected final void cache() {
        cached = true;
    }

    /**
     * The script's statements.
     *
     * @throws Exception anything the script throws; the request gets a 500
     */
    protected abstract void run() throws Exception;

    final IResource run(Path file, Registry registry) throws Exception {
        this.file = file;
        this.registry = registry;
        run();
        return resource;
    }

    final boolean isCached() {
        return cached;
    }
}
