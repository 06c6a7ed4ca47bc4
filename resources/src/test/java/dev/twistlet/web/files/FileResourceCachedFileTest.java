package dev.twistlet.web.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twistlet.web.IResource;
import dev.twistlet.web.Request;
import dev.twistlet.web.Resource;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link FileResource#cachedFile}: a file's answer only where traversal and rendering would
 * send exactly the file, and only from facts the cache holds now.
 */
class FileResourceCachedFileTest {
    @TempDir
    static Path dir;
    static Path site;

    @BeforeAll
    static void files() throws Exception {
        site = Files.createDirectories(dir.resolve("site"));
        Files.writeString(site.resolve("a.txt"), "hello");
        Files.setLastModifiedTime(site.resolve("a.txt"), FileTime.from(Instant.parse("2025-03-04T05:06:07Z")));
        Files.createDirectories(site.resolve("sub"));
        Files.writeString(site.resolve("sub/index.html"), "index");
        Files.writeString(site.resolve("run.rpy"), "a script");
        Files.writeString(site.resolve("named.txt"), "found by its extension");
        Files.write(site.resolve("big.bin"), new byte[300_000]);
        Files.writeString(dir.resolve("secret.txt"), "secret");
        Files.createSymbolicLink(site.resolve("link.txt"), dir.resolve("secret.txt"));
    }

    static FileResource root(Duration validity) {
        FileResource root = new FileResource(site, validity, 256 * 1024, 1024 * 1024);
        root.addProcessor(".rpy", (file, directory) -> new Resource());
        root.ignoreExt(".txt");
        root.putChild("child.txt", new Resource());
        return root;
    }

    /** Traverses as a request would, which fills the cache with what it looks at. */
    static IResource walk(FileResource root, String... segments) {
        IResource at = root;
        for (String segment : segments) {
            at = at.getChildWithDefault(segment, (Request) null);
        }
        return at;
    }

    static String text(CachedFile file) {
        return StandardCharsets.UTF_8.decode(file.bytes()).toString();
    }

    @Test
    void aSmallFileIsKnownOnceTraversalHasLookedAtIt() {
        FileResource root = root(Duration.ofMinutes(1));
        assertThat(root.cachedFile(List.of("a.txt"))).as("never looked at").isNull();
        walk(root, "a.txt");
        CachedFile file = root.cachedFile(List.of("a.txt"));
        assertThat(text(file)).isEqualTo("hello");
        assertThat(file.length()).isEqualTo(5);
        assertThat(file.type()).isEqualTo("text/plain");
        assertThat(file.encoding()).isNull();
        assertThat(file.etag()).startsWith("\"5-").endsWith("\"");
        assertThat(file.lastModifiedMillis()).isEqualTo(Instant.parse("2025-03-04T05:06:07Z").toEpochMilli());
    }

    @Test
    void aDirectorysIndexIsItsAnswer() {
        FileResource root = root(Duration.ofMinutes(1));
        walk(root, "sub", "");
        assertThat(text(root.cachedFile(List.of("sub", "")))).isEqualTo("index");
        assertThat(root.cachedFile(List.of("sub"))).as("a redirect to the slash").isNull();
    }

    @Test
    void eachViewOfTheBytesIsTheCallersOwn() {
        FileResource root = root(Duration.ofMinutes(1));
        walk(root, "a.txt");
        ByteBuffer first = root.cachedFile(List.of("a.txt")).bytes();
        first.get(new byte[3]);
        assertThat(first.isReadOnly()).isTrue();
        assertThat(text(root.cachedFile(List.of("a.txt")))).isEqualTo("hello");
    }

    @Test
    void whatTheUsualWayAnswersOtherwiseIsNeverACachedFile() {
        FileResource root = root(Duration.ofMinutes(1));
        List<List<String>> paths = List.of(List.of("run.rpy"), List.of("child.txt"), List.of("named"),
                List.of("big.bin"), List.of("link.txt"), List.of(".."), List.of("..", "secret.txt"),
                List.of("sub/index.html"), List.of("missing.txt"), List.of("a.txt", ""), List.of());
        for (List<String> path : paths) {
            walk(root, path.toArray(String[]::new));
            walk(root, path.toArray(String[]::new));
            assertThat(root.cachedFile(path)).as(path.toString()).isNull();
        }
    }

    @Test
    void factsOlderThanTheValidityAreNotUsed() throws Exception {
        FileResource root = root(Duration.ofMillis(200));
        walk(root, "a.txt");
        assertThat(root.cachedFile(List.of("a.txt"))).isNotNull();
        Thread.sleep(300);
        assertThat(root.cachedFile(List.of("a.txt"))).isNull();
        assertThat(root(Duration.ZERO).cachedFile(List.of("a.txt"))).as("no cache, never").isNull();
    }
}
