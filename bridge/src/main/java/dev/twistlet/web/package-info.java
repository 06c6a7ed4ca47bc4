/**
 * Twisted Web's resource model in Java: {@link dev.twistlet.web.IResource} and
 * {@link dev.twistlet.web.Resource} (the tree), {@link dev.twistlet.web.Request} (one
 * exchange, with prepath and postpath), {@link dev.twistlet.web.Site} (the root, settings and
 * the threads that replace Twisted's reactor), and the small helpers of
 * {@code twisted.web.resource} and {@code twisted.web.util}. It knows no servlet container:
 * {@link dev.twistlet.web.RequestChannel} is all it needs from one.
 */
package dev.twistlet.web;
