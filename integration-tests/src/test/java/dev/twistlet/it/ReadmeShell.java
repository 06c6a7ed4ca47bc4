package dev.twistlet.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twistlet.testing.Readme;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The README's container blocks as the tests that run them on the real distributions pick and
 * run them: one {@code sh} block, found by what it mentions, run whole by {@code bash} with its
 * last line {@code exec}'d, so that the server is the process the test holds.
 */
final class ReadmeShell {
    /**
     * What the blocks of "Sessions in PostgreSQL for WAR users" mention, and the plain deploy
     * blocks do not: the database they keep sessions in.
     */
    static final String POSTGRES = "PGHOST";

    private ReadmeShell() {
    }

    /**
     * @param which what the block must mention (or not)
     * @param what  the block, described for the failure message
     * @return the one {@code sh} block of the README that {@code which} accepts
     * @throws IOException when the README cannot be read
     */
    static String block(Predicate<String> which, String what) throws IOException {
        List<String> found = Readme.shellBlocks().stream().filter(which).toList();
        assertThat(found).as("the README's sh blocks: %s", what).hasSize(1);
        return found.get(0);
    }

    /**
     * A {@code bash} running the whole block as one script, its last command {@code exec}'d, in
     * {@code folder}, with {@code JAVA_HOME} (and {@code java} on the {@code PATH}) the JDK running
     * the test. {@code set -e} stops it at the first step that fails.
     *
     * @param block  the block's text
     * @param folder where it runs: made by {@link Readme#layout}, so that
     *               {@code war-sample/target/twistlet-sample.war} means what it means in the checkout
     * @return the builder, for the caller to add to the environment and start
     */
    static ProcessBuilder shell(String block, Path folder) {
        List<String> lines = new ArrayList<>(block.lines().filter(l -> !l.isBlank()).toList());
        int last = lines.size() - 1;
        lines.set(last, "exec " + lines.get(last));
        String script = "set -e\n" + String.join("\n", lines) + "\n";
        Path war = Readme.CHECKOUT.resolve("war-sample/target/twistlet-sample.war");
        assertThat(war).as("the WAR the README copies (mvn -B package builds it)").isRegularFile();
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", script).directory(folder.toFile());
        String javaHome = System.getProperty("java.home");
        builder.environment().put("JAVA_HOME", javaHome);
        builder.environment().merge("PATH", javaHome + "/bin", (path, jdk) -> jdk + ":" + path);
        return builder;
    }
}
