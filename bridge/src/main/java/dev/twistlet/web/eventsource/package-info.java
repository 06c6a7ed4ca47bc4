/**
 * Server-sent events in the resource tree: an
 * {@link dev.twistlet.web.eventsource.EventSourceResource} mounted anywhere answers a GET with
 * a {@code text/event-stream} held open past {@code render} ({@code NOT_DONE_YET}), and hands
 * its {@link dev.twistlet.web.eventsource.EventStreamHandler} an
 * {@link dev.twistlet.web.eventsource.EventStream} to send events on, from any thread, until
 * the client leaves or the stream is closed.
 *
 * <p>Twisted has no helper of its own for this; the pattern it documents, a resource that
 * returns {@code NOT_DONE_YET}, writes as events happen and watches {@code notifyFinish()},
 * is what the resource does. Keep-alive comments go out on the site's scheduler
 * ({@link dev.twistlet.web.Site#callLater}), one pending task per open stream, cancelled when
 * the stream ends. Nothing here names a container.
 */
package dev.twistlet.web.eventsource;
