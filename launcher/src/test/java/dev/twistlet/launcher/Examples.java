package dev.twistlet.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/** The project's {@code examples/} as the process tests run them: copied, on free ports. */
final class Examples {
    /** The examples folder of the project. */
    static final Path SOURCE = Path.of("").toAbsolutePath().getParent().resolve("examples");

    private Examples() {
    }

    /**
     * Copies {@code examples/} into {@code dir}, turning each script's {@code "tcp:8080"} into
     * a free port on loopback and keeping files' modes (CGI scripts stay executable).
     *
     * @param dir a temporary folder
     * @return the copy
     * @throws IOException when a file cannot be copied
     */
    static Path copy(Path dir) throws IOException {
        Path examples = dir.resolve("examples");
        try (Stream<Path> files = Files.walk(SOURCE)) {
            for (Path source : files.toList()) {
                Path target = examples.resolve(SOURCE.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else if (source.toString().endsWith(".java")) {
                    Files.writeString(target, Files.readString(source)
                            .replace("\"tcp:8080\"", "\"tcp:port=0:interface=127.0.0.1\""));
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return examples;
    }

    /**
     * Runs a command until its server answers, hands its URL over, then stops it with SIGTERM
     * and expects status 0.
     *
     * @param command the command line
     * @param check   what to ask the server
     * @throws Exception when the check or the server fails
     */
    static void serving(List<String> command, Check check) throws Exception {
        LauncherProcessIT.Run run = LauncherProcessIT.Run.start(command);
        try {
            check.on(run.awaitUrl(), run);
            assertThat(new ProcessBuilder("kill", "-TERM", Long.toString(run.process().pid())).start().waitFor()).isZero();
            assertThat(run.awaitExit()).as("exit status after SIGTERM").isZero();
        } finally {
            run.process().destroyForcibly();
        }
    }

    /**
     * Gives a copied script's fixed port (a back end it starts) a free one.
     *
     * @param script the copied script
     * @param port   the port it names, e.g. {@code "8081"}
     * @param free   the port to use instead
     * @return the script's path
     * @throws IOException when it cannot be rewritten
     */
    static String withPort(Path script, String port, int free) throws IOException {
        Files.writeString(script, Files.readString(script).replace(port, Integer.toString(free)));
        return script.toString();
    }

    /**
     * Writes {@code upload.rpy}, a resource script that reads its request body and answers
     * {@code read N} with its length, for tests of how bodies are taken.
     *
     * @param dir the folder to serve
     * @throws IOException when it cannot be written
     */
    static void writeUploadScript(Path dir) throws IOException {
        Files.writeString(dir.resolve("upload.rpy"), """
                import dev.twistlet.web.Request;
                import dev.twistlet.web.Resource;

                resource = new Resource() {
                    @Override
                    public Object renderPost(Request request) {
                        try (var in = request.getContent()) {
                            return "read " + in.readAllBytes().length;
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }
                };
                """);
    }

    /** What a test asks a running example. */
    interface Check {
        /**
         * @param url the URL the server printed
         * @param run the process, for its output
         * @throws Exception when the check fails
         */
        void on(URI url, LauncherProcessIT.Run run) throws Exception;
    }
}
