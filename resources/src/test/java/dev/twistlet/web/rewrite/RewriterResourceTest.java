package dev.twistlet.web.rewrite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twistlet.web.Request;
import dev.twistlet.web.Resource;
import dev.twistlet.web.Site;
import dev.twistlet.web.distrib.UserDirectory;
import dev.twistlet.web.files.FileResource;
import dev.twistlet.web.servlet.JettyFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's "classical configuration": {@code /~foo/bar.html} served from foo's
 * {@code public_html} through {@code tildeToUsers} and a {@link UserDirectory}; plus the
 * alias and regex rules.
 */
class RewriterResourceTest {
    @TempDir
    static Path dir;
    static JettyFixture jetty;

    @BeforeAll
    static void start() throws Exception {
        Path htdocs = Files.createDirectories(dir.resolve("htdocs"));
        Files.writeString(htdocs.resolve("index.html"), "the main site");
        Path homes = dir.resolve("home");
        Files.createDirectories(homes.resolve("foo/public_html"));
        Files.writeString(homes.resolve("foo/public_html/bar.html"), "foo's bar page");
        Files.writeString(homes.resolve("foo/secret.txt"), "not published");
        Files.createDirectories(homes.resolve("bar"));

        FileResource root = new FileResource(htdocs);
        root.putChild("users", new UserDirectory(homes));
        root.putChild("echo", new Resource() {
            @Override
            public boolean isLeaf() {
                return true;
            }

            @Override
            public Object renderGet(Request request) {
                return "path=" + request.getPath() + " prepath=" + request.getPrepath() + " postpath=" + request.getPostpath();
            }
        });
        jetty = JettyFixture.serve(new Site(new RewriterResource(root, RewriterResource.tildeToUsers(),
                RewriterResource.alias("old/place", "echo/new"), RewriterResource.regex("^v(\\d+)/(.*)$", "echo/$2/version-$1"))));
    }

    @AfterAll
    static void stop() throws Exception {
        jetty.close();
    }

    @Test
    void tildeUrlsReachTheUsersPublicHtml() throws Exception {
        assertThat(jetty.get("/~foo/bar.html").body()).isEqualTo("foo's bar page");
        assertThat(jetty.get("/users/foo/bar.html").body()).isEqualTo("foo's bar page");
        assertThat(jetty.get("/").body()).isEqualTo("the main site");
    }

    @Test
    void theUserListShowsThoseWithAHomePage() throws Exception {
        String listing = jetty.get("/users/").body();
        assertThat(listing).contains("<a href=\"foo/\">foo</a>").doesNotContain("bar/");
    }

    @Test
    void unknownUsersAndPathsOutsidePublicHtmlAre404() throws Exception {
        assertThat(jetty.get("/~nobody/x.html").statusCode()).isEqualTo(404);
        assertThat(jetty.get("/~bar/").statusCode()).as("no public_html").isEqualTo(404);
        assertThat(jetty.get("/~foo/secret.txt").statusCode()).isEqualTo(404);
        try (var socket = jetty.rawRequest("GET /~foo/%2E%2E/secret.txt HTTP/1.1")) {
            assertThat(JettyFixture.readUntil(socket.getInputStream(), "\r\n")).doesNotContain(" 200 ");
        }
    }

    @Test
    void homesMayComeFromAPasswordFile() throws Exception {
        Path passwd = dir.resolve("passwd");
        Files.writeString(passwd, "root:x:0:0:root:/root:/bin/bash\nfoo:x:1000:1000:Foo,,,:" + dir.resolve("home/foo")
                + ":/bin/sh\nbroken line\n");
        dev.twistlet.web.Resource root = new dev.twistlet.web.Resource();
        root.putChild("users", UserDirectory.fromPasswordFile(passwd));
        try (JettyFixture users = JettyFixture.serve(new Site(new RewriterResource(root, RewriterResource.tildeToUsers())))) {
            assertThat(users.get("/~foo/bar.html").body()).isEqualTo("foo's bar page");
            assertThat(users.get("/users/").body()).contains("href=\"foo/\"").doesNotContain("root/");
            assertThat(users.get("/~root/").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void aliasAndRegexRulesRewriteThePathTheRequestReports() throws Exception {
        assertThat(jetty.get("/old/place/x").body()).isEqualTo("path=/echo/new/x prepath=[echo] postpath=[new, x]");
        assertThat(jetty.get("/v2/a/b").body()).isEqualTo("path=/echo/a/b/version-2 prepath=[echo] postpath=[a, b, version-2]");
        assertThat(jetty.get("/echo/plain").body()).isEqualTo("path=/echo/plain prepath=[echo] postpath=[plain]");
    }
}
