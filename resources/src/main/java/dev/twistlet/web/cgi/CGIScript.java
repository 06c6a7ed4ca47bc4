package dev.twistlet.web.cgi;

import dev.twistlet.web.ErrorPage;
import dev.twistlet.web.IResource;
import dev.twistlet.web.PathSegments;
import dev.twistlet.web.Request;
import dev.twistlet.web.Resource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a file as a CGI script (RFC 3875) for every request that reaches it, in the
 * script's directory, the counterpart of Twisted's {@code twcgi.CGIScript}. A leaf: the
 * rest of the path is the script's {@code PATH_INFO}.
 *
 * <p>The request body is streamed to the script's stdin; its stdout is streamed to the
 * client as it comes, after its header block ({@code Status:} sets the status, a
 * {@code Location:} without one is a 302). What {@link CGIConfig} allows of the request's
 * headers and of the server's environment is passed, nothing more: never the
 * {@code Proxy} header (httpoxy). A script that cannot be started or ends before its
 * headers is a 500; one whose headers are too long or malformed, a 502; one that runs past
 * its timeout is killed with its children, a 504. A client that goes away kills it too.
 */
public class CGIScript extends Resource {
    private static final Logger LOG = LoggerFactory.getLogger(CGIScript.class);

    private final Path file;
    private final Path documentRoot;
    private final CGIConfig config;

    /**
     * @param file the script; it must be executable
     */
    public CGIScript(Path file) {
        this(file, CGIConfig.DEFAULTS);
    }

    /**
     * @param file   the script
     * @param config how it runs
     */
    public CGIScript(Path file, CGIConfig config) {
        this(file, null, config);
    }

    /**
     * @param file         the script
     * @param documentRoot where {@code PATH_TRANSLATED} and {@code DOCUMENT_ROOT} point;
     *                     {@code null} for the script's own directory
     * @param config       how it runs
     */
    public CGIScript(Path file, Path documentRoot, CGIConfig config) {
        this.file = file.toAbsolutePath().normalize();
        this.documentRoot = documentRoot != null ? documentRoot.toAbsolutePath().normalize() : this.file.getParent();
        this.config = config;
    }

    /** @return the script */
    public Path getFile() {
        return file;
    }

    /** @return how it runs */
    public CGIConfig getConfig() {
        return config;
    }

    /** @return {@code true}: the path below the script is its {@code PATH_INFO} */
    @Override
    public boolean isLeaf() {
        return true;
    }

    /**
     * The program and arguments that run the script: the script itself here; an
     * interpreter and the script in {@link FilteredScript}.
     *
     * @param queryArguments the arguments from the query string (empty unless enabled)
     * @return the command line
     */
    protected List<String> command(List<String> queryArguments) {
        List<String> command = new ArrayList<>();
        command.add(file.toString());
        command.addAll(queryArguments);
        return command;
    }

    /**
     * Starts the script for any method and answers with what it writes. The dispatcher has
     * read the request body whole before this (Twisted's way), so the script gets all of it,
     * with its length, and no byte the client sends later can be mistaken for part of it.
     */
    @Override
    public Object render(Request request) {
        long length = request.getContentLength();
        InputStream body;
        try {
            body = length > 0 ? request.getContent() : null;
        } catch (IOException e) {
            return new ErrorPage(400, "Bad Request", "The request body could not be read.").render(request);
        }
        Map<String, String> env = CGIEnvironment.of(request, file, documentRoot, config, length);
        ProcessBuilder builder = new ProcessBuilder(command(queryArguments(request))).directory(file.getParent().toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            LOG.error("CGI script {} cannot be started: {}", file, e.getMessage());
            return new ErrorPage(500, "CGI Script Error", "The script could not be started.").render(request);
        }
        CGIRun.start(request, this, process, String.valueOf(file.getFileName()), body, Math.max(0, length), config);
        return IResource.NOT_DONE_YET;
    }

    private List<String> queryArguments(Request request) {
        String query = request.getQuery();
        if (!config.queryArguments() || query == null || query.isEmpty() || query.indexOf('=') >= 0) {
            return List.of();
        }
        List<String> arguments = new ArrayList<>();
        for (String word : query.split("\\+", -1)) {
            arguments.add(PathSegments.decode(word));
        }
        return arguments;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + file + "]";
    }
}
