package dev.twistlet.web.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twistlet.web.Site;
import dev.twistlet.web.servlet.JettyFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A FileResource whose root does not exist yet when it is made: once the root is created,
 * its files are served, and a link out of it still is not (the root's real path is found
 * when first needed, by the same rule as every other confinement).
 */
class FileResourceLaterRootTest {
    @TempDir
    Path dir;

    @Test
    void aRootCreatedLaterIsServedAndStillConfined() throws Exception {
        Path site = dir.resolve("later");
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "secret");
        FileResource root = new FileResource(site, Duration.ZERO, 0, 0); // nothing cached: each request looks again
        try (JettyFixture jetty = JettyFixture.serve(new Site(root))) {
            assertThat(jetty.get("/page.txt").statusCode()).as("no root yet").isEqualTo(404);
            Files.createDirectories(site);
            Files.writeString(site.resolve("page.txt"), "a page");
            Files.createSymbolicLink(site.resolve("out.txt"), outside.resolve("secret.txt"));
            assertThat(jetty.get("/page.txt").body()).isEqualTo("a page");
            assertThat(jetty.get("/out.txt").statusCode()).isEqualTo(404);
        }
    }
}
