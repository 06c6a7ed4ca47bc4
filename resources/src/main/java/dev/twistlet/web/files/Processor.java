package dev.twistlet.web.files;

import dev.twistlet.web.IResource;
import java.nio.file.Path;

/**
 * Turns a file into the resource that answers for it, by extension: Twisted's
 * {@code File.processors}, e.g. {@code .rpy} to a resource script, {@code .asis} to
 * {@link ASISProcessor}.
 */
@FunctionalInterface
public interface Processor {

    /**
     * @param file      the file traversal found
     * @param directory the directory resource it was found in (its settings, its registry)
     * @return the resource that renders it
     */
    IResource create(Path file, FileResource directory);
}
