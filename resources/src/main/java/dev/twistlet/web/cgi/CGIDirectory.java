package dev.twistlet.web.cgi;

import dev.twistlet.web.IResource;
import dev.twistlet.web.NoResource;
import dev.twistlet.web.Request;
import dev.twistlet.web.Resource;
import dev.twistlet.web.files.Confinement;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A {@code cgi-bin}: every file below the directory is a {@link CGIScript}, every
 * subdirectory another {@code CGIDirectory}, and the directory itself answers 404 (no
 * listing). Twisted's {@code twcgi.CGIDirectory}; segments such as {@code ..}, and links
 * leading out of the directory, are 404s.
 *
 * <pre>{@code root.putChild("cgi-bin", new CGIDirectory(Path.of("/var/www/cgi-bin")));}</pre>
 */
public class CGIDirectory extends Resource {
    private final Path path;
    private final Path realRoot;
    private final CGIConfig config;

    /**
     * @param path the directory
     */
    public CGIDirectory(Path path) {
        this(path, CGIConfig.DEFAULTS);
    }

    /**
     * @param path   the directory
     * @param config how its scripts run
     */
    public CGIDirectory(Path path, CGIConfig config) {
        this(path.toAbsolutePath().normalize(), Confinement.realPath(path), config);
    }

    private CGIDirectory(Path path, Path realRoot, CGIConfig config) {
        this.path = path;
        this.realRoot = realRoot;
        this.config = config;
    }

    /** A script, a subdirectory, or a 404. */
    @Override
    public IResource getChild(String name, Request request) {
        if (name.isEmpty()) {
            return this;
        }
        Path child = Confinement.child(path, realRoot, name);
        if (child == null) {
            return new NoResource("File not found.");
        }
        if (Files.isDirectory(child)) {
            return new CGIDirectory(child, realRoot, config);
        }
        return new CGIScript(child, config);
    }

    /** A 404: CGI directories are not listed. */
    @Override
    public Object render(Request request) {
        return new NoResource("CGI directories do not support directory listing.").render(request);
    }
}
