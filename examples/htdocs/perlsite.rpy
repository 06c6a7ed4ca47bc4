// Seed section "Serving PHP/Perl/CGI": a resource script serving a Perl site, where files
// ending in .pl are run by perl and index.pl is a folder's index. The seed's /perl/website
// is perlsite/ beside htdocs/ here.
// Run: ./twistlet web --path examples/htdocs    then open http://localhost:8080/perlsite.rpy/
import dev.twistlet.web.cgi.FilteredScript;
import dev.twistlet.web.files.FileResource;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

class PerlScript extends FilteredScript {
    PerlScript(Path file) {
        super(file, "/usr/bin/perl"); // points to the perl parser
    }
}

var perlsite = new FileResource(file.getParent().resolveSibling("perlsite")); // points to the perl website
perlsite.setProcessors(Map.of(".pl", (script, folder) -> new PerlScript(script))); // .pl files run as PerlScript
perlsite.setIndexNames(List.of("index.pl"));
cache(); // the same resource serves every request until this file changes
resource = perlsite;
