package dev.twistlet.testing;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of a test's own, made with the machine's PostgreSQL (the newest
 * {@code /usr/lib/postgresql/VERSION/bin}): a fresh cluster in a private folder under
 * {@code /tmp}, listening on a free port of 127.0.0.1 only, with its unix socket in that folder,
 * holding the database {@code twistlet} owned by the role {@code twistlet}, whose password is
 * {@link #PASSWORD}. TCP connections need that password (SCRAM); the socket, which only the
 * folder's owner can reach, is for the set-up alone.
 *
 * <p>PostgreSQL refuses to run as root: when the tests run as root, the folder belongs to the
 * {@code postgres} user (Debian's package makes it) and {@code initdb} and {@code pg_ctl} run as
 * that user through {@code runuser}; otherwise they run as the current user.
 *
 * <p>{@link #close()} kills the server and deletes the folder; a JVM that exits without it
 * closes it on the way out.
 */
public final class PostgresCluster implements AutoCloseable {
    /** The {@code twistlet} role's password: distinctive, so tests can look for it in logs. */
    public static final String PASSWORD = "s3cret-Pw";

    private static final String ROLE = "twistlet";
    private static final String SUPERUSER = "postgres";
    private static final Path INSTALLS = Path.of("/usr/lib/postgresql");
    private static final long COMMAND_SECONDS = 120;

    private final Path bin;
    private final Path folder;
    private final Path data;
    private final int port;
    private final boolean asPostgres;
    private final Thread onExit = new Thread(this::close, "PostgresCluster.close");
    private boolean closed;

    private PostgresCluster(Path bin, Path folder, int port, boolean asPostgres) {
        this.bin = bin;
        this.folder = folder;
        this.data = folder.resolve("data");
        this.port = port;
        this.asPostgres = asPostgres;
    }

    /**
     * Makes a new cluster and starts it: {@code initdb} (SCRAM password authentication over TCP),
     * then the server on a free port of 127.0.0.1 with its socket in the cluster's folder, then the
     * role {@code twistlet} (password {@link #PASSWORD}) and its database {@code twistlet}.
     *
     * @return the running cluster; close it
     * @throws IOException          when PostgreSQL is not installed or a step fails (the message
     *                              holds the step's output)
     * @throws InterruptedException when interrupted while a step runs
     */
    public static PostgresCluster start() throws IOException, InterruptedException {
        boolean root = new UnixSystem().getUid() == 0;
        Path folder = Files.createTempDirectory(Path.of("/tmp"), "twistlet-pg",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        PostgresCluster cluster = new PostgresCluster(newestBin(), folder, freePort(), root);
        Runtime.getRuntime().addShutdownHook(cluster.onExit);
        try {
            cluster.create();
            cluster.startServer();
            cluster.createRoleAndDatabase();
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException failed) {
            cluster.close();
            throw failed;
        }
    }

    /** @return the TCP port the server listens on, on 127.0.0.1, the same after {@link #restart()} */
    public int port() {
        return port;
    }

    /** @return {@code jdbc:postgresql://127.0.0.1:PORT/twistlet?user=twistlet&password=PASSWORD} */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + ROLE + "?user=" + ROLE + "&password=" + PASSWORD;
    }

    /**
     * Stops the server ({@code pg_ctl stop -m fast}) and waits until it has exited; the data stays
     * for {@link #restart()}.
     *
     * @throws IOException          when {@code pg_ctl} fails
     * @throws InterruptedException when interrupted while waiting
     */
    public void stop() throws IOException, InterruptedException {
        pgCtl("stop", "-m", "fast");
    }

    /**
     * Starts the stopped server again, on the same port, and returns once it accepts connections.
     *
     * @throws IOException          when {@code pg_ctl} fails, e.g. the port was taken meanwhile
     * @throws InterruptedException when interrupted while waiting
     */
    public void restart() throws IOException, InterruptedException {
        startServer();
    }

    /**
     * Runs one SQL statement with {@code psql -At} over TCP as the role {@code twistlet}, in the
     * database {@code twistlet}.
     *
     * @param sql the statement
     * @return its output rows, columns separated by {@code |}; none for a statement that returns
     *         no rows (psql's command tags are left out)
     * @throws IOException          when psql fails (the message holds its error)
     * @throws InterruptedException when interrupted while psql runs
     */
    public List<String> query(String sql) throws IOException, InterruptedException {
        String out = run(false, Map.of("PGPASSWORD", PASSWORD), psql(), "-h", "127.0.0.1", "-p", Integer.toString(port),
                "-U", ROLE, "-d", ROLE, "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-c", sql);
        return out.lines().toList();
    }

    /**
     * Kills the server ({@code pg_ctl stop -m immediate}, then SIGKILL for any of its processes
     * still there) and deletes the cluster's folder. Safe to call more than once and on a stopped
     * cluster; never throws.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (Thread.currentThread() != onExit) {
            try {
                Runtime.getRuntime().removeShutdownHook(onExit);
            } catch (IllegalStateException exiting) {
                // the JVM is shutting down: the hook runs or has run
            }
        }
        List<ProcessHandle> processes = processes();
        try {
            if (!processes.isEmpty()) {
                pgCtl("stop", "-m", "immediate");
            }
        } catch (IOException | InterruptedException | RuntimeException ignored) {
            // killed below
        }
        processes.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle process : processes) {
            process.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(stuck -> process).join();
        }
        delete(folder);
    }

    @Override
    public String toString() {
        return "PostgresCluster[127.0.0.1:" + port + ", " + data + "]";
    }

    /** The data directory, as it appears on the server's command line. */
    Path dataDirectory() {
        return data;
    }

    private void create() throws IOException, InterruptedException {
        Path passwordFile = folder.resolve("superuser-password");
        Files.writeString(passwordFile, PASSWORD + "\n");
        if (asPostgres) {
            UserPrincipal postgres = folder.getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByName(SUPERUSER);
            Files.setOwner(folder, postgres);
            Files.setOwner(passwordFile, postgres);
        }
        // local: trust, since only the folder's owner (or root) can reach the socket inside it
        run(asPostgres, Map.of(), bin.resolve("initdb").toString(), "-D", data.toString(), "-U", SUPERUSER,
                "--pwfile=" + passwordFile, "--auth-local=trust", "--auth-host=scram-sha-256",
                "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions");
        Files.writeString(data.resolve("postgresql.conf"), String.join("\n", "",
                "# PostgresCluster: loopback only, its own socket folder, no durability needed by tests",
                "listen_addresses = '127.0.0.1'",
                "port = " + port,
                "unix_socket_directories = '" + folder + "'",
                "fsync = off",
                "synchronous_commit = off",
                "full_page_writes = off",
                ""), StandardOpenOption.APPEND);
    }

    private void startServer() throws IOException, InterruptedException {
        pgCtl("start", "-l", folder.resolve("server.log").toString());
    }

    private void createRoleAndDatabase() throws IOException, InterruptedException {
        String password = PASSWORD.replace("'", "''");
        run(false, Map.of(), psql(), "-h", folder.toString(), "-p", Integer.toString(port), "-U", SUPERUSER,
                "-d", "postgres", "-X", "-q", "-v", "ON_ERROR_STOP=1",
                "-c", "CREATE ROLE " + ROLE + " LOGIN PASSWORD '" + password + "'",
                "-c", "CREATE DATABASE " + ROLE + " OWNER " + ROLE);
    }

    /** {@code pg_ctl ACTION -w}: returns once the server is up (or gone). */
    private void pgCtl(String action, String... options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(bin.resolve("pg_ctl").toString(), action, "-D", data.toString(),
                "-w", "-t", "60"));
        command.addAll(List.of(options));
        run(asPostgres, Map.of(), command.toArray(String[]::new));
    }

    private String psql() {
        Path own = bin.resolve("psql");
        return Files.isExecutable(own) ? own.toString() : "psql";
    }

    /**
     * Runs a command in the cluster's folder, as {@code postgres} when {@code asPostgres}, and
     * returns its standard output. Output goes to files, not pipes: {@code pg_ctl start} leaves a
     * server behind that must not hold them.
     */
    private String run(boolean asPostgres, Map<String, String> env, String... command)
            throws IOException, InterruptedException {
        List<String> line = new ArrayList<>();
        if (asPostgres) {
            line.addAll(List.of("runuser", "-u", SUPERUSER, "--"));
        }
        line.addAll(List.of(command));
        Path out = Files.createTempFile(folder, "command", ".out");
        Path err = Files.createTempFile(folder, "command", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(line).directory(folder.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().keySet().removeIf(name -> name.startsWith("PG"));
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(COMMAND_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", line) + ": still running after " + COMMAND_SECONDS + " s");
            }
            String output = Files.readString(out, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IOException(String.join(" ", line) + ": exit status " + process.exitValue() + "\n"
                        + output + Files.readString(err, StandardCharsets.UTF_8) + serverLog());
            }
            return output;
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private String serverLog() {
        Path log = folder.resolve("server.log");
        try {
            return Files.exists(log) ? "server.log:\n" + Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException unreadable) {
            return "";
        }
    }

    /**
     * The server's processes: the postmaster, whose command line names the data directory, and
     * its children (which rename themselves, so only their parent finds them).
     */
    private List<ProcessHandle> processes() {
        String dataDir = data.toString();
        List<ProcessHandle> found = new ArrayList<>();
        ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false))
                .filter(p -> p.info().commandLine().map(c -> c.contains(dataDir)).orElse(false))
                .forEach(postmaster -> {
                    found.add(postmaster);
                    postmaster.descendants().forEach(found::add);
                });
        return found;
    }

    private static Path newestBin() throws IOException {
        try (Stream<Path> versions = Files.isDirectory(INSTALLS) ? Files.list(INSTALLS) : Stream.empty()) {
            return versions.map(version -> version.resolve("bin"))
                    .filter(bin -> Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("pg_ctl")))
                    .max(Comparator.comparing(PostgresCluster::version))
                    .orElseThrow(() -> new IOException("no PostgreSQL server in " + INSTALLS
                            + "/*/bin (Debian: apt-get install postgresql)"));
        }
    }

    /** {@code /usr/lib/postgresql/15/bin} → 15, so that 15 sorts after 9.6. */
    private static double version(Path bin) {
        try {
            return Double.parseDouble(bin.getParent().getFileName().toString());
        } catch (NumberFormatException notANumber) {
            return -1;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    private static void delete(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException | UncheckedIOException leftBehind) {
            // a temporary folder: nothing a test can do about it
        }
    }
}
