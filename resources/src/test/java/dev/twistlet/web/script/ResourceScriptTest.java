package dev.twistlet.web.script;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twistlet.web.Site;
import dev.twistlet.web.files.FileResource;
import dev.twistlet.web.servlet.JettyFixture;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** .rpy scripts served by a FileResource over a real socket, as a site built like the seed's would be. */
class ResourceScriptTest {
    @TempDir
    static Path dir;
    static Path htdocs;
    static JettyFixture jetty;
    static JettyFixture tracebacks;

    static final String MY_RESOURCE = """
            import dev.twistlet.web.Request;
            import dev.twistlet.web.Resource;

            class MyResource extends Resource {
                @Override
                public Object renderGet(Request request) {
                    return "<html>Hello, world!</html>";
                }
            }

            resource = new MyResource();
            """;

    static final String COUNTER = """
            import dev.twistlet.web.Request;
            import dev.twistlet.web.Resource;
            import sillyweb.Counter;

            var counter = registry.getComponent(Counter.class);
            if (counter == null) {
                registry.setComponent(Counter.class, new Counter());
            }
            counter = registry.getComponent(Counter.class);
            var shared = counter;

            class MyResource extends Resource {
                @Override
                public Object renderGet(Request request) {
                    shared.increment();
                    return "you are visitor %d".formatted(shared.getValue());
                }
            }

            resource = new MyResource();
            """;

    @BeforeAll
    static void start() throws Exception {
        htdocs = Files.createDirectories(dir.resolve("htdocs"));
        Files.writeString(htdocs.resolve("hello.rpy"), MY_RESOURCE);
        Files.writeString(htdocs.resolve("counter.rpy"), COUNTER);
        Files.writeString(htdocs.resolve("broken.rpy"), """
                import dev.twistlet.web.Resource;

                resource = new Resource() {
                    int x = "not a number";
                };
                """);
        Files.writeString(htdocs.resolve("forgot.rpy"), "import dev.twistlet.web.Resource;\nvar r = new Resource();\n");
        Files.writeString(htdocs.resolve("throws.rpy"), "if (true) throw new IllegalStateException(\"script says no\");\n");
        Files.writeString(htdocs.resolve("leaf.rpy"), """
                import dev.twistlet.web.Request;
                import dev.twistlet.web.Resource;

                resource = new Resource() {
                    @Override public boolean isLeaf() { return true; }
                    @Override public Object renderGet(Request request) {
                        return "prepath=" + request.getPrepath() + " postpath=" + request.getPostpath();
                    }
                };
                """);
        Files.writeString(htdocs.resolve("cached.rpy"), """
                import dev.twistlet.web.Request;
                import dev.twistlet.web.Resource;
                import java.util.concurrent.atomic.AtomicInteger;

                cache();
                var renders = new AtomicInteger();
                resource = new Resource() {
                    @Override public Object renderGet(Request request) { return "render " + renders.incrementAndGet(); }
                };
                """);
        Files.writeString(htdocs.resolve("file.rpy"), """
                import dev.twistlet.web.Resource;
                import dev.twistlet.web.Request;
                resource = new Resource() {
                    @Override public Object renderGet(Request request) { return file.getFileName().toString(); }
                };
                """);
        Files.createDirectories(dir.resolve("scripts/sub"));
        Files.writeString(dir.resolve("scripts/plain"), MY_RESOURCE);
        Files.writeString(dir.resolve("scripts/sub/deeper"), MY_RESOURCE.replace("Hello", "Deep"));
        Files.writeString(dir.resolve("outside.rpy"), MY_RESOURCE.replace("Hello", "Outside"));
        Files.writeString(dir.resolve("wrapped.rpy"), Files.readString(htdocs.resolve("leaf.rpy")));

        jetty = JettyFixture.serve(new Site(root()));
        Site shown = new Site(root());
        shown.setDisplayTracebacks(true);
        tracebacks = JettyFixture.serve(shown);
    }

    static FileResource root() {
        FileResource root = new FileResource(htdocs);
        root.setProcessors(Map.of(".rpy", new ResourceScript()));
        root.putChild("scripts", new ResourceScriptDirectory(dir.resolve("scripts"), root.getRegistry()));
        root.putChild("wrapped", new ResourceScriptWrapper(dir.resolve("wrapped.rpy")));
        return root;
    }

    @AfterAll
    static void stop() throws Exception {
        jetty.close();
        tracebacks.close();
    }

    @Test
    void theSeedsMyResourceRenders() throws Exception {
        HttpResponse<String> r = jetty.get("/hello.rpy");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("<html>Hello, world!</html>");
    }

    @Test
    void theSeedsCounterKeepsCountingInTheRegistryAcrossAnEdit() throws Exception {
        String first = jetty.get("/counter.rpy").body();
        int n = Integer.parseInt(first.replace("you are visitor ", ""));
        assertThat(jetty.get("/counter.rpy").body()).isEqualTo("you are visitor " + (n + 1));
        Path script = htdocs.resolve("counter.rpy");
        try {
            Files.writeString(script, COUNTER.replace("you are visitor %d", "visitor number %d"));
            assertThat(jetty.get("/counter.rpy").body()).isEqualTo("visitor number " + (n + 2));
        } finally {
            Files.writeString(script, COUNTER);
        }
    }

