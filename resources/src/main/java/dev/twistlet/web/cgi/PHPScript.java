package dev.twistlet.web.cgi;

import java.nio.file.Path;

/**
 * A PHP page run by {@code /usr/bin/php-cgi}, Twisted's {@code twcgi.PHPScript}:
 * {@code root.addProcessor(".php", (file, dir) -> new PHPScript(file))}. {@code php-cgi}
 * finds the page through {@code SCRIPT_FILENAME} and insists on {@code REDIRECT_STATUS},
 * both of which every script gets.
 */
public class PHPScript extends FilteredScript {
    /** Where Debian's {@code php-cgi} package puts the interpreter. */
    public static final String PHP_CGI = "/usr/bin/php-cgi";

    /**
     * @param file the page
     */
    public PHPScript(Path file) {
        super(file, PHP_CGI);
    }

    /**
     * @param file   the page
     * @param config how it runs
     */
    public PHPScript(Path file, CGIConfig config) {
        super(file, PHP_CGI, config);
    }
}
