package dev.twistlet.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * The file of a {@code unix:} endpoint, from claim to removal. The socket is bound inside a
 * folder only the owner can enter, given its mode there, and only then moved into place, so
 * no other user can connect in between (a bind takes the process's umask, not the mode
 * asked for). With {@code wantPID=1} a lock file beside it records this process's PID: a
 * socket whose lock names a dead process is stale and replaced; one whose lock names a live
 * process is refused. At the end the socket and lock are removed, if they are still ours.
 */
final class UnixSocketFile {
    private final UnixEndpoint endpoint;
    private final PidFile lock;
    private Path privateFolder;
    private Object socketKey;

    /** @param endpoint the endpoint whose file this is */
    UnixSocketFile(UnixEndpoint endpoint) {
        this.endpoint = endpoint;
        this.lock = new PidFile(endpoint.path().resolveSibling(endpoint.path().getFileName() + ".lock"));
    }

    /**
     * Takes the path: the lock when asked for, and a private folder to bind in.
     *
     * @return where to bind
     * @throws UsageException when the path is held by a live server, or exists without a lock
     * @throws IOException    when the folder or the lock cannot be written
     */
    Path claim() throws IOException {
        Path socket = endpoint.path();
        if (!Files.isDirectory(socket.getParent())) {
            throw new UsageException("cannot listen on " + endpoint.spec() + ": no folder " + socket.getParent());
        }
        if (endpoint.wantPid()) {
            takeLock();
        } else if (Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            throw new UsageException("cannot listen on " + endpoint.spec() + ": " + socket + " already exists (a server "
                    + "is running there, or one stopped without removing it: remove it, or add :wantPID=1)");
        }
        try {
            privateFolder = Files.createTempDirectory(socket.getParent(), ".twistlet-bind-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            lock.release();
            throw new UsageException("cannot listen on " + endpoint.spec() + ": cannot write in " + socket.getParent()
                    + " (" + e.getMessage() + ")");
        }
        return privateFolder.resolve("s");
    }

    private void takeLock() throws IOException {
        // A crashed server's lock names a dead process: its socket goes with it.
        long holder = lock.claim(() -> Files.deleteIfExists(endpoint.path()));
        if (holder != 0) {
            throw new UsageException("cannot listen on " + endpoint.spec() + ": a running server (pid " + holder
                    + ") holds " + endpoint.path());
        }
    }

    /**
     * Gives the bound socket its mode and moves it into place.
     *
     * @param bound where it was bound ({@link #claim()}'s answer)
     * @throws IOException when it cannot be changed or moved
     */
    void publish(Path bound) throws IOException {
        Files.setPosixFilePermissions(bound, permissions(endpoint.mode()));
        Files.move(bound, endpoint.path(), StandardCopyOption.ATOMIC_MOVE);
        socketKey = Files.readAttributes(endpoint.path(), BasicFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS).fileKey();
        Files.deleteIfExists(privateFolder);
        privateFolder = null;
    }

    /** Removes the socket and the lock if they are still this server's, and the bind folder. */
    void release() {
        try {
            if (privateFolder != null) {
                Files.deleteIfExists(privateFolder.resolve("s"));
                Files.deleteIfExists(privateFolder);
            }
            if (socketKey != null && socketKey.equals(Files.readAttributes(endpoint.path(),
                    BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey())) {
                Files.delete(endpoint.path());
            }
        } catch (NoSuchFileException gone) {
            // someone removed it already
        } catch (IOException e) {
            // best effort at shutdown
        }
        lock.release();
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
            PosixFilePermission.OWNER_READ};
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (1 << i)) != 0) {
                set.add(bits[i]);
            }
        }
        return set;
    }
}
