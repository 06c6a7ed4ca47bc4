package dev.twistlet.web.cgi;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A CGI script run by an interpreter ({@code perl}, {@code php-cgi}, {@code python3}),
 * so the file need not be executable: the counterpart of Twisted's
 * {@code twcgi.FilteredScript}. As in the seed:
 *
 * <pre>{@code
 * class PerlScript extends FilteredScript {
 *     PerlScript(Path file) { super(file, "/usr/bin/perl"); }
 * }
 * root.setProcessors(Map.of(".pl", (file, dir) -> new PerlScript(file)));
 * }</pre>
 */
public class FilteredScript extends CGIScript {
    private final String filter;

    /**
     * @param file   the script
     * @param filter the interpreter's path
     */
    public FilteredScript(Path file, String filter) {
        this(file, filter, CGIConfig.DEFAULTS);
    }

    /**
     * @param file   the script
     * @param filter the interpreter's path
     * @param config how it runs
     */
    public FilteredScript(Path file, String filter, CGIConfig config) {
        super(file, config);
        this.filter = filter;
    }

    /** @return the interpreter */
    public String getFilter() {
        return filter;
    }

    /** @return the interpreter, the script, then any query arguments */
    @Override
    protected List<String> command(List<String> queryArguments) {
        List<String> command = new ArrayList<>();
        command.add(filter);
        command.add(getFile().toString());
        command.addAll(queryArguments);
        return command;
    }
}
