package dev.twistlet.web.script;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twistlet.web.Site;
import dev.twistlet.web.files.FileResource;
import dev.twistlet.web.servlet.JettyFixture;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.eclipse.jetty.logging.JettyLogger;
import org.eclipse.jetty.logging.StdErrAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * What the log says about a {@code .rpy} that does not compile: the compiler's errors once
 * per version of the file, one line each; a short line per request; never a stack trace.
 * The log is read from the Jetty logging back end's appender, which every logger shares.
 */
class ScriptCompileErrorLogTest {
    private static final String UNKNOWN_NAME = "nosuch cannot be resolved to a variable";
    private static final String TYPE_MISMATCH = "Type mismatch: cannot convert from String to int";

    @TempDir
    Path dir;
    Path script;
    JettyFixture jetty;
    StdErrAppender appender;
    PrintStream original;
    ByteArrayOutputStream log = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws Exception {
        script = dir.resolve("broken.rpy");
        Files.writeString(script, "resource = nosuch;\n");
        FileResource root = new FileResource(dir);
        root.addProcessor(".rpy", new ResourceScript());
        jetty = JettyFixture.serve(new Site(root));
        appender = (StdErrAppender) ((JettyLogger) LoggerFactory.getLogger(ResourceScript.class)).getAppender();
        original = appender.getStream();
        appender.setStream(new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() throws Exception {
        appender.setStream(original);
        jetty.close();
    }

    @Test
    void aBrokenScriptLogsItsErrorOnceAndOneLinePerRequest() throws Exception {
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> r = jetty.get(i % 2 == 0 ? "/broken.rpy" : "/broken.rpy/below");
            assertThat(r.statusCode()).isEqualTo(500);
            assertThat(r.body()).contains("Processing Failed").doesNotContain("broken.rpy").doesNotContain("nosuch");
        }
        assertThat(count(UNKNOWN_NAME)).as("the compiler's message, once").isEqualTo(1);
        assertThat(lines()).as("naming the file and the line").anyMatch(l -> l.endsWith(script + ":1: error: " + UNKNOWN_NAME));
        assertNoStackTrace(lines());
        assertThat(lines()).as("at most one line per request, and the error").hasSizeLessThanOrEqualTo(10 + 1);
    }

    @Test
    void eachNewVersionIsLoggedOnceAndATouchIsNotANewVersion() throws Exception {
        assertThat(jetty.get("/broken.rpy").statusCode()).isEqualTo(500);
        Files.setLastModifiedTime(script, FileTime.from(Instant.now().plusSeconds(5)));
        assertThat(jetty.get("/broken.rpy").statusCode()).isEqualTo(500);
        assertThat(count(UNKNOWN_NAME)).as("touched, same text: logged once").isEqualTo(1);

        Files.writeString(script, """
                int a = "one";
                int b = "two";
                resource = null;
                """);
        for (int i = 0; i < 3; i++) {
            assertThat(jetty.get("/broken.rpy").statusCode()).isEqualTo(500);
        }
        assertThat(count(TYPE_MISMATCH)).as("two errors, one line each, once").isEqualTo(2);
        assertThat(lines()).anyMatch(l -> l.endsWith(script + ":1: error: " + TYPE_MISMATCH))
                .anyMatch(l -> l.endsWith(script + ":2: error: " + TYPE_MISMATCH));
        assertThat(count(UNKNOWN_NAME)).as("the old error is not logged again").isEqualTo(1);

        Files.writeString(script, """
                import dev.twistlet.web.Request;
                import dev.twistlet.web.Resource;
                resource = new Resource() {
                    @Override public Object renderGet(Request request) { return "fixed"; }
                };
                """);
        HttpResponse<String> fixed = jetty.get("/broken.rpy");
        assertThat(fixed.statusCode()).as(fixed.body()).isEqualTo(200);
        assertThat(fixed.body()).isEqualTo("fixed");

        Files.writeString(script, "resource = nosuch;\n");
        assertThat(jetty.get("/broken.rpy").statusCode()).isEqualTo(500);
        assertThat(count(UNKNOWN_NAME)).as("broken again: a new version, logged again").isEqualTo(2);
        assertNoStackTrace(lines());
    }

    @Test
    void theErrorsAreOnThePageOnlyWhenTheSiteDisplaysTracebacks() throws Exception {
        jetty.site().setDisplayTracebacks(true);
        HttpResponse<String> shown = jetty.get("/broken.rpy");
        assertThat(shown.statusCode()).isEqualTo(500);
        assertThat(shown.body()).contains(script + ":1: error: " + UNKNOWN_NAME).contains("resource = nosuch;");
    }

    private List<String> lines() {
        return log.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private long count(String text) {
        return lines().stream().filter(l -> l.contains(text)).count();
    }

    private static void assertNoStackTrace(List<String> lines) {
        assertThat(lines).as("no stack trace").noneMatch(l -> l.startsWith("\tat ") || l.contains("Exception")
                || l.startsWith("Caused by"));
    }
}
