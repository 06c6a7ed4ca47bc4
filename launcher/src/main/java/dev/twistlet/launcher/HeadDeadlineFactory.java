package dev.twistlet.launcher;

import java.time.Duration;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;

/**
 * HTTP/1.1 whose request heads must arrive whole within a deadline: from the first byte
 * of a head (a blank line before a request line counts) to its last, whatever the pace.
 * Jetty 12 has no such setting: its idle timeout starts again at every byte, so a head
 * trickled a byte at a time would hold its connection for ever. Past the deadline the
 * client gets {@code 408 Request Timeout} and the connection is closed, with no log line.
 * The deadline rides on the connection's idle timeout, shortened while a head is under
 * way to the time the head has left and given back once the head is whole, so it needs
 * no timer of its own. Connections waiting between requests are the idle timeout's.
 *
 * <p>Built on Jetty's own HTTP/1.1 connection ({@code org.eclipse.jetty.server.internal},
 * public but not an API): {@link #newConnection} does what Jetty 12.1's does, with that
 * connection's subclass. Check both on a Jetty upgrade; {@code HostileClientsIT} shows
 * whether the deadline still holds.
 */
final class HeadDeadlineFactory extends HttpConnectionFactory {
    private volatile long deadlineNanos;

    HeadDeadlineFactory(HttpConfiguration http) {
        super(http);
    }

    /** @param deadline how long a request head may take, or zero for no deadline */
    void setDeadline(Duration deadline) {
        if (deadline.isNegative()) {
            throw new IllegalArgumentException("a negative deadline: " + deadline);
        }
        deadlineNanos = deadline.toNanos();
    }

    @Override
    public Connection newConnection(Connector connector, EndPoint endPoint) {
        long deadline = deadlineNanos;
        if (deadline <= 0) {
            return super.newConnection(connector, endPoint);
        }
        HeadDeadlineConnection connection = new HeadDeadlineConnection(getHttpConfiguration(), connector, endPoint,
                deadline);
        connection.setTransferEncodingChunkMaxLength(getTransferEncodingChunkMaxLength());
        return configure(connection, connector, endPoint);
    }
}
