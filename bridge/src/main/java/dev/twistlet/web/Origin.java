package dev.twistlet.web;

import java.net.InetSocketAddress;

/**
 * Where the client reached the server, as the container reported it: kept by a
 * {@link Request} so that it stays readable after the container recycles its request.
 *
 * @param protocol      e.g. {@code HTTP/1.1}
 * @param host          the host name asked for, without port
 * @param port          the port asked for
 * @param secure        whether the connection is TLS
 * @param clientAddress the client's address, or {@code null} when the transport has none
 */
record Origin(String protocol, String host, int port, boolean secure, InetSocketAddress clientAddress) {

    /** @return the origin the channel reports now */
    static Origin of(RequestChannel channel) {
        return new Origin(channel.protocol(), channel.host(), channel.port(), channel.secure(), channel.clientAddress());
    }
}
