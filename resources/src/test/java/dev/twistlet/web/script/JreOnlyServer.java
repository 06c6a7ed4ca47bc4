package dev.twistlet.web.script;

import dev.twistlet.web.Site;
import dev.twistlet.web.files.FileResource;
import dev.twistlet.web.servlet.JettyFixture;
import java.nio.file.Path;
import javax.tools.ToolProvider;

/**
 * Serves a directory's {@code .rpy} scripts from a JVM that must have no system Java
 * compiler (started with {@code --limit-modules java.se}): prints {@code port N}, serves
 * until its standard input closes. Exits 3 if a compiler is there after all.
 */
public final class JreOnlyServer {
    private JreOnlyServer() {
    }

    /**
     * @param args the directory to serve
     * @throws Exception when serving fails
     */
    public static void main(String[] args) throws Exception {
        if (ToolProvider.getSystemJavaCompiler() != null || ModuleLayer.boot().findModule("jdk.compiler").isPresent()) {
            System.out.println("a system Java compiler is present");
            System.exit(3);
        }
        FileResource root = new FileResource(Path.of(args[0]));
        root.addProcessor(".rpy", new ResourceScript());
        JettyFixture.serveUntilInputCloses(new Site(root));
    }
}
