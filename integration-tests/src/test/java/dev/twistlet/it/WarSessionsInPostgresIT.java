package dev.twistlet.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twistlet.testing.PostgresCluster;
import dev.twistlet.testing.Readme;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Sessions in PostgreSQL for WAR users" blocks, as written, on the real
 * distributions and a PostgreSQL cluster of the test's own: the sample's session counter counts
 * 1, 2, then the container is stopped with SIGTERM and started again by the same block, and the
 * same cookie counts 3. The session's row is in the container's table, and the database's
 * password, which the blocks leave in a password file, is in none of the container's output.
 *
 * <p>The containers listen on free ports, not the README's 8080: Jetty through an extra
 * {@code start.d} file in the base, Tomcat through its copy's {@code server.xml}.
 */
class WarSessionsInPostgresIT {
    private static final Pattern SESSION_COOKIE = Pattern.compile("(JSESSIONID=[^;]+)");

    @TempDir
    Path dir;
    private final List<Path> links = new ArrayList<>();

    /**
     * Removes the links to the checkout, so that cleaning the temporary folder never follows one.
     *
     * @throws IOException if a link cannot be removed
     */
    @AfterEach
    void unlink() throws IOException {
        for (Path link : links) {
            Files.deleteIfExists(link);
        }
    }

    /**
     * Jetty's {@code session-store-jdbc} module writes the session at the end of each request
     * that set an attribute: the row is there while Jetty runs.
     *
     * @throws Exception on any failure to run the block or to talk to the server or the database
     */
    @Test
    void jettyKeepsTheCounterAcrossARestart() throws Exception {
        String block = ReadmeShell.block(b -> b.contains("JETTY_HOME") && b.contains(ReadmeShell.POSTGRES),
                "the Jetty block with sessions in PostgreSQL");
        Path jettyHome = Distribution.home("twistlet.jetty.home");
        int port = freePort();
        Path folder = Readme.layout(dir, links);
        Path startD = Files.createDirectories(folder.resolve("jetty-base/start.d"));
        Files.writeString(startD.resolve("twistlet-test-port.ini"), "jetty.http.port=" + port + "\n");
        try (PostgresCluster db = PostgresCluster.start()) {
            Restartable jetty = run -> {
                ProcessBuilder builder = ReadmeShell.shell(block, folder);
                Map<String, String> env = database(builder, db);
                env.put("JETTY_HOME", jettyHome.toString());
                env.remove("JETTY_BASE");
                env.remove("JAVA_OPTIONS");
                return ContainerProcess.start(builder, dir.resolve("jetty-" + run + ".log"), "http://127.0.0.1:" + port);
            };
            countAcrossARestart("Jetty", jetty, db, "SELECT sessionid FROM jettysessions",
                    cookie -> cookie.substring(0, cookie.lastIndexOf('.')), true);
        }
    }

    /**
     * Tomcat's {@code PersistentManager} writes its sessions to the {@code DataSourceStore} when
     * it stops, and reads one back when its cookie comes in.
     *
     * @throws Exception on any failure to run the block or to talk to the server or the database
     */
    @Test
    void tomcatKeepsTheCounterAcrossARestart() throws Exception {
        String block = ReadmeShell.block(b -> b.contains("CATALINA_BASE") && b.contains(ReadmeShell.POSTGRES),
                "the Tomcat block with sessions in PostgreSQL");
        Path tomcat = Distribution.copy(Distribution.home("twistlet.tomcat.home"), dir.resolve("tomcat"));
        int port = freePort();
        Path serverXml = tomcat.resolve("conf/server.xml");
        String config = Files.readString(serverXml);
        assertThat(config).contains("port=\"8080\"", "port=\"8005\"");
        // no shutdown port: SIGTERM stops it, as the README's catalina.sh run is stopped
        Files.writeString(serverXml, config.replace("port=\"8080\"", "port=\"" + port + "\"")
                .replace("port=\"8005\"", "port=\"-1\""));
        Path folder = Readme.layout(dir, links);
        try (PostgresCluster db = PostgresCluster.start()) {
            Restartable catalina = run -> {
                ProcessBuilder builder = ReadmeShell.shell(block, folder);
                Map<String, String> env = database(builder, db);
                env.put("CATALINA_HOME", tomcat.toString());
                env.put("CATALINA_BASE", tomcat.toString());
                env.remove("CATALINA_OPTS");
                env.remove("CATALINA_PID");
                env.remove("CATALINA_TMPDIR");
                env.remove("JRE_HOME");
                return ContainerProcess.start(builder, dir.resolve("tomcat-" + run + ".log"), "http://127.0.0.1:" + port);
            };
            countAcrossARestart("Tomcat", catalina, db, "SELECT session_id FROM tomcat_sessions",
                    UnaryOperator.identity(), false);
        }
    }

