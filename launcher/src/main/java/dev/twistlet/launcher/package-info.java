/**
 * The {@code twistlet} command line, the counterpart of {@code twistd}: picocli commands,
 * endpoint strings, and an embedded Jetty 12 that serves a site through the dispatcher
 * servlet.
 */
package dev.twistlet.launcher;
