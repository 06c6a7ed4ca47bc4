package dev.twistlet.launcher;

import java.nio.file.Path;

/**
 * What a configuration script sees, the counterpart of a {@code .tac} file: Java import
 * lines, then statements that build sites and hand them to {@link #application}.
 *
 * <pre>{@code
 * import dev.twistlet.web.Site;
 * import dev.twistlet.web.files.FileResource;
 * import java.nio.file.Path;
 *
 * var root = new FileResource(Path.of("/var/www/htdocs"));
 * application.listen("tcp:8080", new Site(root));
 * }</pre>
 */
public abstract class ConfigurationScript {
    /** The script's own file, so it can find files beside it. */
    protected Path file;
    /** Where the script says what to serve. */
    protected Application application;

    /** Creates the scope; the launcher fills in the fields. */
    protected ConfigurationScript() {
    }

    /**
     * The script's statements.
     *
     * @throws Exception anything the script throws: the launcher reports it and exits 1
     */
    protected abstract void run() throws Exception;

    final void run(Path file, Application application) throws Exception {
        this.file = file;
        this.application = application;
        run();
    }
}