    @Test
    void anEditShowsOnTheNextRequest() throws Exception {
        Path script = htdocs.resolve("edited.rpy");
        Files.writeString(script, MY_RESOURCE);
        assertThat(jetty.get("/edited.rpy").body()).isEqualTo("<html>Hello, world!</html>");
        Files.writeString(script, MY_RESOURCE.replace("Hello, world!", "Hello again"));
        assertThat(jetty.get("/edited.rpy").body()).isEqualTo("<html>Hello again</html>");
        Files.writeString(script, MY_RESOURCE.replace("Hello, world!", "Hello, third"));
        assertThat(jetty.get("/edited.rpy").body()).isEqualTo("<html>Hello, third</html>");
    }

    @Test
    void aCompileErrorIsA500NamingFileAndLineOnlyWhenTracebacksAreShown() throws Exception {
        HttpResponse<String> hidden = jetty.get("/broken.rpy");
        assertThat(hidden.statusCode()).isEqualTo(500);
        assertThat(hidden.body()).contains("Processing Failed").doesNotContain("broken.rpy").doesNotContain("String");

        HttpResponse<String> shown = tracebacks.get("/broken.rpy");
        assertThat(shown.statusCode()).isEqualTo(500);
        assertThat(shown.body()).contains("broken.rpy:4: error: Type mismatch: cannot convert from String to int");

        assertThat(jetty.get("/hello.rpy").statusCode()).as("other scripts still work").isEqualTo(200);
    }

    @Test
    void aScriptThatAssignsNoResourceSaysSo() throws Exception {
        HttpResponse<String> r = jetty.get("/forgot.rpy");
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).contains("You forgot to assign to the variable &quot;resource&quot; in your script forgot.rpy");
    }

    @Test
    void aScriptThatThrowsIsA500WithItsTraceOnlyWhenShown() throws Exception {
        assertThat(jetty.get("/throws.rpy").statusCode()).isEqualTo(500);
        assertThat(jetty.get("/throws.rpy").body()).doesNotContain("script says no");
        HttpResponse<String> shown = tracebacks.get("/throws.rpy");
        assertThat(shown.body()).contains("script says no").contains("throws.rpy:1");
    }

    @Test
    void traversalGoesOnBelowTheScript() throws Exception {
        assertThat(jetty.get("/leaf.rpy/extra/x").body()).isEqualTo("prepath=[leaf.rpy] postpath=[extra, x]");
        assertThat(jetty.get("/hello.rpy/nothing").statusCode()).as("not a leaf: no such child").isEqualTo(404);
    }

    @Test
    void theScriptSeesItsOwnFile() throws Exception {
        assertThat(jetty.get("/file.rpy").body()).isEqualTo("file.rpy");
    }

    @Test
    void aCachedResourceIsReusedUntilTheFileChanges() throws Exception {
        assertThat(jetty.get("/cached.rpy").body()).isEqualTo("render 1");
        assertThat(jetty.get("/cached.rpy").body()).isEqualTo("render 2");
        Path script = htdocs.resolve("cached.rpy");
        Files.setLastModifiedTime(script, java.nio.file.attribute.FileTime.from(java.time.Instant.now()));
        assertThat(jetty.get("/cached.rpy").body()).as("touched, same text: not recompiled").isEqualTo("render 3");
        Files.writeString(script, Files.readString(script).replace("render ", "again "));
        assertThat(jetty.get("/cached.rpy").body()).isEqualTo("again 1");
    }

    @Test
    void aScriptDirectoryRunsEveryFileAndListsNothing() throws Exception {
        assertThat(jetty.get("/scripts/plain").body()).isEqualTo("<html>Hello, world!</html>");
        assertThat(jetty.get("/scripts/sub/deeper").body()).isEqualTo("<html>Deep, world!</html>");
        assertThat(jetty.get("/scripts/").statusCode()).isEqualTo(404);
        assertThat(jetty.get("/scripts/missing").statusCode()).isEqualTo(404);
        assertThat(jetty.get("/scripts/sub").statusCode()).isEqualTo(404);
    }

    @Test
    void aScriptDirectoryNeverRunsAFileOutsideIt() throws Exception {
        for (String path : new String[] {"/scripts/%2E%2E/outside.rpy", "/scripts/..%2Foutside.rpy",
                "/scripts/sub/%2e%2e/%2e%2e/outside.rpy"}) {
            try (var socket = jetty.rawRequest("GET " + path + " HTTP/1.1")) {
                String head = JettyFixture.readUntil(socket.getInputStream(), "\r\n");
                assertThat(head).as(path).doesNotContain(" 200 ");
            }
        }
        Files.createSymbolicLink(dir.resolve("scripts/link"), dir.resolve("outside.rpy"));
        assertThat(jetty.get("/scripts/link").statusCode()).isEqualTo(404);
    }

    @Test
    void aWrappedScriptIsTheResourceWhereverItIsMounted() throws Exception {
        assertThat(jetty.get("/wrapped/a/b").body()).isEqualTo("prepath=[wrapped] postpath=[a, b]");
    }
}
