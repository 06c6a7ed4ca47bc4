package dev.twistlet.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A file holding this process's PID, as {@code twistd.pid} does (so that
 * {@code kill `cat twistlet.pid`} stops the server), and as the lock of a {@code unix:}
 * endpoint with {@code wantPID=1}. Taking it is atomic; a file naming a process that is no
 * longer running is stale and replaced; one naming a live process is not taken.
 */
final class PidFile {
    private final Path file;
    private boolean held;

    /** @param file where the PID goes */
    PidFile(Path file) {
        this.file = file;
    }

    /** @return the file */
    Path path() {
        return file;
    }

    /**
     * Writes this process's PID to the file, unless a live process holds it.
     *
     * @param onStale run before a stale file is replaced (to clear what its owner left)
     * @return 0 once taken, or the PID of the live process that holds the file
     * @throws IOException when the file cannot be written
     */
    long claim(IORunnable onStale) throws IOException {
        long self = ProcessHandle.current().pid();
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                Files.writeString(Files.createFile(file), Long.toString(self), StandardCharsets.US_ASCII);
                held = true;
                return 0;
            } catch (FileAlreadyExistsException taken) {
                long pid = holder();
                if (pid > 0 && pid != self && alive(pid)) {
                    return pid;
                }
                onStale.run();
                Files.deleteIfExists(file);
            }
        }
        throw new IOException("cannot take " + file + ": other processes keep creating it");
    }

    /** Removes the file, if it still names this process. */
    void release() {
        try {
            if (held && holder() == ProcessHandle.current().pid()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // best effort at shutdown
        }
        held = false;
    }

    private long holder() {
        try {
            return Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).strip());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /** A killed process that nobody has reaped yet still has a handle; it is dead all the same. */
    private static boolean alive(long pid) {
        if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
            int end = stat.lastIndexOf(')');
            return !(end > 0 && end + 2 < stat.length() && stat.charAt(end + 2) == 'Z');
        } catch (NoSuchFileException e) {
            return !Files.isDirectory(Path.of("/proc/self")); // gone since, unless there is no /proc at all
        } catch (IOException e) {
            return true;
        }
    }

    /** An action that may fail with an {@link IOException}. */
    @FunctionalInterface
    interface IORunnable {
        /** @throws IOException when it fails */
        void run() throws IOException;
    }
}
