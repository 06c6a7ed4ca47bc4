package dev.twistlet.web.files;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The one rule for turning a URL segment into a file under a root: the segment names one
 * entry of its directory (never {@code .}, {@code ..}, or a name with {@code /}, {@code \}
 * or NUL), and the entry's real path, links resolved, stays under the root's real path.
 * Used by every resource that maps segments to files.
 */
public final class Confinement {
    private Confinement() {
    }

    /**
     * @param segment a decoded URL segment
     * @return whether it names one entry of a directory
     */
    public static boolean isSafeSegment(String segment) {
        return !segment.isEmpty() && !segment.equals(".") && !segment.equals("..")
                && segment.indexOf('/') < 0 && segment.indexOf('\\') < 0 && segment.indexOf('\0') < 0;
    }

    /**
     * @param directory the directory the segment is looked up in
     * @param realRoot  the real path nothing may lead out of
     * @param segment   the decoded URL segment
     * @return the entry's path (as named, not resolved), or {@code null} when the segment is
     *         unsafe, the entry does not exist, or it leads out of {@code realRoot}
     */
    public static Path child(Path directory, Path realRoot, String segment) {
        if (!isSafeSegment(segment) || realRoot == null) {
            return null;
        }
        Path child = directory.resolve(segment);
        return isInside(realPath(child), realRoot) ? child : null;
    }

    /**
     * @param real     a real path, or {@code null} for one that could not be resolved
     * @param realRoot the real path nothing may lead out of, or {@code null} for one that
     *                 could not be resolved
     * @return whether {@code real} is {@code realRoot} or below it; never when either is {@code null}
     */
    public static boolean isInside(Path real, Path realRoot) {
        return real != null && realRoot != null && real.startsWith(realRoot);
    }

    /**
     * @param path a path
     * @return its real path, or {@code null} when it does not exist or cannot be resolved
     */
    public static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return null;
        }
    }
}
