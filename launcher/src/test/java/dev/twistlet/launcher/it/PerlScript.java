package dev.twistlet.launcher.it;

import dev.twistlet.web.cgi.FilteredScript;
import java.nio.file.Path;

/** The seed's PerlScript, as a user's class for {@code --processor .pl=dev.twistlet.launcher.it.PerlScript}. */
public class PerlScript extends FilteredScript {
    /** @param file the Perl script */
    public PerlScript(Path file) {
        super(file, "/usr/bin/perl");
    }
}
