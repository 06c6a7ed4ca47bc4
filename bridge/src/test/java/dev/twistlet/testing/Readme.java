package dev.twistlet.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The checkout's {@code README.md} as tests that run its commands read it: its {@code sh}
 * blocks, and folders laid out like the checkout for them to run in. For tests run by Maven
 * in one of the project's modules (the working directory is the module's folder).
 */
public final class Readme {
    /** The checkout: the parent of the module the tests run in. */
    public static final Path CHECKOUT = Path.of("").toAbsolutePath().getParent();

    private Readme() {
    }

    /**
     * @return the text of every {@code ```sh} block of the README, in order, each line ending
     *         with a line break
     * @throws IOException when the README cannot be read
     */
    public static List<String> shellBlocks() throws IOException {
        List<String> blocks = new ArrayList<>();
        StringBuilder block = null;
        for (String line : Files.readAllLines(CHECKOUT.resolve("README.md"))) {
            if (block == null) {
                if (line.equals("```sh")) {
                    block = new StringBuilder();
                }
            } else if (line.equals("```")) {
                blocks.add(block.toString());
                block = null;
            } else {
                block.append(line).append('\n');
            }
        }
        return blocks;
    }

    /**
     * Makes a folder holding symbolic links to the checkout's folders (but {@code .git} and
     * {@code target}) and to its {@code twistlet} script and {@code pom.xml}, so the README's
     * relative paths resolve as in the checkout while what a block writes (keys, classes, a
     * pid file, a Jetty base) stays in the folder.
     *
     * @param parent where to make it, e.g. a test's temporary folder
     * @param links  gets every link made, for the test to delete: a temporary folder's
     *               clean-up should never follow one into the checkout
     * @return the folder
     * @throws IOException when a link cannot be made
     */
    public static Path layout(Path parent, List<Path> links) throws IOException {
        Path folder = Files.createTempDirectory(parent, "checkout");
        try (Stream<Path> entries = Files.list(CHECKOUT)) {
            for (Path entry : entries.toList()) {
                String file = entry.getFileName().toString();
                boolean wanted = Files.isDirectory(entry) ? !file.equals(".git") && !file.equals("target")
                        : file.equals("twistlet") || file.equals("pom.xml");
                if (wanted) {
                    links.add(Files.createSymbolicLink(folder.resolve(file), entry));
                }
            }
        }
        return folder;
    }
}