    /** Starts a container by running its block; {@code run} numbers the starts, for the log's name. */
    @FunctionalInterface
    private interface Restartable {
        ContainerProcess start(int run) throws Exception;
    }

    /**
     * The counter at 1 and 2, a stop and a start, then 3 with the first answer's cookie; the
     * session's row checked in the table (while the container runs when {@code rowWhileRunning},
     * and after it stopped in any case); the password checked absent from both runs' output.
     *
     * @param sessionIds a query listing the ids in the container's table
     * @param idOf       the session's id in that table, from the cookie's value
     */
    private void countAcrossARestart(String container, Restartable server, PostgresCluster db, String sessionIds,
            UnaryOperator<String> idOf, boolean rowWhileRunning) throws Exception {
        String cookie;
        String firstLog;
        try (ContainerProcess first = server.start(1)) {
            HttpResponse<String> one = first.get("/session", null);
            assertThat(one.statusCode()).as("%s: /session; log:%n%s", container, first.tail()).isEqualTo(200);
            assertThat(visits(one)).as(container + ": first visit").isEqualTo("1");
            Matcher set = SESSION_COOKIE.matcher(one.headers().firstValue("Set-Cookie").orElse(""));
            assertThat(set.find()).as("%s: a session cookie, in %s", container, one.headers().map()).isTrue();
            cookie = set.group(1);
            assertThat(visits(first.get("/session", cookie))).as(container + ": second visit").isEqualTo("2");
            String id = idOf.apply(cookie.substring(cookie.indexOf('=') + 1));
            if (rowWhileRunning) {
                awaitRow(db, sessionIds, id, container);
            }
            first.terminate();
            assertThat(db.query(sessionIds)).as("%s's table once it stopped", container).contains(id);
            firstLog = first.log();
        }
        try (ContainerProcess second = server.start(2)) {
            HttpResponse<String> three = second.get("/session", cookie);
            assertThat(visits(three)).as("%s: the same cookie after the restart; log:%n%s", container, second.tail())
                    .isEqualTo("3");
            second.terminate();
            assertThat(firstLog + second.log()).as("%s's output", container).doesNotContain(PostgresCluster.PASSWORD);
        }
    }

    /** The row of a session written at the end of a request can land just after the answer. */
    private static void awaitRow(PostgresCluster db, String sessionIds, String id, String container) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!db.query(sessionIds).contains(id) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(db.query(sessionIds)).as("%s's table while it runs", container).contains(id);
    }

    /**
     * Points the block at the cluster through the variables the README names: psql's own
     * {@code PGHOST}, {@code PGPORT}, {@code PGDATABASE}, {@code PGUSER}, and {@code PGPASSFILE},
     * a password file the driver reads too; and {@code PGJDBC} for the driver's jar.
     *
     * @return the builder's environment, for the container's variables
     */
    private Map<String, String> database(ProcessBuilder builder, PostgresCluster db) throws IOException {
        Path passwords = dir.resolve("pgpass");
        Files.writeString(passwords, "127.0.0.1:" + db.port() + ":twistlet:twistlet:" + PostgresCluster.PASSWORD + "\n");
        // psql ignores a password file that others can read
        Files.setPosixFilePermissions(passwords, PosixFilePermissions.fromString("rw-------"));
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("PG"));
        env.put("PGHOST", "127.0.0.1");
        env.put("PGPORT", Integer.toString(db.port()));
        env.put("PGDATABASE", "twistlet");
        env.put("PGUSER", "twistlet");
        env.put("PGPASSFILE", passwords.toString());
        String jar = System.getProperty("twistlet.pgjdbc");
        assertThat(jar).as("system property twistlet.pgjdbc (set by integration-tests/pom.xml)").isNotNull();
        assertThat(Path.of(jar)).as("PostgreSQL's JDBC driver, copied by Maven").isRegularFile();
        env.put("PGJDBC", jar);
        return env;
    }

    /** @return the count the sample's {@code SessionCounter} shows */
    private static String visits(HttpResponse<String> page) {
        Matcher count = Pattern.compile("<span id=\"visits\">(\\d+)</span>").matcher(page.body());
        assertThat(count.find()).as("the counter in %s", page.body()).isTrue();
        return count.group(1);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }
}
