package dev.twistlet.web.servlet;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server in a JVM of its own, for tests that need a different runtime (no
 * {@code jdk.compiler}, a newer Java, a small heap): runs a main class from the test class
 * path that serves with {@link JettyFixture#serveUntilInputCloses}, reads the port it
 * prints, and stops it by closing its input.
 */
public final class ChildJvm implements AutoCloseable {
    private final Process process;
    private final int port;

    private ChildJvm(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * @param java     the {@code java} launcher to run
     * @param jvmArgs  options before the class path, e.g. {@code -Xmx48m}
     * @param main     the main class, on this JVM's class path
     * @param args     its arguments
     * @return the running server, once it has said its port
     * @throws IOException    when it cannot be started
     * @throws AssertionError when it does not say its port
     */
    public static ChildJvm start(String java, List<String> jvmArgs, Class<?> main, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(jvmArgs);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String line = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)).readLine();
        if (line == null || !line.startsWith("port ")) {
            process.destroyForcibly();
            throw new AssertionError(main.getSimpleName() + " did not start; it said: " + line);
        }
        return new ChildJvm(process, Integer.parseInt(line.substring(5)));
    }

    /** @return the java launcher of the JVM running the tests */
    public static String currentJava() {
        return java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** @return the port the server listens on, on 127.0.0.1 */
    public int port() {
        return port;
    }

    /** @return whether the JVM still runs */
    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Closes its input, so it stops, and waits for it.
     *
     * @return its exit status
     * @throws Exception when waiting is interrupted
     */
    public int stop() throws Exception {
        process.getOutputStream().close();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        return process.exitValue();
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            stop();
        }
    }
}
