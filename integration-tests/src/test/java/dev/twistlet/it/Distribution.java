package dev.twistlet.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * The real Tomcat and Jetty distributions: Maven unpacks them into {@code target/dist} before
 * the integration tests and names them in the system properties {@code twistlet.tomcat.home}
 * and {@code twistlet.jetty.home}.
 */
final class Distribution {
    private Distribution() {
    }

    /**
     * @param property {@code twistlet.tomcat.home} or {@code twistlet.jetty.home}
     * @return the unpacked distribution the system property names; fails the test when it is not
     *         there
     */
    static Path home(String property) {
        String value = System.getProperty(property);
        assertThat(value).as("system property %s (set by integration-tests/pom.xml)", property).isNotNull();
        Path home = Path.of(value);
        assertThat(home).as("%s, unpacked by Maven before the integration tests", property).isDirectory();
        return home;
    }

    /**
     * Copies a folder, modes and all, so that a test may change the copy while the unpacked
     * original stays as downloaded.
     *
     * @return {@code to}
     * @throws IOException when a file cannot be copied
     */
    static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        return to;
    }
}
