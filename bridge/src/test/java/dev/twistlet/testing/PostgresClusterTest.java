package dev.twistlet.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link PostgresCluster} on the machine's PostgreSQL: a table made and filled through
 * {@code query} outlives a stop and a restart on the same port, and {@code close} leaves no
 * server process and no folder behind.
 */
class PostgresClusterTest {
    @Test
    void keepsItsDataAcrossARestartAndLeavesNothingBehind() throws Exception {
        Path data;
        try (PostgresCluster cluster = PostgresCluster.start()) {
            data = cluster.dataDirectory();
            assertThat(cluster.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:" + cluster.port()
                    + "/twistlet?user=twistlet&password=" + PostgresCluster.PASSWORD);
            assertThat(serverLines(data)).as("ps: the server of %s", data).isNotEmpty();
            assertThat(cluster.query("SHOW listen_addresses")).containsExactly("127.0.0.1");
            assertThat(cluster.query("SELECT current_user || ' ' || current_database()")).containsExactly("twistlet twistlet");

            cluster.query("CREATE TABLE visits (id int PRIMARY KEY, who text)");
            assertThat(cluster.query("INSERT INTO visits VALUES (1, 'ann'), (2, 'bob')")).isEmpty();
            assertThat(cluster.query("SELECT id, who FROM visits ORDER BY id")).containsExactly("1|ann", "2|bob");

            cluster.stop();
            assertThat(listening(cluster.port())).as("port %d after stop", cluster.port()).isFalse();
            assertThatThrownBy(() -> cluster.query("SELECT 1")).isInstanceOf(IOException.class);

            cluster.restart();
            assertThat(cluster.query("SELECT who FROM visits WHERE id = 2")).containsExactly("bob");
        }
        assertThat(serverLines(data)).as("ps after close").isEmpty();
        assertThat(data.getParent()).as("the cluster's folder after close").doesNotExist();
    }

    @Test
    void refusesTheWrongPasswordOverTcp() throws Exception {
        try (PostgresCluster cluster = PostgresCluster.start()) {
            ProcessBuilder builder = new ProcessBuilder("psql", "-h", "127.0.0.1", "-p", Integer.toString(cluster.port()),
                    "-U", "twistlet", "-d", "twistlet", "-X", "-w", "-c", "SELECT 1")
                    .redirectErrorStream(true);
            builder.environment().keySet().removeIf(name -> name.startsWith("PG"));
            Process psql = builder.start();
            psql.getOutputStream().close();
            String out = new String(psql.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(psql.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(psql.exitValue()).as("psql without a password: %s", out).isNotZero();
            assertThat(out).contains("password");
        }
    }

    /** The {@code ps} lines that name the data directory: the server's own, not this JVM's. */
    private static List<String> serverLines(Path data) throws Exception {
        Process ps = new ProcessBuilder("ps", "-eo", "pid,args").redirectErrorStream(true).start();
        List<String> lines = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                .filter(line -> line.contains(data.toString()) && !line.contains(" ps -eo"))
                .toList();
        assertThat(ps.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return lines;
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }
}
