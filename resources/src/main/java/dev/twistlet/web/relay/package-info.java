/**
 * Relaying an answer from upstream to the client, the one way CGI scripts, the reverse and
 * forward proxies and personal servers all answer: {@link dev.twistlet.web.relay.UpstreamRelay}
 * passes head, body, end or failure on, and {@link dev.twistlet.web.relay.RelayHeaders} is
 * the rule for which headers stay behind.
 */
package dev.twistlet.web.relay;
